import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces directory `out` with what `fill` writes, all or nothing.
 *
 * `fill` writes into a fresh staging directory next to `out` (same file system, so the final
 * rename is atomic). If `fill` throws, the staging directory is removed and `out` is left
 * exactly as it was. Only on success is `out` swapped for the staging directory.
 */
export function replaceDirAtomically(out: string, fill: (staging: string) => void): void {
  const target = path.resolve(out);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new Error(`output '${out}' exists and is not a directory: choose another --out`);
  }
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  fs.chmodSync(staging, 0o777 & ~process.umask()); // mkdtemp creates 0700; match a normal mkdir
  try {
    fill(staging);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const previous = `${staging}.previous`;
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(staging, target);
  fs.rmSync(previous, { recursive: true, force: true });
}
