import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strings } from '@bufbuild/cel/ext';
import { afterAll, describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { indexMirror } from '../scripts/crd-mirror';
import { dropUnsatisfiableProperties, gitBlobId, stripDescriptions } from '../scripts/crd-transforms';
import * as lib from '../src';
import { OPENSHIFT_GATEWAY_API, PROFILES } from '../src/profiles/profiles';
import { K8S_CEL_LIBS } from '../src/verify/schema/cel-k8s-libs';
import { schemaSetDir, schemaSetNames, SchemaValidator } from '../src/verify/schema/schema-validator';
import { errorOf } from './helpers';

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

describe('schema sets', () => {
  it('has a set for every profile and for every OpenShift Gateway API bundle', () => {
    const names = schemaSetNames();
    const wanted = [...Object.values(PROFILES).map((p) => p.schemaSet), ...Object.values(OPENSHIFT_GATEWAY_API).map((b) => b.schemaSet)];
    for (const set of wanted) {
      expect(names, set).toContain(set);
      expect(SchemaValidator.forSet(set).schemaSet).toBe(set);
    }
    expect(new Set(names)).toEqual(new Set(wanted));
  });

  it('names the known sets for an unknown one, and refuses names that are not plain directory names', () => {
    expect(errorOf(() => schemaSetDir('upstream-2099-01'))).toBe(`unknown schema set 'upstream-2099-01': use one of ${schemaSetNames().join(', ')}`);
    expect(errorOf(() => SchemaValidator.forSet('../schemas'))).toMatch(/^unknown schema set '\.\.\/schemas': use one of gateway-api-v1\.2\.1, /);
  });

  it('keeps the default validator on rhdev-2026-03 and gives one validator per set and process', () => {
    expect(new SchemaValidator().schemaSet).toBe('rhdev-2026-03');
    expect(SchemaValidator.forSet('upstream-2026-08')).toBe(SchemaValidator.forSet('upstream-2026-08'));
    expect(SchemaValidator.forSet('upstream-2026-08')).not.toBe(SchemaValidator.forSet('rhdev-2026-03'));
  });

  it('holds each profile\'s own kinds: llm-d.ai and ListenerSet only upstream, the x-k8s.io objectives and v1alpha2 pool only in the article\'s set', () => {
    const rhdev = SchemaValidator.forSet('rhdev-2026-03');
    const upstream = SchemaValidator.forSet('upstream-2026-08');
    for (const [apiVersion, kind] of [['llm-d.ai/v1alpha2', 'InferenceObjective'], ['llm-d.ai/v1alpha2', 'InferenceModelRewrite'], ['agentgateway.dev/v1alpha1', 'AgentgatewayModel'], ['gateway.networking.k8s.io/v1', 'ListenerSet']]) {
      expect(upstream.hasSchema(apiVersion, kind), kind).toBe(true);
      expect(rhdev.hasSchema(apiVersion, kind), kind).toBe(false);
    }
    for (const [apiVersion, kind] of [['inference.networking.x-k8s.io/v1alpha2', 'InferenceObjective'], ['inference.networking.x-k8s.io/v1alpha2', 'InferencePool']]) {
      expect(rhdev.hasSchema(apiVersion, kind), kind).toBe(true);
      expect(upstream.hasSchema(apiVersion, kind), kind).toBe(false);
    }
    expect(upstream.versionsOf('ReferenceGrant')).toEqual(['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1']);
    expect(rhdev.versionsOf('ReferenceGrant')).toEqual(['gateway.networking.k8s.io/v1beta1']);
    expect(upstream.isNamespaced('v1', 'Namespace')).toBe(false);
    expect(upstream.isNamespaced('gateway.networking.k8s.io/v1', 'GatewayClass')).toBe(false);
  });

  it('keeps the OpenShift bundle sets to Gateway API kinds, judged against what that release ships', () => {
    for (const set of ['gateway-api-v1.2.1', 'gateway-api-v1.3.0', 'gateway-api-v1.4.1']) {
      const kinds = SchemaValidator.forSet(set).knownKinds;
      expect(kinds.length, set).toBeGreaterThan(0);
      for (const k of kinds) expect(k, set).toMatch(/^gateway\.networking\.k8s\.io\//);
    }
    // HTTPRoute rules[].name is standard from Gateway API v1.4: OpenShift 4.19-4.21 do not know it.
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'llm-d' },
      spec: { parentRefs: [{ name: 'inference-gateway' }], rules: [{ name: 'qwen', backendRefs: [{ name: 'svc', port: 8000 }] }] },
    };
    const fields = (set: string) => SchemaValidator.forSet(set).validate(route).map((p) => `${p.field}: ${p.message.split(':')[0]}`);
    expect(fields('gateway-api-v1.2.1')).toEqual(['spec.rules[0].name: unknown field']);
    expect(fields('gateway-api-v1.3.0')).toEqual(['spec.rules[0].name: unknown field']);
    expect(fields('gateway-api-v1.4.1')).toEqual([]);
    expect(fields('upstream-2026-08')).toEqual([]);
  });

  it('adds a user CRD to one validator only', () => {
    const mine = new SchemaValidator(schemaSetDir('upstream-2026-08'));
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    };
    expect(mine.addCrd(crd, 'widgets.yaml')).toEqual(['example.com/v1/Widget']);
    expect(mine.hasSchema('example.com/v1', 'Widget')).toBe(true);
    expect(SchemaValidator.forSet('upstream-2026-08').hasSchema('example.com/v1', 'Widget')).toBe(false);
  });
});

describe('CEL rules of every schema set', () => {
  // CEL's macros and standard functions, and the Kubernetes regex function: what needs no extension library.
  const STANDARD = ['has', 'all', 'exists', 'exists_one', 'filter', 'map', 'size', 'contains', 'startsWith', 'endsWith', 'matches',
    'duration', 'timestamp', 'string', 'int', 'uint', 'double', 'bool', 'bytes', 'type', 'dyn'];

  it('use only functions the evaluator provides (a newly pinned CRD using another library fails here, not as unevaluable rules)', () => {
    const provided = new Set([...STANDARD, ...strings.map((f: any) => f.name as string), ...K8S_CEL_LIBS.map((f: any) => f.name as string)]);
    const used = new Map<string, string>(); // function -> a schema set using it
    const visit = (node: any, set: string) => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, set));
      if (!node || typeof node !== 'object') return;
      for (const r of node['x-kubernetes-validations'] ?? []) {
        for (const m of String(r.rule).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (!used.has(m[1])) used.set(m[1], set);
      }
      for (const v of Object.values(node)) visit(v, set);
    };
    for (const { set, dir, kinds } of committedSets()) {
      for (const f of new Set(Object.values(kinds).filter((e: any) => !e.definition).map((e) => e.file))) visit(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), set);
    }
    expect([...used].filter(([fn]) => !provided.has(fn)).map(([fn, set]) => `${fn} (${set})`)).toEqual([]);
    expect(used.has('isURL') && used.has('quantity')).toBe(true);
  });
});

describe('the CRD mirror', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-mirror-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds files by git blob id in sub-folders, depth-first in sorted order (first path wins), skipping dot-entries', () => {
    fs.mkdirSync(path.join(tmp, 'b', 'deeper'), { recursive: true });
    fs.mkdirSync(path.join(tmp, '.git'));
    fs.writeFileSync(path.join(tmp, 'top.yaml'), 'a\n');
    fs.writeFileSync(path.join(tmp, 'b', 'deeper', 'x.yaml'), 'b\n');
    fs.writeFileSync(path.join(tmp, 'b', 'same.yaml'), 'a\n');
    fs.writeFileSync(path.join(tmp, '.git', 'hidden'), 'c\n');
    const index = indexMirror(tmp);
    expect([...index.entries()].map(([blob, p]) => [blob, path.relative(tmp, p)])).toEqual([
      [gitBlobId(Buffer.from('b\n')), path.join('b', 'deeper', 'x.yaml')],
      [gitBlobId(Buffer.from('a\n')), path.join('b', 'same.yaml')],
    ]);
    expect(indexMirror(path.join(tmp, 'missing')).size).toBe(0);
  });

  it('holds every pinned file of every set, found through the sub-folders of ../shared/crds', () => {
    const mirror = path.join(ROOT, '..', 'shared', 'crds');
    if (!fs.existsSync(mirror)) return; // a clone without the mirror: the reproducibility test below skips too
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const index = indexMirror(mirror);
    const missing = Object.entries<string>(config.sources).filter(([, blob]) => !index.has(blob)).map(([url]) => url);
    expect(missing).toEqual([]);
    expect(Object.values<string>(config.sources).some((blob) => path.dirname(index.get(blob)!) !== mirror)).toBe(true);
  });
});

describe('npm run import', () => {
  const mirror = path.join(ROOT, '..', 'shared', 'crds');

  it.skipIf(!fs.existsSync(mirror))('regenerates imports/ and schemas/ of every set byte for byte from the mirror, offline', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-out-'));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'import-crds.ts'), '--offline', '--mirror', mirror, '--out', out], {
        cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CRD_MIRROR: '' },
      });
      expect(r.status, r.stderr).toBe(0);
      for (const dir of ['imports', 'schemas']) {
        const committed = treeOf(path.join(ROOT, dir));
        const regenerated = treeOf(path.join(out, dir));
        expect(Object.keys(regenerated).sort(), dir).toEqual(Object.keys(committed).sort());
        for (const [f, blob] of Object.entries(committed)) expect(regenerated[f], `${dir}/${f}`).toBe(blob);
      }
      for (const set of schemaSetNames()) expect(r.stdout).toContain(`schemas/${set}/`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  it('fails offline with a sentence naming the pinned URL when the mirror lacks a file', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-empty-'));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'import-crds.ts'), '--offline', '--mirror', empty, '--out', path.join(empty, 'out')], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CRD_MIRROR: '' },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^import failed: no file in mirror '.*' \(or its sub-folders\) has git blob [0-9a-f]{40} \(pinned for https:\/\/raw\.githubusercontent\.com\/\S+\); add it to the mirror or drop --offline to download it\n$/);
      expect(fs.existsSync(path.join(empty, 'out'))).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('leaves no copy of an upstream CRD file in the repository (schemas are derived, not copied)', () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const upstream = new Set<string>([...Object.values<string>(config.sources), ...(fs.existsSync(mirror) ? indexMirror(mirror).keys() : [])]);
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    const files = listed.stdout.split('\0').filter((f) => f && !f.startsWith('node_modules/') && fs.existsSync(path.join(ROOT, f)));
    expect(files.length).toBeGreaterThan(100);
    const copies = files.filter((f) => upstream.has(gitBlobId(fs.readFileSync(path.join(ROOT, f)))));
    expect(copies).toEqual([]);
  });
});

/** Relative path -> git blob id of every file under `dir`. */
function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join('/')] = gitBlobId(fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}
