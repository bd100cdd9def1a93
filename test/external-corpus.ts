import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifests, readManifests } from '../src/verify/input/manifests';
import { Problem } from '../src/verify/report/problem';
import { verifyObjects, VerifyResult } from '../src/verify/verify';

// No import of ./helpers (it loads vitest): scripts read this module too.
const ROOT = path.resolve(__dirname, '..');

/** Upstream manifests nobody here wrote, beside the worktree when available (see its SOURCES.md). */
export const EXTERNAL = path.resolve(ROOT, '..', 'shared', 'external-manifests');
export const externalAvailable = fs.existsSync(path.join(EXTERNAL, 'sets.txt'));

/** One line of sets.txt: files applied together, the namespace and a sed script. */
export interface ManifestSet { readonly name: string; readonly namespace: string; readonly sed: string; readonly files: string[] }

export function manifestSets(): ManifestSet[] {
  return fs.readFileSync(path.join(EXTERNAL, 'sets.txt'), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [name, namespace, sed, files] = l.split('|');
      return { name, namespace: namespace === '-' ? 'default' : namespace, sed, files: files.trim().split(/\s+/) };
    });
}

/** Applies the simple `s<d>from<d>to<d>[g]` scripts sets.txt uses (`; `-separated). */
export function sedApply(text: string, script: string): string {
  if (script === '-') return text;
  let out = text;
  for (const cmd of script.split(/;\s*/)) {
    const d = cmd[1];
    const [, from, to, flags] = cmd.split(d);
    out = out.replace(new RegExp(from.replace(/\\\$/g, '\\$'), flags.includes('g') ? 'g' : ''), () => to);
  }
  return out;
}

/** Verifies one set as the upstream project applies it, against the profile its objects show (or the default). */
export function verifySet(set: ManifestSet): { manifests: number; result: VerifyResult } {
  const manifests = set.files.flatMap((f) => {
    const files = f.endsWith('/') ? loadManifests([path.join(EXTERNAL, f)]).manifests.map((m) => m.source.replace(/#\d+$/, '')) : [path.join(EXTERNAL, f)];
    return [...new Set(files)].flatMap((file) => readManifests(sedApply(fs.readFileSync(file, 'utf8'), set.sed), path.relative(EXTERNAL, file)).manifests);
  });
  return { manifests: manifests.length, result: verifyObjects(manifests.map((m) => m.obj), undefined, set.namespace, { sources: manifests.map((m) => m.source) }) };
}

/** The profile a set was judged against, as one expectations line: `set | profile <name> <flag|detected|default>`. */
export function profileLine(set: string, r: VerifyResult): string {
  return `${set} | profile ${r.stack.profile} ${r.stack.chosenBy}`;
}

/** A finding as one expectations line: `set | severity rule | Kind ns/name | field`. */
export function expectationLine(set: string, p: Problem): string {
  return `${set} | ${p.severity ?? 'error'} ${p.rule} | ${p.kind || '<file>'} ${p.namespace ? `${p.namespace}/` : ''}${p.name || p.source} | ${p.field || '(object)'}`;
}
