import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from '@bufbuild/cel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readManifests } from '../src/verify/input/manifests';
import { decodeExpr, encodeExpr, PARSED_RULES_FILE, ParsedRules, parsedRulesFile, Shape } from '../src/verify/schema/cel-parsed';
import { CelRuleEvaluator } from '../src/verify/schema/cel-rules';
import { SchemaValidator, schemaSetDir } from '../src/verify/schema/schema-validator';
import { ROOT } from './helpers';

const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, PARSED_RULES_FILE), 'utf8'));
const storedTexts = Object.keys(shipped.rules);

/** Every YAML file verify's fixtures and goldens hold: rule fixtures and the synthesized outputs. */
function fixtureFiles(): string[] {
  return ['test/rules', 'test/__snapshots__'].flatMap((d) => fs.readdirSync(path.join(ROOT, d), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => path.join(e.parentPath, e.name))).sort();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CEL rules parsed at build time (generated/cel/parsed-rules.json)', () => {
  it('is fresh: regenerating from schemas/ gives the committed bytes', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cel-rules-'));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'cel-rules.ts'), '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const fresh = fs.readFileSync(path.join(out, PARSED_RULES_FILE), 'utf8');
      const committed = fs.readFileSync(path.join(ROOT, PARSED_RULES_FILE), 'utf8');
      // Stale after a schema change: `npm run cel-rules` (or `npm run import`) rewrites it.
      expect(fresh === committed, `${PARSED_RULES_FILE} is stale: run npm run cel-rules`).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('holds every rule of the stored CRDs, each decoding to exactly the tree parse() gives', () => {
    expect(storedTexts.length).toBeGreaterThan(200);
    const stored = new ParsedRules(shipped);
    const different = storedTexts.filter((t) => !isDeepStrictEqual(stored.expr(t), parse(t).expr));
    expect(different).toEqual([]);
    // A fresh tree each time: instrumenting one (in place) leaves the next as stored.
    expect(stored.expr(storedTexts[0])).not.toBe(stored.expr(storedTexts[0]));
  });

  it('round-trips the values a parse tree can hold, and refuses what it cannot', () => {
    const shapes: Shape[] = [];
    const ids = new Map<string, number>();
    const value = { $typeName: 'x', id: 12345678901234567890n, b: new Uint8Array([0, 255]), s: '~tilde', d: [NaN, -0, Infinity, 1.5], u: undefined, k: { case: undefined, value: undefined }, t: true };
    const encoded = JSON.parse(JSON.stringify(encodeExpr(value, shapes, ids)));
    expect(isDeepStrictEqual(decodeExpr(encoded, JSON.parse(JSON.stringify(shapes))), value)).toBe(true);
    expect(() => encodeExpr({ a: null }, shapes, ids)).toThrow('no null');
    expect(() => encodeExpr(new Date(0), shapes, ids)).toThrow('plain objects');
    // A damaged entry is parsed at run time instead.
    expect(new ParsedRules({ format: 1, shapes: [], rules: { 'self.a': [7, 1] } }).expr('self.a')).toBeUndefined();
    expect(new ParsedRules({ format: 99, shapes: [], rules: { 'self.a': 1 } }).size).toBe(0);
  });

  it('leaves out a text that does not parse: it is parsed, and refused, at run time as before', () => {
    const file = parsedRulesFile(['self.a == 1', 'self.a ==', 'self.a == 1'], parse);
    expect(Object.keys(file.rules)).toEqual(['self.a == 1']);
  });

  it('is what the evaluator plans from: a stored tree wins over the text', () => {
    // The stored tree of `self.a == 1` here is that of `self.a == 2`: only the stored path can give true for a == 2.
    const forged = parsedRulesFile(['self.a == 1'], () => ({ expr: parse('self.a == 2').expr }));
    const schema = { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.a == 1', message: 'a must be 1' }] };
    const stats = { evaluated: 0, skippedTransition: 0 };
    expect(new CelRuleEvaluator(new ParsedRules(forged)).evaluate(schema, { a: 2 }, stats)).toEqual([]);
    expect(new CelRuleEvaluator(new ParsedRules(undefined)).evaluate(schema, { a: 2 }, stats)).toEqual([{ field: '', message: 'a must be 1' }]);
  });

  it('gives the same problems and rule counts as parsing at run time, on every verify fixture and golden, in both profiles\' schema sets', () => {
    const objects = fixtureFiles().flatMap((f) => readManifests(fs.readFileSync(f, 'utf8'), path.basename(f)).manifests.map((m) => m.obj));
    expect(objects.length).toBeGreaterThan(1000);
    let cel = 0;
    let evaluated = 0;
    for (const set of ['rhdev-2026-03', 'upstream-2026-08']) {
      const fast = new SchemaValidator(schemaSetDir(set));
      vi.spyOn(ParsedRules, 'shipped').mockReturnValue(new ParsedRules(undefined));
      const slow = new SchemaValidator(schemaSetDir(set));
      vi.restoreAllMocks();
      for (const o of objects) {
        const a = fast.validate(o);
        expect(slow.validate(o)).toEqual(a);
        cel += a.filter((p) => p.rule === 'cel').length;
      }
      expect(slow.stats).toEqual(fast.stats);
      evaluated += fast.stats.evaluated;
    }
    // Not vacuous: rules ran, and some failed.
    expect(evaluated).toBeGreaterThan(1000);
    expect(cel).toBeGreaterThan(0);
  });
});
