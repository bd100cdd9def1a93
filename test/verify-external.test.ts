import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadManifests, readManifests } from '../src/verify/input/manifests';
import { verifyReport } from '../src/verify/report/report';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

/** Upstream manifests nobody here wrote, beside the worktree when available (see its SOURCES.md). */
const EXTERNAL = path.resolve(ROOT, '..', 'shared', 'external-manifests');
const available = fs.existsSync(path.join(EXTERNAL, 'sets.txt'));

interface ManifestSet { name: string; namespace: string; sed: string; files: string[] }

function sets(): ManifestSet[] {
  return fs.readFileSync(path.join(EXTERNAL, 'sets.txt'), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [name, namespace, sed, files] = l.split('|');
      return { name, namespace: namespace === '-' ? 'default' : namespace, sed, files: files.trim().split(/\s+/) };
    });
}

/** Applies the simple `s<d>from<d>to<d>[g]` scripts sets.txt uses (`; `-separated). */
function sedApply(text: string, script: string): string {
  if (script === '-') return text;
  let out = text;
  for (const cmd of script.split(/;\s*/)) {
    const d = cmd[1];
    const [, from, to, flags] = cmd.split(d);
    out = out.replace(new RegExp(from.replace(/\\\$/g, '\\$'), flags.includes('g') ? 'g' : ''), () => to);
  }
  return out;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'verify', 'output.schema.json'), 'utf8'));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

describe.skipIf(!available)('verify on upstream manifests (../shared/external-manifests)', () => {
  it('verifies every set in sets.txt without crashing; every problem names its file and rule; reports match the JSON schema', () => {
    const summary: Record<string, number> = {};
    for (const set of sets()) {
      const manifests = set.files.flatMap((f) => {
        const files = f.endsWith('/') ? loadManifests([path.join(EXTERNAL, f)]).manifests.map((m) => m.source.replace(/#\d+$/, '')) : [path.join(EXTERNAL, f)];
        return [...new Set(files)].flatMap((file) => readManifests(sedApply(fs.readFileSync(file, 'utf8'), set.sed), path.relative(EXTERNAL, file)).manifests);
      });
      expect(manifests.length, set.name).toBeGreaterThan(0);
      const r = verifyObjects(manifests.map((m) => m.obj), sharedValidator(), set.namespace, { sources: manifests.map((m) => m.source) });
      for (const p of r.problems) {
        expect(p.source, `${set.name}: ${p.kind} ${p.name}`).toMatch(/\.ya?ml#\d+$/);
        expect(p.rule).toBeTruthy();
      }
      const report = verifyReport([set.name], manifests.length, [], r.problems, r);
      expect(validateReport(report) ? [] : validateReport.errors, set.name).toEqual([]);
      summary[set.name] = r.problems.length;
    }
    // Deliberately correct and deliberately broken upstream inputs are told apart.
    expect(summary['gwapi-simple-gateway']).toBe(0);
    expect(summary['gaie13-vllm-gpu']).toBe(0);
    expect(summary['gaie13-conf-httproute_invalid_inferencepool_ref']).toBeGreaterThan(summary['gaie13-conf-inferencepool_accepted']);
  });

  it('reads the whole tree at once: objects, skipped non-Kubernetes YAML, and no unreadable file', () => {
    const loaded = loadManifests([EXTERNAL]);
    expect(loaded.manifests.length).toBeGreaterThan(100);
    expect(loaded.unreadable).toEqual([]);
    const r = verifyObjects(loaded.manifests.map((m) => m.obj), sharedValidator(), 'default', { sources: loaded.manifests.map((m) => m.source) });
    expect(r.objects).toBe(loaded.manifests.length);
    expect(r.problems.every((p) => p.source !== undefined)).toBe(true);
  });
});
