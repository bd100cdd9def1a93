import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { dropUnsatisfiableProperties, gitBlobId, stripDescriptions } from '../scripts/crd-transforms';
import * as lib from '../src';

const ROOT = path.resolve(__dirname, '..');

describe('import transforms', () => {
  it('computes the git blob id that `git hash-object` prints', () => {
    expect(gitBlobId(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobId(Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('strips description texts but keeps a property that is named description, and CEL rules', () => {
    const schema = {
      type: 'object',
      description: 'upstream prose',
      properties: {
        description: { type: 'string', description: 'more prose' },
        items: { type: 'array', description: 'x', items: { type: 'object', description: 'y', properties: { a: { type: 'string', description: 'z' } } } },
        choice: { anyOf: [{ type: 'integer', description: 'p' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        labels: { type: 'object', additionalProperties: { type: 'string', description: 'q' } },
      },
      'x-kubernetes-validations': [{ rule: 'self.a != ""', message: 'a must be set' }],
    };
    expect(stripDescriptions(schema)).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
        choice: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
      'x-kubernetes-validations': [{ rule: 'self.a != ""', message: 'a must be set' }],
    });
  });

  it('removes properties whose schema puts an enum on an object, and only those', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['hostRewrite', 'phase'],
          properties: {
            hostRewrite: { type: 'object', enum: ['Auto', 'None'], properties: { mode: { type: 'string' } } },
            phase: { type: 'string', enum: ['PreRouting', 'PostRouting'] },
            list: { type: 'array', items: { type: 'object', properties: { bad: { type: 'object', enum: ['x'] } } } },
          },
        },
      },
    };
    expect(dropUnsatisfiableProperties(schema, 'Kind')).toEqual(['Kind.spec.hostRewrite', 'Kind.spec.list[].bad']);
    expect(schema.properties.spec.required).toEqual(['phase']);
    expect(Object.keys(schema.properties.spec.properties)).toEqual(['phase', 'list']);
  });
});

/** Every schema set of cdk8s.yaml, with its index (`apiVersion/kind` -> file relative to the set). */
function committedSets(): { set: string; dir: string; core: string; kinds: Record<string, { file: string }> }[] {
  const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
  return Object.keys(config.schemaSets).map((set) => {
    const dir = path.join(ROOT, 'schemas', set);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    expect(index.set).toBe(set);
    return { set, dir, core: index.core, kinds: index.kinds };
  });
}

describe('committed imports/ and schemas/', () => {
  const rhdev = committedSets().find((s) => s.set === 'rhdev-2026-03')!;
  const index = rhdev.kinds;

  it('has a stored schema for the kind of every generated class of the rhdev-2026-03 modules', () => {
    const gvks: string[] = [];
    for (const mod of [lib.agentgateway, lib.gatewayApi, lib.inference, lib.inferenceX, lib.lws, lib.monitoring, lib.openshift]) {
      for (const cls of Object.values(mod as object)) {
        const gvk = (cls as any)?.GVK;
        if (gvk?.apiVersion && gvk?.kind) gvks.push(`${gvk.apiVersion}/${gvk.kind}`);
      }
    }
    expect(gvks.sort()).toEqual([
      'agentgateway.dev/v1alpha1/AgentgatewayBackend',
      'agentgateway.dev/v1alpha1/AgentgatewayParameters',
      'agentgateway.dev/v1alpha1/AgentgatewayPolicy',
      'gateway.networking.k8s.io/v1/Gateway',
      'gateway.networking.k8s.io/v1/HTTPRoute',
      'gateway.networking.k8s.io/v1beta1/ReferenceGrant',
      'inference.networking.k8s.io/v1/InferencePool',
      'inference.networking.x-k8s.io/v1alpha2/InferenceModelRewrite',
      'inference.networking.x-k8s.io/v1alpha2/InferenceObjective',
      'leaderworkerset.x-k8s.io/v1/LeaderWorkerSet',
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'route.openshift.io/v1/Route',
    ]);
    for (const gvk of gvks) expect(index, gvk).toHaveProperty([gvk]);
    for (const core of ['apps/v1/Deployment', 'v1/Service', 'v1/ConfigMap', 'rbac.authorization.k8s.io/v1/RoleBinding']) {
      expect(index, core).toHaveProperty([core]);
    }
  });

  it('holds schema facts only: no upstream description text, CEL rules kept', () => {
    let rules = 0;
    const visit = (node: any, inMap: boolean) => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, false));
      if (!node || typeof node !== 'object') return;
      if (!inMap) expect(typeof node.description).not.toBe('string');
      rules += Array.isArray(node['x-kubernetes-validations']) ? node['x-kubernetes-validations'].length : 0;
      for (const [k, v] of Object.entries(node)) visit(v, k === 'properties' || k === 'definitions');
    };
    const files = new Set(committedSets().flatMap((s) => [s.core, ...Object.values(s.kinds).map((e) => e.file)].map((f) => path.join(s.dir, f))));
    for (const f of files) visit(JSON.parse(fs.readFileSync(f, 'utf8')), false);
    expect(rules).toBeGreaterThan(600);
  });

  it('records the pinned upstream URL and git blob id of every schema, in every set', () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    for (const { set, dir, core, kinds } of committedSets()) {
      const spec = config.schemaSets[set];
      const pinned = [config.kubernetes, ...(spec.codegen ?? []), ...(spec.validationOnly ?? [])];
      const files = [...new Set([core, ...Object.values(kinds).map((e) => e.file)])];
      const sources = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).source);
      expect(sources.map((s) => s.url).sort(), set).toEqual([...pinned].sort());
      for (const s of sources) {
        expect(s.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
        expect(s.blob).toBe(config.sources[s.url]);
      }
    }
  });
});
