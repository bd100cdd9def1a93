/**
 * Regenerates `imports/` (typed cdk8s classes) and `schemas/` (validation schemas) from the
 * upstream files pinned in cdk8s.yaml.
 *
 *   npm run import                      # mirror ../shared/crds, else download
 *   npm run import -- --mirror <dir>    # or CRD_MIRROR=<dir>
 *   npm run import -- --offline         # never download
 *
 * What it does, in order:
 * 1. Resolves every pinned URL to bytes: a file in the mirror with the pinned git blob id,
 *    else a download of the URL; the bytes must hash to the pinned blob id either way.
 * 2. Strips upstream `description` texts (schema facts only remain; `x-kubernetes-validations`
 *    and their messages are kept).
 * 3. Writes one JSON file per CRD under schemas/crds/ (every version) and the Kubernetes core
 *    definitions under schemas/, plus schemas/index.json mapping apiVersion/kind to a schema.
 * 4. For the CRDs under `imports:`, keeps the storage version only, removes properties whose
 *    schema cannot be expressed (an `enum` on an object: AgentgatewayPolicy
 *    spec.traffic.hostRewrite, broken upstream until agentgateway#1167, so the library can
 *    never emit it), and runs `cdk8s import` once on the combined file: one module per group.
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
import { dropUnsatisfiableProperties, gitBlobId, stripDescriptions } from './crd-transforms';

const ROOT = path.resolve(__dirname, '..');
const IMPORTS_DIR = path.join(ROOT, 'imports');
const SCHEMAS_DIR = path.join(ROOT, 'schemas');
const DEFAULT_MIRROR = path.join(ROOT, '..', 'shared', 'crds');

type Json = any;

interface Cdk8sYaml {
  readonly imports?: string[];
  readonly validationOnly?: string[];
  readonly sources?: Record<string, string>;
}

interface Args {
  readonly mirror: string;
  readonly offline: boolean;
}

function parseArgs(argv: string[]): Args {
  let mirror = process.env.CRD_MIRROR || DEFAULT_MIRROR;
  let offline = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mirror') {
      const v = argv[++i];
      if (!v) throw new Error("'--mirror' needs a directory, e.g. --mirror ../shared/crds");
      mirror = v;
    } else if (a === '--offline') {
      offline = true;
    } else {
      throw new Error(`unknown argument '${a}': use --mirror <dir> or --offline`);
    }
  }
  return { mirror: path.resolve(mirror), offline };
}

class SourceResolver {
  private mirrorIndex?: Map<string, string>;
  constructor(private readonly args: Args) {}

  public async resolve(url: string, blob: string): Promise<Buffer> {
    const local = this.index().get(blob);
    if (local) return fs.readFileSync(local);
    if (this.args.offline) {
      throw new Error(`no file in mirror '${this.args.mirror}' has git blob ${blob} (pinned for ${url}); add it to the mirror or drop --offline to download it`);
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

  private index(): Map<string, string> {
    if (!this.mirrorIndex) {
      this.mirrorIndex = new Map();
      if (fs.existsSync(this.args.mirror)) {
        for (const name of fs.readdirSync(this.args.mirror).sort()) {
          const p = path.join(this.args.mirror, name);
          if (fs.statSync(p).isFile()) this.mirrorIndex.set(gitBlobId(fs.readFileSync(p)), p);
        }
      }
    }
    return this.mirrorIndex;
  }
}

// ---- outputs ------------------------------------------------------------------------------

function stableJson(value: Json): string {
  return JSON.stringify(value, null, 1) + '\n';
}

interface SchemaIndexEntry {
  readonly file: string;
  readonly version?: string;
  readonly definition?: string;
  readonly scope?: string;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config: Cdk8sYaml = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
  const codegen = config.imports ?? [];
  const validationOnly = config.validationOnly ?? [];
  const pins = config.sources ?? {};
  const resolver = new SourceResolver(args);

  const files = new Map<string, string>(); // relative path under schemas/ -> content
  const index: Record<string, SchemaIndexEntry> = {};
  const codegenDocs: Json[] = [];
  const removedProps: string[] = [];

  for (const url of [...codegen, ...validationOnly]) {
    const blob = pins[url];
    if (!blob) throw new Error(`cdk8s.yaml: '${url}' has no git blob id under 'sources'; add '${url}: <git hash-object of the file>'`);
    const bytes = await resolver.resolve(url, blob);

    if (url.endsWith('_definitions.json')) {
      const defs = JSON.parse(bytes.toString('utf8'));
      const version = /\/v(\d+\.\d+\.\d+)\//.exec(url)?.[1] ?? 'unknown';
      const file = `k8s-v${version}.json`;
      for (const d of Object.values(defs.definitions ?? {})) stripDescriptions(d);
      files.set(file, stableJson({ source: { url, blob }, definitions: defs.definitions }));
      for (const [name, def] of Object.entries<Json>(defs.definitions)) {
        for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          index[`${apiVersion}/${gvk.kind}`] = { file, definition: name };
        }
      }
      continue;
    }

    const crd = YAML.parse(bytes.toString('utf8'));
    if (crd?.kind !== 'CustomResourceDefinition') throw new Error(`${url} is not a CustomResourceDefinition (kind '${crd?.kind}')`);
    const { group, names, scope } = crd.spec;
    const versions = crd.spec.versions.map((v: Json) => ({
      name: v.name,
      served: v.served,
      storage: v.storage,
      ...(v.deprecated ? { deprecated: true } : {}),
      schema: stripDescriptions(v.schema?.openAPIV3Schema ?? {}),
    }));
    const file = `crds/${group}_${names.plural}.json`;
    files.set(file, stableJson({ source: { url, blob }, group, kind: names.kind, plural: names.plural, scope, versions }));
    for (const v of versions) {
      if (v.served) index[`${group}/${v.name}/${names.kind}`] = { file, version: v.name, scope };
    }

    if (codegen.includes(url)) {
      const storage = crd.spec.versions.find((v: Json) => v.storage);
      const schema = JSON.parse(JSON.stringify(storage.schema.openAPIV3Schema));
      stripDescriptions(schema);
      removedProps.push(...dropUnsatisfiableProperties(schema, `${names.kind}`));
      codegenDocs.push({
        apiVersion: crd.apiVersion,
        kind: crd.kind,
        metadata: { name: crd.metadata.name },
        spec: { group, names: { kind: names.kind, plural: names.plural }, scope, versions: [{ name: storage.name, served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
      });
    }
  }

  const sortedIndex: Record<string, SchemaIndexEntry> = {};
  for (const k of Object.keys(index).sort()) sortedIndex[k] = index[k];
  files.set('index.json', stableJson(sortedIndex));

  // Generate the classes in a scratch directory with the pinned cdk8s-cli.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
    const combined = path.join(work, 'crds.yaml');
    fs.writeFileSync(combined, codegenDocs.map((d) => YAML.stringify(d)).join('---\n'));
    const out = path.join(work, 'imports');
    const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [ROOT] })), 'bin', 'cdk8s');
    execFileSync(process.execPath, [cli, 'import', '--no-save', '--no-check-upgrade', '-l', 'typescript', '-o', out, combined], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    const generated = fs.readdirSync(out).filter((f) => f.endsWith('.ts')).sort();
    if (generated.length === 0) throw new Error('cdk8s import generated no modules');

    // Everything succeeded: replace the outputs.
    replaceDir(IMPORTS_DIR, new Map(generated.map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')])));
    replaceDir(SCHEMAS_DIR, files);

    const size = (dir: string) => listFiles(dir).reduce((n, f) => n + fs.statSync(f).size, 0);
    process.stdout.write(
      `imports/: ${generated.length} modules (${generated.join(', ')}), ${(size(IMPORTS_DIR) / 1024).toFixed(0)} KiB\n`
      + `schemas/: ${files.size} files, ${Object.keys(sortedIndex).length} apiVersion/kind entries, ${(size(SCHEMAS_DIR) / 1024).toFixed(0)} KiB\n`
      + (removedProps.length ? `removed from generated classes (unsatisfiable upstream schema): ${removedProps.join(', ')}\n` : ''),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
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
}

main().catch((err) => {
  process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
