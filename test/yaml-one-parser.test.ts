import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(__dirname, '..', 'src');

/** Every TypeScript file under `dir`, relative to the project root, sorted. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [path.relative(path.join(SRC, '..'), p).split(path.sep).join('/')] : [];
  }).sort();
}

/** The files under src/ that import `pkg`. */
function importersOf(pkg: string): string[] {
  const imports = new RegExp(`(from|require\\()\\s*['"]${pkg.replace(/[-/]/g, '\\$&')}['"]`);
  return sources(SRC).filter((f) => imports.test(fs.readFileSync(path.join(SRC, '..', f), 'utf8')));
}

describe('one YAML parser at run time', () => {
  it('reads YAML only through js-yaml in src/util (manifests, kustomize files and the catalog alike)', () => {
    expect(importersOf('js-yaml')).toEqual(['src/util/yaml-schema.ts', 'src/util/yaml.ts']);
  });

  it('uses the `yaml` package only to write output', () => {
    expect(importersOf('yaml')).toEqual(['src/cli/yaml-output.ts']);
    expect(fs.readFileSync(path.join(SRC, 'cli', 'yaml-output.ts'), 'utf8')).not.toMatch(/\b(parse|parseDocument|parseAllDocuments|Composer|Parser|Lexer)\b\s*\(/);
  });
});
