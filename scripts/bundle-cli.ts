/**
 * Bundles the compiled CLI (jsii's output in lib/src/) into three files; the first is the
 * package's `bin`:
 *
 *   lib/cli.bundle.js         parsing, --help, --version (lib/src/cli.js and the few modules it imports)
 *   lib/cli-synth.bundle.js   `synth` (lib/src/cli/synth-command.js: catalog, constructs, cdk8s, verifier)
 *   lib/cli-verify.bundle.js  `verify` (lib/src/cli/verify-command.js: the verifier only)
 *
 *   tsx scripts/bundle-cli.ts      # part of `npm run compile`, after jsii
 *
 * Why: node spends a large share of a short `synth` or `verify` resolving, reading and compiling
 * several hundred small modules; one file without comments loads in about half the CPU time
 * (README "Benchmark" has the figures). Three files rather than one because node compiles a
 * whole file before running it: `--version` would pay for parsing all of synth, and `verify`
 * for cdk8s and the constructs. lib/src/cli.js requires `./cli/synth-command` and
 * `./cli/verify-command` when a command runs; in the bin those become the two command bundles,
 * loaded with V8's code cache (src/cli/code-cache.ts: from the second run on, node skips most
 * parsing and compiling).
 * The library (package.json `main`, lib/src/index.js) stays jsii's output: only the command changes.
 *
 * - Small modules (argument parsing, profiles) are in the bin and in a command bundle; they hold
 *   no state, and UsageError.is() recognizes a usage error from either copy.
 * - One copy of `yaml`: cdk8s ships its own copy in node_modules/cdk8s/node_modules/yaml; every
 *   `yaml` import is resolved to ours instead, and the build stops when the two versions differ.
 * - Of cdk8s-plus-30 the CLI uses only the generated `k8s` classes; `cdk8s-plus-30` resolves to a
 *   module exporting just those (its index loads every construct of the library and minimatch),
 *   and the build stops when lib/ uses any other export of it.
 * - Non-literal `require(path)` calls (modules found at run time, such as generated validators)
 *   are left to node, which resolves their own imports from the package's node_modules.
 * - No source maps; packageFile() finds schemas/ and catalog/ by walking up from lib/, as it
 *   does from lib/src/util/.
 */
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { build, Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
/** Each bundle: its entry in lib/src and the file it becomes. The first is package.json `bin`. */
export const BUNDLES = [
  { entry: 'lib/src/cli.js', out: 'lib/cli.bundle.js' },
  { entry: 'lib/src/cli/synth-command.js', out: 'lib/cli-synth.bundle.js' },
  { entry: 'lib/src/cli/verify-command.js', out: 'lib/cli-verify.bundle.js' },
] as const;
/** The command modules lib/src/cli.js requires at run time, and the bundle each becomes. */
const COMMAND_BUNDLES: Record<string, string> = { './cli/synth-command': './cli-synth.bundle.js', './cli/verify-command': './cli-verify.bundle.js' };
const K8S_ONLY = 'cdk8s-plus-30/lib/imports/k8s';

function fail(message: string): never {
  process.stderr.write(`bundle-cli: ${message}\n`);
  process.exit(1);
}

function versionOf(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** Every `yaml` the bundle could load must be the same release as ours. */
function checkYamlVersions(): void {
  const ours = versionOf(path.join(ROOT, 'node_modules', 'yaml'));
  const nested = path.join(ROOT, 'node_modules', 'cdk8s', 'node_modules', 'yaml');
  if (fs.existsSync(nested) && versionOf(nested) !== ours) {
    fail(`node_modules/cdk8s/node_modules/yaml is ${versionOf(nested)} but ours is ${ours}: pin yaml in .projenrc.ts to cdk8s's version so the bundle can keep one copy`);
  }
}

/** lib/ may use only `k8s` of cdk8s-plus-30 (the shim exports nothing else). */
function checkCdk8sPlusUse(): void {
  const files = fs.readdirSync(path.join(ROOT, 'lib', 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => path.join(e.parentPath, e.name));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('"cdk8s-plus-30"')) continue;
    const binding = /const (\w+) = require\("cdk8s-plus-30"\);/.exec(text);
    const uses = binding ? [...text.matchAll(new RegExp(`\\b${binding[1]}\\.(\\w+)`, 'g'))].map((m) => m[1]) : [];
    const other = uses.filter((u) => u !== 'k8s');
    if (!binding || other.length || text.split('"cdk8s-plus-30"').length !== 2) {
      fail(`${path.relative(ROOT, file)} uses ${other.length ? `cdk8s-plus-30's ${other[0]}` : 'cdk8s-plus-30 in a way this script does not recognize'}: the bundle maps cdk8s-plus-30 to its k8s classes only; extend scripts/bundle-cli.ts`);
    }
  }
}

const singleCopies: Plugin = {
  name: 'single-copies',
  setup(build) {
    // In the bin, a command's module is its bundle, loaded through the V8 code cache (src/cli/code-cache.ts).
    build.onResolve({ filter: /^\.\/cli\/(synth|verify)-command$/ }, (args) => (
      args.importer.endsWith(path.join('lib', 'src', 'cli.js')) ? { path: COMMAND_BUNDLES[args.path], namespace: 'command-bundle' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'command-bundle' }, (args) => ({
      // The command's generated modules (validators) go through the same cache.
      contents: [
        "const cache = require('./src/cli/code-cache.js');",
        "require('./src/util/generated-modules.js').installGeneratedModuleLoader((file) => cache.requireWithCodeCache(file));",
        `module.exports = cache.requireWithCodeCache(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
        '',
      ].join('\n'),
      loader: 'js',
      resolveDir: path.join(ROOT, 'lib'),
    }));
    build.onResolve({ filter: /^yaml(\/.*)?$/ }, (args) => ({ path: require.resolve(args.path, { paths: [ROOT] }) }));
    build.onResolve({ filter: /^cdk8s-plus-30$/ }, () => ({ path: 'cdk8s-plus-30', namespace: 'k8s-only' }));
    build.onLoad({ filter: /.*/, namespace: 'k8s-only' }, () => ({
      contents: `exports.k8s = require(${JSON.stringify(K8S_ONLY)});\n`,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

async function bundle(entry: string, outfile: string): Promise<string> {
  const out = path.join(ROOT, outfile);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [singleCopies],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const yamlCopies = new Set(inputs.map((i) => /^(.*node_modules\/yaml)\//.exec(i)?.[1]).filter((x) => x));
  if (yamlCopies.size > 1) fail(`${outfile} holds ${yamlCopies.size} copies of yaml (${[...yamlCopies].join(', ')}): expected one`);
  const plus = inputs.filter((i) => i.includes('node_modules/cdk8s-plus-30/') && !i.endsWith(`${K8S_ONLY}.js`));
  if (plus.length) fail(`${outfile} holds ${plus[0]}: only ${K8S_ONLY} of cdk8s-plus-30 was expected`);
  const external = Object.values(result.metafile.outputs)[0].imports.filter((i) => i.external && !i.path.startsWith('node:') && !BUILTINS.has(i.path));
  const unexpected = external;
  if (unexpected.length) fail(`${outfile} leaves ${unexpected[0].path} to be resolved at run time: bundle it or name it in scripts/bundle-cli.ts`);
  fs.chmodSync(out, 0o755);
  return `${outfile} (${(fs.statSync(out).size / 1e6).toFixed(2)} MB, ${inputs.length} modules)`;
}

const BUILTINS = new Set(builtinModules);

async function main(): Promise<void> {
  for (const b of BUNDLES) if (!fs.existsSync(path.join(ROOT, b.entry))) fail(`${b.entry} does not exist: run jsii first (npm run compile does both)`);
  checkYamlVersions();
  checkCdk8sPlusUse();
  const built: string[] = [];
  for (const b of BUNDLES) built.push(await bundle(b.entry, b.out));
  process.stdout.write(`bundle-cli: ${built.join('; ')}\n`);
}

void main();
