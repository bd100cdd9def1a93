import { parse } from '@bufbuild/cel';
import { describe, expect, it, vi } from 'vitest';
import { parseManifests } from '../src/verify/input/manifests';
import {
  CEL_PER_CALL_LIMIT, CEL_PER_OBJECT_BUDGET, CelBudget, MAX_CEL_AST_DEPTH, MAX_CEL_COMPREHENSION_NESTING, MAX_CEL_EXPRESSION_LENGTH, shapeProblem,
} from '../src/verify/schema/cel-limits';
import { CelRuleEvaluator } from '../src/verify/schema/cel-rules';
import { SchemaValidator } from '../src/verify/schema/schema-validator';

const listSchema = (rule: string) => ({
  type: 'object',
  properties: { l: { type: 'array', items: { type: 'integer' } } },
  'x-kubernetes-validations': [{ rule, message: 'rule failed' }],
});
const list = (n: number) => Array.from({ length: n }, (_, i) => i);
const evaluate = (rule: string, n: number) => new CelRuleEvaluator().evaluate(listSchema(rule), { l: list(n) }, { evaluated: 0, skippedTransition: 0 });

/** `self.l.map(x1, self.l.map(x2, ... 1))`: comprehensions nested `depth` deep. */
const nestedMaps = (depth: number) => {
  let e = '1';
  for (let i = depth; i >= 1; i--) e = `self.l.map(x${i}, ${e})`;
  return `${e}.size() > 0`;
};

describe('CEL rules under explicit cost limits', () => {
  it('refuses nested map calls before evaluating them (the shape check)', () => {
    const rule = nestedMaps(8);
    const [p] = evaluate(rule, 1000);
    expect(p.message).toBe(`rule could not be evaluated (the expression nests comprehensions (map, all, exists, filter) more than ${MAX_CEL_COMPREHENSION_NESTING} deep, so its cost grows as the 5th power of the list sizes): ${rule}`);
    expect(evaluate(nestedMaps(MAX_CEL_COMPREHENSION_NESTING), 2)).toEqual([]);
  });

  it('stops a rule at the per-call cost limit while it runs, as the API server does', () => {
    const rule = 'self.l.all(a, self.l.all(b, self.l.all(c, true)))';
    expect(evaluate(rule, 20)).toEqual([]); // 8,420 iterations: fine
    const [p] = evaluate(rule, 101); // 101 + 101² + 101³ > 1,000,000
    expect(p.message).toBe(`rule could not be evaluated (ran past the per-call cost limit of ${CEL_PER_CALL_LIMIT} (the API server stops it too)): ${rule}`);
  });

  it('chained (not nested) comprehensions are not multiplied', () => {
    expect(shapeProblem(parse('[1].map(a, a).map(b, b).map(c, c).map(d, d).map(e, e).map(f, f).size() == 1').expr)).toBeUndefined();
  });

  it('refuses over-long and over-deep expressions before planning them', () => {
    const long = `self.l.size() >= 0 ${'&& true '.repeat(MAX_CEL_EXPRESSION_LENGTH / 8)}`;
    expect(evaluate(long, 1)[0].message).toMatch(new RegExp(`^rule could not be evaluated \\(the expression is ${long.length} characters long, over the limit of ${MAX_CEL_EXPRESSION_LENGTH}\\): self\\.l\\.size\\(\\) >= 0 && true.{0,200}…$`));
    const deep = `${'['.repeat(MAX_CEL_AST_DEPTH + 10)}1${']'.repeat(MAX_CEL_AST_DEPTH + 10)}.size() > 0`;
    expect(evaluate(deep, 1)[0].message).toMatch(/^rule could not be evaluated \(the expression (nests more than 250 levels deep|nests too deeply to parse)\)/);
    const veryDeep = `${'('.repeat(5000)}true${')'.repeat(5000)}`;
    expect(evaluate(veryDeep, 1)[0].message).toMatch(/^rule could not be evaluated \(/);
  });

  it('counts one budget per object, over all its rules, and one limit per call', () => {
    const b = new CelBudget();
    b.resetObject();
    let ok = 0;
    for (let call = 0; call < 10; call++) {
      b.resetCall();
      for (let i = 0; i < CEL_PER_CALL_LIMIT; i++) if (b.step()) ok++;
    }
    expect(ok).toBe(CEL_PER_OBJECT_BUDGET);
    b.resetCall();
    expect(b.step()).toBe(false);
    expect(b.exceeded).toBe(`ran past the cost budget of ${CEL_PER_OBJECT_BUDGET} for one object's rules (the API server stops it too)`);
    b.resetCall();
    expect(b.step()).toBe(false); // the object's budget stays spent
    b.resetObject();
    b.resetCall();
    expect(b.step()).toBe(true);
  });

  it('an over-limit rule of a user CRD is a problem on the object; the other objects are still checked', () => {
    const crd = parseManifests(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: bombs.example.com}
spec:
  group: example.com
  names: {kind: Bomb, plural: bombs}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              l: {type: array, items: {type: integer}}
            x-kubernetes-validations:
            - rule: "${nestedMaps(6)}"
            - rule: self.l.size() < 3
              message: at most 2 items
`, 'crd.yaml')[0].obj;
    const v = new SchemaValidator();
    v.addCrd(crd, 'crd.yaml');
    const bomb = (name: string, n: number) => ({ apiVersion: 'example.com/v1', kind: 'Bomb', metadata: { name, namespace: 'ns' }, spec: { l: list(n) } });
    const problems = [bomb('a', 200), bomb('b', 1)].map((o) => v.validate(o));
    expect(problems[0].map((p) => [p.object, p.field, p.rule])).toEqual([['ns/a', 'spec', 'cel'], ['ns/a', 'spec', 'cel']]);
    expect(problems[0][0].message).toMatch(/^rule could not be evaluated \(the expression nests comprehensions/);
    expect(problems[0][1].message).toBe('at most 2 items');
    expect(problems[1].map((p) => p.message)).toEqual([problems[0][0].message]);
  });
});

describe('CEL rules: a rule that passed on an equal value is not run again', () => {
  const itemsSchema = (rule: string, type = 'integer') => ({
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'object', properties: { l: { type: 'array', items: { type } } }, 'x-kubernetes-validations': [{ rule, message: 'rule failed' }] } } },
  });
  const stats = () => ({ evaluated: 0, skippedTransition: 0 });

  it('runs it once for equal values, still counting each evaluation', () => {
    const ev = new CelRuleEvaluator();
    const run = vi.spyOn(ev as any, 'run');
    const s = stats();
    const value = { items: Array.from({ length: 50 }, () => ({ l: [1, 2, 3] })) };
    expect(ev.evaluate(itemsSchema('self.l.all(x, x > 0)'), value, s)).toEqual([]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(s.evaluated).toBe(50);
    // A failing value is run (and reported) every time.
    const bad = { items: Array.from({ length: 3 }, () => ({ l: [0] })) };
    expect(ev.evaluate(itemsSchema('self.l.all(x, x > 0)'), bad, stats()).map((p) => p.field)).toEqual(['items[0]', 'items[1]', 'items[2]']);
  });

  it('does not share results below a `type: number` field, where JSON text loses the sign of zero', () => {
    const ev = new CelRuleEvaluator();
    const run = vi.spyOn(ev as any, 'run');
    ev.evaluate(itemsSchema('self.l.all(x, x >= 0.0)', 'number'), { items: [{ l: [0.5] }, { l: [0.5] }] }, stats());
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('charges a remembered pass to the object budget: the budget runs out at the same item as when every value differs', () => {
    // Each evaluation costs about 700 * 700 units: the 10,000,000 budget runs out after about 20 items.
    const rule = 'self.l.all(x, self.l.all(y, true))';
    const n = 700;
    const same = { items: Array.from({ length: 24 }, () => ({ l: list(n) })) };
    const distinct = { items: Array.from({ length: 24 }, (_, i) => ({ l: [i, ...list(n).slice(1)] })) };
    const a = new CelRuleEvaluator().evaluate(itemsSchema(rule), same, stats());
    const b = new CelRuleEvaluator().evaluate(itemsSchema(rule), distinct, stats());
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    expect(a[0].message).toContain(`ran past the cost budget of ${CEL_PER_OBJECT_BUDGET}`);
  });
});
