import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceDirAtomically } from '../src/output';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-test-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('replaceDirAtomically', () => {
  it('replaces the whole directory on success, dropping stale files', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'stale.yaml'), 'old');
    replaceDirAtomically(out, (staging) => fs.writeFileSync(path.join(staging, 'new.yaml'), 'new'));
    expect(snapshotDir(out)).toEqual({ 'new.yaml': 'new' });
    expect(fs.readdirSync(tmp)).toEqual(['dist']);
    expect(fs.statSync(out).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  it('leaves an existing directory exactly as it was when filling fails half-way', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'a.yaml'), 'keep me');
    expect(() => replaceDirAtomically(out, (staging) => {
      fs.writeFileSync(path.join(staging, 'half.yaml'), 'partial');
      throw new Error('bad catalog');
    })).toThrow('bad catalog');
    expect(snapshotDir(out)).toEqual({ 'a.yaml': 'keep me' });
    expect(fs.readdirSync(tmp)).toEqual(['dist']);
  });

  it('creates the directory when it does not exist, and refuses a file in its place', () => {
    const out = path.join(tmp, 'nested', 'dist');
    replaceDirAtomically(out, (staging) => fs.writeFileSync(path.join(staging, 'x.yaml'), 'x'));
    expect(snapshotDir(out)).toEqual({ 'x.yaml': 'x' });
    const file = path.join(tmp, 'file');
    fs.writeFileSync(file, 'data');
    expect(() => replaceDirAtomically(file, () => undefined)).toThrow(`output '${file}' exists and is not a directory: choose another --out`);
    expect(fs.readFileSync(file, 'utf8')).toBe('data');
  });
});
