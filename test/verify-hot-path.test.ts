import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';
import { PROFILES } from '../src/profiles/profiles';
import { nonFiniteNumber } from '../src/util/yaml';
import { loadManifests, readManifests } from '../src/verify/input/manifests';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { celPropertyName } from '../src/verify/schema/cel-rules';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
import { verifyObjects } from '../src/verify/verify';

/** The path-building walk nonFiniteNumber did alone before it looked for a non-finite number first. */
function referenceNonFinite(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return at || '(the document)';
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`]);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v).reverse()) stack.push([child, at ? `${at}.${k}` : k]);
    }
  }
  return undefined;
}

describe('verify hot path: the quick checks give what the full ones gave', () => {
  it('celPropertyName escapes exactly as the four replaces did', () => {
    const reserved = ['namespace', 'in', 'true', 'if', 'var'];
    const full = (n: string) => (reserved.includes(n) ? `__${n}__` : n.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__'));
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z_./-]{0,8}$/), fc.constantFrom(...reserved)), (n) => {
      expect(celPropertyName(n)).toBe(full(n));
    }), { numRuns: 2000 });
  });

  it('nonFiniteNumber finds the same first non-finite number, or none', () => {
    const leaf = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean(), fc.constantFrom(Infinity, -Infinity, Number.NaN));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
      arr: fc.array(tie('v'), { maxLength: 4 }),
      obj: fc.dictionary(fc.string({ maxLength: 2 }), tie('v'), { maxKeys: 4 }),
    })).v;
    let found = 0;
    fc.assert(fc.property(value, (v) => {
      const want = referenceNonFinite(v);
      if (want !== undefined) found++;
      expect(nonFiniteNumber(v)).toBe(want);
    }), { numRuns: 2000 });
    expect(found).toBeGreaterThan(10);
  });
});

describe('verifyObjects indexes the objects once when the graph is the input as given', () => {
  const goldens = fs.readdirSync(path.join(ROOT, 'test', '__snapshots__'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

  it('judges every golden output as when the stack and index are made again from the graph', () => {
    expect(goldens.length).toBeGreaterThan(10);
    for (const g of goldens) {
      const objects = loadManifests([path.join(ROOT, 'test', '__snapshots__', g)]).manifests.map((m) => m.obj);
      const reused = verifyObjects(objects);
      // An explicit validator makes verify choose the stack from the graph's own index.
      const fresh = verifyObjects(objects, SchemaValidator.forSet(PROFILES[reused.stack.profile].schemaSet));
      expect(reused.model.index.objects.length).toBe(objects.length);
      expect(reused.stack).toEqual(fresh.stack);
      expect(reused.problems).toEqual(fresh.problems);
      expect(reused.simulations).toEqual(fresh.simulations);
    }
  });

  it('indexes the graph anew when it differs from the input: a repeated object counts once', () => {
    const objects = loadManifests([path.join(ROOT, 'test', '__snapshots__', 'default')]).manifests.map((m) => m.obj);
    const r = verifyObjects([...objects, objects[0]]);
    expect(r.model.index.objects.length).toBe(objects.length);
    expect(r.objects).toBe(objects.length + 1);
  });
});

describe('reading a manifest file in one buffer', () => {
  it('reads a file of exactly the limit (multi-byte text intact) and refuses one byte more', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-whole-'));
    try {
      const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ü-map}\ndata: {greeting: "grüße, 日本"}\n';
      const file = path.join(dir, 'cm.yaml');
      fs.writeFileSync(file, text);
      const bytes = Buffer.byteLength(text);
      const [m] = loadManifests([file], { maxFileBytes: bytes }).manifests;
      expect(m.obj.data.greeting).toBe('grüße, 日本');
      expect(() => loadManifests([file], { maxFileBytes: bytes - 1 })).toThrow(`${file} is over the limit of ${bytes - 1} bytes per file: split it or leave it out`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the wiring graph lists each route once per Gateway', () => {
  it('keeps one attachment for a route with two parentRefs to the same Gateway, and every distinct route', () => {
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'ns' }, spec: { gatewayClassName: 'agentgateway', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } };
    const route = (name: string, refs: number) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: 'ns' }, spec: { parentRefs: Array.from({ length: refs }, () => ({ name: 'gw' })) } });
    const routes = [route('a', 2), route('b', 1), route('c', 3)];
    const model = new Model(new ObjectIndex([gateway, ...routes]));
    expect(model.attachments.get('ns/gw')!.map((a) => a.route.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(model.intended.get('ns/gw')!.map((a) => a.route.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(model.parents).toHaveLength(6);
  });
});

describe('counting the values of aliased YAML in the same walk that looks for .inf', () => {
  // The document list counts one value, the mapping one, each list one plus its items:
  // 3 + 19 * 5263 = 100,000 values, the smallest budget; one more field passes it.
  const doc = (extra: string) => `a: &x [${Array.from({ length: 5262 }, () => '0').join(', ')}]\nb: [${Array.from({ length: 18 }, () => '*x').join(', ')}]\n${extra}`;

  it('takes exactly the budget and refuses one value more', () => {
    expect(readManifests(doc(''), 'ok.yaml').unreadable).toEqual([]);
    expect(readManifests(doc('c: 1\n'), 'big.yaml').unreadable).toEqual([{ source: 'big.yaml', message: 'expands to more than 100000 values through YAML aliases (an alias bomb?)', fix: 'write it without anchors and aliases' }]);
  });

  it('reports a non-finite number before the count, in the document it is in', () => {
    const text = `${doc('c: 1\n')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {}\nvalue: .inf\n`;
    expect(readManifests(text, 'f.yaml').unreadable).toEqual([{ source: 'f.yaml#2', message: 'holds .inf or .nan at value, which JSON cannot hold, so kubectl refuses the file', fix: 'quote the value at value or write a finite number' }]);
  });
});
