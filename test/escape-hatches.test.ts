import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { StackProfile } from '../src/profiles/profiles';
import { render } from '../src/cli/synth';
import { MAX_NULL_VALUES, nullValues } from '../src/verify/schema/null-values';
import { formatProblem } from '../src/verify/report/problem';
import { verifyObjects } from '../src/verify/verify';
import { find, sharedValidator, withoutOwnWarning } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';

function chart() {
  const c = new MultiModelGateway(new App({ outdir: 'unused' }), 'maas', { profile: StackProfile.RHDEV_2026_03, models: [{ name: QWEN }] });
  return { chart: c, model: c.modelGateway.models[0], gateway: c.modelGateway.gateway };
}

const patch = (c: Construct, ...ops: JsonPatch[]) => ApiObject.of(c).addJsonPatch(...ops);
const containers = '/spec/template/spec/containers/0';

describe('escape hatches: JSON patches on each construct\'s main object land exactly as written', () => {
  it('ModelServer: a quantity, an extra arg, an env var and a label', () => {
    const { chart: c, model } = chart();
    patch(model.server,
      JsonPatch.add(`${containers}/resources/requests/memory`, '200Gi'),
      JsonPatch.add(`${containers}/resources/limits/memory`, 214748364800),
      JsonPatch.add(`${containers}/args/-`, '--max-model-len=8192'),
      JsonPatch.add(`${containers}/env/-`, { name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }),
      JsonPatch.add('/metadata/labels/team', 'ml'));
    const out = render(c, sharedValidator());
    const d = find(out.objects, 'Deployment', 'vllm-qwen3-06b');
    const vllm = d.spec.template.spec.containers[0];
    expect(vllm.resources.requests.memory).toBe('200Gi');
    expect(vllm.resources.limits.memory).toBe(214748364800);
    expect(vllm.args.at(-1)).toBe('--max-model-len=8192');
    expect(vllm.env.at(-1)).toEqual({ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' });
    expect(d.metadata.labels.team).toBe('ml');
    // And the file a user applies says the same.
    const file = YAML.parseAllDocuments(out.files.get('llm-d.yaml')!).map((doc) => doc.toJS());
    expect(find(file, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].resources.requests.memory).toBe('200Gi');
  });

  it('EndpointPicker: a quantity, an arg and an env var', () => {
    const { chart: c, model } = chart();
    patch(model.endpointPicker,
      JsonPatch.add(`${containers}/resources`, { requests: { cpu: '500m', memory: '1Gi' } }),
      JsonPatch.add(`${containers}/args/-`, '--v=4'),
      JsonPatch.add(`${containers}/env`, [{ name: 'GOMAXPROCS', value: '2' }]));
    const epp = find(render(c, sharedValidator()).objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0];
    expect(epp.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' } });
    expect(epp.args.at(-1)).toBe('--v=4');
    expect(epp.env).toEqual([{ name: 'GOMAXPROCS', value: '2' }]);
  });

  it('InferencePool, HTTPRoute, Gateway and routing policy: labels and annotations', () => {
    const { chart: c, model, gateway } = chart();
    for (const target of [model, model.route, gateway, gateway.routingPolicy]) {
      patch(target, JsonPatch.add('/metadata/labels', { team: 'ml' }), JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'ml' }));
    }
    const objects = render(c, sharedValidator()).objects;
    for (const [kind, name] of [['InferencePool', 'vllm-qwen3-06b'], ['HTTPRoute', 'vllm-qwen3-06b'], ['Gateway', 'inference-gateway'], ['AgentgatewayPolicy', 'inference-gateway-bbr']]) {
      const o = find(objects, kind, name);
      expect(o.metadata.labels, `${kind} ${name}`).toEqual({ team: 'ml' });
      expect(o.metadata.annotations, `${kind} ${name}`).toEqual({ 'example.com/owner': 'ml' });
      expect(Object.keys(o).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    }
  });

  it('a field the schema does not know is kept, so verify reports it instead of it vanishing', () => {
    const { chart: c, model } = chart();
    patch(model.server, JsonPatch.add(`${containers}/resources/request`, { memory: '200Gi' }));
    expect(() => render(c, sharedValidator())).toThrow(/Deployment llm-d\/vllm-qwen3-06b: spec\.template\.spec\.containers\[0\]\.resources\.request: unknown field/);
  });

  it('a patch whose path does not exist fails synthesis, naming the object', () => {
    const { chart: c, model } = chart();
    patch(model.server, JsonPatch.replace('/spec/template/spec/containers/3/image', 'x'));
    expect(() => render(c, sharedValidator())).toThrow(/a JSON patch on Deployment 'vllm-qwen3-06b' does not apply/);
  });
});

describe('verify: nulls where the schema expects a value', () => {
  function withNulls(mutate: (d: any) => void): string[] {
    const { chart: c } = chart();
    const objects = JSON.parse(JSON.stringify(render(c, sharedValidator()).objects));
    mutate(find(objects, 'Deployment', 'vllm-qwen3-06b'));
    return withoutOwnWarning(verifyObjects(objects, sharedValidator()).problems.map(formatProblem));
  }

  it('reports a null quantity (what a lost patch used to render) with its path', () => {
    expect(withNulls((d) => { d.spec.template.spec.containers[0].resources.requests.memory = null; })).toEqual([
      'Deployment llm-d/vllm-qwen3-06b: spec.template.spec.containers[0].resources.requests.memory: is null where a string or number is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the key)',
    ]);
  });

  it('reports a null label value and a null image as errors, and a null arg as the empty string the API server makes of it', () => {
    let last = -1;
    const problems = withNulls((d) => {
      last = d.spec.template.spec.containers[0].args.push(null) - 1;
      d.metadata.labels.team = null;
      d.spec.template.spec.containers[0].image = null;
    });
    expect(problems.filter((p) => !p.startsWith('warning: ')).map((p) => p.split(': ')[1])).toEqual([
      'metadata.labels.team',
      'spec.template.spec.containers[0].image',
    ]);
    expect(problems.filter((p) => p.startsWith('warning: '))).toEqual([
      `warning: Deployment llm-d/vllm-qwen3-06b: spec.template.spec.containers[0].args[${last}]: is null: the API server accepts it as an empty string, so container 'vllm' gets an empty argument after '8000' (remove the item, or write the value meant, quoted)`,
    ]);
  });

  it('reports nulls in custom resources too (InferencePool port, HTTPRoute header value)', () => {
    const { chart: c } = chart();
    const objects = JSON.parse(JSON.stringify(render(c, sharedValidator()).objects));
    find(objects, 'InferencePool', 'vllm-qwen3-06b').spec.targetPorts[0].number = null;
    find(objects, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].matches[0].headers[0].value = null;
    const problems = verifyObjects(objects, sharedValidator()).problems.map(formatProblem);
    expect(problems).toContain('InferencePool llm-d/vllm-qwen3-06b: spec.targetPorts[0].number: is null where an integer is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the key)');
    expect(problems).toContain('HTTPRoute llm-d/vllm-qwen3-06b: spec.rules[0].matches[0].headers[0].value: is null where a string is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the key)');
  });

  it('keeps a null list or object legal (Helm renders an empty `env:` that way: unset)', () => {
    expect(withNulls((d) => {
      d.spec.template.spec.containers[0].env = null;
      d.spec.template.spec.nodeSelector = null;
    })).toEqual([]);
  });

  it('keeps nulls the schema marks nullable, and nulls in schemaless data', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', nullable: true }, b: { type: 'string' }, free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
    expect(nullValues({ a: null, b: null, free: { x: null } }, schema, () => undefined).map((n) => n.field)).toEqual(['b']);
  });

  it('resolves $refs and anyOf branches, and stops after a bounded number of findings', () => {
    const defs: Record<string, any> = { q: { oneOf: [{ type: 'string' }, { type: 'number' }] } };
    const schema = { type: 'object', additionalProperties: { $ref: '#/definitions/q' } };
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, null]));
    const found = nullValues(many, schema, (ref) => defs[ref.split('/').pop()!]);
    expect(found).toHaveLength(MAX_NULL_VALUES);
    expect(found[0]).toMatchObject({ field: 'k0', message: expect.stringContaining('a string or number') });
  });
});
