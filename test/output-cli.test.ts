import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureStdio, ROOT, Stdio } from './helpers';
import { snapshot } from './output-helpers';
import { main } from '../src/cli';

/** tsx as a loader of this very process, found from any working directory. */
const TSX = ['--import', pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href];
const CLI = path.join(ROOT, 'src', 'cli.ts');

let tmp: string;
let io: Stdio;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-cli-'));
  io = captureStdio();
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI in a child process in `cwd` (optionally as another user); returns its exit and output. */
function cli(args: string[], cwd: string, user?: { uid: number; gid: number }) {
  const r = spawnSync(process.execPath, [...TSX, CLI, ...args], {
    cwd, encoding: 'utf8', ...user,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('synth --out in a directory that holds the user\'s files', () => {
  it('keeps a kustomization beside the output, and names the removed stale files on the next run', () => {
    const out = path.join(tmp, 'd');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: [llm-d.yaml]\n');
    expect(main(['synth', '--out', out])).toBe(0);
    expect(Object.keys(snapshot(out))).toEqual(['.model-gateway-output', 'agentgateway-system.yaml', 'kustomization.yaml', 'llm-d.yaml', 'ROUTING.md']);
    expect(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: [llm-d.yaml]\n');
    expect(io.stdout).toContain(`left alone in ${out} (not written by synth): kustomization.yaml\n`);

    const other = path.join(tmp, 'other.yaml');
    fs.writeFileSync(other, 'profile: rhdev-2026-03\nplatform: kubernetes\nnamespace: models\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    expect(main(['synth', '--catalog', other, '--out', out])).toBe(0);
    expect(io.stdout).toContain(`removed, no longer produced: ${path.join(out, 'llm-d.yaml')}\n`);
    expect(Object.keys(snapshot(out))).toEqual(['.model-gateway-output', 'agentgateway-system.yaml', 'kustomization.yaml', 'models.yaml', 'ROUTING.md']);
  });

  it('refuses to overwrite a file it did not write, exit 1, and --force overwrites it', () => {
    const out = path.join(tmp, 'd');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'llm-d.yaml'), '# hand-written\n');
    expect(main(['synth', '--out', out])).toBe(1);
    expect(io.stderr).toBe(`error: '${out}' holds a file synth would overwrite or delete: llm-d.yaml (not written by synth); move it away, or pass --force to overwrite\n`);
    expect(snapshot(out)).toEqual({ 'llm-d.yaml': '# hand-written\n' });
    expect(main(['synth', '--out', out, '--force'])).toBe(0);
    expect(fs.readFileSync(path.join(out, 'llm-d.yaml'), 'utf8')).toContain('kind: InferencePool');
  });

  it('documents --force and the ownership rule in synth --help', () => {
    expect(main(['synth', '--help'])).toBe(0);
    expect(io.stdout).toContain('--force');
    expect(io.stdout).toContain('synth owns only the files it wrote (listed in <dir>/.model-gateway-output)');
  });
});

describe('synth --out attacks', () => {
  it('refuses an empty --out (an unset variable) as a usage error', () => {
    expect(main(['synth', '--out', ''])).toBe(2);
    expect(io.stderr).toContain("option '--out' got an empty value (an unset shell variable?): give a value, e.g. --out dist");
  });

  it('refuses --out / before touching anything', () => {
    expect(main(['synth', '--out', '/'])).toBe(1);
    expect(io.stderr).toBe("error: --out '/' is above the current directory ('" + process.cwd() + "'): synth writes its files into that directory, so give it a directory of its own, e.g. --out dist (or pass --force to write there anyway)\n");
    expect(fs.existsSync('/.model-gateway-output')).toBe(false);
  });

  it('refuses --out . and --out .. beside a catalog, leaving every file in place (run in a scratch directory)', () => {
    const work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'c.yaml'), 'profile: rhdev-2026-03\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    fs.writeFileSync(path.join(work, 'notes.txt'), 'mine');
    const before = snapshot(tmp);
    const dot = cli(['synth', '--catalog', 'c.yaml', '--out', '.'], work);
    expect(dot.status).toBe(1);
    expect(dot.stderr).toContain("error: --out '.' is the current directory");
    const up = cli(['synth', '--catalog', 'c.yaml', '--out', '..'], work);
    expect(up.status).toBe(1);
    expect(up.stderr).toContain("error: --out '..' is above the current directory");
    expect(snapshot(tmp)).toEqual(before);
  });

  it('refuses a read-only target as a non-root user before touching anything, in one sentence', () => {
    const out = path.join(tmp, 'ro');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'old.yaml'), 'old');
    fs.chmodSync(tmp, 0o755);
    fs.chmodSync(out, 0o555);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const r = cli(['synth', '--out', out], ROOT, asNobody);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: permission denied on '${out}': choose a directory you can write to with --out, or give yourself write access to it (chmod u+w)\n`);
    expect(snapshot(out)).toEqual({ 'old.yaml': 'old' });
  });
});
