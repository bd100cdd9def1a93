import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { find } from './helpers';
import { ListingServer, shardNames } from '../src/constructs/listing-server';
import { StackProfile } from '../src/profiles/stack-profile';
import { ListedName } from '../src/util/openai';
import { ingressPoliciesFor, NETWORK_POLICY, restrictsIngress, selectorMatches } from '../src/verify/model/network-policy';
import { ObjectIndex } from '../src/verify/model/object-index';
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

describe('ListingServer names given one model at a time', () => {
  const names: ListedName[] = Array.from({ length: 6000 }, (_, i) => ({ id: `organization-${i % 97}/model-with-a-longer-name-${i}`, base: `organization-${i % 97}/base`, adapter: i % 5 === 0 }));

  it('packs the same shards and writes the same objects as all names given at once', () => {
    const once = Testing.chart();
    new ListingServer(once, 'listing', { name: 'gw-models', namespace: 'llm-d', profile: StackProfile.UPSTREAM_2026_08 }).setNames(names, 1);
    const growing = Testing.chart();
    const server = new ListingServer(growing, 'listing', { name: 'gw-models', namespace: 'llm-d', profile: StackProfile.UPSTREAM_2026_08 });
    const given: ListedName[] = [];
    for (const n of names) {
      given.push(n);
      server.setNames(given, 1);
    }
    const objects = Testing.synth(growing);
    expect(objects.filter((o) => o.metadata.name.startsWith('gw-models-data-')).length).toBe(shardNames(names, 1).length);
    expect(shardNames(names, 1).length).toBeGreaterThan(1);
    expect(JSON.stringify(objects)).toBe(JSON.stringify(Testing.synth(once)));
  });

  it('starts over when the names given are not the earlier ones with more appended', () => {
    const chart = Testing.chart();
    const server = new ListingServer(chart, 'listing', { name: 'gw-models', namespace: 'llm-d', profile: StackProfile.UPSTREAM_2026_08 });
    server.setNames(names.slice(0, 10), 1);
    server.setNames(names.slice(20, 25), 1);
    const jsonl = find(Testing.synth(chart), 'ConfigMap', 'gw-models-data-1').data['models-000001.jsonl'];
    expect(jsonl.trim().split('\n').map((l: string) => JSON.parse(l).id)).toEqual(names.slice(20, 25).map((n) => n.id));
  });
});

describe('ingressPoliciesFor', () => {
  /** What it returned before: every policy of the index, filtered one by one. */
  const scan = (index: ObjectIndex, ns: string, labels: Record<string, string>) => index.all(NETWORK_POLICY)
    .filter((p) => (p.metadata?.namespace ?? '') === ns && restrictsIngress(p) && selectorMatches(p.spec?.podSelector, labels));
  const policy = (name: string, ns: string, podSelector: any, policyTypes?: string[]) =>
    ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec: { podSelector, ...(policyTypes ? { policyTypes } : {}) } });

  it('finds exactly the policies a scan of every policy finds, in object order', () => {
    const objects = [
      policy('all', 'a', {}),
      policy('by-app', 'a', { matchLabels: { app: 'x' } }),
      policy('by-two', 'a', { matchLabels: { tier: 'web', app: 'x' } }),
      policy('egress-only', 'a', { matchLabels: { app: 'x' } }, ['Egress']),
      policy('expr', 'a', { matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'y'] }] }),
      policy('other-ns', 'b', { matchLabels: { app: 'x' } }),
      policy('numeric', 'a', { matchLabels: { app: 1 } }),
      policy('mixed', 'a', { matchLabels: { n: 2, app: 'y' } }),
      policy('none', 'a', undefined),
      policy('by-app-2', 'a', { matchLabels: { app: 'x' } }),
    ];
    const index = new ObjectIndex(objects);
    const pods: Record<string, string>[] = [{ app: 'x' }, { app: 'x', tier: 'web' }, { app: 'y' }, { app: 'y', n: '2' }, {}, { tier: 'web' }];
    for (const ns of ['a', 'b', 'c']) {
      for (const labels of pods) expect(ingressPoliciesFor(index, ns, labels).map((p) => p.metadata.name)).toEqual(scan(index, ns, labels).map((p) => p.metadata.name));
    }
    expect(ingressPoliciesFor(index, 'a', { app: 'x', tier: 'web' }).map((p) => p.metadata.name)).toEqual(['all', 'by-app', 'by-two', 'expr', 'by-app-2']);
  });

  it('finds each pool\'s policies among 30,000 without judging every policy for every pod', () => {
    const objects = Array.from({ length: 30000 }, (_, i) => policy(`p-${i}`, 'llm-d', { matchLabels: { 'inference.networking.k8s.io/pool': `pool-${i}`, 'app.kubernetes.io/part-of': 'gw' } }));
    const index = new ObjectIndex(objects);
    expect(ingressPoliciesFor(index, 'llm-d', { 'inference.networking.k8s.io/pool': 'pool-29999', 'app.kubernetes.io/part-of': 'gw' }).map((p) => p.metadata.name)).toEqual(['p-29999']);
    // The first policy's selector, read from now on only when that policy is a candidate.
    let reads = 0;
    const selector = objects[0].spec.podSelector;
    Object.defineProperty(objects[0].spec, 'podSelector', { get: () => (reads++, selector) });
    for (let i = 1; i < 1000; i++) ingressPoliciesFor(index, 'llm-d', { 'inference.networking.k8s.io/pool': `pool-${i}`, 'app.kubernetes.io/part-of': 'gw' });
    expect(reads).toBe(0);
    expect(ingressPoliciesFor(index, 'llm-d', { 'inference.networking.k8s.io/pool': 'pool-0', 'app.kubernetes.io/part-of': 'gw' }).map((p) => p.metadata.name)).toEqual(['p-0']);
    expect(reads).toBe(1);
  });
});
