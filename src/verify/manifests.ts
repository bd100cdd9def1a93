import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsyaml from 'js-yaml';

/** One Kubernetes object and where it was read from. */
export interface Manifest {
  readonly obj: any;
  /** `file#document` (1-based). */
  readonly source: string;
}

/** Every object in the `.yaml`, `.yml` and `.json` files under `dir` (recursively, sorted by path). */
export function loadManifestDir(dir: string): Manifest[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`'${dir}' is not a directory of manifests`);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files.flatMap((f) => parseManifests(fs.readFileSync(f, 'utf8'), path.relative(dir, f)));
}

/**
 * Objects of a multi-document YAML (or JSON) text; empty documents are skipped, `List`s
 * flattened. Parsed with js-yaml: on large manifest sets it is several times faster than the
 * `yaml` library the catalog reader uses for its positioned errors.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(text, undefined, { filename: source });
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const out: Manifest[] = [];
  docs.forEach((obj: any, i) => {
    if (obj === null || obj === undefined) return;
    if (typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${source}: document ${i + 1} is not a Kubernetes object`);
    const items = obj.kind && /List$/.test(obj.kind) && Array.isArray(obj.items) ? obj.items : [obj];
    for (const item of items) out.push({ obj: item, source: `${source}#${i + 1}` });
  });
  return out;
}
