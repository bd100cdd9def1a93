import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenShiftVersion, StackProfile } from '../src/profiles/stack-profile';
import { readManifests } from '../src/verify/input/manifests';
import { PlatformName } from '../src/verify/model/stack';
import { formatProblem } from '../src/verify/report/problem';
import { RULES } from '../src/verify/rules/registry';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

/**
 * Every rule has fixtures in test/rules/<rule-id>/: `fail-*.yaml` must give at least one
 * problem of that rule (and every `# expect: <text>` line in it must be part of one of them),
 * `pass-*.yaml` must give none. Header lines `# assume: Kind/ns/name`, `# enable: <id>`,
 * `# namespace: <ns>`, `# profile: <stack profile>` (then validated against that profile's schema set; the
 * others against the article's), `# platform: openshift|kubernetes` and
 * `# openshift-version: <4.19..5.0>` set the verify options. Each fixture is verified on its own.
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
  // Read as verify reads a file: its YAML reader, limits and skipping rules.
  const read = readManifests(text, path.basename(file));
  const objects = read.manifests.map((m) => m.obj);
  // A fixture that names its profile is validated against that profile's schema set, as
  // `verify --profile` does; the others against the article's set they were written for.
  const result = verifyObjects(objects, header(text, 'profile')[0] ? undefined : sharedValidator(), header(text, 'namespace')[0] ?? 'default', {
    assume: header(text, 'assume'),
    enable: header(text, 'enable'),
    sources: read.manifests.map((m) => m.source),
    unreadable: read.unreadable,
    stack: {
      ...(header(text, 'profile')[0] ? { profile: header(text, 'profile')[0] as StackProfile } : {}),
      ...(header(text, 'platform')[0] ? { platform: header(text, 'platform')[0] as PlatformName } : {}),
      ...(header(text, 'openshift-version')[0] ? { openshiftVersion: header(text, 'openshift-version')[0] as OpenShiftVersion } : {}),
    },
  });
  return { text, result, problems: result.problems.filter((p) => p.rule === rule), ignored: result.ignored.filter((i) => i.problem.rule === rule) };
}

const ALL = fixtures();


describe('rule fixtures (test/rules/<rule-id>/fail-*.yaml, pass-*.yaml)', () => {
  it('every registered rule has a failing and a passing fixture, and every fixture folder is a rule', () => {
    const missing = RULES.flatMap((r) => (['fail', 'pass'] as const)
      .filter((k) => !ALL.some((f) => f.rule === r.id && f.kind === k))
      .map((k) => `${r.id}: no ${k}-*.yaml`));
    expect(missing).toEqual([]);
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
