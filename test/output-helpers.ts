import * as fs from 'node:fs';
import * as path from 'node:path';

/** Two file sets for the kill tests: shared names plus names only one set has; every content distinct. */
export function ownedSet(tag: 'A' | 'B'): Map<string, string> {
  const files = new Map<string, string>();
  const body = (name: string) => `${tag}:${name}:${'x'.repeat(64 * 1024)}\n`;
  for (let i = 0; i < 8; i++) files.set(`common-${i}.yaml`, body(`common-${i}`));
  for (let i = 0; i < 8; i++) files.set(`${tag.toLowerCase()}-${i}.yaml`, body(`${tag.toLowerCase()}-${i}`));
  return files;
}

/** Every entry of `dir` (recursively), file → content, directory → '<dir>', symlink → '-> target'. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const key = prefix + e.name;
      if (e.isSymbolicLink()) out[key] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[key] = '<dir>';
        walk(p, `${key}/`);
      } else out[key] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
