import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { needsQuotes, toYaml } from '../src/cli/yaml-output';
import { synth } from './helpers';

/** Strings that a YAML 1.1 or 1.2 reader takes for something else when written plain. */
const TRICKY = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', 'FALSE', 'Off', '0o17', '017', '1e3', '1E3', '0x1F', '0b101',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '~', 'null', 'Null', 'NULL', '2024-01-01', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5', '1_000', '12:30', '190:20:30', '1.0', '+1', '-.5', '0x1p-2', 'e0', '.', '-.', '<<', '=', '', ' lead', '#x', '- a', 'a: b'];

/** Reads a YAML stream back as plain data, the way each kind of reader sees it. */
function readAll(text: string, version: '1.1' | '1.2'): unknown[] {
  return YAML.parseAllDocuments(text, { version, merge: version === '1.1', intAsBigInt: false }).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

function roundTrips(docs: unknown[]): void {
  const text = toYaml(docs);
  const expected = JSON.parse(JSON.stringify(docs));
  expect(readAll(text, '1.1')).toEqual(expected);
  expect(readAll(text, '1.2')).toEqual(expected);
}

describe('toYaml', () => {
  it('quotes every string a YAML 1.1 or 1.2 reader would take for another type, as key and as value', () => {
    for (const s of TRICKY) {
      const text = toYaml([{ [s]: s, list: [s] }]);
      roundTrips([{ [s]: s, list: [s] }]);
      if (needsQuotes(s)) expect(text).toContain(`- "${s}"`);
    }
  });

  it('leaves ordinary strings, quantities and durations plain', () => {
    expect(toYaml([{ a: '10Gi', b: '300s', c: 'vllm-qwen3-06b', d: 'Qwen/Qwen3-0.6B', m: 8000, t: true }]))
      .toBe('a: 10Gi\nb: 300s\nc: vllm-qwen3-06b\nd: Qwen/Qwen3-0.6B\nm: 8000\nt: true\n');
  });

  it('writes shared objects in full (no anchors), drops undefined values and never folds long lines', () => {
    const shared = { app: 'x' };
    const long = 'a '.repeat(100).trim();
    const text = toYaml([{ a: shared, b: shared, gone: undefined, long }]);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text).not.toContain('gone');
    expect(text).toContain(`long: ${long}\n`);
  });

  it('takes any number of documents (cdk8s Yaml.stringify(...docs) overflowed the stack at a 30,000-model catalog)', () => {
    const docs = Array.from({ length: 200_000 }, (_, i) => i);
    const text = toYaml(docs);
    expect(text.split('---\n')).toHaveLength(200_000);
    expect(text.endsWith('199999\n')).toBe(true);
  });

  it('round-trips any JSON data through YAML 1.1 and 1.2 readers (property)', () => {
    const str = fc.oneof(fc.constantFrom(...TRICKY), fc.string(), fc.stringMatching(/^[-+.0-9a-fA-FxXoObBeE_:tT ]{1,12}$/));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(str, tie('value'), { maxKeys: 4 })),
    }));
    fc.assert(fc.property(fc.array(json.value, { minLength: 1, maxLength: 3 }), (docs) => {
      // -0 has no JSON form; JSON turns it into 0 on both sides.
      roundTrips(docs.map((d) => JSON.parse(JSON.stringify(d) ?? 'null')));
    }), { numRuns: 300 });
  });

  it('every synthesized file reads back as the objects, for catalogs of generated names (property)', () => {
    const name = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[!-~][ -~]{0,10}[!-~]$/))
      .filter((s) => /^[!-~]([ -~]*[!-~])?$/.test(s) && !s.startsWith('-') && !s.includes('$(')
        // no empty path segment: /v1/models/<name> must carry every public name
        && !s.startsWith('/') && !s.includes('//'));
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 3 }), (names) => {
      const out = synth({ platform: 'kubernetes' as any, models: names.map((n, i) => ({ name: n, pool: `m${i}`, uri: `hf://org/m${i}` })) });
      const reread = [...out.files].filter(([f]) => f.endsWith('.yaml')).flatMap(([, text]) => readAll(text, '1.1'));
      expect(reread).toEqual(JSON.parse(JSON.stringify(out.objects)));
      expect([...out.files].filter(([f]) => f.endsWith('.yaml')).flatMap(([, text]) => readAll(text, '1.2'))).toEqual(reread);
    }), { numRuns: 15 });
  });

  it('every synthesized file reads back (YAML 1.1 and 1.2) as exactly the synthesized objects, for a catalog of tricky names', () => {
    const names = TRICKY.filter((s) => /^[!-~]([ -~]*[!-~])?$/.test(s) && !s.startsWith('-'));
    const out = synth({ platform: 'kubernetes' as any, models: names.map((name, i) => ({ name, pool: `m${i}`, uri: `hf://org/m${i}` })) });
    const byFile = new Map<string, unknown[]>();
    for (const o of out.objects) {
      const file = `${o.metadata.namespace}.yaml`;
      byFile.set(file, [...(byFile.get(file) ?? []), JSON.parse(JSON.stringify(o))]);
    }
    expect([...byFile.keys()].sort()).toEqual([...out.files.keys()].filter((f) => f.endsWith('.yaml')).sort());
    for (const [file, objects] of byFile) {
      expect(readAll(out.files.get(file)!, '1.1')).toEqual(objects);
      expect(readAll(out.files.get(file)!, '1.2')).toEqual(objects);
    }
  });
});
