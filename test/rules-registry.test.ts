import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli';
import { rulesMarkdown } from '../src/verify/report/rules-list';
import { RULES, selectRules } from '../src/verify/rules/registry';
import { readIgnoreAnnotation, VERIFY_IGNORE_ANNOTATION } from '../src/verify/rules/verify-ignore';
import { verifyObjects } from '../src/verify/verify';
import { captureStdio, ROOT, sharedValidator } from './helpers';

describe('the rule registry', () => {
  it('gives every rule a unique kebab-case id, a summary, a remediation, a rationale and the kinds it applies to', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      expect(r.summary.length, r.id).toBeGreaterThan(20);
      expect(r.remediation.length, r.id).toBeGreaterThan(10);
      expect(r.rationale.length, r.id).toBeGreaterThan(20);
      expect(r.appliesTo.length, r.id).toBeGreaterThan(0);
      expect(['error', 'warning']).toContain(r.severity);
    }
  });

  it('RULES.md is generated from the registry and up to date (npm run rules-doc)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'RULES.md'), 'utf8')).toBe(rulesMarkdown());
    for (const r of RULES) expect(rulesMarkdown()).toContain(`## ${r.id}\n`);
  });

  it('selects rules by --disable and --enable, and refuses unknown or contradictory ids with a sentence', () => {
    const all = selectRules().map((r) => r.id);
    expect(all).not.toContain('schema-known-kind');
    expect(selectRules([], ['schema-known-kind']).map((r) => r.id)).toContain('schema-known-kind');
    expect(selectRules(['httproute-parent-exists,inferencepool-target-port']).map((r) => r.id)).toEqual(all.filter((id) => id !== 'httproute-parent-exists' && id !== 'inferencepool-target-port'));
    expect(() => selectRules(['httproute-parent-exist'])).toThrow("unknown rule 'httproute-parent-exist' (did you mean 'httproute-parent-exists'?); verify --list-rules shows them all");
    expect(() => selectRules(['schema-known-kind'], ['schema-known-kind'])).toThrow("rule 'schema-known-kind' is both enabled and disabled");
  });

  it('runs object rules before graph rules before request rules', () => {
    const phases = selectRules().map((r) => r.phase ?? 'graph');
    expect(phases).toEqual([...phases].sort((a, b) => ['object', 'graph', 'request'].indexOf(a) - ['object', 'graph', 'request'].indexOf(b)));
  });
});

describe('verify --list-rules, --disable, --enable', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lists every rule as text and as JSON, without files', () => {
    let io = captureStdio();
    {
      expect(main(['verify', '--list-rules'])).toBe(0);
      for (const r of RULES) expect(io.stdout).toContain(r.id);
      expect(io.stdout).toContain(`${RULES.length} rules.`);
      vi.restoreAllMocks();
      io = captureStdio();
      expect(main(['verify', '--list-rules', '--output', 'json'])).toBe(0);
      const listed = JSON.parse(io.stdout);
      expect(listed.map((r: any) => r.id)).toEqual(RULES.map((r) => r.id));
      expect(listed.find((r: any) => r.id === 'schema-known-kind').enabledByDefault).toBe(false);
      expect(main(['verify', '--list-rules', 'dist'])).toBe(2);
      expect(io.stderr).toContain('--list-rules takes no files');
    }
  });

  it('refuses an unknown rule id as a usage error with a did-you-mean', () => {
    const io = captureStdio();
    expect(main(['verify', 'dist', '--disable', 'inferencepool-selects-pod'])).toBe(2);
    expect(io.stderr).toContain("error: unknown rule 'inferencepool-selects-pod' (did you mean 'inferencepool-selects-pods'?)");
  });
});

const route = (annotations?: Record<string, string>) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'qwen', namespace: 'llm-d', ...(annotations ? { annotations } : {}) },
  spec: { parentRefs: [{ name: 'inference-gateway', namespace: 'gateways' }] },
});

describe(`the ${VERIFY_IGNORE_ANNOTATION} annotation`, () => {
  it('parses ids and a required reason', () => {
    expect(readIgnoreAnnotation(route({ [VERIFY_IGNORE_ANNOTATION]: 'a-b, c-d: the Gateway is created by the platform team' }))).toEqual({ ids: ['a-b', 'c-d'], reason: 'the Gateway is created by the platform team' });
    expect(readIgnoreAnnotation(route({ [VERIFY_IGNORE_ANNOTATION]: 'a-b' }))?.invalid).toBe('gives no reason');
    expect(readIgnoreAnnotation(route({ [VERIFY_IGNORE_ANNOTATION]: ': why' }))?.invalid).toBe('names no rule');
    expect(readIgnoreAnnotation(route())).toBeUndefined();
  });

  it('moves the named rule\'s problems on that object to ignored, with the reason; other rules still report', () => {
    const plain = verifyObjects([route()], sharedValidator());
    expect(plain.problems.map((p) => p.rule)).toEqual(['httproute-parent-exists']);
    const r = verifyObjects([route({ [VERIFY_IGNORE_ANNOTATION]: 'httproute-parent-exists: the Gateway is managed by the platform team' })], sharedValidator());
    expect(r.problems).toEqual([]);
    expect(r.ignored.map((i) => [i.problem.rule, i.reason])).toEqual([['httproute-parent-exists', 'the Gateway is managed by the platform team']]);
    const other = verifyObjects([route({ [VERIFY_IGNORE_ANNOTATION]: 'inferencepool-target-port: not this one' })], sharedValidator());
    expect(other.problems.map((p) => p.rule)).toEqual(['httproute-parent-exists']);
  });

  it('is not honoured without a reason, and says so', () => {
    const r = verifyObjects([route({ [VERIFY_IGNORE_ANNOTATION]: 'httproute-parent-exists' })], sharedValidator());
    expect(r.problems.map((p) => p.rule).sort()).toEqual(['httproute-parent-exists', 'verify-ignore-annotation']);
    expect(r.ignored).toEqual([]);
  });

  it('a disabled rule reports nothing', () => {
    expect(verifyObjects([route()], sharedValidator(), 'default', { disable: ['httproute-parent-exists'] }).problems).toEqual([]);
  });
});
