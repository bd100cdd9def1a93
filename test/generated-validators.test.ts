import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { CATALOG_SCHEMA, generateValidators } from '../scripts/validators';
import { catalogSchemaSha256, compileCatalogSchema, generatedCatalogValidator } from '../src/catalog/catalog-validator';
import { main } from '../src/cli';
import { readManifests } from '../src/verify/input/manifests';
import { GENERATED_DIR } from '../src/verify/schema/generated-validators';
import { compileCounts, NUMBER_FORMATS } from '../src/verify/schema/schema-ajv';
import { SchemaProblem, schemaSetDir, schemaSetNames, SchemaValidator } from '../src/verify/schema/schema-validator';
import { EXTERNAL } from './external-corpus';
import { ROOT } from './helpers';

const GENERATED = path.join(ROOT, GENERATED_DIR);

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name)).sort();
}

/** Every verify fixture, golden and external manifest, read by the input loader. */
function fixtureObjects(): { source: string; obj: any }[] {
  const files = [...yamlFiles(path.join(ROOT, 'test')), ...yamlFiles(EXTERNAL)];
  return files.flatMap((file) => readManifests(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file)).manifests
    .filter((m) => m.obj && typeof m.obj === 'object')
    .map((m) => ({ source: m.source, obj: m.obj })));
}

type Path = (string | number)[];

function setAt(obj: any, p: Path, value: unknown): any {
  const copy = structuredClone(obj);
  let node = copy;
  for (const k of p.slice(0, -1)) node = node[k];
  node[p[p.length - 1]] = value;
  return copy;
}

function getAt(obj: any, p: Path): any {
  return p.reduce((n, k) => n?.[k], obj);
}

/**
 * Bad variants of `obj`, each one mistake: a leaf of the wrong type, a string that is no enum
 * value and matches no pattern, an int32 overflow, a fraction, a null, an unknown field, a
 * duplicated list item (list-map and set duplicates). Deterministic.
 */
function mutations(obj: any): { what: string; obj: any }[] {
  const leaves: Path[] = [];
  const objects: Path[] = [];
  const arrays: Path[] = [];
  const walk = (node: any, p: Path) => {
    if (Array.isArray(node)) {
      if (node.length) arrays.push(p);
      node.forEach((v, i) => walk(v, [...p, i]));
    } else if (node && typeof node === 'object') {
      objects.push(p);
      for (const [k, v] of Object.entries(node)) if (p.length || (k !== 'apiVersion' && k !== 'kind')) walk(v, [...p, k]);
    } else if (p.length) {
      leaves.push(p);
    }
  };
  walk(obj, []);
  const out: { what: string; obj: any }[] = [];
  for (const p of leaves.slice(0, 80)) {
    const v = getAt(obj, p);
    const at = p.join('.');
    if (typeof v === 'string') {
      out.push({ what: `${at}: number`, obj: setAt(obj, p, 12345) });
      out.push({ what: `${at}: no enum value`, obj: setAt(obj, p, 'Not An_Enum.Or-Pattern!') });
    } else if (typeof v === 'number') {
      out.push({ what: `${at}: int32 overflow`, obj: setAt(obj, p, 2 ** 31) });
      out.push({ what: `${at}: fraction`, obj: setAt(obj, p, 1.5) });
      out.push({ what: `${at}: string`, obj: setAt(obj, p, 'x') });
    } else if (typeof v === 'boolean') {
      out.push({ what: `${at}: string`, obj: setAt(obj, p, 'yes') });
    }
    out.push({ what: `${at}: null`, obj: setAt(obj, p, null) });
  }
  for (const p of objects.slice(0, 30)) {
    out.push({ what: `${p.join('.')}: unknown field`, obj: setAt(obj, [...p, 'zzUnknownField'], 1) });
  }
  for (const p of arrays.slice(0, 30)) {
    const list = getAt(obj, p);
    out.push({ what: `${p.join('.')}: duplicate item`, obj: setAt(obj, p, [...list, structuredClone(list[0])]) });
  }
  return out;
}

describe('validators generated at build time (generated/validators, npm run validators)', () => {
  it('are fresh: regenerating from schemas/ gives the committed files byte for byte', () => {
    const fresh = generateValidators(path.join(ROOT, 'schemas'), fs.readFileSync(path.join(ROOT, CATALOG_SCHEMA), 'utf8'));
    const committed = fs.existsSync(GENERATED) ? fs.readdirSync(GENERATED).sort() : [];
    const stale = [
      ...[...fresh.keys()].filter((f) => !committed.includes(f) || fs.readFileSync(path.join(GENERATED, f), 'utf8') !== fresh.get(f)).map((f) => `${f} differs or is missing`),
      ...committed.filter((f) => !fresh.has(f)).map((f) => `${f} is no longer generated`),
    ];
    expect(stale, `${GENERATED_DIR} is stale: run npm run validators and commit the result`).toEqual([]);
    // Every stored set has its map, and every kind of its index an entry.
    for (const set of schemaSetNames()) {
      const map = JSON.parse(fresh.get(`${set}.json`)!);
      const index = JSON.parse(fs.readFileSync(path.join(schemaSetDir(set), 'index.json'), 'utf8'));
      expect(Object.keys(map).sort()).toEqual(Object.keys(index.kinds).sort());
    }
  }, 120_000);

  it('generates a CRD shared by sets, or identical in two versions, once', () => {
    const rhdev = JSON.parse(fs.readFileSync(path.join(GENERATED, 'rhdev-2026-03.json'), 'utf8'));
    const gw141 = JSON.parse(fs.readFileSync(path.join(GENERATED, 'gateway-api-v1.4.1.json'), 'utf8'));
    // gateway-api-v1.4.1 points into rhdev-2026-03's CRDs.
    expect(gw141['gateway.networking.k8s.io/v1/HTTPRoute']).toEqual(rhdev['gateway.networking.k8s.io/v1/HTTPRoute']);
    expect(rhdev['gateway.networking.k8s.io/v1beta1/HTTPRoute']).toEqual(rhdev['gateway.networking.k8s.io/v1/HTTPRoute']);
    // Core kinds share the group modules: Service and ConfigMap in one.
    expect(rhdev['v1/Service'][0]).toBe(rhdev['v1/ConfigMap'][0]);
    expect(rhdev['apps/v1/Deployment'][0]).toMatch(/^core-workloads-/);
  });

  it('formats.js states the same int32/int64/double checks as the run-time formats', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const generated = require(path.join(GENERATED, 'formats.js'));
    const edges = [0, 1, -1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 2 ** 64, -(2 ** 63), -(2 ** 64), NaN, Infinity, -Infinity, Number.MAX_VALUE];
    for (const name of Object.keys(NUMBER_FORMATS)) {
      const runTime = NUMBER_FORMATS[name] as any;
      expect(generated[name].type).toBe(runTime.type);
      for (const n of edges) expect([name, n, generated[name].validate(n)]).toEqual([name, n, runTime.validate(n)]);
      fc.assert(fc.property(fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }).map(Number)),
        (n) => generated[name].validate(n) === runTime.validate(n)));
    }
  });

  it('judge every fixture, golden and external manifest, and bad variants of each kind, exactly like schemas compiled at run time', () => {
    const objects = fixtureObjects();
    expect(objects.length).toBeGreaterThan(1000);
    const firstOfKind = new Map<string, any>();
    for (const { obj } of objects) {
      const key = `${obj.apiVersion}/${obj.kind}`;
      if (!firstOfKind.has(key)) firstOfKind.set(key, obj);
    }
    const bad = [...firstOfKind.entries()].flatMap(([key, obj]) => mutations(obj).map((m) => ({ source: `${key} with ${m.what}`, obj: m.obj })));
    const cases = [...objects, ...bad];
    const mismatches: string[] = [];
    const messages: string[] = [];
    let compared = 0;
    for (const set of schemaSetNames()) {
      const generated = new SchemaValidator(schemaSetDir(set));
      const runTime = new SchemaValidator(schemaSetDir(set), { compileAtRunTime: true });
      const before = compileCounts.kindsCompiled;
      for (const { source, obj } of cases) {
        if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !generated.hasSchema(obj.apiVersion, obj.kind)) continue;
        const g: SchemaProblem[] = generated.validate(structuredClone(obj));
        const r: SchemaProblem[] = runTime.validate(structuredClone(obj));
        compared++;
        messages.push(...g.map((p) => p.message));
        if (JSON.stringify(g) !== JSON.stringify(r) && mismatches.length < 5) {
          mismatches.push(`${set} ${source}: generated ${JSON.stringify(g)} vs run time ${JSON.stringify(r)}`);
        }
      }
      // The run-time validator compiled; the generated one did not (it adds nothing to the count).
      expect(compileCounts.kindsCompiled - before).toBe(new Set(cases.filter(({ obj }) => runTime.hasSchema(obj?.apiVersion, obj?.kind))
        .map(({ obj }) => `${obj.apiVersion}/${obj.kind}`)).size);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
    // The bad variants reach every kind of message the schemas give.
    for (const kind of [/^unknown field/, /^must be one of /, /^must match /, /^must be an int32/, /^must be (string|integer|number|boolean|object|array)/,
      /^duplicate entry for key /, /^duplicate entry .* the list is a set$/, /null/, /^required field is missing$/]) {
      expect(messages.some((m) => kind.test(m)), String(kind)).toBe(true);
    }
  }, 600_000);

  it('keep the x-kubernetes-list-type messages (map keys and set items) on both paths', () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n', finalizers: ['a', 'b', 'a'] },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 8000, protocol: 'TCP' }, { containerPort: 8001 }, { containerPort: 8000, protocol: 'TCP' }] }] } },
      },
    };
    const expected = [
      'metadata.finalizers: duplicate entry "a" at index 2: the list is a set',
      'spec.template.spec.containers[0].ports: duplicate entry for key (containerPort, protocol) = [8000,"TCP"] at index 2: entries must be unique by these fields',
    ];
    for (const options of [{}, { compileAtRunTime: true }]) {
      const v = new SchemaValidator(schemaSetDir('rhdev-2026-03'), options);
      expect(v.validate(deployment).map((p) => `${p.field}: ${p.message}`).sort()).toEqual(expected);
    }
  });

  it('the catalog schema: the generated validator gives the same errors as compiling it, and is ignored for another schema text', () => {
    const text = fs.readFileSync(path.join(ROOT, CATALOG_SCHEMA), 'utf8');
    const generated = generatedCatalogValidator(text)!;
    expect(generated).toBeTypeOf('function');
    expect((generated as any).schemaSha256).toBe(catalogSchemaSha256(text));
    expect(generatedCatalogValidator(`${text} `)).toBeUndefined();
    const before = { ...compileCounts };
    const compiled = compileCatalogSchema(JSON.parse(text));
    // The default catalog and every catalog the README shows, then bad variants of each.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const catalogs = [YAML.parse(fs.readFileSync(path.join(ROOT, 'catalog', 'default.yaml'), 'utf8')),
      ...[...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => { try { return YAML.parse(m[1]); } catch { return undefined; } })
        .filter((c) => c && typeof c === 'object' && !Array.isArray(c) && 'models' in c)];
    expect(catalogs.length).toBeGreaterThan(5);
    const cases = catalogs.flatMap((c) => [c, ...mutations(c).map((m) => m.obj)]);
    let invalid = 0;
    for (const c of cases) {
      const g = generated(structuredClone(c));
      const r = compiled(structuredClone(c));
      expect(g).toBe(r);
      expect(JSON.stringify(generated.errors ?? null)).toBe(JSON.stringify(compiled.errors ?? null));
      if (!g) invalid++;
    }
    expect(invalid).toBeGreaterThan(cases.length / 2);
    expect(compileCounts).toEqual(before); // the schema validators' ajv is not involved
  });

  it('require only formats.js and ajv\'s own run-time helpers (bundled dependencies of the package)', () => {
    const required = new Set<string>();
    for (const f of fs.readdirSync(GENERATED).filter((n) => n.endsWith('.js'))) {
      for (const m of fs.readFileSync(path.join(GENERATED, f), 'utf8').matchAll(/require\("([^"]+)"\)/g)) required.add(m[1]);
    }
    expect([...required].filter((r) => !/^(\.\/formats\.js|ajv\/dist\/runtime\/[a-z0-9_]+|ajv-formats\/dist\/formats)$/.test(r))).toEqual([]);
    for (const r of required) expect(() => require.resolve(r.startsWith('.') ? path.join(GENERATED, r) : r, { paths: [GENERATED] })).not.toThrow();
  });

  const tarball = path.join(ROOT, 'artifacts', 'js', 'cdk8s-model-gateway@0.0.0.jsii.tgz');
  it.skipIf(!fs.existsSync(tarball))('ship in the npm package (npm run package:js)', () => {
    const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of fs.readdirSync(GENERATED)) expect(listed).toContain(`package/${GENERATED_DIR}/${f}`);
  });

  it('load lazily: validating a ConfigMap requires only the module of the common core kinds', () => {
    const v = new SchemaValidator(schemaSetDir('rhdev-2026-03'));
    expect(v.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' }, data: { k: 'v' } })).toEqual([]);
    const loaded = (v as any).generated.loadedModules as string[];
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatch(/^core-common-/);
  });

  it('compile nothing at run time in a default synth and a verify of its output, in either profile', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'validators-'));
    try {
      const before = { ...compileCounts };
      const { stdout, stderr } = { stdout: process.stdout.write, stderr: process.stderr.write };
      process.stdout.write = (() => true) as any;
      process.stderr.write = (() => true) as any;
      let codes: number[];
      try {
        codes = [main(['synth', '--out', path.join(out, 'dist')]), main(['verify', path.join(out, 'dist')]),
          main(['synth', '--profile', 'upstream-2026-08', '--out', path.join(out, 'up')]), main(['verify', path.join(out, 'up')])];
      } finally {
        process.stdout.write = stdout;
        process.stderr.write = stderr;
      }
      expect(codes).toEqual([0, 0, 0, 0]);
      expect(compileCounts).toEqual(before);
      // Users' CRDs are still compiled at run time.
      const v = new SchemaValidator(schemaSetDir('rhdev-2026-03'));
      const crd = yaml('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
      v.addCrd(crd, 'widgets.yaml');
      expect(v.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'big' } })
        .map((p) => `${p.field}: ${p.message}`)).toEqual(['spec.size: must be integer']);
      expect(compileCounts.kindsCompiled).toBe(before.kindsCompiled + 1);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

function yaml(apiVersion: string, kind: string): any {
  return {
    apiVersion, kind, metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
    },
  };
}
