import * as fs from 'node:fs';
import * as path from 'node:path';

/** Largest catalog file read: 16 MiB (a 1000-model catalog is well under 1 MiB). */
export const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

const CHUNK = 64 * 1024;

/**
 * Reads a catalog file as text, refusing what is not a regular file (a directory, a device such
 * as `/dev/zero`, a FIFO or socket, also behind a symlink) before reading a byte, and files
 * over {@link MAX_CATALOG_BYTES}, however their size is reported. Never blocks on a FIFO.
 * Errors are sentences with the absolute path and the fix, never an errno code.
 */
export function readCatalogFile(file: string, maxBytes: number = MAX_CATALOG_BYTES): string {
  const abs = path.resolve(file);
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once and is refused below.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw new Error(`cannot read catalog: ${fileSystemError(err, abs)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error(`cannot read catalog: ${abs} is ${kindOf(st)}, not a file: give the path of a YAML or JSON file`);
    const tooBig = () => new Error(`cannot read catalog: ${abs} is larger than the ${formatMiB(maxBytes)} limit for a catalog: is it the right file?`);
    if (st.size > maxBytes) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(CHUNK);
      const n = readChunk(fd, buf, abs);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooBig();
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readChunk(fd: number, buf: Buffer, abs: string): number {
  try {
    return fs.readSync(fd, buf, 0, buf.length, null);
  } catch (err) {
    throw new Error(`cannot read catalog: ${fileSystemError(err, abs)}`);
  }
}

/** A file system error as a sentence with the path and the fix: `no such file: /abs/c.yaml`. */
export function fileSystemError(err: unknown, abs: string): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'ENOENT': return `no such file: ${abs} (check the path)`;
    case 'EACCES':
    case 'EPERM': return `permission denied: ${abs} (make the file readable for this user)`;
    case 'EISDIR': return `${abs} is a directory, not a file: give the path of a YAML or JSON file`;
    case 'ENOTDIR': return `a part of ${abs} is not a directory (check the path)`;
    case 'ELOOP': return `too many levels of symbolic links at ${abs} (check the links)`;
    case 'ENAMETOOLONG': return `the path is too long: ${abs.slice(0, 80)}...`;
    case 'EMFILE':
    case 'ENFILE': return `too many open files while opening ${abs} (close other programs or raise the limit)`;
    case 'EIO': return `input/output error reading ${abs} (check the disk)`;
    default: {
      const text = err instanceof Error ? err.message : String(err);
      return `${text.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '')}: ${abs}`;
    }
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function formatMiB(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
