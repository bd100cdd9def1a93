// Real mount points (tmpfs), when the test runs with the privilege to mount (root in a
// container usually has it); skipped otherwise. They prove what a `-v host:dist` volume needs:
// the directory is never renamed, and a read-only or full file system gives one sentence.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorOf } from './helpers';
import { snapshot } from './output-helpers';
import { main } from '../src/cli';
import { writeOutput } from '../src/cli/output';

const OPTS = { generator: 'mount-test', version: '0' };

function mount(dir: string, options: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

function isMountPoint(dir: string): boolean {
  return fs.statSync(dir).dev !== fs.statSync(path.dirname(dir)).dev;
}

const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'));
const canMount = mount(path.join(probe, 'm'), 'size=64k');
if (canMount) spawnSync('umount', [path.join(probe, 'm')]);
fs.rmSync(probe, { recursive: true, force: true });

let tmp: string;
const mounted: string[] = [];
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-mount-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  while (mounted.length) spawnSync('umount', ['-l', mounted.pop()!]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Mounts a tmpfs at `dir` (unmounted after the test). */
function mountTmpfs(dir: string, options: string): string {
  if (!mount(dir, options)) throw new Error(`mount ${dir} failed`);
  mounted.push(dir);
  return dir;
}

describe.runIf(canMount)('synth into a mount point', () => {
  it('replaces the files inside a mounted output directory and leaves it mounted, twice', () => {
    const out = mountTmpfs(path.join(tmp, 'dist'), 'size=1m,mode=2775');
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'k');
    expect(main(['synth', '--out', out])).toBe(0);
    expect(main(['synth', '--out', out])).toBe(0);
    expect(isMountPoint(out)).toBe(true);
    expect(fs.statSync(out).mode & 0o7777).toBe(0o2775);
    expect(Object.keys(snapshot(out))).toEqual(['.model-gateway-output', 'agentgateway-system.yaml', 'kustomization.yaml', 'llm-d.yaml', 'ROUTING.md']);
  });

  it('a read-only mount: refused before anything is touched, in one sentence (root included)', () => {
    const out = path.join(tmp, 'ro');
    mountTmpfs(out, 'size=64k');
    fs.writeFileSync(path.join(out, 'old.yaml'), 'old');
    expect(spawnSync('mount', ['-o', 'remount,ro', out]).status).toBe(0);
    expect(errorOf(() => writeOutput(out, new Map([['a.yaml', 'a']]), OPTS))).toBe(
      `'${out}' is on a read-only file system: choose a writable --out (in a container, mount the volume read-write)`);
    expect(snapshot(out)).toEqual({ 'old.yaml': 'old' });
  });

  it('a full file system while staging: one sentence, the previous output complete, no temp files', () => {
    const out = mountTmpfs(path.join(tmp, 'small'), 'size=64k');
    writeOutput(out, new Map([['a.yaml', 'a1']]), OPTS);
    const before = snapshot(out);
    expect(errorOf(() => writeOutput(out, new Map([['a.yaml', 'x'.repeat(256 * 1024)]]), OPTS))).toBe(
      `no space left on the device holding '${out}': free some space, or choose an --out on another device`);
    expect(snapshot(out)).toEqual(before);
  });
});
