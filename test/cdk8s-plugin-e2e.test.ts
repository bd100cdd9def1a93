// The validation plugin as a user gets it: a scratch cdk8s app that installs the packed
// tarball (artifacts/js, from `npm run compile && npm run package:js`) and runs the real
// cdk8s-cli `cdk8s synth` with the README's `validations:` snippet, and the installed command
// (`npx cdk8s-model-gateway`, the bundled bin) on its own. Slow (an npm install), so
// it runs when the tarball exists and says why when it does not; under CI=true a missing or
// stale tarball fails instead (.ci/run packs before it tests).
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestMtime, ROOT, withoutOwnWarning } from './helpers';

const PACKAGE_DIR = path.join(ROOT, 'artifacts', 'js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The tarball, or why this suite cannot use it. */
function findTarball(): { file?: string; why?: string } {
  const files = fs.existsSync(PACKAGE_DIR) ? fs.readdirSync(PACKAGE_DIR).filter((f) => f.endsWith('.tgz')) : [];
  if (files.length !== 1) return { why: `${files.length === 0 ? 'no' : 'more than one'} tarball in artifacts/js (run: npm run compile && npm run package:js)` };
  const file = path.join(PACKAGE_DIR, files[0]);
  const newestSource = newestMtime(path.join(ROOT, 'src'));
  if (fs.statSync(file).mtimeMs < newestSource) return { why: `artifacts/js/${files[0]} is older than src/ (run: npm run compile && npm run package:js)` };
  return { file };
}

/** The `validations:` block the README tells users to put in cdk8s.yaml. */
function readmeValidations(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('class: ModelGatewayValidation'));
  if (blocks.length !== 1) throw new Error(`README.md: expected one yaml block with the validation plugin, found ${blocks.length}`);
  return blocks[0];
}

// A two-model app; BREAK=1 strips the Gateway's namespace from one HTTPRoute parentRef
// through the documented escape hatch (the fault the reference deployment patches by hand).
const APP = `const { App, ApiObject, JsonPatch } = require('cdk8s');
const { MultiModelGateway } = require('cdk8s-model-gateway');
const app = new App();
const chart = new MultiModelGateway(app, 'maas');
const qwen = chart.addModel({ name: 'Qwen/Qwen3-0.6B' });
chart.addModel({ name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' });
if (process.env.BREAK === '1') ApiObject.of(qwen.route).addJsonPatch(JsonPatch.remove('/spec/parentRefs/0/namespace'));
app.synth();
`;

const tarball = findTarball();
const required = process.env.CI === 'true';
if (!tarball.file) console.warn(`cdk8s-plugin-e2e: ${required ? 'FAILING' : 'skipped'}: ${tarball.why}`);

describe.skipIf(!tarball.file && !required)(`cdk8s synth with the plugin from the packed tarball${tarball.file ? '' : ` (${required ? 'required under CI' : 'skipped'}: ${tarball.why})`}`, () => {
  let app: string;
  // The child's environment: no npm_* variables of the `npm test` that runs us.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') || k === 'npm_config_cache')) as NodeJS.ProcessEnv;
  env.CDK8S_CHECK_UPGRADE = 'false';
  const run = (cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { cwd: app, env: { ...env, ...extra }, encoding: 'utf8', timeout: 300_000 });

  beforeAll(() => {
    if (!tarball.file) throw new Error(`CI=true and ${tarball.why}`);
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-plugin-app-'));
    // The bundled command's code cache (src/cli/code-cache.ts) goes into the scratch app, not the home folder.
    env.XDG_CACHE_HOME = path.join(app, '.cache');
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true }));
    const peers = ['cdk8s', 'cdk8s-plus-30', 'constructs', 'cdk8s-cli'].map((p) => `${p}@${pkg.devDependencies[p]}`);
    const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball.file, ...peers]);
    if (install.status !== 0) throw new Error(`npm install in the scratch app failed (${install.status}): ${install.stderr}`);
    fs.writeFileSync(path.join(app, 'main.js'), APP);
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), `app: node main.js\noutput: dist\n${readmeValidations()}`);
  }, 300_000);
  // Removing the scratch app's node_modules can take longer than the default 10 s on a busy machine.
  afterAll(() => {
    if (app) fs.rmSync(app, { recursive: true, force: true });
  }, 120_000);

  it('the installed package loads the plugin class without loading cdk8s-cli', () => {
    const probe = "const m = require('cdk8s-model-gateway'); console.log(JSON.stringify({ plugin: typeof m.ModelGatewayValidation, verifier: typeof m.Verifier, cli: Object.keys(require.cache).filter((f) => f.includes('cdk8s-cli')).length }))";
    const r = run(process.execPath, ['-e', probe]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ plugin: 'function', verifier: 'function', cli: 0 });
  });

  it('the installed command (the bundled bin) synthesizes the default catalog and verifies it, as npx runs it', () => {
    const npx = (args: string[]) => run('npx', ['--no-install', 'cdk8s-model-gateway', ...args]);
    const version = npx(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const bin = fs.realpathSync(path.join(app, 'node_modules', '.bin', 'cdk8s-model-gateway'));
    expect(path.relative(path.join(app, 'node_modules', 'cdk8s-model-gateway'), bin)).toBe(path.normalize(pkg.bin['cdk8s-model-gateway']));
    const synth = npx(['synth', '--out', 'gateway-out']);
    expect(synth.status, synth.stderr).toBe(0);
    expect(synth.stdout).toMatch(/^synthesized 2 model\(s\) from the default catalog: gateway-out\/agentgateway-system\.yaml, gateway-out\/llm-d\.yaml, gateway-out\/ROUTING\.md\n/);
    const verify = npx(['verify', 'gateway-out']);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^verified gateway-out: 34 objects from 2 files/);
    expect(verify.stdout).toContain('\nno problems besides the warnings\n');
    // Each command bundle left its code cache for the next run, and runs from it with the same result.
    // (The generated validators they loaded went through the same cache, one file each.)
    const caches = fs.readdirSync(path.join(app, '.cache', 'cdk8s-model-gateway', 'code-cache')).sort();
    expect(caches.filter((f) => f.startsWith('cli-'))).toEqual([expect.stringMatching(/^cli-synth\.bundle\.js-/), expect.stringMatching(/^cli-verify\.bundle\.js-/)]);
    expect(caches.filter((f) => !f.startsWith('cli-'))).toEqual(expect.arrayContaining([expect.stringMatching(/^core-workloads-[0-9a-f]+\.js-/), expect.stringMatching(/^catalog\.js-/)]));
    expect(npx(['verify', 'gateway-out']).stdout).toBe(verify.stdout);
  }, 120_000);

  it('the sound app synthesizes and passes the validation', () => {
    const r = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Status\s*│\s*success/);
    expect(r.stdout).toContain('Validations ended succesfully');
  }, 120_000);

  it('broken wiring fails cdk8s synth with exactly the problems the installed CLI reports on the same manifests', () => {
    const r = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth'], { BREAK: '1' });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('Validation failed');
    // The installed CLI on the folder cdk8s wrote (it skips the construct-metadata.json cdk8s also writes there).
    const cli = run(path.join('node_modules', '.bin', 'cdk8s-model-gateway'), ['verify', 'dist', '--namespace', 'llm-d']);
    expect(cli.status, cli.stdout + cli.stderr).toBe(1);
    const problems = cli.stderr.split('\n').filter((l) => l.startsWith('  '));
    // Only the fault: our output's listener admits the models' namespace only, so no listener warning.
    expect(withoutOwnWarning(problems.map((l) => l.trimStart()))).toEqual([expect.stringMatching(/^dist\/maas\.k8s\.yaml#\d+: HTTPRoute llm-d\/vllm-qwen3-06b: spec\.parentRefs\[0\]\.namespace: names Gateway 'inference-gateway' without a namespace.*\(set namespace: agentgateway-system\)$/)]);
    expect(problems).toHaveLength(1);
    expect(r.stdout).toContain(`1 problem:\n${problems.join('\n')}\n`);
    expect(r.stdout).toMatch(/Status\s*│\s*failure/);
    expect(r.stdout).toContain('Manifest Path: dist/maas.k8s.yaml');
  }, 120_000);
});
