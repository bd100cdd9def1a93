/**
 * Generates `generated/validators/`: the schema validators of every stored schema set, as ajv
 * standalone code, so that no schema is compiled when the CLI or the library validates objects
 * of a stored kind (only users' CRDs, given with `--schemas` / `addCrd`, are compiled at run time).
 *
 *   npm run validators                        # schemas/ -> generated/validators/
 *   npm run validators -- --out <dir>         # write elsewhere (the freshness test)
 *   npm run validators -- --schemas <dir>     # read another schemas/ folder
 *   npm run validators -- --catalog-schema <file>  # another catalog schema
 *
 * `npm run import` runs it after writing schemas/. The schemas are prepared and compiled exactly
 * as at run time (src/verify/schema/prepared-schemas.ts: one `prepare`; schema-ajv.ts: one ajv setup), then
 * written with `ajv/dist/standalone`:
 * - `<set>.json` per schema set: `apiVersion/kind` -> [module, export];
 * - `crd-<hash>.js` per distinct prepared CRD schema (one export, `default`): the module name is
 *   a content hash of the prepared schema and the core it refers to, so a CRD shared by sets
 *   (the gateway-api-v1.x sets point into rhdev-2026-03's CRDs) or identical in two versions is
 *   generated once;
 * - `core-<group>-<hash>.js` for the Kubernetes core kinds (exports named by definition), in three
 *   groups sharing their definition functions: `workloads` (every kind whose schema holds a
 *   PodSpec), `common` (the other kinds this library writes: {@link COMMON_CORE}) and `other`;
 * - `formats.js`: the formats the generated code refers to (ajv `code.formats`).
 * - `catalog.js`: the validator of catalog/catalog.schema.json (src/catalog/catalog-validator.ts),
 *   with the SHA-256 of the schema text; a stale one is ignored at run time (compiling instead).
 * Modules are CommonJS, required lazily by src/verify/schema/generated-validators.ts: only the
 * modules of the kinds actually validated are loaded.
 *
 * Why three core groups, measured on the 161 core definitions of k8s v1.30 (2-core machine
 * shared with other work; load = require() of the modules holding a default synth's core kinds:
 * Deployment, Service, ServiceAccount, Role, RoleBinding, ConfigMap, Namespace, NetworkPolicy,
 * PodDisruptionBudget; median of 3 runs, interleaved):
 * - one module for all core kinds: 2.49 MB on disk, load 42 ms (40-50);
 * - one module per kind: 14.5 MB on disk (each repeats ObjectMeta, every workload PodSpec), load 16 ms (14-19);
 * - one module per API group/version: 4.1 MB on disk (core/v1 alone 0.9 MB, loaded by any Service);
 * - the three groups (chosen): 2.76 MB on disk, a default synth loads workloads + common
 *   (0.91 MB), load 14 ms (14-16).
 * The CRD modules a default synth needs (Gateway, AgentgatewayPolicy, HTTPRoute, InferencePool,
 * Route: 0.91 MB) load in about 20 ms. In all, every set: 9.7 MB on disk in 46 files, plus the
 * catalog validator (0.17 MB): 9.9 MB, about 1 MB gzipped. CRD subschemas that repeat are
 * compiled once (prepared-schemas.ts shareRepeatedSubschemas: 16.8 MB without it).
 * Whole `synth` of the default catalog (node lib/src/cli.js, 5 interleaved runs, machine load
 * average 7-10 on 2 cores): CPU (user+sys) 2.04 s -> 1.19 s, ajv 44 % of the profile -> 0 %
 * (ajv is not even loaded), generated validators ~50 ms; `verify` of its output 2.05 s -> 0.95 s.
 * Compiling the same schemas at run time took ~520 ms of a default synth (Gateway ~186 ms,
 * AgentgatewayPolicy ~202 ms, Deployment ~160 ms).
 *
 * Output is byte-reproducible: sets and kinds sorted, fresh ajv per module (so its function
 * names do not depend on what was compiled before), no timestamps. A test regenerates into a
 * temporary folder and compares byte for byte.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { _ } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { CATALOG_AJV_OPTIONS, catalogSchemaSha256 } from '../src/catalog/catalog-validator';
import { preparedCore, preparedCrdSchema } from '../src/verify/schema/prepared-schemas';
import { addCore, AJV_FORMATS, compileKind, KindSchema, newSchemaAjv } from '../src/verify/schema/schema-ajv';

const ROOT = path.resolve(__dirname, '..');
/** Where the generated validators live, relative to the package root (the loader finds it with packageFile). */
export const GENERATED_DIR = path.join('generated', 'validators');

/** The catalog JSON Schema (npm run catalog-schema), relative to the package root. */
export const CATALOG_SCHEMA = path.join('catalog', 'catalog.schema.json');

/** Marks a workload kind: its schema holds a pod template. */
const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';

/** The core kinds other than workloads that the library writes (see the goldens), validated by a default synth. */
export const COMMON_CORE = [
  'io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.core.v1.Namespace', 'io.k8s.api.core.v1.PersistentVolumeClaim',
  'io.k8s.api.core.v1.Secret', 'io.k8s.api.core.v1.Service', 'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.networking.v1.NetworkPolicy', 'io.k8s.api.policy.v1.PodDisruptionBudget',
  'io.k8s.api.rbac.v1.ClusterRole', 'io.k8s.api.rbac.v1.ClusterRoleBinding', 'io.k8s.api.rbac.v1.Role', 'io.k8s.api.rbac.v1.RoleBinding',
];

const HEADER = '// Generated by scripts/validators.ts (npm run validators) from schemas/: do not edit.\n';

/** The formats module. int32/int64 state the checks of implementation-limits.ts (isInt32, isInt64); a test compares them. */
function formatsModule(): string {
  const full = AJV_FORMATS.map((f) => `  ${JSON.stringify(f)}: full[${JSON.stringify(f)}],\n`).join('');
  return `"use strict";\n${HEADER}` +
    '// The formats the validators refer to (ajv code.formats): ajv-formats\' full formats and the Kubernetes number formats.\n' +
    'const full = require("ajv-formats/dist/formats").fullFormats;\n' +
    'module.exports = {\n' + full +
    '  int32: { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },\n' +
    '  int64: { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 63) && n <= 2 ** 63 },\n' +
    '  double: { type: "number", validate: () => true },\n' +
    '};\n';
}

interface IndexEntry {
  readonly file: string;
  readonly version?: string;
  readonly definition?: string;
}

interface SetIndex {
  readonly set: string;
  readonly core: string;
  readonly kinds: Record<string, IndexEntry>;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function ajvForModule(core: Record<string, any>): Ajv {
  const ajv = newSchemaAjv({ standaloneFormats: _`require("./formats.js")` });
  addCore(ajv, core);
  return ajv;
}

/** The definitions `def` refers to, itself included. */
function closureOf(defs: Record<string, any>, def: string, seen = new Set<string>()): Set<string> {
  const stack = [def];
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    const nodes = [defs[d]];
    while (nodes.length) {
      const n = nodes.pop();
      if (!n || typeof n !== 'object') continue;
      if (typeof n.$ref === 'string') stack.push(n.$ref.slice(n.$ref.lastIndexOf('/') + 1));
      for (const v of Object.values(n)) nodes.push(v);
    }
  }
  return seen;
}

/**
 * The generated files for the schema sets under `schemasDir`: file name -> content (sorted by
 * name). Throws a sentence when a set's index points at something missing.
 */
export function generateValidators(schemasDir: string, catalogSchema?: string): Map<string, string> {
  const files = new Map<string, string>();
  const sets = fs.readdirSync(schemasDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(schemasDir, e.name, 'index.json')))
    .map((e) => e.name).sort();
  const json = new Map<string, any>();
  const read = (file: string) => {
    let doc = json.get(file);
    if (!doc) {
      if (!fs.existsSync(file)) throw new Error(`${path.relative(schemasDir, file)} is missing: run npm run import first`);
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      json.set(file, doc);
    }
    return doc;
  };
  const cores = new Map<string, { prepared: Record<string, any>; hash: string }>();
  const coreOf = (file: string) => {
    let c = cores.get(file);
    if (!c) {
      const prepared = preparedCore(read(file).definitions ?? {});
      c = { prepared, hash: sha(JSON.stringify(prepared)) };
      cores.set(file, c);
    }
    return c;
  };
  // Core kinds per core file and group, collected over all sets, then generated once.
  const coreGroups = new Map<string, Map<string, Set<string>>>();
  const setMaps = new Map<string, Record<string, [string, string]>>();
  const pendingCore: [Record<string, [string, string]>, string, string, string][] = [];

  for (const set of sets) {
    const dir = path.join(schemasDir, set);
    const index: SetIndex = read(path.join(dir, 'index.json'));
    const coreFile = path.resolve(dir, index.core);
    const core = coreOf(coreFile);
    const map: Record<string, [string, string]> = {};
    for (const key of Object.keys(index.kinds).sort()) {
      const entry = index.kinds[key];
      if (entry.definition) {
        const groups = coreGroups.get(coreFile) ?? new Map<string, Set<string>>();
        coreGroups.set(coreFile, groups);
        const group = groupOf(core.prepared, entry.definition);
        groups.set(group, (groups.get(group) ?? new Set()).add(entry.definition));
        pendingCore.push([map, key, coreFile, entry.definition]);
        continue;
      }
      const crd = read(path.resolve(dir, entry.file));
      const version = (crd.versions ?? []).find((v: any) => v.name === entry.version);
      if (!version) throw new Error(`${set}/index.json: ${key} names version ${entry.version} that ${entry.file} does not hold: run npm run import`);
      const schema = preparedCrdSchema(version.schema);
      const module = `crd-${sha(`${core.hash}\u0000${JSON.stringify(schema)}`)}.js`;
      if (!files.has(module)) {
        const ajv = ajvForModule(core.prepared);
        files.set(module, moduleText(standaloneCode(ajv, compileKind(ajv, { crdSchema: schema }))));
      }
      map[key] = [module, 'default'];
    }
    setMaps.set(set, map);
  }

  const coreModules = new Map<string, string>();
  for (const [coreFile, groups] of [...coreGroups].sort(([a], [b]) => a.localeCompare(b))) {
    const core = coreOf(coreFile);
    for (const [group, defs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...defs].sort();
      const module = `core-${group}-${sha(`${core.hash}\u0000${sorted.join('\u0000')}`)}.js`;
      const ajv = ajvForModule(core.prepared);
      const refs: Record<string, string> = {};
      for (const d of sorted) {
        compileKind(ajv, { definition: d } as KindSchema);
        refs[d] = `k8s#/definitions/${d}`;
      }
      files.set(module, moduleText(standaloneCode(ajv, refs)));
      for (const d of sorted) coreModules.set(`${coreFile}\u0000${d}`, module);
    }
  }
  for (const [map, key, coreFile, def] of pendingCore) map[key] = [coreModules.get(`${coreFile}\u0000${def}`)!, def];

  for (const [set, map] of setMaps) {
    const sorted = Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
    files.set(`${set}.json`, JSON.stringify(sorted, undefined, 1) + '\n');
  }
  files.set('formats.js', formatsModule());
  if (catalogSchema !== undefined) files.set('catalog.js', catalogModule(catalogSchema));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The catalog schema's validator (src/catalog/catalog-validator.ts, same ajv options), with the
 * SHA-256 of the schema text it was generated from: the loader ignores it for another text.
 */
function catalogModule(schemaText: string): string {
  const ajv = new Ajv2020({ ...CATALOG_AJV_OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(schemaText)));
  return moduleText(code).replace(HEADER, HEADER.replace('from schemas/', 'from catalog/catalog.schema.json')) +
    `module.exports.schemaSha256 = ${JSON.stringify(catalogSchemaSha256(schemaText))};\n`;
}

function groupOf(defs: Record<string, any>, def: string): string {
  if (closureOf(defs, def).has(POD_SPEC)) return 'workloads';
  return COMMON_CORE.includes(def) ? 'common' : 'other';
}

function moduleText(code: string): string {
  // ajv writes `"use strict";` first; the header goes after it so strict mode stays on.
  return code.replace(/^"use strict";/, `"use strict";\n${HEADER}`) + '\n';
}

/** Writes the files of {@link generateValidators} into `outDir`, replacing what was there. */
export function writeValidators(schemasDir: string, outDir: string, catalogSchema?: string): Map<string, string> {
  const files = generateValidators(schemasDir, catalogSchema);
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  for (const [name, text] of files) fs.writeFileSync(path.join(tmp, name), text);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return files;
}

function main(argv: string[]): void {
  let schemas = path.join(ROOT, 'schemas');
  let out = path.join(ROOT, GENERATED_DIR);
  let catalog = path.join(ROOT, CATALOG_SCHEMA);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if ((a === '--out' || a === '--schemas' || a === '--catalog-schema') && v) {
      if (a === '--out') out = path.resolve(v);
      else if (a === '--schemas') schemas = path.resolve(v);
      else catalog = path.resolve(v);
      i++;
    } else {
      throw new Error(`unknown argument '${a}': use --out <dir>, --schemas <dir> or --catalog-schema <file>`);
    }
  }
  const files = writeValidators(schemas, out, fs.readFileSync(catalog, 'utf8'));
  const bytes = [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(`${path.relative(process.cwd(), out) || '.'}: ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`validators: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
