import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../src/verify/input/manifests';
import { verifyReport } from '../src/verify/report/report';
import { verifyObjects } from '../src/verify/verify';
import { expectationLine, externalAvailable, manifestSets, profileLine, verifySet } from './external-corpus';
import { ROOT, sharedValidator } from './helpers';

const EXTERNAL = path.resolve(ROOT, '..', 'shared', 'external-manifests');

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'verify', 'output.schema.json'), 'utf8'));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

/** The expectations file: one line per finding, `#` comments say why (written from reading the manifests). */
const EXPECTATIONS = path.join(ROOT, 'test', 'external-expectations.txt');

describe.skipIf(!externalAvailable)('verify on upstream manifests: every finding expected, none missing', () => {
  it('reports exactly the findings listed in test/external-expectations.txt', () => {
    const expected = fs.readFileSync(EXPECTATIONS, 'utf8').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
    const actual = manifestSets().flatMap((set) => {
      const { result } = verifySet(set);
      return [profileLine(set.name, result), ...result.problems.map((p) => expectationLine(set.name, p))];
    });
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    const want = count(expected);
    const got = count(actual);
    const unexpected = [...got].filter(([l, n]) => n > (want.get(l) ?? 0)).map(([l, n]) => `${l}  (x${n - (want.get(l) ?? 0)})`);
    const missing = [...want].filter(([l, n]) => n > (got.get(l) ?? 0)).map(([l, n]) => `${l}  (x${n - (got.get(l) ?? 0)})`);
    expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
  });
});

describe.skipIf(!externalAvailable)('verify on upstream manifests (../shared/external-manifests)', () => {
  it('verifies every set in sets.txt without crashing; every problem names its file and rule; reports match the JSON schema', () => {
    const summary: Record<string, number> = {};
    for (const set of manifestSets()) {
      const { manifests, result: r } = verifySet(set);
      expect(manifests, set.name).toBeGreaterThan(0);
      for (const p of r.problems) {
        expect(p.source, `${set.name}: ${p.kind} ${p.name}`).toMatch(/\.ya?ml#\d+$/);
        expect(p.rule).toBeTruthy();
      }
      const report = verifyReport([set.name], manifests, [], r.problems, r);
      expect(validateReport(report) ? [] : validateReport.errors, set.name).toEqual([]);
      summary[set.name] = r.problems.length;
    }
    // Deliberately correct and deliberately broken upstream inputs are told apart.
    expect(summary['gwapi-simple-gateway']).toBe(0);
    // GAIE's reference vLLM Deployment: only the surge warning (its default strategy needs a spare GPU).
    expect(summary['gaie13-vllm-gpu']).toBe(1);
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
