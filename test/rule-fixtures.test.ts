import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { formatProblem } from '../src/verify/report/problem';
import { RULES } from '../src/verify/rules/registry';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

/**
 * Every rule has fixtures in test/rules/<rule-id>/: `fail-*.yaml` must give at least one
 * problem of that rule (and every `# expect: <text>` line in it must be part of one of them),
 * `pass-*.yaml` must give none. Header lines `# assume: Kind/ns/name`, `# enable: <id>` and
 * `# namespace: <ns>` set the verify options. Each fixture is verified on its own.
 */
const DIR = path.join(ROOT, 'test', 'rules');

interface Fixture {
  readonly rule: string;
  readonly file: string;
  readonly kind: 'fail' | 'pass';
}

function fixtures(): Fixture[] {
  if (!fs.existsSync(DIR)) return [];
  return fs.readdirSync(DIR).sort().flatMap((rule) => fs.readdirSync(path.join(DIR, rule)).sort()
    .filter((f) => /^(fail|pass)-.*\.ya?ml$/.test(f))
    .map((f) => ({ rule, file: path.join(DIR, rule, f), kind: f.startsWith('fail') ? 'fail' as const : 'pass' as const })));
}

/** `# key: value` header lines of a fixture. */
function header(text: string, key: string): string[] {
  return [...text.matchAll(new RegExp(`^# ${key}: (.*)$`, 'gm'))].map((m) => m[1].trim());
}

/** The problems of `rule` when the fixture is verified. */
export function runFixture(file: string, rule: string) {
  const text = fs.readFileSync(file, 'utf8');
  const objects = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  const result = verifyObjects(objects, sharedValidator(), header(text, 'namespace')[0] ?? 'default', {
    assume: header(text, 'assume'),
    enable: header(text, 'enable'),
    sources: objects.map((_, i) => `${path.basename(file)}#${i + 1}`),
  });
  return { text, result, problems: result.problems.filter((p) => p.rule === rule), ignored: result.ignored.filter((i) => i.problem.rule === rule) };
}

const ALL = fixtures();

/** Rules whose fixtures are still being written (issue 8 in progress); must end empty. */
const PENDING = new Set<string>([
  'manifest-readable',
  'schema-valid',
  'schema-cel',
  'schema-known-kind',
  'duplicate-object',
  'httproute-parent-namespace',
  'httproute-parent-section',
  'httproute-parent-port',
  'httproute-parent-admitted',
  'httproute-backend-pool-group',
  'httproute-backend-pool-exists',
  'httproute-backend-reference-grant',
  'inferencepool-selects-pods',
  'inferencepool-selector-overlap',
  'inferencepool-target-port',
  'inferencepool-picker-kind',
  'inferencepool-picker-service',
  'inferencepool-picker-port',
  'inferencepool-picker-pods',
  'inferencepool-picker-ext-proc-port',
  'endpoint-picker-pool-name',
  'endpoint-picker-pool-namespace',
  'endpoint-picker-pool-group',
  'endpoint-picker-rbac',
  'gateway-routing-header-set',
  'route-gateway-service',
  'route-gateway-port',
  'route-timeout',
  'container-arg-expansion',
]);

describe('rule fixtures (test/rules/<rule-id>/fail-*.yaml, pass-*.yaml)', () => {
  it('every registered rule has a failing and a passing fixture, and every fixture folder is a rule', () => {
    const missing = RULES.flatMap((r) => (['fail', 'pass'] as const)
      .filter((k) => !ALL.some((f) => f.rule === r.id && f.kind === k))
      .map((k) => `${r.id}: no ${k}-*.yaml`));
    expect(missing.filter((m) => !PENDING.has(m.split(':')[0]))).toEqual([]);
    // A rule listed as pending that now has both fixtures must leave the list.
    expect([...PENDING].filter((id) => !missing.some((m) => m.startsWith(`${id}:`)))).toEqual([]);
    const ids = new Set(RULES.map((r) => r.id));
    expect([...new Set(ALL.map((f) => f.rule))].filter((r) => !ids.has(r))).toEqual([]);
  });

  for (const f of ALL) {
    it(`${f.rule}: ${path.basename(f.file)}`, () => {
      const { text, problems } = runFixture(f.file, f.rule);
      const shown = problems.map(formatProblem);
      if (f.kind === 'pass') {
        expect(shown).toEqual([]);
        return;
      }
      expect(shown.length, `no ${f.rule} problem from ${path.basename(f.file)}`).toBeGreaterThan(0);
      for (const want of header(text, 'expect')) expect(shown.some((s) => s.includes(want)), `no problem contains: ${want}\n${shown.join('\n')}`).toBe(true);
    });
  }
});
