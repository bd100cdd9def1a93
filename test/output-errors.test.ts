import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESCRIBED_FS_CODES, fsErrorSentence, userFacingError } from '../src/cli/output-errors';

/** A Node.js-style file-system error. */
function errno(code: string, p?: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: something happened, open '${p}'`);
  err.code = code;
  if (p) err.path = p;
  return err;
}

describe('file-system errors as sentences', () => {
  it.each([
    ['EACCES', 'permission denied on \'/x/dist\': choose a directory you can write to with --out'],
    ['EPERM', 'operation not permitted on \'/x/dist\''],
    ['EROFS', '\'/x/dist\' is on a read-only file system: choose a writable --out'],
    ['ENOSPC', 'no space left on the device holding \'/x/dist\': free some space'],
    ['EDQUOT', 'disk quota exceeded writing \'/x/dist\''],
    ['EBUSY', '\'/x/dist\' is busy'],
    ['ENOTDIR', '\'/x/dist\' is not a directory'],
    ['EISDIR', '\'/x/dist\' is a directory where a file is needed'],
    ['EEXIST', '\'/x/dist\' already exists: move it away'],
    ['ENOENT', 'no such file or directory: \'/x/dist\': check the path'],
    ['ENOTEMPTY', 'directory \'/x/dist\' is not empty'],
    ['ELOOP', '\'/x/dist\' has a symbolic link loop'],
    ['ENAMETOOLONG', 'the path \'/x/dist\' is too long'],
    ['EMFILE', 'too many open files while writing \'/x/dist\''],
    ['ENFILE', 'too many open files while writing \'/x/dist\''],
    ['EXDEV', '\'/x/dist\' is on another file system'],
    ['EIO', 'input/output error on \'/x/dist\''],
  ])('%s names the path and the fix, in one sentence without the code', (code, start) => {
    const msg = userFacingError(errno(code, '/x/dist'), '/fallback').message;
    expect(msg.startsWith(start)).toBe(true);
    expect(msg).not.toContain(code);
    expect(msg).not.toContain('\n');
    expect(msg).toMatch(/: [a-z(]/);
  });

  it('covers every described code, and only those', () => {
    for (const code of DESCRIBED_FS_CODES) expect(fsErrorSentence(code, 'p')).toBeDefined();
    expect(fsErrorSentence('EWHATEVER', 'p')).toBeUndefined();
  });

  it('uses the given path when the error has none, and strips the code from unknown ones', () => {
    expect(userFacingError(errno('EBUSY'), '/out').message).toContain("'/out' is busy");
    const msg = userFacingError(errno('ESTRANGE', '/out/a'), '/out').message;
    expect(msg).toBe("cannot write '/out/a': something happened: check the path and its permissions");
  });

  it('passes other errors through unchanged', () => {
    const err = new Error('catalog is invalid');
    expect(userFacingError(err, '/out')).toBe(err);
    expect(userFacingError('text', '/out').message).toBe('text');
  });

  it('maps a real error from the file system', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'errno-'));
    try {
      const file = path.join(tmp, 'file');
      fs.writeFileSync(file, '');
      let caught: unknown;
      try {
        fs.mkdirSync(path.join(file, 'sub'));
      } catch (err) {
        caught = err;
      }
      expect(userFacingError(caught, tmp).message).toBe(`'${path.join(file, 'sub')}' is not a directory (a file stands where a directory is needed): move that file away, or choose another --out`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
