import * as fs from 'node:fs';
import * as path from 'node:path';

/** A directory an output directory must not be, nor contain. */
export interface ProtectedDir {
  readonly dir: string;
  /** What it is, for the message, e.g. `the current directory`. */
  readonly what: string;
}

/**
 * `p` with every symbolic link resolved, also when `p` (or its tail) does not exist yet: the
 * longest existing prefix is resolved and the rest appended.
 */
export function realPathLenient(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let dir = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      rest.push(path.basename(dir));
      dir = parent;
    }
  }
}

/** The nearest directory at or above `dir` that holds `.git` (a repository's root), if any. */
export function gitRoot(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/** Whether `a` is `b` or one of its ancestors (both absolute). */
export function isSameOrAbove(a: string, b: string): boolean {
  const rel = path.relative(a, b);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/**
 * The directories synth must not write into (nor above): the current directory, the catalog's
 * directory, and the roots of the git repositories holding either.
 */
export function protectedDirs(cwd: string, catalogFile?: string): ProtectedDir[] {
  const dirs: ProtectedDir[] = [{ dir: cwd, what: 'the current directory' }];
  if (catalogFile) dirs.push({ dir: path.dirname(path.resolve(cwd, catalogFile)), what: "the catalog's directory" });
  for (const d of [...dirs]) {
    const root = gitRoot(d.dir);
    if (root) dirs.push({ dir: root, what: 'the root of a git repository' });
  }
  return dirs;
}

/**
 * Why `out` must not be written to, or `undefined` when it may: it is, or is above, one of
 * `dirs` (compared lexically and with links resolved), or it is itself a git repository's root.
 */
export function refusedOutReason(out: string, dirs: readonly ProtectedDir[], cwd: string = process.cwd()): string | undefined {
  const lexical = path.resolve(cwd, out);
  const real = realPathLenient(lexical);
  const hit = dirs.find((d) => isSameOrAbove(lexical, path.resolve(d.dir)) || isSameOrAbove(real, realPathLenient(d.dir)));
  const why = hit
    ? `${sameDir(lexical, real, hit.dir) ? 'is' : 'is above'} ${hit.what} ('${hit.dir}')`
    : fs.existsSync(path.join(real, '.git')) ? 'is the root of a git repository' : undefined;
  if (!why) return undefined;
  return `--out '${out}' ${why}: synth writes its files into that directory, so give it a directory of its own, e.g. --out dist (or pass --force to write there anyway)`;
}

function sameDir(lexical: string, real: string, dir: string): boolean {
  return lexical === path.resolve(dir) || real === realPathLenient(dir);
}
