/**
 * Regenerates `imports/` (typed cdk8s classes) and `schemas/` (validation schemas) from the
 * upstream files pinned in cdk8s.yaml, for every schema set under `schemaSets`.
 *
 *   npm run import                      # mirror ../shared/crds (and its sub-folders), else download
 *   npm run import -- --mirror <dir>    # or CRD_MIRROR=<dir>
 *   npm run import -- --offline         # never download
 *   npm run import -- --out <dir>       # write <dir>/imports and <dir>/schemas instead (tests)
 *
 * What it does, in order:
 * 1. Resolves every pinned URL to bytes: a file anywhere under the mirror with the pinned git
 *    blob id, else a download of the URL; the bytes must hash to the pinned blob id either way.
 * 2. Strips upstream `description` texts (schema facts only remain; `x-kubernetes-validations`
 *    and their messages are kept).
 * 3. Writes the Kubernetes core definitions once (schemas/k8s-v<version>.json) and, per set,
 *    one JSON file per CRD under schemas/<set>/crds/ (every version) plus schemas/<set>/index.json
 *    mapping apiVersion/kind to a schema. A CRD pinned by several sets is stored once, in the
 *    first set that lists it; the others' index points there.
 * 4. For a set's `codegen` CRDs, keeps the storage version only, removes properties whose
 *    schema cannot be expressed (an `enum` on an object: AgentgatewayPolicy
 *    spec.traffic.hostRewrite, broken upstream until agentgateway#1167, so the library can
 *    never emit it), and runs `cdk8s import` once per set on the combined file: one module per
 *    group, in the set's `importDirectory`.
 * 5. Replaces imports/ and schemas/ only after everything succeeded.
 *
 * Same inputs give byte-identical outputs: nothing depends on time, order of the file system
 * or the environment.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { indexMirror } from './crd-mirror';
import { dropUnsatisfiableProperties, gitBlobId, stripDescriptions } from './crd-transforms';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_MIRROR = path.join(ROOT, '..', 'shared', 'crds');
/** A set name becomes a directory name: keep it plain. */
const SET_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

type Json = any;

interface SchemaSetConfig {
  /** Whether the set's index lists the Kubernetes core kinds (profile sets) or only its CRDs. */
  readonly coreKinds?: boolean;
  /** Where the generated classes of `codegen` go, relative to the repository root. */
  readonly importDirectory?: string;
  readonly codegen?: string[];
  readonly validationOnly?: string[];
}

interface Cdk8sYaml {
  readonly kubernetes?: string;
  readonly schemaSets?: Record<string, SchemaSetConfig>;
  readonly sources?: Record<string, string>;
}

interface Args {
  readonly mirror: string;
  readonly offline: boolean;
  /** Root that receives imports/ and schemas/ (the repository unless --out is given). */
  readonly out: string;
}

function parseArgs(argv: string[]): Args {
  let mirror = process.env.CRD_MIRROR || DEFAULT_MIRROR;
  let offline = false;
  let out = ROOT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mirror' || a === '--out') {
      const v = argv[++i];
      if (!v) throw new Error(`'${a}' needs a directory, e.g. ${a} ${a === '--mirror' ? '../shared/crds' : '/tmp/import-check'}`);
      if (a === '--mirror') mirror = v;
      else out = path.resolve(v);
    } else if (a === '--offline') {
      offline = true;
    } else {
      throw new Error(`unknown argument '${a}': use --mirror <dir>, --offline or --out <dir>`);
    }
  }
  return { mirror: path.resolve(mirror), offline, out };
}

class SourceResolver {
  private mirrorIndex?: Map<string, string>;
  constructor(private readonly args: Args) {}

  public async resolve(url: string, blob: string): Promise<Buffer> {
    const local = (this.mirrorIndex ??= indexMirror(this.args.mirror)).get(blob);
    if (local) return fs.readFileSync(local);
    if (this.args.offline) {
      throw new Error(`no file in mirror '${this.args.mirror}' (or its sub-folders) has git blob ${blob} (pinned for ${url}); add it to the mirror or drop --offline to download it`);
    }
    process.stderr.write(`downloading ${url}\n`);
    const res = await fetch(url).catch((err: Error) => {
      const cause = (err as any).cause?.code ?? (err as any).cause?.message ?? err.message;
      throw new Error(`download of ${url} failed (${cause}) and no file in mirror '${this.args.mirror}' has git blob ${blob}; put the file in a mirror directory and pass --mirror <dir> or set CRD_MIRROR`);
    });
    if (!res.ok) throw new Error(`download of ${url} failed: HTTP ${res.status}; put the file in a mirror directory and pass --mirror <dir>`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const got = gitBlobId(bytes);
    if (got !== blob) throw new Error(`${url} has git blob ${got}, but cdk8s.yaml pins ${blob}: the upstream file changed or the pin is wrong`);
    return bytes;
  }
}

// ---- outputs ------------------------------------------------------------------------------

function stableJson(value: Json): string {
  return JSON.stringify(value, null, 1) + '\n';
}

interface SchemaIndexEntry {
  /** Path of the schema file relative to the set's directory. */
  readonly file: string;
  readonly version?: string;
  readonly definition?: string;
  readonly scope?: string;
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

/** The pinned blob id of `url`, or a sentence naming the missing pin. */
function pinOf(config: Cdk8sYaml, url: string): string {
  const blob = config.sources?.[url];
  if (!blob) throw new Error(`cdk8s.yaml: '${url}' has no git blob id under 'sources'; add '${url}: <git hash-object of the file>'`);
  return blob;
}

/** The stored CRD document (every version, descriptions stripped) and the codegen document (storage version only). */
function crdDocuments(url: string, blob: string, crd: Json): { stored: Json; codegen: Json; removed: string[] } {
  if (crd?.kind !== 'CustomResourceDefinition') throw new Error(`${url} is not a CustomResourceDefinition (kind '${crd?.kind}'); pin only CRD files in cdk8s.yaml`);
  const { group, names, scope } = crd.spec;
  const versions = crd.spec.versions.map((v: Json) => ({
    name: v.name,
    served: v.served,
    storage: v.storage,
    ...(v.deprecated ? { deprecated: true } : {}),
    schema: stripDescriptions(JSON.parse(JSON.stringify(v.schema?.openAPIV3Schema ?? {}))),
  }));
  const storage = crd.spec.versions.find((v: Json) => v.storage);
  const schema = stripDescriptions(JSON.parse(JSON.stringify(storage.schema.openAPIV3Schema)));
  const removed = dropUnsatisfiableProperties(schema, `${names.kind}`);
  return {
    removed,
    stored: { source: { url, blob }, group, kind: names.kind, plural: names.plural, scope, versions },
    codegen: {
      apiVersion: crd.apiVersion,
      kind: crd.kind,
      metadata: { name: crd.metadata.name },
      spec: { group, names: { kind: names.kind, plural: names.plural }, scope, versions: [{ name: storage.name, served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
    },
  };
}

/** Runs the pinned cdk8s-cli's `cdk8s import` on `docs`; returns module file name -> content. */
function generateClasses(docs: Json[], set: string): Map<string, string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
    const combined = path.join(work, 'crds.yaml');
    fs.writeFileSync(combined, docs.map((d) => YAML.stringify(d)).join('---\n'));
    const out = path.join(work, 'imports');
    const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'bin', 'cdk8s');
    execFileSync(process.execPath, [cli, 'import', '--no-save', '--no-check-upgrade', '-l', 'typescript', '-o', out, combined], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    const generated = fs.readdirSync(out).filter((f) => f.endsWith('.ts')).sort();
    if (generated.length === 0) throw new Error(`cdk8s import generated no modules for schema set '${set}'`);
    return new Map(generated.map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config: Cdk8sYaml = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
  const sets = Object.entries(config.schemaSets ?? {});
  if (sets.length === 0) throw new Error("cdk8s.yaml has no 'schemaSets': add at least one set with 'codegen' or 'validationOnly' URLs");
  if (!config.kubernetes) throw new Error("cdk8s.yaml has no 'kubernetes': pin the Kubernetes core definitions (_definitions.json) by URL");
  const resolver = new SourceResolver(args);

  const schemaFiles = new Map<string, string>(); // path under schemas/ -> content
  const importFiles = new Map<string, string>(); // path under imports/ -> content
  const removedProps: string[] = [];

  // Kubernetes core definitions, stored once for every set.
  const coreDefs = JSON.parse((await resolver.resolve(config.kubernetes, pinOf(config, config.kubernetes))).toString('utf8'));
  const coreFile = `k8s-v${/\/v(\d+\.\d+\.\d+)\//.exec(config.kubernetes)?.[1] ?? 'unknown'}.json`;
  for (const d of Object.values(coreDefs.definitions ?? {})) stripDescriptions(d);
  schemaFiles.set(coreFile, stableJson({ source: { url: config.kubernetes, blob: pinOf(config, config.kubernetes) }, definitions: coreDefs.definitions }));
  const coreKinds: Record<string, SchemaIndexEntry> = {};
  for (const [name, def] of Object.entries<Json>(coreDefs.definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      coreKinds[`${apiVersion}/${gvk.kind}`] = { file: `../${coreFile}`, definition: name };
    }
  }

  const storedAt = new Map<string, string>(); // URL -> path under schemas/ of its stored CRD
  const importDirs = new Set<string>();
  const summary: string[] = [];
  for (const [set, spec] of sets) {
    if (!SET_NAME.test(set)) throw new Error(`cdk8s.yaml: schema set name '${set}' must be lower-case letters, digits, '.' and '-' (it names a directory)`);
    const codegen = spec.codegen ?? [];
    const urls = [...codegen, ...(spec.validationOnly ?? [])];
    const index: Record<string, SchemaIndexEntry> = spec.coreKinds ? { ...coreKinds } : {};
    const codegenDocs: Json[] = [];
    for (const url of urls) {
      const blob = pinOf(config, url);
      const crd = YAML.parse((await resolver.resolve(url, blob)).toString('utf8'));
      const { stored, codegen: codegenDoc, removed } = crdDocuments(url, blob, crd);
      let file = storedAt.get(url);
      if (!file) {
        file = `${set}/crds/${stored.group}_${stored.plural}.json`;
        if (schemaFiles.has(file)) throw new Error(`schema set '${set}' pins two CRDs for ${stored.group}/${stored.plural}: keep one`);
        schemaFiles.set(file, stableJson(stored));
        storedAt.set(url, file);
      }
      const relative = path.posix.relative(set, file);
      for (const v of stored.versions) {
        if (v.served) index[`${stored.group}/${v.name}/${stored.kind}`] = { file: relative, version: v.name, scope: stored.scope };
      }
      if (codegen.includes(url)) {
        codegenDocs.push(codegenDoc);
        removedProps.push(...removed);
      }
    }
    schemaFiles.set(`${set}/index.json`, stableJson({ set, core: `../${coreFile}`, kinds: sorted(index) }));

    if (codegenDocs.length) {
      const dir = spec.importDirectory ?? '';
      const rel = path.posix.relative('imports', dir);
      if (!dir || rel.startsWith('..') || path.posix.isAbsolute(rel) || importDirs.has(rel)) {
        throw new Error(`cdk8s.yaml: schema set '${set}' needs its own 'importDirectory' under imports/, e.g. imports/${set}`);
      }
      importDirs.add(rel);
      const modules = generateClasses(codegenDocs, set);
      for (const [f, content] of modules) importFiles.set(rel ? `${rel}/${f}` : f, content);
      summary.push(`${dir}/: ${[...modules.keys()].join(', ')}`);
    }
    summary.push(`schemas/${set}/: ${Object.keys(index).length} apiVersion/kind entries`);
  }

  // Everything succeeded: replace the outputs.
  const importsDir = path.join(args.out, 'imports');
  const schemasDir = path.join(args.out, 'schemas');
  replaceDir(importsDir, importFiles);
  replaceDir(schemasDir, schemaFiles);
  const size = (dir: string) => listFiles(dir).reduce((n, f) => n + fs.statSync(f).size, 0);
  process.stdout.write(
    summary.join('\n') + '\n'
    + `imports/: ${importFiles.size} modules, ${(size(importsDir) / 1024).toFixed(0)} KiB; schemas/: ${schemaFiles.size} files, ${(size(schemasDir) / 1024).toFixed(0)} KiB\n`
    + (removedProps.length ? `removed from generated classes (unsatisfiable upstream schema): ${[...new Set(removedProps)].join(', ')}\n` : ''),
  );
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Makes `dir` hold exactly `files` (relative path -> content), writing only what changed. */
function replaceDir(dir: string, files: Map<string, string>) {
  for (const existing of listFiles(dir)) {
    if (!files.has(path.relative(dir, existing).split(path.sep).join('/'))) fs.rmSync(existing);
  }
  for (const [rel, content] of files) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== content) fs.writeFileSync(p, content);
  }
  removeEmptyDirs(dir);
}

/** Removes the folders under `dir` that no longer hold any file (a set or module dropped). */
function removeEmptyDirs(dir: string) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    removeEmptyDirs(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}

main().catch((err) => {
  process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
