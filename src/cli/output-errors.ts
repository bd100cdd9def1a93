/**
 * File-system errors as one sentence for the user: what went wrong, on which path, and what to
 * do about it. Never a raw errno code (`EACCES`) and never a stack trace.
 */

/** Error codes that have a sentence of their own. */
export const DESCRIBED_FS_CODES = [
  'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EBUSY', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOENT',
  'ENOTEMPTY', 'ELOOP', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'EXDEV', 'EIO',
] as const;

/** The sentence for file-system error `code` on `file`; `undefined` for a code it does not know. */
export function fsErrorSentence(code: string, file: string): string | undefined {
  const p = `'${file}'`;
  switch (code) {
    case 'EACCES': return `permission denied on ${p}: choose a directory you can write to with --out, or give yourself write access to it (chmod u+w)`;
    case 'EPERM': return `operation not permitted on ${p} (owned by another user, immutable or protected): choose another --out, or fix its owner or attributes`;
    case 'EROFS': return `${p} is on a read-only file system: choose a writable --out (in a container, mount the volume read-write)`;
    case 'ENOSPC': return `no space left on the device holding ${p}: free some space, or choose an --out on another device`;
    case 'EDQUOT': return `disk quota exceeded writing ${p}: free some space within your quota, or choose an --out elsewhere`;
    case 'EBUSY': return `${p} is busy (in use by another process, or a mount point that cannot be replaced): close what holds it, or choose another --out`;
    case 'ENOTDIR': return `${p} is not a directory (a file stands where a directory is needed): move that file away, or choose another --out`;
    case 'EISDIR': return `${p} is a directory where a file is needed: move that directory away, or choose another --out`;
    case 'EEXIST': return `${p} already exists: move it away, or choose another --out`;
    case 'ENOENT': return `no such file or directory: ${p}: check the path`;
    case 'ENOTEMPTY': return `directory ${p} is not empty: move its contents away, or choose another --out`;
    case 'ELOOP': return `${p} has a symbolic link loop: fix the link, or choose another --out`;
    case 'ENAMETOOLONG': return `the path ${p} is too long for the file system: choose a shorter --out`;
    case 'EMFILE':
    case 'ENFILE': return `too many open files while writing ${p}: close other programs or raise the open-file limit (ulimit -n), then run again`;
    case 'EXDEV': return `${p} is on another file system than its temporary files: choose an --out that is a plain directory, then run again`;
    case 'EIO': return `input/output error on ${p} (a failing disk or network file system): check the device, or choose another --out`;
    default: return undefined;
  }
}

/**
 * `err` as an `Error` whose message is one sentence for the user: a Node.js file-system error
 * (one with a `code`) becomes {@link fsErrorSentence} on its own path (a rename's destination;
 * `file` when it has none); any other error is returned unchanged.
 */
export function userFacingError(err: unknown, file: string): Error {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!(err instanceof Error) || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code)) {
    return err instanceof Error ? err : new Error(String(err));
  }
  const where = e.dest ?? e.path ?? file; // a rename's destination is where it went wrong
  const sentence = fsErrorSentence(e.code, where)
    ?? `cannot write ${`'${where}'`}: ${e.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}: check the path and its permissions`;
  return new Error(sentence);
}
