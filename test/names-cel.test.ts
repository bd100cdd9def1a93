import * as fs from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_SCHEMA_FILE, renderCatalogSchema } from '../scripts/catalog-schema';
import { celRoutingMap, celString } from '../src/constructs/cel';
import { Names } from '../src/constructs/names';

let evaluate: (expression: string, vars?: Record<string, unknown>) => unknown;
beforeAll(async () => {
  const { Environment } = await import('@marcbachmann/cel-js');
  const env = new Environment().registerVariable('request', 'map').registerFunction('json(string): map', (s: string) => JSON.parse(s));
  evaluate = (expression, vars = {}) => env.evaluate(expression, vars);
});

describe('Names.poolName', () => {
  it('reproduces the reference pool names', () => {
    expect(Names.poolName('Qwen/Qwen3-0.6B')).toBe('vllm-qwen3-06b');
    expect(Names.poolName('TinyLlama/TinyLlama-1.1B-Chat-v1.0')).toBe('vllm-tinyllama-11b-chat-v10');
    expect(Names.poolName('meta-llama/Llama_3.1 8B')).toBe('vllm-llama-31-8b');
    expect(Names.poolName('///')).toBe('vllm-model');
  });

  it('always returns a DNS-1035 label within the pool budget, distinct for distinct long names', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (raw) => {
      const name = Names.poolName(raw);
      expect(Names.isDns1035(name, Names.MAX_POOL_LENGTH)).toBe(true);
      expect(`${name}-epp`.length).toBeLessThanOrEqual(63);
    }), { numRuns: 500 });
    const a = Names.poolName(`org/${'a'.repeat(80)}-one`);
    const b = Names.poolName(`org/${'a'.repeat(80)}-two`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^vllm-a+-[0-9a-f]{8}$/);
    expect(a.length).toBe(Names.MAX_POOL_LENGTH);
  });

  it('budgets 59 characters for pools and gateways (63 minus the longest suffix)', () => {
    expect(Names.MAX_POOL_LENGTH).toBe(59);
    expect(Names.MAX_GATEWAY_LENGTH).toBe(59);
  });
});

describe('CEL literals', () => {
  it('round-trip any string through a real CEL evaluator', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      expect(evaluate(celString(s))).toBe(s);
    }), { numRuns: 500 });
  });

  it('escape quotes and backslashes so a name cannot break out of the map', () => {
    const evil = 'x": "y"}["a';
    const expr = celRoutingMap([[evil, 'base'], ['a\\b', 'other']]);
    expect(evaluate(expr, { request: { body: JSON.stringify({ model: evil }) } })).toBe('base');
    expect(evaluate(expr, { request: { body: JSON.stringify({ model: 'a\\b' }) } })).toBe('other');
    expect(() => evaluate(expr, { request: { body: JSON.stringify({ model: 'y' }) } })).toThrow();
  });

  it('renders one entry per line in the given order', () => {
    expect(celRoutingMap([['b', 'B'], ['a', 'A']])).toBe('{\n  "b": "B",\n  "a": "A"\n}[json(request.body).model]');
  });
});

describe('catalog JSON Schema', () => {
  it('is generated from the TypeScript catalog types and committed up to date (npm run catalog-schema)', () => {
    expect(fs.readFileSync(CATALOG_SCHEMA_FILE, 'utf8')).toBe(renderCatalogSchema());
  });
});
