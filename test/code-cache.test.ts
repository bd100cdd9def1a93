// src/cli/code-cache.ts: the bundled command loads its command bundle through V8's code cache.
// Each case is a fresh node process (the cache is written at exit), running the source through tsx.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

let tmp: string;
let cacheHome: string;
let probe: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  cacheHome = path.join(tmp, 'xdg');
  probe = path.join(tmp, 'probe.ts');
  // Loads the file named in argv through the cache; prints its exports and what the cache did.
  fs.writeFileSync(probe, [
    `import { requireWithCodeCache } from ${JSON.stringify(path.join(ROOT, 'src', 'cli', 'code-cache'))};`,
    'const file = process.argv[2];',
    // What the cache did while loading goes into `uses`; what it did at exit is a second line.
    'const uses: string[] = [];',
    'let loaded = false;',
    "const m = requireWithCodeCache(file, undefined, (u) => { if (loaded) process.stdout.write(JSON.stringify({ at: 'exit', use: u }) + '\\n'); else uses.push(u); }) as { answer: number; twice(n: number): number };",
    'loaded = true;',
    "process.stdout.write(JSON.stringify({ answer: m.answer, twice: m.twice(21), cached: require.cache[require('node:path').resolve(file)]?.exports === m, uses }) + '\\n');",
    '',
  ].join('\n'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function load(file: string, env: NodeJS.ProcessEnv = {}): { first: Record<string, unknown>; exit?: Record<string, unknown> } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe, file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '', ...env } });
  expect(r.status, r.stderr).toBe(0);
  const [first, exit] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { first, exit };
}
const cacheDir = () => path.join(cacheHome, 'cdk8s-model-gateway', 'code-cache');
const cacheFiles = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).sort() : []);

describe('requireWithCodeCache', () => {
  it('loads many files in one process with one exit listener (no listener-leak warning) and writes each one\'s cache', () => {
    const files = Array.from({ length: 15 }, (_, i) => path.join(tmp, `many-${String(i).padStart(2, '0')}.js`));
    files.forEach((f, i) => fs.writeFileSync(f, `exports.n = ${i};\n`));
    const script = path.join(tmp, 'many.ts');
    fs.writeFileSync(script, [
      `import { requireWithCodeCache } from ${JSON.stringify(path.join(ROOT, 'src', 'cli', 'code-cache'))};`,
      `const files: string[] = ${JSON.stringify(files)};`,
      "process.stdout.write(JSON.stringify(files.map((f) => (requireWithCodeCache(f) as { n: number }).n)) + '\\n');",
      '',
    ].join('\n'));
    const home = path.join(tmp, 'xdg-many');
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(files.map((_, i) => i));
    expect(r.stderr).not.toMatch(/MaxListenersExceeded|Warning/);
    expect(fs.readdirSync(path.join(home, 'cdk8s-model-gateway', 'code-cache')).filter((f) => f.startsWith('many-'))).toHaveLength(files.length);
  });

  it('compiles and writes the cache on the first run, uses it on the next, with the same exports either way', () => {
    const file = path.join(tmp, 'mod-a.js');
    fs.writeFileSync(file, '#!/usr/bin/env node\nexports.answer = 42;\nexports.twice = (n) => n * 2;\n');
    const one = load(file);
    expect(one.first).toEqual({ answer: 42, twice: 42, cached: true, uses: [] });
    expect(one.exit).toEqual({ at: 'exit', use: 'written' });
    expect(cacheFiles()).toEqual([expect.stringMatching(/^mod-a\.js-[0-9a-f]{8}-[0-9a-f]{32}\.v8cache$/)]);
    const two = load(file);
    expect(two.first).toEqual({ answer: 42, twice: 42, cached: true, uses: ['used'] });
    expect(two.exit).toBeUndefined();
  });

  it('a changed file gets a new cache and the old one is removed; a damaged cache is rejected, compiled afresh and rewritten', () => {
    const file = path.join(tmp, 'mod-b.js');
    fs.writeFileSync(file, 'exports.answer = 1;\nexports.twice = (n) => n + n;\n');
    load(file);
    const before = cacheFiles().filter((f) => f.startsWith('mod-b.js-'));
    expect(before).toHaveLength(1);
    fs.writeFileSync(file, 'exports.answer = 7;\nexports.twice = (n) => 2 * n + 0;\n');
    const changed = load(file);
    expect(changed.first).toEqual({ answer: 7, twice: 42, cached: true, uses: [] });
    const after = cacheFiles().filter((f) => f.startsWith('mod-b.js-'));
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    fs.writeFileSync(path.join(cacheDir(), after[0]), 'not a V8 code cache');
    const damaged = load(file);
    expect(damaged.first).toEqual({ answer: 7, twice: 42, cached: true, uses: [] });
    expect(damaged.exit).toEqual({ at: 'exit', use: 'written' });
    expect(load(file).first.uses).toEqual(['used']);
  });

  it('is off with CDK8S_MODEL_GATEWAY_CODE_CACHE=off or NODE_DISABLE_COMPILE_CACHE: a plain require, nothing written', () => {
    const file = path.join(tmp, 'mod-c.js');
    fs.writeFileSync(file, 'exports.answer = 3;\nexports.twice = (n) => n * 2;\n');
    for (const env of [{ CDK8S_MODEL_GATEWAY_CODE_CACHE: 'off' }, { NODE_DISABLE_COMPILE_CACHE: '1' }]) {
      const r = load(file, env);
      expect(r.first).toEqual({ answer: 3, twice: 42, cached: true, uses: ['none'] });
      expect(cacheFiles().filter((f) => f.startsWith('mod-c.js-'))).toEqual([]);
    }
  });

  it('an unwritable cache folder costs only the cache, and nothing at exit', () => {
    const file = path.join(tmp, 'mod-d.js');
    fs.writeFileSync(file, 'exports.answer = 4;\nexports.twice = (n) => n * 2;\n');
    const blocked = path.join(tmp, 'blocked');
    fs.writeFileSync(blocked, 'a file where the cache folder would go');
    const r = load(file, { XDG_CACHE_HOME: blocked });
    // Known while loading, so nothing is compiled for the cache at exit.
    expect(r.first).toEqual({ answer: 4, twice: 42, cached: true, uses: ['none'] });
    expect(r.exit).toBeUndefined();
  });
});
