import { describe, expect, it } from 'vitest';
import { verifyObjects } from '../src/verify/verify';
import { DEFAULT_CATALOG, sharedValidator } from './helpers';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';

/** Every path to an array or object inside `o` (`spec.rules.0.matches`), depth-first. */
function containerPaths(o: any, prefix: string[] = []): string[][] {
  if (o === null || typeof o !== 'object') return [];
  const out: string[][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object') out.push([...prefix, k], ...containerPaths(v, [...prefix, k]));
  }
  return out;
}

function replaced(o: any, at: string[], value: unknown): any {
  const copy = structuredClone(o);
  let cur = copy;
  for (const k of at.slice(0, -1)) cur = cur[k];
  cur[at[at.length - 1]] = value;
  return copy;
}

const objects = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects;
/** Values an unrendered template or a hand edit leaves where a list or mapping belongs. */
const GARBAGE: unknown[] = ['${TARGET_PORTS}', 8000, null, true];

describe('verify on malformed objects (unrendered templates, hand edits)', () => {
  it('never crashes and every rule finishes, whatever list or mapping is replaced by a string, number, null or boolean', () => {
    let cases = 0;
    const stuck: string[] = [];
    for (const [i, o] of objects.entries()) {
      if (o.kind === 'ConfigMap') continue;
      for (const at of containerPaths(o)) {
        for (const value of GARBAGE) {
          const input = objects.map((x, j) => (j === i ? replaced(x, at, value) : x));
          const r = verifyObjects(input, sharedValidator());
          for (const p of r.problems.filter((x) => /could not (finish|run)/.test(x.message))) stuck.push(`${o.kind}/${o.metadata.name} ${at.join('.')}=${JSON.stringify(value)}: ${p.message}`);
          cases++;
        }
      }
    }
    expect(stuck).toEqual([]);
    expect(cases).toBeGreaterThan(500);
  });

  it('one malformed object gets its schema message, and a fault elsewhere is still reported', () => {
    const pool = objects.findIndex((o) => o.kind === 'InferencePool');
    const route = objects.findIndex((o) => o.kind === 'HTTPRoute' && o.metadata.name !== objects[pool].metadata.name);
    const input = objects.map((o, j) => {
      if (j === pool) return replaced(o, ['spec', 'targetPorts'], '${TARGET_PORTS}');
      if (j === route) return replaced(o, ['spec', 'parentRefs', '0', 'name'], 'no-such-gateway');
      return o;
    });
    const r = verifyObjects(input, sharedValidator());
    const rules = r.problems.map((p) => `${p.rule} ${p.kind}/${p.name}`);
    expect(rules).toContain(`schema-valid InferencePool/${objects[pool].metadata.name}`);
    expect(rules).toContain(`httproute-parent-exists HTTPRoute/${objects[route].metadata.name}`);
    // Nothing else is said about the malformed pool.
    expect(r.problems.filter((p) => p.kind === 'InferencePool' && p.rule !== 'schema-valid')).toEqual([]);
  });
});
