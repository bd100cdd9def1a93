import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, ROOT, sharedValidator } from './helpers';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';
import { parseManifests } from '../src/verify/input/manifests';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { chooseStack } from '../src/verify/model/stack';
import { HTTPROUTE_REGEX, routeRegexes } from '../src/verify/rules/httproute-regex';
import { CelRuleEvaluator, celMatches } from '../src/verify/schema/cel-rules';
import { compileRe2, fullMatch, MAX_REGEX_LENGTH, MAX_REGEX_PROGRAM, regexProblem } from '../src/verify/simulator/regex';
import { chatCompletion, verifyObjects } from '../src/verify/verify';

const CATASTROPHIC = '(.|.|.|.)*Z';

describe('RE2 regular expressions in linear time', () => {
  it('matches a catastrophic pattern against a long input without backtracking', () => {
    const long = 'a'.repeat(50_000);
    expect(fullMatch(CATASTROPHIC, long)).toBe(false);
    expect(fullMatch(CATASTROPHIC, `${long}Z`)).toBe(true);
    expect(compileRe2(CATASTROPHIC).matcher!.find(`${long}!`)).toBe(false);
  });

  it('full match for Gateway API, partial match for CEL', () => {
    expect(fullMatch('/v1/.*', '/v1/chat')).toBe(true);
    expect(fullMatch('/v1/.*', '/x/v1/chat')).toBe(false);
    expect(fullMatch('a|ab', 'ab')).toBe(true); // anchored as a whole, not only the first branch
    expect(celMatches('/x/v1/chat', 'v1')).toBe(true);
    expect(celMatches('/x/v2/chat', '^v1')).toBe(false);
  });

  it('accepts RE2 syntax that JavaScript spells differently: (?P<name>...), (?i)', () => {
    expect(regexProblem('(?P<model>qwen.*)')).toBeUndefined();
    expect(fullMatch('(?i)QWEN.*', 'qwen3')).toBe(true);
  });

  it('reports what RE2 does not have, never throws', () => {
    expect(regexProblem('(?=abc)abc')).toBe('is not a valid RE2 regular expression (invalid or unsupported Perl syntax: `(?=`: RE2 has no lookahead or lookbehind)');
    expect(regexProblem('(?<!a)b')).toMatch(/^is not a valid RE2 regular expression \(.*: RE2 has no lookahead or lookbehind\)$/);
    expect(regexProblem('(a)\\1')).toBe('is not a valid RE2 regular expression (invalid escape sequence: `\\1`: RE2 has no backreferences)');
    expect(regexProblem('\\C')).toBe('is not a valid RE2 regular expression (invalid escape sequence: `\\C`: \\C (any byte) is not supported)');
    expect(regexProblem('[')).toBe('is not a valid RE2 regular expression (missing closing ]: `[`)');
    expect(regexProblem('a++')).toMatch(/^is not a valid RE2 regular expression \(invalid nested repetition operator/);
    expect(fullMatch('[', '[')).toBe(false);
  });

  it('bounds the pattern length and the compiled size', () => {
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH))).toBeUndefined();
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH + 1))).toBe(`is ${MAX_REGEX_LENGTH + 1} characters long, over the limit of ${MAX_REGEX_LENGTH}`);
    expect(regexProblem('a{1000}'.repeat(5))).toBeUndefined();
    expect(regexProblem('a{1000}'.repeat(11))).toMatch(new RegExp(`^compiles to \\d+ RE2 instructions, over the limit of ${MAX_REGEX_PROGRAM}$`));
  });

  it('CEL matches() in x-kubernetes-validations uses RE2: a bad pattern is an evaluation problem, not a crash', () => {
    const schema = (re: string) => ({ type: 'object', properties: { s: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: `self.s.matches('${re}')`, message: 'no match' }] });
    const stats = { evaluated: 0, skippedTransition: 0 };
    const cel = new CelRuleEvaluator();
    expect(cel.evaluate(schema(CATASTROPHIC), { s: 'a'.repeat(20_000) }, stats)).toEqual([{ field: '', message: 'no match' }]);
    expect(cel.evaluate(schema('^[a-z]+$'), { s: 'abc' }, stats)).toEqual([]);
    const global = { ...schema('x'), 'x-kubernetes-validations': [{ rule: "matches(self.s, '(a)\\\\1')" }] };
    expect(cel.evaluate(global, { s: 'aa' }, stats)[0].message).toMatch(/RE2 has no backreferences/);
    const [p] = cel.evaluate(schema('(?=a)'), { s: 'abc' }, stats);
    expect(p.message).toMatch(/^rule could not be evaluated \(.*the pattern "\(\?=a\)" is not a valid RE2 regular expression.*\): self\.s\.matches/);
  });
});

describe('httproute-regex', () => {
  const ctx = (objects: any[]) => ({ model: new Model(new ObjectIndex(objects)), rejected: () => false, input: { objects }, validator: sharedValidator(), simulations: () => [], ruleIds: [], stack: chooseStack(new ObjectIndex(objects)) });
  const fixture = (name: string) => parseManifests(fs.readFileSync(path.join(ROOT, 'test', 'rules', 'httproute-regex', name), 'utf8'), name).map((m) => m.obj);

  it('reports each invalid path, header and query pattern on its field', () => {
    const findings = [...HTTPROUTE_REGEX.check(ctx(fixture('fail-not-re2.yaml')))];
    expect(findings.map((f) => [f.object.metadata.name, f.field])).toEqual([
      ['lookahead', 'spec.rules[0].matches[0].path.value'],
      ['lookahead', 'spec.rules[0].matches[0].headers[1].value'],
      ['lookahead', 'spec.rules[1].matches[0].queryParams[0].value'],
    ]);
    expect(findings[0].message).toBe('the regular expression "/v1/(?!admin).*" is not a valid RE2 regular expression (invalid or unsupported Perl syntax: `(?!`: RE2 has no lookahead or lookbehind)');
  });

  it('passes RE2 patterns, Exact values that look like bad regexes, and catastrophic but valid patterns', () => {
    expect([...HTTPROUTE_REGEX.check(ctx(fixture('pass-re2.yaml')))]).toEqual([]);
    expect(routeRegexes(fixture('pass-re2.yaml')[0]).map((r) => r.pattern)).toEqual(['/v1/(chat|completions).*', '(?P<m>qwen.*)', CATASTROPHIC]);
  });

  it('the simulator matches header regexes with RE2 (a catastrophic pattern routes nothing, fast)', () => {
    const objects = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects.map((o) => JSON.parse(JSON.stringify(o)));
    const route = objects.find((o: any) => o.kind === 'HTTPRoute' && o.metadata.name === 'vllm-qwen3-06b');
    const header = route.spec.rules[0].matches[0].headers[0];
    header.type = 'RegularExpression';
    header.value = 'Qwen/Qwen3-0\\.6.*';
    const ok = verifyObjects(objects, sharedValidator(), 'default');
    const gateway = ok.simulator.gateways[0];
    expect(ok.simulator.simulate(gateway, chatCompletion('Qwen/Qwen3-0.6B'))).toMatchObject({ routed: true, route: 'llm-d/vllm-qwen3-06b' });
    header.value = CATASTROPHIC;
    const bad = verifyObjects(objects, sharedValidator(), 'default');
    expect(bad.simulator.simulate(gateway, chatCompletion(`Qwen/Qwen3-0.6B${'x'.repeat(5000)}`)).routed).toBe(false);
  });
});
