import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Path of a file shipped with the package (`schemas/index.json`, `catalog/default.yaml`),
 * found by walking up from this module: the same code runs from `src/` under tsx and from
 * `lib/src/` when compiled.
 */
export function packageFile(relative: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found above ${__dirname}: the package is incomplete`);
    dir = parent;
  }
}

/** The package version, from the package.json shipped beside the code. */
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(packageFile('package.json'), 'utf8')).version;
}
