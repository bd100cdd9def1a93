// What each command of the built CLI loads, and that the bundled command (package.json `bin`,
// scripts/bundle-cli.ts) behaves exactly like jsii's lib/src/cli.js. Runs real node processes on
// the build (`npm run compile`): skipped with the reason when lib/ is missing or older than src/;
// under CI=true that fails instead.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestMtime, ROOT } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const BIN = path.join(ROOT, pkg.bin['cdk8s-model-gateway']);
const LIB_CLI = path.join(ROOT, 'lib', 'src', 'cli.js');

function buildState(): string | undefined {
  for (const f of [BIN, LIB_CLI]) {
    if (!fs.existsSync(f)) return `${path.relative(ROOT, f)} is not built (run: npm run compile)`;
    if (fs.statSync(f).mtimeMs < newestMtime(path.join(ROOT, 'src'))) return `${path.relative(ROOT, f)} is older than src/ (run: npm run compile)`;
  }
  return undefined;
}

const why = buildState();
const required = process.env.CI === 'true';
if (why) console.warn(`cli-startup: ${required ? 'FAILING' : 'skipped'}: ${why}`);

describe.skipIf(why !== undefined && !required)(`the built CLI${why ? ` (${required ? 'required under CI' : 'skipped'}: ${why})` : ''}`, () => {
  let tmp: string;
  let hook: string;
  let runs = 0;
  beforeAll(() => {
    if (why) throw new Error(`CI=true and ${why}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-startup-'));
    hook = path.join(tmp, 'loaded-hook.cjs');
    // Every module file node loaded, written at exit, one per line.
    fs.writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_FILE, Object.keys(require.cache).join('\\n')));\n");
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs `node <entry> ...args` in `cwd`; its status, output and the module files it loaded (relative to the repository). */
  function run(entry: string, args: string[], cwd = tmp): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
    const loadedFile = path.join(tmp, `loaded-${++runs}.txt`);
    const r = spawnSync(process.execPath, ['--require', hook, entry, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LOADED_FILE: loadedFile, CDK8S_CHECK_UPGRADE: 'false', XDG_CACHE_HOME: path.join(tmp, 'cache'), NODE_DISABLE_COMPILE_CACHE: '' } });
    const loaded = fs.readFileSync(loadedFile, 'utf8').split('\n').filter((f) => f !== hook).map((f) => path.relative(ROOT, f));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
  }
  const packages = (loaded: string[]) => [...new Set(loaded.map((f) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((p): p is string => p !== undefined))].sort();
  // Besides the bundles, a command loads only the generated validators of the kinds it judges
  // (generated/validators/) and the ajv run-time helpers and formats those require.
  const GENERATED = path.join('generated', 'validators') + path.sep;
  const HELPERS = [path.join('ajv', 'dist', 'runtime') + path.sep, path.join('ajv-formats', 'dist', 'formats.js')];
  const generated = (loaded: string[]) => loaded.filter((f) => f.startsWith(GENERATED));
  const code = (loaded: string[]) => {
    const rest = loaded.filter((f) => !f.startsWith(GENERATED));
    const helpers = rest.filter((f) => f.includes(`node_modules${path.sep}`));
    expect(helpers.filter((f) => !HELPERS.some((h) => f.includes(`node_modules${path.sep}${h}`)))).toEqual([]);
    return rest.filter((f) => !helpers.includes(f)).map((f) => path.basename(f)).sort();
  };
  const layers = (loaded: string[]) => [...new Set(loaded.filter((f) => f.startsWith(path.join('lib', 'src') + path.sep)).map((f) => f.split(path.sep)[2]))].sort();

  function synthOut(entry: string, name: string): string {
    const cwd = path.join(tmp, name);
    fs.mkdirSync(cwd, { recursive: true });
    const r = run(entry, ['synth', '--out', 'out'], cwd);
    expect(r.status, r.stderr).toBe(0);
    return path.join(cwd, 'out');
  }

  it('lib/src/cli.js: --version and --help load no package and neither catalog, constructs nor the verifier', () => {
    for (const args of [['--version'], ['--help'], ['synth', '--help'], ['verify', '--help']]) {
      const r = run(LIB_CLI, args);
      expect(r.status, r.stderr).toBe(0);
      expect(packages(r.loaded), args.join(' ')).toEqual([]);
      expect(layers(r.loaded).filter((l) => l === 'catalog' || l === 'constructs'), args.join(' ')).toEqual([]);
      // Of verify/ only the constants the help text quotes.
      expect(r.loaded.filter((f) => f.includes(`${path.sep}verify${path.sep}`)).length, args.join(' ')).toBeLessThanOrEqual(5);
    }
  });

  it('lib/src/cli.js: verify loads neither cdk8s, cdk8s-plus-30, constructs, yaml nor the catalog and constructs; synth loads them', () => {
    const out = synthOut(LIB_CLI, 'lib-synth-loads');
    const v = run(LIB_CLI, ['verify', out]);
    expect(v.status, v.stderr).toBe(0);
    for (const p of ['cdk8s', 'cdk8s-plus-30', 'constructs', 'yaml']) expect(packages(v.loaded)).not.toContain(p);
    expect(layers(v.loaded)).not.toContain('catalog');
    expect(layers(v.loaded)).not.toContain('constructs');
    expect(layers(v.loaded)).toContain('verify');
    const s = run(LIB_CLI, ['synth', '--out', path.join(tmp, 'lib-synth-loads-2')]);
    expect(s.status, s.stderr).toBe(0);
    expect(packages(s.loaded)).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
    expect(layers(s.loaded)).toEqual(expect.arrayContaining(['catalog', 'constructs', 'verify']));
  });

  it('lib/ ships no inline source maps', () => {
    const files = fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js'));
    expect(files.length).toBeGreaterThan(100);
    const mapped = files.map((e) => path.join(e.parentPath, e.name)).filter((f) => fs.readFileSync(f, 'utf8').includes('sourceMappingURL'));
    expect(mapped).toEqual([]);
  });

  it('the bin: --version reads only the small entry bundle; verify adds only the verify bundle; synth only the synth bundle', () => {
    const version = run(BIN, ['--version']);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    expect(version.loaded).toEqual([path.relative(ROOT, BIN)]);
    expect(fs.statSync(BIN).size).toBeLessThan(200_000);
    const out = synthOut(BIN, 'bin-loads');
    const v = run(BIN, ['verify', out]);
    expect(v.status, v.stderr).toBe(0);
    expect(code(v.loaded)).toEqual(['cli-verify.bundle.js', 'cli.bundle.js']);
    expect(generated(v.loaded).length).toBeGreaterThan(0);
    const s = run(BIN, ['synth', '--out', path.join(tmp, 'bin-loads-2')]);
    expect(s.status, s.stderr).toBe(0);
    expect(code(s.loaded)).toEqual(['cli-synth.bundle.js', 'cli.bundle.js']);
    expect(generated(s.loaded).length).toBeGreaterThan(0);
  });

  it('the bin writes byte-identical output to lib/src/cli.js and verifies it with the same report, without and with its code cache', () => {
    const cache = path.join(tmp, 'cache', 'cdk8s-model-gateway', 'code-cache');
    fs.rmSync(cache, { recursive: true, force: true });
    const bundleCaches = () => fs.readdirSync(cache).filter((f) => f.startsWith('cli-')).sort();
    const generatedCaches = () => fs.readdirSync(cache).filter((f) => !f.startsWith('cli-')).sort();
    const a = synthOut(LIB_CLI, 'same-lib');
    const b = synthOut(BIN, 'same-bin');
    // The first run of a command bundle wrote its code cache; the second ran from it.
    expect(bundleCaches()).toEqual([expect.stringMatching(/^cli-synth\.bundle\.js-/)]);
    // The generated validators it loaded went through the same cache.
    expect(generatedCaches()).toEqual(expect.arrayContaining([expect.stringMatching(/^core-workloads-[0-9a-f]+\.js-/), expect.stringMatching(/^crd-[0-9a-f]+\.js-/), expect.stringMatching(/^catalog\.js-/)]));
    const c = synthOut(BIN, 'same-bin-cached');
    const files = fs.readdirSync(a).sort();
    expect(files).toEqual(fs.readdirSync(b).sort());
    expect(files).toEqual(fs.readdirSync(c).sort());
    expect(files).toEqual(expect.arrayContaining(['agentgateway-system.yaml', 'llm-d.yaml', 'ROUTING.md']));
    for (const f of files) {
      expect(fs.readFileSync(path.join(b, f), 'utf8'), f).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
      expect(fs.readFileSync(path.join(c, f), 'utf8'), f).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
    }
    const ra = run(LIB_CLI, ['verify', a, '--output', 'json']);
    const rb = run(BIN, ['verify', a, '--output', 'json']);
    expect(rb.stdout).toBe(ra.stdout);
    expect(bundleCaches()).toEqual([expect.stringMatching(/^cli-synth\.bundle\.js-/), expect.stringMatching(/^cli-verify\.bundle\.js-/)]);
    expect(run(BIN, ['verify', a, '--output', 'json']).stdout).toBe(ra.stdout);
    expect(JSON.parse(rb.stdout).counts.objects).toBeGreaterThan(20);
  });

  it('the bin: usage errors from either command bundle exit 2 with the help, other errors exit 1', () => {
    const synth = run(BIN, ['synth', '--bogus']);
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/^error: unknown option '--bogus' for synth.*\n\nusage: cdk8s-model-gateway synth/);
    const verify = run(BIN, ['verify', '--output', 'xml', '.']);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain("error: option '--output' is 'xml': use --output text or --output json\n\nusage: cdk8s-model-gateway verify");
    const missing = run(BIN, ['synth', '--catalog', 'no-such-catalog.yaml', '--out', 'x']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*no-such-catalog\.yaml/);
    expect(missing.stderr).not.toContain('usage:');
  });
});
