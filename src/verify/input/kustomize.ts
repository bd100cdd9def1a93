import * as path from 'node:path';
import { MANIFEST_YAML_LIMITS, parseYamlDocuments } from '../../util/yaml';

/**
 * Files a kustomization uses as something other than whole objects: patches (strategic merge
 * or JSON 6902), replacements, and transformer, generator or validator configurations. They
 * hold partial objects or plugin settings, so verifying them as objects would report false
 * problems (a strategic-merge patch lacks required fields by design).
 */
export interface KustomizeRoles {
  /** Resolved file path → what the kustomization uses it as. */
  readonly roles: Map<string, string>;
}

const LISTS: ReadonlyArray<readonly [string, string]> = [
  ['patchesStrategicMerge', 'kustomize patch'],
  ['transformers', 'kustomize transformer configuration'],
  ['generators', 'kustomize generator configuration'],
  ['validators', 'kustomize validator configuration'],
];
const PATH_ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ['patches', 'kustomize patch'],
  ['patchesJson6902', 'kustomize patch'],
  ['replacements', 'kustomize replacement'],
];

/**
 * The files the kustomization in `file` (text `text`) names as patches and configurations,
 * resolved against its folder, with the role of each. Unreadable kustomizations name nothing
 * (kustomize itself will report them).
 */
export function kustomizeFileRoles(file: string, text: string): Map<string, string> {
  const out = new Map<string, string>();
  const docs = parseYamlDocuments(text, MANIFEST_YAML_LIMITS);
  const doc: any = docs.length === 1 ? docs[0].value : undefined;
  if (!doc || typeof doc !== 'object') return out;
  const dir = path.dirname(file);
  const add = (p: unknown, role: string) => {
    // Inline patches and remote references are not files here.
    if (typeof p !== 'string' || p.includes('\n') || /^[a-z]+:\/\//i.test(p)) return;
    out.set(path.resolve(dir, p), role);
  };
  for (const [key, role] of LISTS) {
    if (Array.isArray(doc[key])) for (const p of doc[key]) add(p, role);
  }
  for (const [key, role] of PATH_ENTRIES) {
    if (Array.isArray(doc[key])) for (const e of doc[key]) add(e?.path, role);
  }
  return out;
}
