/**
 * Writes synth's files into an output directory that may hold other files too (a GitOps
 * folder with a kustomization, a mount point, a symlink), owning only what it wrote.
 *
 * - Ownership: the files written are recorded with their SHA-256 in {@link RECORD_FILE}; the
 *   next run replaces or removes exactly those. Any other file is left alone, and a new file
 *   whose name is taken by a file synth did not write (or one edited since synth wrote it) is
 *   refused unless `force`.
 * - Atomicity per file: everything is staged in a directory inside the output directory (same
 *   file system), then a journal is committed (written, then renamed into place), then each
 *   file is renamed over its old version, stale files are removed and the new record is moved
 *   in. A run killed before the journal leaves the old output; one killed after it is rolled
 *   forward by the next run. Every file is always a complete old or a complete new version.
 *   The output directory itself is never renamed, so its mode, group, symlink or mount stay.
 * - Concurrency: writers take {@link LOCK_FILE}; a second one is refused before it writes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userFacingError } from './output-errors';
import { ProtectedDir, refusedOutReason } from './output-guard';
import { acquireLock, removeStalePrivateLocks } from './output-lock';
import { formatRecord, isOwnableName, OutputRecord, readRecord, RECORD_FILE } from './output-record';

export { LOCK_FILE } from './output-lock';
export { RECORD_FILE } from './output-record';

/** Prefix of the staging directories created inside the output directory. */
export const STAGING_PREFIX = '.model-gateway-output.staging-';
/** The commit journal: present only between commit and the end of the renames. */
export const JOURNAL_FILE = '.model-gateway-output.journal';
/**
 * Test hook: when this environment variable names a step (`staged`, `journal`, `renamed:<n>`,
 * `removed`, `recorded`), the writer kills its own process with SIGKILL right after that step,
 * so tests can crash it at an exact point. Not for any other use.
 */
export const CRASH_HOOK_ENV = 'CDK8S_MODEL_GATEWAY_TEST_CRASH_AT';

/** Most conflicting files named in one message. */
const MAX_NAMED = 20;
/** Largest journal read back (file names are bounded; a bigger one is not ours). */
const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;

/** How to write. */
export interface WriteOutputOptions {
  /** Tool name and version stored in the ownership record. */
  readonly generator: string;
  readonly version: string;
  /** Directories the output must not be, nor be above (see `output-guard`). */
  readonly protect?: readonly ProtectedDir[];
  /** Write into a protected directory, and overwrite files synth did not write or that were edited. */
  readonly force?: boolean;
}

/** What a write did. */
export interface WriteOutputResult {
  /** The output directory, absolute. */
  readonly dir: string;
  /** Files written, in the order given. */
  readonly written: string[];
  /** Files from the previous run that the new output no longer has, now removed. */
  readonly removed: string[];
  /** Whether an interrupted earlier run was completed first. */
  readonly recovered: boolean;
  /** Entries of the directory synth did not write and left alone, sorted. */
  readonly kept: string[];
}

/**
 * A file's content: the text, or its pieces in order (for output too large to hold as one
 * string: each piece is written, hashed and dropped, so only one piece is in memory at a time).
 * `pieces` is called once, when the file is staged.
 */
export type FileContent = string | { readonly pieces: () => Iterable<string> };

/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHUNK_CHARS = 1024 * 1024;

interface Journal {
  readonly staging: string;
  readonly write: string[];
  readonly remove: string[];
}

/**
 * Writes `files` (name → content) into directory `out`, owning only what it writes. Throws,
 * with one sentence naming the path and the fix, when the directory is refused, not writable,
 * locked by another writer, or holds conflicting files; nothing is changed then.
 */
export function writeOutput(out: string, files: ReadonlyMap<string, FileContent>, options: WriteOutputOptions): WriteOutputResult {
  const dir = path.resolve(out);
  const bad = [...files.keys()].find((n) => !isOwnableName(n));
  if (bad !== undefined) throw new Error(`cannot write output file '${bad}': output files need plain names (letters, digits, '.', '_', '-')`);
  if (!options.force) {
    const reason = refusedOutReason(out, options.protect ?? []);
    if (reason) throw new Error(reason);
  }
  try {
    prepareDir(dir);
    const release = acquireLock(dir);
    try {
      return writeLocked(dir, files, options);
    } finally {
      release();
    }
  } catch (err) {
    throw userFacingError(err, dir);
  }
}

/** Checks that `dir` can be written (before touching anything) and creates it if missing. */
function prepareDir(dir: string): void {
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) {
    throw new Error(`'${existing}' is not a directory (a file stands where the output directory should be): move that file away, or choose another --out`);
  }
  fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  if (existing !== dir) fs.mkdirSync(dir, { recursive: true });
}

function writeLocked(dir: string, files: ReadonlyMap<string, FileContent>, options: WriteOutputOptions): WriteOutputResult {
  const recovered = recover(dir);
  const previous = ownedFiles(dir, options.force === true);
  const plan = planChanges(dir, files, previous, options.force === true);

  const staging = fs.mkdtempSync(path.join(dir, STAGING_PREFIX));
  let journal: Journal;
  try {
    const digests: Record<string, string> = {};
    for (const [name, content] of files) {
      digests[name] = writeDurably(path.join(staging, name), content, existingMode(path.join(dir, name)));
    }
    const record: OutputRecord = { generator: options.generator, version: options.version, files: digests };
    writeDurably(path.join(staging, RECORD_FILE), formatRecord(record));
    crashPoint('staged');
    journal = { staging: path.basename(staging), write: [...files.keys()], remove: plan.remove };
    const pending = path.join(staging, '.journal');
    writeDurably(pending, `${JSON.stringify(journal)}\n`);
    fs.renameSync(pending, path.join(dir, JOURNAL_FILE));
    fsyncDir(dir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  crashPoint('journal');
  try {
    rollForward(dir, journal);
  } catch (err) {
    throw interrupted(err, dir);
  }
  const kept = fs.readdirSync(dir).filter((n) => !files.has(n) && !n.startsWith(RECORD_FILE)).sort();
  return { dir, written: [...files.keys()], removed: plan.remove, recovered, kept };
}

/** The files the previous run recorded as its own (none when there is no record). */
function ownedFiles(dir: string, force: boolean): Record<string, string> {
  const file = path.join(dir, RECORD_FILE);
  const record = readRecord(file);
  if (typeof record !== 'string') return record?.files ?? {};
  if (force) return {};
  throw new Error(`the ownership record '${file}' is not valid (${record}): delete it (synth then treats every file in '${dir}' as not its own) or pass --force`);
}

/**
 * Which previous files to remove, after checking that no new file would overwrite, and no
 * removal would delete, a file synth did not write or one edited since it wrote it.
 */
function planChanges(dir: string, files: ReadonlyMap<string, FileContent>, owned: Record<string, string>, force: boolean): { remove: string[] } {
  const conflicts: string[] = [];
  for (const name of files.keys()) {
    const state = fileState(path.join(dir, name), owned[name]);
    if (state === 'directory') throw new Error(`'${path.join(dir, name)}' is a directory where synth writes a file: move it away, or choose another --out`);
    if (state === 'foreign') conflicts.push(`${name} (not written by synth)`);
    if (state === 'edited') conflicts.push(`${name} (edited since synth wrote it)`);
  }
  const remove: string[] = [];
  for (const name of Object.keys(owned).sort()) {
    if (files.has(name)) continue;
    const state = fileState(path.join(dir, name), owned[name]);
    if (state === 'ours' || (force && state === 'edited')) remove.push(name);
    else if (state === 'edited') conflicts.push(`${name} (edited since synth wrote it; the new output no longer has it, so synth would delete it)`);
  }
  if (conflicts.length && !force) {
    const named = conflicts.slice(0, MAX_NAMED).join(', ') + (conflicts.length > MAX_NAMED ? ` and ${conflicts.length - MAX_NAMED} more` : '');
    throw new Error(`'${dir}' holds ${conflicts.length === 1 ? 'a file' : 'files'} synth would overwrite or delete: ${named}; move ${conflicts.length === 1 ? 'it' : 'them'} away, or pass --force to overwrite`);
  }
  return { remove };
}

/** How the entry at `file` relates to what synth recorded (`recorded`: its digest, if owned). */
function fileState(file: string, recorded: string | undefined): 'absent' | 'ours' | 'edited' | 'foreign' | 'directory' {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  if (st.isDirectory()) return 'directory';
  if (recorded === undefined) return 'foreign';
  return st.isFile() && hashFile(file) === recorded ? 'ours' : 'edited';
}

/** SHA-256 of a file, read in 1 MiB chunks (a file swapped in by hand may be huge). */
function hashFile(file: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Finishes an interrupted run: rolls a committed journal forward, removes uncommitted staging. */
function recover(dir: string): boolean {
  removeStalePrivateLocks(dir);
  const journalFile = path.join(dir, JOURNAL_FILE);
  const journal = readJournal(journalFile);
  if (journal) {
    try {
      rollForward(dir, journal);
    } catch (err) {
      throw interrupted(err, dir);
    }
  }
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  return journal !== undefined;
}

function readJournal(file: string): Journal | undefined {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_JOURNAL_BYTES) throw new Error('too large');
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalidJournal(file);
  }
  let j: any;
  try {
    j = JSON.parse(text);
  } catch {
    throw invalidJournal(file);
  }
  const names = (a: unknown) => Array.isArray(a) && a.every((n) => typeof n === 'string' && isOwnableName(n));
  const stagingOk = typeof j?.staging === 'string' && j.staging.startsWith(STAGING_PREFIX) && /^[A-Za-z0-9._-]+$/.test(j.staging);
  if (!stagingOk || !names(j.write) || !names(j.remove)) throw invalidJournal(file);
  return { staging: j.staging, write: j.write, remove: j.remove };
}

/**
 * A failure while files are being moved into place: the journal stays, so the next run
 * finishes the job; the message says so after the cause.
 */
function interrupted(err: unknown, dir: string): Error {
  const cause = userFacingError(err, dir).message;
  return new Error(`${cause}; '${dir}' is partly updated (every file complete, old or new), and the next synth completes the update`);
}

function invalidJournal(file: string): Error {
  return new Error(`the journal of an interrupted synth '${file}' is not valid: delete it and any '${STAGING_PREFIX}*' directory beside it, then run synth again`);
}

/** Moves the staged files into place, removes stale ones, installs the record, drops the journal. */
function rollForward(dir: string, journal: Journal): void {
  const staging = path.join(dir, journal.staging);
  journal.write.forEach((name, i) => {
    moveIfStaged(path.join(staging, name), path.join(dir, name));
    crashPoint(`renamed:${i + 1}`);
  });
  for (const name of journal.remove) removeFile(path.join(dir, name));
  crashPoint('removed');
  moveIfStaged(path.join(staging, RECORD_FILE), path.join(dir, RECORD_FILE));
  fsyncDir(dir);
  crashPoint('recorded');
  fs.rmSync(path.join(dir, JOURNAL_FILE), { force: true });
  fsyncDir(dir);
  fs.rmSync(staging, { recursive: true, force: true });
}

function moveIfStaged(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // moved already
  }
}

function removeFile(file: string): void {
  try {
    if (!fs.lstatSync(file).isDirectory()) fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function existingMode(file: string): number | undefined {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? st.mode & 0o777 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `content` to a new file and flushes it to disk before returning; returns the content's
 * digest (as `digest` computes it), hashed from the bytes written.
 */
function writeDurably(file: string, content: FileContent, mode?: number): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'wx');
  try {
    const put = (text: string) => {
      const buf = Buffer.from(text, 'utf8');
      hash.update(buf);
      for (let off = 0; off < buf.length;) off += fs.writeSync(fd, buf, off, buf.length - off);
    };
    if (typeof content === 'string') {
      put(content);
    } else {
      let pending: string[] = [];
      let size = 0;
      for (const piece of content.pieces()) {
        pending.push(piece);
        size += piece.length;
        if (size >= WRITE_CHUNK_CHARS) {
          let chunk = pending.join('');
          // a surrogate pair split across pieces is encoded whole, with the next chunk
          const last = chunk.charCodeAt(chunk.length - 1);
          const held = last >= 0xd800 && last <= 0xdbff ? chunk.slice(-1) : '';
          if (held) chunk = chunk.slice(0, -1);
          put(chunk);
          pending = held ? [held] : [];
          size = held.length;
        }
      }
      if (pending.length) put(pending.join(''));
    }
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported on every platform and file system; the renames are atomic regardless
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function crashPoint(step: string): void {
  if (process.env[CRASH_HOOK_ENV] === step) process.kill(process.pid, 'SIGKILL');
}
