import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * Name of the ownership record synth keeps in its output directory: which files it wrote, with
 * their SHA-256. No `.yaml`/`.json` extension, so `kubectl apply -f <dir>` and `verify` pass it by.
 */
export const RECORD_FILE = '.model-gateway-output';

/** Limits on a record read back (it may have been edited by hand, or be something else). */
export const RECORD_LIMITS = { maxBytes: 1024 * 1024, maxFiles: 10_000 } as const;

/** What synth wrote into a directory: file name → `sha256:<hex>` of its content. */
export interface OutputRecord {
  readonly generator: string;
  readonly version: string;
  readonly files: Record<string, string>;
}

/** `sha256:<hex>` of `content`. */
export function digest(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * Whether `name` is a plain file name synth may own: no directory part, no leading dot (those
 * are synth's own bookkeeping), at most 255 characters.
 */
export function isOwnableName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name);
}

/** The record's text: stable key order, so the same output gives the same bytes. */
export function formatRecord(record: OutputRecord): string {
  const files = Object.fromEntries(Object.keys(record.files).sort().map((f) => [f, record.files[f]]));
  return `${JSON.stringify({
    comment: `files written by ${record.generator} synth into this directory; synth replaces or removes exactly these on its next run, and leaves every other file alone`,
    generator: record.generator,
    version: record.version,
    files,
  }, null, 2)}\n`;
}

/**
 * Parses a record's text. Returns the record, or the reason it is not a valid one (too large,
 * not JSON, a file name that is not a plain name, a malformed digest).
 */
export function parseRecord(text: string): OutputRecord | string {
  if (Buffer.byteLength(text) > RECORD_LIMITS.maxBytes) return `it is larger than ${RECORD_LIMITS.maxBytes} bytes`;
  let o: any;
  try {
    o = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (typeof o !== 'object' || o === null || typeof o.files !== 'object' || o.files === null || Array.isArray(o.files)) return "it has no 'files' map";
  const names = Object.keys(o.files);
  if (names.length > RECORD_LIMITS.maxFiles) return `it lists more than ${RECORD_LIMITS.maxFiles} files`;
  const badName = names.find((n) => !isOwnableName(n));
  if (badName !== undefined) return `'${badName.slice(0, 80)}' is not a plain file name`;
  const badDigest = names.find((n) => typeof o.files[n] !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(o.files[n]));
  if (badDigest !== undefined) return `the digest of '${badDigest}' is not sha256:<64 hex digits>`;
  return { generator: String(o.generator ?? ''), version: String(o.version ?? ''), files: { ...o.files } };
}

/**
 * Reads the record at `file`: `undefined` when there is none, the reason when it is invalid.
 * Reads at most {@link RECORD_LIMITS.maxBytes} + 1 bytes.
 */
export function readRecord(file: string): OutputRecord | string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return 'it is not a regular file';
    const buf = Buffer.alloc(RECORD_LIMITS.maxBytes + 1);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return parseRecord(buf.subarray(0, n).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}
