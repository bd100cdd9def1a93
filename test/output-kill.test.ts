import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, ROOT, sharedValidator, synth } from './helpers';
import { ownedSet, snapshot } from './output-helpers';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { CRASH_HOOK_ENV, RECORD_FILE, writeOutput } from '../src/cli/output';
import { Platform } from '../src/constructs/platform';
import { synthesize } from '../src/cli/synth';

/** Runs TypeScript in this very process (the tsx CLI would run it in a child that a kill misses). */
const TSX = ['--import', 'tsx'];
const BOOKKEEPING = /^\.model-gateway-output/;

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-kill-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Top-level files of `dir` that are not synth's bookkeeping (record, lock, journal, staging). */
function userVisible(dir: string | Record<string, string>): Record<string, string> {
  const entries = typeof dir === 'string' ? snapshot(dir) : dir;
  return Object.fromEntries(Object.entries(entries).filter(([f]) => !BOOKKEEPING.test(f.split('/')[0])));
}

/** Asserts every visible file is, in full, either its old or its new version (or foreign and untouched). */
function expectEachFileOldOrNew(dir: string, old: Map<string, string>, next: Map<string, string>, foreign: Record<string, string>): void {
  for (const [name, content] of Object.entries(userVisible(dir))) {
    const allowed = [old.get(name), next.get(name), foreign[name]].filter((c) => c !== undefined);
    expect(allowed, `${name} is neither old nor new`).toContain(content);
  }
}

function bookkeeping(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => BOOKKEEPING.test(f));
}

const OPTIONS = { generator: 'kill-test', version: '0' };
const FOREIGN = { 'kustomization.yaml': 'resources: [common-0.yaml]\n' };

/** A directory holding a foreign file and the output `files` written by a previous run. */
function previousOutput(files: Map<string, string>): { out: string; before: Record<string, string> } {
  const out = path.join(tmp, 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'kustomization.yaml'), FOREIGN['kustomization.yaml']);
  writeOutput(out, files, OPTIONS);
  return { out, before: snapshot(out) };
}

/** Checks the state right after a kill at `step`, then that the next run completes `next`. */
function expectKilledThenRecovered(step: string, out: string, before: Record<string, string>, old: Map<string, string>, next: Map<string, string>): void {
  expectEachFileOldOrNew(out, old, next, FOREIGN);
  for (const name of old.keys()) {
    if (next.has(name)) expect(fs.existsSync(path.join(out, name)), `${name} went missing`).toBe(true);
  }
  if (step === 'staged' || step === 'journal') {
    expect(userVisible(out)).toEqual(userVisible(before));
    expect(fs.readFileSync(path.join(out, RECORD_FILE), 'utf8')).toBe(before[RECORD_FILE]);
  }
  const result = writeOutput(out, next, OPTIONS);
  expect(result.recovered).toBe(step !== 'staged');
  expect(userVisible(out)).toEqual({ ...FOREIGN, ...Object.fromEntries(next) });
  expect(bookkeeping(out)).toEqual([RECORD_FILE]);
}

describe('writer killed with SIGKILL right after each step', () => {
  const A = ownedSet('A');
  const B = ownedSet('B');
  it.each(['staged', 'journal', 'renamed:1', `renamed:${B.size - 1}`, `renamed:${B.size}`, 'removed', 'recorded'])(
    'killed after %s: every file is old or new in full, none missing; the next run completes the new output and leaves no temp files',
    (step) => {
      const { out, before } = previousOutput(A);
      const child = spawnSync(process.execPath, [...TSX, path.join('test', 'output-child.ts'), out, 'once'], {
        cwd: ROOT, env: { ...process.env, [CRASH_HOOK_ENV]: step }, encoding: 'utf8',
      });
      expect(child.signal).toBe('SIGKILL');
      expectKilledThenRecovered(step, out, before, A, B);
    });
});

describe('the synth CLI killed with SIGKILL mid-write', () => {
  const previousSpec: CatalogSpec = { platform: Platform.KUBERNETES, namespace: 'models', models: [{ name: 'Qwen/Qwen3-0.6B' }] };
  let old: Map<string, string>;
  let next: Map<string, string>;
  beforeAll(() => {
    old = synth(previousSpec).files;
    next = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).files;
  });

  it.each(['journal', 'renamed:1'])('killed after %s: the old output stays complete or the next run completes the new one', (step) => {
    const { out, before } = previousOutput(old);
    const child = spawnSync(process.execPath, [...TSX, 'src/cli.ts', 'synth', '--out', out], {
      cwd: ROOT, env: { ...process.env, [CRASH_HOOK_ENV]: step }, encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    expectKilledThenRecovered(step, out, before, old, next);
  });
});

describe('writer killed at varying moments, alone and racing another writer', () => {
  const A = ownedSet('A');
  const B = ownedSet('B');

  function startWriter(dir: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
    const child = spawn(process.execPath, [...TSX, path.join('test', 'output-child.ts'), dir, 'loop'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += String(d); });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { child, ready, exited };
  }

  async function killAfter(writers: ReturnType<typeof startWriter>[], ms: number): Promise<void> {
    await Promise.all(writers.map((w) => w.ready));
    await new Promise((r) => setTimeout(r, ms));
    for (const w of writers) w.child.kill('SIGKILL');
    await Promise.all(writers.map((w) => w.exited));
  }

  function expectIntactThenRecover(dir: string): void {
    expectEachFileOldOrNew(dir, A, B, {});
    expect(Object.keys(userVisible(dir)).every((f) => A.has(f) || B.has(f))).toBe(true);
    writeOutput(dir, A, OPTIONS);
    expect(userVisible(dir)).toEqual(Object.fromEntries(A));
    expect(bookkeeping(dir)).toEqual([RECORD_FILE]);
  }

  it('a single writer killed 6 times at different delays: each file complete, the next run restores a complete output', async () => {
    const dir = path.join(tmp, 'dist');
    for (let i = 0; i < 6; i++) {
      await killAfter([startWriter(dir)], 5 + i * 23);
      expectIntactThenRecover(dir);
    }
  });

  it('two writers racing on one directory never interleave; after both are killed, one run restores it', async () => {
    const dir = path.join(tmp, 'dist');
    for (let i = 0; i < 2; i++) {
      await killAfter([startWriter(dir), startWriter(dir)], 40 + i * 90);
      expectIntactThenRecover(dir);
    }
  });
});
