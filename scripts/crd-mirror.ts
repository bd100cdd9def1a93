/**
 * The local mirror of pinned upstream files: every file under a directory and its
 * sub-folders, found by git blob id (so a file's name or folder does not matter).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitBlobId } from './crd-transforms';

/** Bounds for walking a mirror: a mirror is a few dozen CRD files in a few folders. */
export const MIRROR_LIMITS = { maxDepth: 4, maxFiles: 2000, maxFileBytes: 16 * 1024 * 1024 };

/**
 * Maps the git blob id of every regular file under `dir` (sub-folders included, symbolic links
 * and dot-entries skipped) to its path. Deterministic: entries are visited in sorted order and
 * the first path wins for duplicate contents. A missing directory gives an empty map.
 */
export function indexMirror(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  let files = 0;
  const visit = (d: string, depth: number) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < MIRROR_LIMITS.maxDepth) visit(p, depth + 1);
      } else if (e.isFile()) {
        if (++files > MIRROR_LIMITS.maxFiles) {
          throw new Error(`mirror '${dir}' holds more than ${MIRROR_LIMITS.maxFiles} files: point --mirror at the folder of pinned CRD files`);
        }
        if (fs.statSync(p).size > MIRROR_LIMITS.maxFileBytes) continue;
        const blob = gitBlobId(fs.readFileSync(p));
        if (!found.has(blob)) found.set(blob, p);
      }
    }
  };
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) visit(dir, 0);
  return found;
}
