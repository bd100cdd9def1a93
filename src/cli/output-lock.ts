import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Name of the lock file a writer holds inside the output directory. */
export const LOCK_FILE = '.model-gateway-output.lock';

/** Largest lock file read back (it holds a pid and a host name). */
const MAX_LOCK_BYTES = 4096;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

/** Whether process `pid` on this machine is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    const fd = fs.openSync(lock, 'r');
    try {
      const buf = Buffer.alloc(MAX_LOCK_BYTES);
      const n = fs.readSync(fd, buf, 0, MAX_LOCK_BYTES, 0);
      const o = JSON.parse(buf.subarray(0, n).toString('utf8'));
      return Number.isSafeInteger(o?.pid) && typeof o?.host === 'string' ? { pid: o.pid, host: o.host } : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Whether a lock left by `owner` can be taken over: its process on this host is gone. */
function isStale(owner: LockOwner | undefined): boolean {
  return owner !== undefined && owner.host === os.hostname() && owner.pid !== process.pid && !processAlive(owner.pid);
}

/**
 * Takes the writer's lock on directory `dir` and returns the function that releases it.
 *
 * The lock file is created complete in one step (written under a private name, then hard-linked
 * to {@link LOCK_FILE}, which fails if it exists), so it always names its owner. A lock whose
 * process on this host is gone (a killed synth) is taken over; a live one is an error naming
 * the owner.
 */
export function acquireLock(dir: string): () => void {
  const lock = path.join(dir, LOCK_FILE);
  const mine = `${lock}.${process.pid}`;
  fs.writeFileSync(mine, `${JSON.stringify({ pid: process.pid, host: os.hostname() })}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(mine, lock);
        return () => fs.rmSync(lock, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = readOwner(lock);
        if (attempt === 0 && isStale(owner) && takeOverStale(lock)) continue;
        const who = owner ? `synth (pid ${owner.pid} on ${owner.host})` : 'synth';
        throw new Error(`another ${who} is writing to '${dir}': wait for it to finish and run again, or delete '${lock}' if no synth is running`);
      }
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/**
 * Moves a stale lock aside and removes it. Two writers may find the same stale lock: the move
 * is atomic, and a writer that moved a live lock (taken meanwhile by the other) puts it back.
 * Returns whether the caller may try to lock again.
 */
function takeOverStale(lock: string): boolean {
  const aside = `${lock}.stale.${process.pid}`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return true; // already moved by another writer: try again
  }
  const stale = isStale(readOwner(aside));
  if (!stale) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // someone locked meanwhile; the next attempt reports them
    }
  }
  fs.rmSync(aside, { force: true });
  return stale;
}

/** Removes private lock files (`<lock>.<pid>`) left by killed writers; call while holding the lock. */
export function removeStalePrivateLocks(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const m = name.startsWith(`${LOCK_FILE}.`) ? /^(?:stale\.)?(\d+)$/.exec(name.slice(LOCK_FILE.length + 1)) : null;
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}
