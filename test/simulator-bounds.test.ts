import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { boundedParse, bracketNesting, CEL_LIMITS, estimateCost } from '../src/verify/simulator/cel-bounds';
import { chatCompletion } from '../src/verify/simulator/requests';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

/** The clean one-model stack of the rule fixtures. */
const BASE = path.join(ROOT, 'test', 'rules', 'request-model-routed', 'pass-one-model.yaml');
const GATEWAY = 'agentgateway-system/inference-gateway';
const ROUTING = '{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[string(json(request.body).model)]';

/** The base stack with the routing expression replaced. */
function stackWith(expression: string): any[] {
  const objects = YAML.parseAllDocuments(fs.readFileSync(BASE, 'utf8')).map((d) => d.toJS());
  const policy = objects.find((o) => o.kind === 'AgentgatewayPolicy');
  policy.spec.traffic.transformation.request.set[0].value = expression;
  return objects;
}

/** `[1,2].map(x, [1,2].map(x, ... x))`, `depth` calls deep: 2^depth elements. */
function nestedMaps(depth: number, list = '[1, 2]'): string {
  let e = 'x';
  for (let i = 0; i < depth; i++) e = `${list}.map(x, ${e})`;
  return e;
}

describe('CEL bounds of the simulator (explicit limits before planning)', () => {
  it('accepts the routing map and estimates its cost as small', () => {
    const r = boundedParse(ROUTING);
    expect(r.ok).toBe(true);
    expect(r.ok && r.cost).toBeLessThan(100);
  });

  it('refuses nested map calls whose result would have 2^30 elements, by estimated cost, without evaluating', () => {
    const r = boundedParse(nestedMaps(30));
    expect(r).toMatchObject({ ok: false, kind: 'limit' });
    expect(!r.ok && r.reason).toContain(`over the limit of ${CEL_LIMITS.maxCost}`);
  });

  it('grows the estimate with nesting, so a shallow nest passes and a deep one does not', () => {
    const cost = (d: number) => { const r = boundedParse(nestedMaps(d)); return r.ok ? r.cost : Infinity; };
    expect(cost(3)).toBeLessThan(cost(4));
    expect(cost(4)).toBeLessThan(cost(8));
    expect(cost(25)).toBe(Infinity);
  });

  it('bounds comprehensions over request data by the body limit: one map passes, a map inside a map does not', () => {
    const one = boundedParse('json(request.body).messages.map(m, m.content).size() > 0 ? "long" : "short"');
    expect(one.ok).toBe(true);
    const two = boundedParse('json(request.body).messages.map(m, json(request.body).messages.map(n, n)).size() > 0 ? "a" : "b"');
    expect(two).toMatchObject({ ok: false, kind: 'limit' });
  });

  it('refuses deep bracket nesting before parsing (no stack overflow)', () => {
    const deep = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    expect(bracketNesting(deep)).toBe(100_000);
    expect(boundedParse(deep)).toMatchObject({ ok: false, kind: 'limit', reason: `nests brackets 100000 deep, over the limit of ${CEL_LIMITS.maxNesting}` });
  });

  it('does not count brackets inside string literals', () => {
    expect(bracketNesting('"((((((" + \'[[[\' + ("a")')).toBe(1);
  });

  it('refuses operators chained past the depth limit, and over-long text, without throwing', () => {
    const chained = boundedParse(Array.from({ length: 5_000 }, () => '1').join(' + '));
    expect(chained.ok).toBe(false);
    const long = boundedParse(`"${'a'.repeat(CEL_LIMITS.maxLength)}"`);
    expect(long).toMatchObject({ ok: false, kind: 'limit' });
    expect(!long.ok && long.reason).toContain('characters long');
  });

  it('reports a syntax error as a sentence with the parser\'s first line', () => {
    const r = boundedParse('{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[json(request.body).model');
    expect(r).toMatchObject({ ok: false, kind: 'syntax' });
    expect(!r.ok && r.reason).toMatch(/^is not valid CEL \(.+\)$/);
    expect(!r.ok && r.reason).not.toContain('\n');
  });

  it('estimates list concatenation by the elements copied', () => {
    const small = boundedParse('[1].map(x, x).size()');
    const big = boundedParse(`(${'[1, 2, 3, 4, 5, 6, 7, 8]'} + ${'[1, 2, 3, 4, 5, 6, 7, 8]'}).map(x, x).size()`);
    expect(small.ok && big.ok && big.cost > small.cost).toBe(true);
    expect(estimateCost(undefined)).toBe(1);
  });
});

describe('simulated requests under the bounds', () => {
  it('a policy with a nested-map expression: verify finishes, and the simulated request says the expression is over the limit', () => {
    const result = verifyObjects(stackWith(`${nestedMaps(30)}.size() > 0 ? "Qwen/Qwen3-0.6B" : "none"`), sharedValidator(), 'default');
    const qwen = result.simulations.find((s) => s.probe === 'model');
    expect(qwen?.decision.routed).toBe(false);
    expect(qwen?.decision.transformations.join('; ')).toContain('removed X-Gateway-Base-Model-Name: its expression failed (the expression has an estimated cost of');
  });

  it('a request body over the limit is not evaluated: the header is removed and the reason names the limit', () => {
    const result = verifyObjects(stackWith(ROUTING), sharedValidator(), 'default');
    const big = chatCompletion('Qwen/Qwen3-0.6B');
    const decision = result.simulator.simulate(GATEWAY, { ...big, body: big.body.replace('ping', 'p'.repeat(CEL_LIMITS.maxBody)) });
    expect(decision.routed).toBe(false);
    expect(decision.transformations.join('; ')).toContain(`over the simulator's limit of ${CEL_LIMITS.maxBody}`);
    // The same request with a normal body is routed: the limit, not the stack, refused it.
    expect(result.simulator.simulate(GATEWAY, big).routed).toBe(true);
  });
});

describe('CEL bounds do not refuse ordinary expressions', () => {
  it('accepts a long string concatenation over request data and a 1000-entry routing map', () => {
    const concat = Array.from({ length: 50 }, (_, i) => `"p${i}" + string(json(request.body).model)`).join(' + ');
    expect(boundedParse(concat).ok).toBe(true);
    const entries = Array.from({ length: 1000 }, (_, i) => `"org/model-${i}": "org/model-${i}"`).join(', ');
    expect(boundedParse(`{${entries}}[string(json(request.body).model)]`).ok).toBe(true);
  });
});
