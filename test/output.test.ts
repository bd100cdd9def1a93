import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from './helpers';
import { snapshot } from './output-helpers';
import { JOURNAL_FILE, LOCK_FILE, RECORD_FILE, STAGING_PREFIX, writeOutput, WriteOutputOptions } from '../src/cli/output';
import { protectedDirs } from '../src/cli/output-guard';
import { acquireLock } from '../src/cli/output-lock';
import { digest, formatRecord, parseRecord, readRecord } from '../src/cli/output-record';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-test-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OPTS: WriteOutputOptions = { generator: 'test-gen', version: '1.2.3' };

function files(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

/** The snapshot without synth's ownership record. */
function withoutRecord(s: Record<string, string>): Record<string, string> {
  const { [RECORD_FILE]: _record, ...rest } = s;
  return rest;
}

describe('writeOutput: ownership', () => {
  it('writes its files and a record of them, and on the next run replaces and removes exactly those', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1', 'b.yaml': 'b1' }), OPTS);
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a1', 'b.yaml': 'b1' });
    expect(readRecord(path.join(out, RECORD_FILE))).toEqual({ generator: 'test-gen', version: '1.2.3', files: { 'a.yaml': digest('a1'), 'b.yaml': digest('b1') } });

    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: [a.yaml]\n');
    fs.mkdirSync(path.join(out, 'overlays'));
    fs.writeFileSync(path.join(out, 'overlays', 'patch.yaml'), 'p');
    const result = writeOutput(out, files({ 'a.yaml': 'a2', 'c.yaml': 'c2' }), OPTS);
    expect(result).toEqual({ dir: out, written: ['a.yaml', 'c.yaml'], removed: ['b.yaml'], recovered: false, kept: ['kustomization.yaml', 'overlays'] });
    expect(withoutRecord(snapshot(out))).toEqual({
      'a.yaml': 'a2', 'c.yaml': 'c2', 'kustomization.yaml': 'resources: [a.yaml]\n', 'overlays': '<dir>', 'overlays/patch.yaml': 'p',
    });
    expect(Object.keys((readRecord(path.join(out, RECORD_FILE)) as any).files)).toEqual(['a.yaml', 'c.yaml']);
  });

  it('writes beside foreign files, but refuses to overwrite one, naming it, and changes nothing; --force overwrites and then owns it', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'k');
    fs.writeFileSync(path.join(out, 'a.yaml'), 'mine, not synth');
    const before = snapshot(out);
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a1', 'b.yaml': 'b1' }), OPTS))).toBe(
      `'${out}' holds a file synth would overwrite or delete: a.yaml (not written by synth); move it away, or pass --force to overwrite`);
    expect(snapshot(out)).toEqual(before);

    writeOutput(out, files({ 'a.yaml': 'a1', 'b.yaml': 'b1' }), { ...OPTS, force: true });
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a1', 'b.yaml': 'b1', 'kustomization.yaml': 'k' });
    writeOutput(out, files({ 'b.yaml': 'b2' }), OPTS);
    expect(withoutRecord(snapshot(out))).toEqual({ 'b.yaml': 'b2', 'kustomization.yaml': 'k' });
  });

  it('treats a file edited since synth wrote it as the user\'s: refuses to overwrite or delete it unless --force', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1', 'b.yaml': 'b1' }), OPTS);
    fs.writeFileSync(path.join(out, 'a.yaml'), 'a1 plus a hand edit');
    fs.writeFileSync(path.join(out, 'b.yaml'), 'b1 plus a hand edit');
    const before = snapshot(out);
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS))).toBe(
      `'${out}' holds files synth would overwrite or delete: a.yaml (edited since synth wrote it), `
      + 'b.yaml (edited since synth wrote it; the new output no longer has it, so synth would delete it); move them away, or pass --force to overwrite');
    expect(snapshot(out)).toEqual(before);
    writeOutput(out, files({ 'a.yaml': 'a2' }), { ...OPTS, force: true });
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a2' });
  });

  it('rewrites a file of its own that the user deleted, and names at most 20 conflicts', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS);
    fs.rmSync(path.join(out, 'a.yaml'));
    writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS);
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a2' });

    const crowded = path.join(tmp, 'crowded');
    fs.mkdirSync(crowded);
    const many = files(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${String(i).padStart(2, '0')}.yaml`, 'x'])));
    for (const name of many.keys()) fs.writeFileSync(path.join(crowded, name), 'foreign');
    const msg = errorOf(() => writeOutput(crowded, many, OPTS));
    expect(msg).toContain('f19.yaml (not written by synth) and 5 more; move them away');
    expect(msg).not.toContain('f20.yaml');
  });

  it('refuses a directory where it writes a file, even with --force', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(path.join(out, 'a.yaml'), { recursive: true });
    for (const force of [false, true]) {
      expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a1' }), { ...OPTS, force }))).toBe(
        `'${path.join(out, 'a.yaml')}' is a directory where synth writes a file: move it away, or choose another --out`);
    }
    expect(snapshot(out)).toEqual({ 'a.yaml': '<dir>' });
  });

  it('refuses an ownership record it cannot trust, unless --force', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, RECORD_FILE), '{"files": {"../../etc/passwd": "sha256:00"}}');
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS))).toBe(
      `the ownership record '${path.join(out, RECORD_FILE)}' is not valid ('../../etc/passwd' is not a plain file name): `
      + `delete it (synth then treats every file in '${out}' as not its own) or pass --force`);
    writeOutput(out, files({ 'a.yaml': 'a1' }), { ...OPTS, force: true });
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a1' });
  });

  it('parses records within limits only', () => {
    expect(parseRecord('x'.repeat(1024 * 1024 + 1))).toBe('it is larger than 1048576 bytes');
    expect(parseRecord('not json')).toBe('it is not JSON');
    expect(parseRecord('[]')).toBe("it has no 'files' map");
    expect(parseRecord(JSON.stringify({ files: Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}`, digest('')])) })))
      .toBe('it lists more than 10000 files');
    expect(parseRecord('{"files": {".hidden": "sha256:00"}}')).toBe("'.hidden' is not a plain file name");
    expect(parseRecord('{"files": {"a.yaml": "md5:00"}}')).toBe("the digest of 'a.yaml' is not sha256:<64 hex digits>");
  });

  it('refuses output file names that are not plain names', () => {
    for (const name of ['../x.yaml', 'sub/x.yaml', '.model-gateway-output', '']) {
      expect(errorOf(() => writeOutput(path.join(tmp, 'dist'), files({ [name]: 'x' }), OPTS))).toContain(`cannot write output file '${name}'`);
    }
    expect(fs.existsSync(path.join(tmp, 'dist'))).toBe(false);
  });
});

describe('writeOutput: where it may write', () => {
  function setup() {
    const repo = path.join(tmp, 'repo');
    const cwd = path.join(repo, 'work');
    const catalogDir = path.join(tmp, 'catalogs');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(cwd);
    fs.mkdirSync(catalogDir);
    fs.writeFileSync(path.join(catalogDir, 'c.yaml'), 'models: []\n');
    fs.writeFileSync(path.join(cwd, 'keep.txt'), 'keep');
    return { repo, cwd, catalogDir, protect: protectedDirs(cwd, path.join(catalogDir, 'c.yaml')) };
  }

  it.each([
    ['the current directory', (s: ReturnType<typeof setup>) => s.cwd, 'is the current directory'],
    ['a parent of it (..)', (s: ReturnType<typeof setup>) => path.join(s.cwd, '..'), 'is above the current directory'],
    ['the file-system root', () => '/', 'is above the current directory'],
    ["the catalog's directory", (s: ReturnType<typeof setup>) => s.catalogDir, "is the catalog's directory"],
    ['the repository root', (s: ReturnType<typeof setup>) => s.repo, 'is above the current directory'],
  ])('refuses --out at %s unless --force, touching nothing', (_what, outOf, phrase) => {
    const s = setup();
    const out = outOf(s);
    const before = snapshot(tmp);
    const msg = errorOf(() => writeOutput(out, files({ 'a.yaml': 'a1' }), { ...OPTS, protect: s.protect }));
    expect(msg).toContain(`--out '${out}' ${phrase}`);
    expect(msg).toContain('give it a directory of its own, e.g. --out dist (or pass --force to write there anyway)');
    expect(snapshot(tmp)).toEqual(before);
  });

  it('refuses a repository root that is not above the current directory, and a symlink to the current directory', () => {
    const s = setup();
    const other = path.join(tmp, 'other-repo');
    fs.mkdirSync(path.join(other, '.git'), { recursive: true });
    expect(errorOf(() => writeOutput(other, files({ 'a.yaml': 'a1' }), { ...OPTS, protect: s.protect }))).toContain(`--out '${other}' is the root of a git repository`);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(s.cwd, link);
    expect(errorOf(() => writeOutput(link, files({ 'a.yaml': 'a1' }), { ...OPTS, protect: s.protect }))).toContain(`--out '${link}' is the current directory`);
  });

  it('with --force writes into the current directory beside the user\'s files, deleting nothing', () => {
    const s = setup();
    writeOutput(s.cwd, files({ 'a.yaml': 'a1' }), { ...OPTS, protect: s.protect, force: true });
    expect(withoutRecord(snapshot(s.cwd))).toEqual({ 'a.yaml': 'a1', 'keep.txt': 'keep' });
  });

  it('allows a directory below the current one', () => {
    const s = setup();
    writeOutput(path.join(s.cwd, 'dist'), files({ 'a.yaml': 'a1' }), { ...OPTS, protect: s.protect });
    expect(withoutRecord(snapshot(path.join(s.cwd, 'dist')))).toEqual({ 'a.yaml': 'a1' });
  });
});

describe('writeOutput: the directory itself', () => {
  it('never replaces the output directory: same inode (a mount point stays mounted), mode and group kept', () => {
    const out = path.join(tmp, 'mnt');
    fs.mkdirSync(out);
    fs.chmodSync(out, 0o2750);
    fs.chownSync(out, process.getuid!(), 4242);
    const before = fs.statSync(out);
    writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS);
    writeOutput(out, files({ 'b.yaml': 'b1' }), OPTS);
    const after = fs.statSync(out);
    expect([after.ino, after.dev, after.mode, after.gid]).toEqual([before.ino, before.dev, before.mode, before.gid]);
    expect(fs.statSync(path.join(out, 'b.yaml')).gid).toBe(4242);
  });

  it('keeps a symlinked --out a symlink and writes into its target', () => {
    const real = path.join(tmp, 'real');
    fs.mkdirSync(real);
    const link = path.join(tmp, 'dist');
    fs.symlinkSync(real, link);
    writeOutput(link, files({ 'a.yaml': 'a1' }), OPTS);
    writeOutput(link, files({ 'a.yaml': 'a2' }), OPTS);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(withoutRecord(snapshot(real))).toEqual({ 'a.yaml': 'a2' });
  });

  it('creates a missing directory, and refuses a file standing in its place or in its path', () => {
    const out = path.join(tmp, 'nested', 'dist');
    writeOutput(out, files({ 'x.yaml': 'x' }), OPTS);
    expect(withoutRecord(snapshot(out))).toEqual({ 'x.yaml': 'x' });
    const file = path.join(tmp, 'file');
    fs.writeFileSync(file, 'data');
    for (const target of [file, path.join(file, 'dist')]) {
      expect(errorOf(() => writeOutput(target, files({ 'x.yaml': 'x' }), OPTS))).toBe(
        `'${file}' is not a directory (a file stands where the output directory should be): move that file away, or choose another --out`);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('data');
  });

  it('keeps the mode of a file it replaces', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS);
    fs.chmodSync(path.join(out, 'a.yaml'), 0o640);
    writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS);
    expect(fs.statSync(path.join(out, 'a.yaml')).mode & 0o777).toBe(0o640);
  });
});

describe('writeOutput: concurrency and recovery', () => {
  it('refuses while another live writer holds the lock, creating nothing', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS);
    const before = snapshot(out);
    const release = acquireLock(out);
    try {
      expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS))).toBe(
        `another synth (pid ${process.pid} on ${os.hostname()}) is writing to '${out}': wait for it to finish and run again, or delete '${path.join(out, LOCK_FILE)}' if no synth is running`);
      expect(Object.keys(snapshot(out)).filter((f) => !(f in before))).toEqual([LOCK_FILE]);
    } finally {
      release();
    }
    expect(snapshot(out)).toEqual(before);
  });

  it('takes over the lock of a writer that is gone, and removes its leftovers', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1' }), OPTS);
    const dead = deadPid();
    fs.writeFileSync(path.join(out, LOCK_FILE), JSON.stringify({ pid: dead, host: os.hostname() }));
    fs.writeFileSync(path.join(out, `${LOCK_FILE}.${dead}`), 'left by a killed writer');
    fs.mkdirSync(path.join(out, `${STAGING_PREFIX}abc123`));
    fs.writeFileSync(path.join(out, `${STAGING_PREFIX}abc123`, 'a.yaml'), 'half');
    writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS);
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a2' });
  });

  it('does not take over a lock from another host, which it cannot check', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'elsewhere' }));
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS))).toContain(`on elsewhere) is writing to '${out}'`);
  });

  it('says a commit that fails half-way is completed by the next run, and the next run completes it', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, files({ 'a.yaml': 'a1', 'b.yaml': 'b1' }), OPTS);
    const staging = `${STAGING_PREFIX}x1`;
    fs.mkdirSync(path.join(out, staging));
    fs.writeFileSync(path.join(out, staging, 'a.yaml'), 'a2');
    fs.writeFileSync(path.join(out, staging, 'b.yaml'), 'b2');
    fs.writeFileSync(path.join(out, staging, RECORD_FILE), formatRecord({ ...OPTS, files: { 'a.yaml': digest('a2'), 'b.yaml': digest('b2') } }));
    fs.writeFileSync(path.join(out, JOURNAL_FILE), JSON.stringify({ staging, write: ['a.yaml', 'b.yaml'], remove: [] }));
    fs.rmSync(path.join(out, 'b.yaml'));
    fs.mkdirSync(path.join(out, 'b.yaml', 'in-the-way'), { recursive: true });
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a3' }), OPTS))).toBe(
      `'${path.join(out, 'b.yaml')}' is a directory where a file is needed: move that directory away, or choose another --out; `
      + `'${out}' is partly updated (every file complete, old or new), and the next synth completes the update`);
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('a2');
    fs.rmSync(path.join(out, 'b.yaml'), { recursive: true });
    const result = writeOutput(out, files({ 'a.yaml': 'a3' }), OPTS);
    expect(result.recovered).toBe(true);
    expect(withoutRecord(snapshot(out))).toEqual({ 'a.yaml': 'a3' });
  });

  it('refuses an invalid journal with the fix', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, JOURNAL_FILE), JSON.stringify({ staging: '../../etc', write: [], remove: [] }));
    expect(errorOf(() => writeOutput(out, files({ 'a.yaml': 'a2' }), OPTS))).toBe(
      `the journal of an interrupted synth '${path.join(out, JOURNAL_FILE)}' is not valid: delete it and any '${STAGING_PREFIX}*' directory beside it, then run synth again`);
  });
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}
