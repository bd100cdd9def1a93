import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifests } from '../src/verify/input/manifests';
import { MAX_NULL_VALUES, nullCheckCache, NullValue, nullValues } from '../src/verify/schema/null-values';
import { ROOT } from './helpers';

/**
 * The null check as first written (a fresh list of schemas per value, no caching): the oracle
 * the cached walk (schema nodes built once, paths joined only for a finding) must agree with.
 */
function reference(value: unknown, schema: any, resolve: (ref: string) => any): NullValue[] {
  const out: NullValue[] = [];
  const containers = new Set(['io.k8s.api.core.v1.Container', 'io.k8s.api.core.v1.EphemeralContainer'].map((d) => resolve(`#/definitions/${d}`)).filter((d) => d && typeof d === 'object'));
  const branches = (s: any, depth = 0): any[] => {
    if (!s || typeof s !== 'object' || depth > 8) return [];
    const t = typeof s.$ref === 'string' ? resolve(s.$ref) : s;
    if (!t || typeof t !== 'object') return [];
    return [t, ...['anyOf', 'oneOf', 'allOf'].flatMap((k) => (Array.isArray(t[k]) ? t[k] : [])).flatMap((a: any) => branches(a, depth + 1))];
  };
  const scalar = (schemas: any[]): string | undefined => {
    const types = new Set<string>();
    for (const s of schemas) {
      if (s['x-kubernetes-int-or-string']) { types.add('integer'); types.add('string'); }
      if (typeof s.type === 'string') types.add(s.type);
    }
    if (types.has('object') || types.has('array') || types.size === 0) return undefined;
    const scalars = [...types].filter((t) => ['string', 'number', 'integer', 'boolean'].includes(t));
    return scalars.length ? `a${/^[aeiou]/.test(scalars[0]) ? 'n' : ''} ${scalars.join(' or ')}` : undefined;
  };
  const walk = (v: unknown, schemas: any[], field: string, isItem: boolean, argv: boolean): void => {
    if (out.length >= MAX_NULL_VALUES || schemas.length === 0) return;
    if (v === null) {
      if (schemas.some((s) => s.nullable === true)) return;
      if (argv && isItem) { out.push({ field, message: 'is null: the API server accepts it as an empty string, so the program gets an empty argument', acceptedAsEmptyString: true }); return; }
      const expected = scalar(schemas);
      if (expected || isItem) out.push({ field, message: `is null where ${expected ?? 'a list item'} is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the ${isItem ? 'item' : 'key'})` });
      return;
    }
    if (Array.isArray(v)) {
      const items = schemas.flatMap((s) => (s.items && typeof s.items === 'object' ? branches(s.items) : []));
      v.forEach((x, i) => walk(x, items, `${field}[${i}]`, true, argv));
      return;
    }
    if (typeof v === 'object' && v !== undefined) {
      for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
        const child = schemas.flatMap((s) => {
          const p = s.properties?.[key] ?? (s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
          return p ? branches(p) : [];
        });
        walk(x, child, field ? `${field}.${key}` : key, false, ['args', 'command'].includes(key) && schemas.some((s) => containers.has(s)));
      }
    }
  };
  walk(value, branches(schema), '', false, false);
  return out;
}

describe('null check: schema nodes cached per validator', () => {
  const core = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'k8s-v1.30.0.json'), 'utf8')).definitions;
  const resolve = (ref: string) => core[ref.slice(ref.lastIndexOf('/') + 1)];

  it('agrees with the uncached walk on every golden and fixture object, and on each with nulls planted', () => {
    const files = ['test/rules', 'test/__snapshots__'].flatMap((d) => fs.readdirSync(path.join(ROOT, d), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)));
    const objects = files.flatMap((f) => readManifests(fs.readFileSync(f, 'utf8'), f).manifests.map((m) => m.obj))
      .filter((o) => o?.kind === 'Deployment' && o.apiVersion === 'apps/v1');
    expect(objects.length).toBeGreaterThan(50);
    const schema = { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' };
    // One cache for all objects, as a validator keeps it.
    const cache = nullCheckCache();
    let found = 0;
    for (const o of objects) {
      // Every scalar and list item set to null in turn would be slow; null out a few kinds of places.
      const planted = JSON.parse(JSON.stringify(o), (k, v) => (['memory', 'image', 'containerPort', 'name'].includes(k) ? null : v));
      planted.spec.template.spec.containers[0].args = ['a', null];
      for (const value of [o, planted]) {
        const got = nullValues(value, schema, resolve, cache);
        expect(got).toEqual(reference(value, schema, resolve));
        found += got.length;
      }
    }
    expect(found).toBeGreaterThan(objects.length);
  });

  it('agrees with the uncached walk on random values under a schema with refs, alternatives, open maps and nullable fields', () => {
    const defs: Record<string, any> = {
      q: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      obj: { type: 'object', properties: { a: { type: 'string' }, n: { type: 'string', nullable: true }, l: { type: 'array', items: { $ref: '#/definitions/obj' } } }, additionalProperties: { $ref: '#/definitions/q' } },
    };
    const schema = { anyOf: [{ $ref: '#/definitions/obj' }, { type: 'object', properties: { a: { type: 'integer' }, m: { type: 'object', additionalProperties: { type: 'boolean' } } } }] };
    const r = (ref: string) => defs[ref.slice(ref.lastIndexOf('/') + 1)];
    const cache = nullCheckCache();
    const key = fc.constantFrom('a', 'n', 'l', 'm', 'x', 'constructor', '__proto__', 'toString');
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.string(), fc.integer(), tie('arr'), tie('obj')),
      arr: fc.array(tie('v'), { maxLength: 4 }),
      obj: fc.dictionary(key, tie('v'), { maxKeys: 5 }),
    })).obj;
    fc.assert(fc.property(value, (v) => {
      expect(nullValues(v, schema, r, cache)).toEqual(reference(v, schema, r));
    }), { numRuns: 500 });
  });
});
