import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAll } from '../src/util/arrays';
import { nullFreeCopy } from '../src/verify/schema/null-free-copy';

/** The copy the validator made before: a JSON round trip dropping null members of objects. */
const roundTrip = (o: unknown) => JSON.parse(JSON.stringify(o), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) : v));

describe('nullFreeCopy', () => {
  it('gives what the JSON round trip gave, key order included, for any value', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (v) => {
      let before: string | undefined;
      let after: string | undefined;
      try {
        before = JSON.stringify(roundTrip(v));
      } catch {
        before = 'throws';
      }
      try {
        after = JSON.stringify(nullFreeCopy(v));
      } catch {
        after = 'throws';
      }
      expect(after).toBe(before);
    }), { numRuns: 3000 });
  });

  it('drops null members of objects, keeps nulls in arrays, and shares nothing with its input', () => {
    const input = { a: null, b: [null, 1, undefined, Number.NaN], c: { d: null, e: 'x', f: undefined }, ['__proto__']: { g: 1 } } as any;
    Object.defineProperty(input, '__proto__', { value: { g: 1 }, enumerable: true });
    const out = nullFreeCopy(input) as any;
    expect(out).toEqual({ b: [null, 1, null, null], c: { e: 'x' }, ['__proto__']: { g: 1 } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.c).not.toBe(input.c);
  });

  it('throws on a cycle as JSON.stringify does', () => {
    const a: any = { b: {} };
    a.b.a = a;
    expect(() => nullFreeCopy(a)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(nullFreeCopy({ p: shared, q: [shared] })).toEqual({ p: { x: 1 }, q: [{ x: 1 }] });
  });

  it('copies nesting far deeper than the stack allows recursion', () => {
    let deep: any = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { n: deep, z: null } : [deep];
    let out: any = nullFreeCopy(deep);
    let depth = 0;
    while (out.leaf === undefined) {
      expect(Array.isArray(out) ? out.length : Object.keys(out)).toEqual(Array.isArray(out) ? 1 : ['n']);
      out = Array.isArray(out) ? out[0] : out.n;
      depth++;
    }
    expect(depth).toBe(100_000);
  });
});

describe('appendAll', () => {
  it('appends more items than a spread call can take, in order', () => {
    const items = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [0].push(...items)).toThrow(RangeError);
    const target = [-1];
    expect(appendAll(target, items)).toBe(target);
    expect(target.length).toBe(500_001);
    expect(target[0]).toBe(-1);
    expect(target[500_000]).toBe(499_999);
    expect(target.every((x, i) => x === i - 1)).toBe(true);
  });
});
