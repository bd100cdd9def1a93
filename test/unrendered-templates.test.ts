import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, sharedValidator } from './helpers';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';
import { parseManifests, readManifests } from '../src/verify/input/manifests';
import { verifyObjects } from '../src/verify/verify';

/** An InferencePool as an upstream doc ships it: envsubst placeholders where lists and numbers go. */
const templatedPool = (name: string) => `apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata:
  name: ${name}
  namespace: llm-d
spec:
  targetPorts: \${TARGET_PORTS}
  selector:
    matchLabels: \${SELECTOR}
  endpointPickerRef:
    name: \${EPP_NAME}
    port:
      number: \${EPP_PORT}
`;

describe('unrendered templates', () => {
  it('the loader reads ${...} in block style as strings, and names the fix when it breaks the YAML', () => {
    const [m] = parseManifests(templatedPool('p'), 'pool.yaml');
    expect(m.obj.spec).toEqual({ targetPorts: '${TARGET_PORTS}', selector: { matchLabels: '${SELECTOR}' }, endpointPickerRef: { name: '${EPP_NAME}', port: { number: '${EPP_PORT}' } } });
    const flow = readManifests('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: ${PORT}}]}\n', 'svc.yaml');
    expect(flow.unreadable).toHaveLength(1);
    expect(flow.unreadable[0].fix).toBe('render the template first: it holds ${...} placeholders (envsubst or the tool that fills them)');
    expect(readManifests('a: {b: [}\n', 'plain.yaml').unreadable[0].fix).toBe('fix the YAML syntax');
  });

  it('each templated object gets its schema findings, the others are still verified, nothing throws', () => {
    const objects = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects.map((o) => JSON.parse(JSON.stringify(o)));
    const i = objects.findIndex((o: any) => o.kind === 'InferencePool');
    objects[i] = parseManifests(templatedPool(objects[i].metadata.name), 'pool.yaml')[0].obj;
    const picker = objects.find((o: any) => o.kind === 'Deployment' && o.metadata.name.endsWith('-epp'));
    picker.spec.replicas = '${REPLICAS}';
    const service = objects.find((o: any) => o.kind === 'Service');
    service.spec.ports = '${PORTS}';
    const r = verifyObjects(objects, sharedValidator(), 'default');
    const schema = r.problems.filter((p) => p.rule === 'schema-valid').map((p) => `${p.kind} ${p.field}: ${p.message}`);
    expect(schema).toEqual([
      'InferencePool spec.endpointPickerRef.port.number: must be integer',
      'InferencePool spec.selector.matchLabels: must be object',
      'InferencePool spec.targetPorts: must be array',
      'Deployment spec.replicas: must be integer',
      'Service spec.ports: must be array',
    ]);
  });

  it('the schema validator takes any shape without throwing', () => {
    for (const obj of [null, 'x', [], { kind: 'Service' }, { apiVersion: 'v1', kind: 'Service', metadata: '${META}' }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: '${SPEC}' }]) {
      expect(() => sharedValidator().validate(obj)).not.toThrow();
      expect(sharedValidator().validate(obj).length).toBeGreaterThan(0);
    }
  });
});
