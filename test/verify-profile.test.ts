import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli';
import { StackProfile } from '../src/profiles/stack-profile';
import { ModelGatewayValidation } from '../src/verify/cdk8s-plugin';
import { formatProblem } from '../src/verify/report/problem';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
import { Verifier } from '../src/verify/verifier';
import { verifyObjects } from '../src/verify/verify';
import { captureStdio, DEFAULT_CATALOG, errorOf, sharedValidator, Stdio, synth } from './helpers';
import { Catalog } from '../src/catalog/catalog';

// How verify chooses the stack profile and applies it: the schema set, the options of the CLI,
// the library and the cdk8s plugin, and the profile line of the reports.

const gateway = (cls: string) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'inference-gateway', namespace: 'llm-d' }, spec: { gatewayClassName: cls, listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } });
/** An llm-d.ai objective: a kind only the upstream-2026-08 schema set has. */
const llmdObjective = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'llm-d.ai/v1alpha2', kind: 'InferenceObjective', metadata: { name: 'qwen3-06b', namespace: 'llm-d' }, spec: { priority: 10, poolRef: { name: 'vllm-qwen3-06b' }, ...extra } });
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'llm-d' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

let tmp: string;
let io: Stdio;
let dist: string;
const distFiles: Record<string, string> = {};

function write(dir: string, files: Record<string, string>) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-profile-dist-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  expect(main(['synth', '--out', path.join(dir, 'dist')])).toBe(0);
  vi.restoreAllMocks();
  for (const f of fs.readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.yaml'))) distFiles[f] = fs.readFileSync(path.join(dir, 'dist', f), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-profile-'));
  dist = path.join(tmp, 'dist');
  write(dist, distFiles);
  io = captureStdio();
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('verify chooses the profile and validates against its schema set', () => {
  it('detects the profile from the objects and validates against that set: an llm-d.ai kind is known under upstream-2026-08 only', () => {
    const up = verifyObjects([gateway('agentgateway'), llmdObjective()]);
    expect(up.stack).toMatchObject({ profile: 'upstream-2026-08', chosenBy: 'detected' });
    expect(up.problems.filter((p) => p.rule?.startsWith('schema'))).toEqual([]);
    // The same kind judged by the article's set has no schema there.
    const flagged = verifyObjects([gateway('agentgateway-v2'), llmdObjective()], undefined, 'default', { stack: { profile: StackProfile.RHDEV_2026_03 } });
    expect(flagged.problems.map(formatProblem)).toContainEqual(expect.stringMatching(/InferenceObjective llm-d\/qwen3-06b: apiVersion: no stored schema for llm-d.ai\/v1alpha2\/InferenceObjective/));
  });

  it('reports schema errors of the chosen set (a field the upstream llm-d.ai objective lacks)', () => {
    const r = verifyObjects([gateway('agentgateway'), llmdObjective({ criticality: 'Critical' })]);
    expect(r.problems.map(formatProblem)).toContainEqual(expect.stringMatching(/InferenceObjective llm-d\/qwen3-06b: spec.criticality: unknown field/));
  });

  it('keeps a validator passed in, whatever the profile', () => {
    const r = verifyObjects([gateway('agentgateway'), llmdObjective()], sharedValidator());
    expect(r.stack.profile).toBe('upstream-2026-08');
    expect(r.problems.map(formatProblem)).toContainEqual(expect.stringMatching(/no stored schema for llm-d.ai\/v1alpha2\/InferenceObjective/));
  });

  it('uses one shared validator per schema set: a second run compiles nothing new and counts its CEL rules there', () => {
    const shared = SchemaValidator.forSet('upstream-2026-08');
    const before = shared.stats.evaluated;
    const first = verifyObjects([gateway('agentgateway')]);
    expect(first.celRulesEvaluated).toBeGreaterThan(0);
    verifyObjects([gateway('agentgateway')]);
    expect(shared.stats.evaluated - before).toBe(2 * first.celRulesEvaluated);
  });

  it('falls back to the default profile when no object shows one, and says so', () => {
    const r = verifyObjects([service]);
    expect(r.stack).toMatchObject({ profile: 'upstream-2026-08', chosenBy: 'default' });
  });

  it('reports a field the OpenShift bundle lacks once, when the profile\'s own schema already refused it', () => {
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'llm-d' }, spec: { parentRefs: [{ name: 'inference-gateway' }], rules: [{ nmae: 'x', backendRefs: [{ name: 'web', port: 80 }] }] } };
    const r = verifyObjects([gateway('agentgateway-v2'), route, service], undefined, 'default', { stack: { openshiftVersion: '4.19' as any } });
    const onField = r.problems.filter((p) => p.field === 'spec.rules[0].nmae');
    expect(onField.map((p) => p.rule)).toEqual(['schema-valid']);
  });
});

describe('verify --profile, --platform, --openshift-version', () => {
  it('prints the profile it chose and why on the default output (the article\'s stack)', () => {
    expect(main(['verify', dist])).toBe(0);
    expect(io.stdout).toMatch(/^profile: rhdev-2026-03 \(detected: \S+ \S+ has .*\)/m);
    expect(io.stdout).toContain('has class agentgateway-v2');
  });

  it('says when the profile is the default, and when it was given', () => {
    write(path.join(tmp, 'plain'), { 'svc.yaml': JSON.stringify(service) });
    expect(main(['verify', path.join(tmp, 'plain')])).toBe(0);
    expect(io.stdout).toContain('profile: upstream-2026-08 (the default: no profile-specific objects)');
    expect(main(['verify', path.join(tmp, 'plain'), '--profile', 'rhdev-2026-03', '--openshift-version', '4.21'])).toBe(0);
    expect(io.stdout).toContain('profile: rhdev-2026-03 (--profile); platform: openshift 4.21 (--openshift-version)');
  });

  it('refuses an object of the other profile: naming the sign it conflicts with, or the --profile given', () => {
    const epp = distFiles['llm-d.yaml'].split('\n---\n').find((d) => d.includes('kind: Deployment') && d.includes('gateway-api-inference-extension/epp'))!;
    // The first model's picker replaced by llm-d-router's (applied together, the later definition wins).
    write(dist, { 'picker.yaml': epp.replace('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0', 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0') });
    expect(main(['verify', dist])).toBe(1);
    expect(io.stdout).toMatch(/^profile: rhdev-2026-03 \(detected: /m);
    expect(io.stderr).toMatch(/picker.yaml#1: Deployment llm-d\/vllm-\S+-epp: spec.template.spec.containers\[0\].image: has image ghcr.io\/llm-d\/llm-d-router-endpoint-picker:v0.10.0 \(upstream-2026-08\) but Gateway agentgateway-system\/inference-gateway has class agentgateway-v2 \(rhdev-2026-03\): one set cannot mix the two profiles/);
    expect(io.stderr.match(/profile-consistent|one set cannot mix/g)?.length).toBe(1);
    fs.rmSync(dist, { recursive: true });
    write(dist, { 'picker.yaml': epp.replace('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0', 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0') });
    expect(main(['verify', dist, '--profile', 'rhdev-2026-03'])).toBe(1);
    expect(io.stderr).toMatch(/has image ghcr.io\/llm-d\/llm-d-router-endpoint-picker:v0.10.0 \(upstream-2026-08\) but --profile rhdev-2026-03 was given/);
  });

  it('refuses an unknown profile, platform or release as a usage error listing the choices', () => {
    expect(main(['verify', dist, '--profile', 'rhdev'])).toBe(2);
    expect(io.stderr).toContain("error: --profile 'rhdev' is not a stack profile: use one of rhdev-2026-03, upstream-2026-08");
    expect(main(['verify', dist, '--platform', 'ocp'])).toBe(2);
    expect(io.stderr).toContain("error: --platform 'ocp' is not a platform: use openshift or kubernetes");
    expect(main(['verify', dist, '--openshift-version', '4.18'])).toBe(2);
    expect(io.stderr).toContain("error: --openshift-version '4.18' is not a supported OpenShift release: use one of 4.19, 4.20, 4.21, 4.22, 5.0");
    expect(main(['verify', dist, '--profile', 'x'.repeat(10_000)])).toBe(2);
    expect(io.stderr).toContain(`error: --profile '${'x'.repeat(80)}...' is not a stack profile`);
    expect(main(['verify', dist, '--openshift-version', '4.19', '--platform', 'kubernetes'])).toBe(2);
    expect(io.stderr).toContain('error: --openshift-version 4.19 names an OpenShift release but --platform is kubernetes: drop one of them');
  });

  it('writes the stack into the JSON report (version 3)', () => {
    expect(main(['verify', dist, '--output', 'json', '--openshift-version', '4.22'])).toBe(0);
    const report = JSON.parse(io.stdout);
    expect(report.version).toBe(3);
    expect(report.stack).toMatchObject({ profile: 'rhdev-2026-03', chosenBy: 'detected', schemaSet: 'rhdev-2026-03', platform: 'openshift', platformChosenBy: 'flag', openshiftVersion: '4.22' });
    expect(report.stack.reason).toMatch(/^detected: /);
    expect(report.stack.signs).toContainEqual({ profile: 'rhdev-2026-03', object: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', namespace: 'agentgateway-system', name: 'inference-gateway' }, field: 'spec.gatewayClassName', reason: 'class agentgateway-v2' });
  });
});

describe('the library and the cdk8s plugin take the same choices', () => {
  it('Verifier: profile, platform and openshiftVersion props; the report names the profile and why', () => {
    const r = Verifier.verifyManifests([gateway('agentgateway'), llmdObjective()]);
    expect([r.ok, r.profile, r.profileReason]).toEqual([true, 'upstream-2026-08', 'detected: Gateway llm-d/inference-gateway has class agentgateway, InferenceObjective llm-d/qwen3-06b has apiVersion llm-d.ai/v1alpha2 (llm-d-router)']);
    const flagged = Verifier.verifyManifests([gateway('agentgateway'), llmdObjective()], { profile: StackProfile.RHDEV_2026_03, openshiftVersion: '4.19' as any });
    expect([flagged.ok, flagged.profile, flagged.profileReason, flagged.platform]).toEqual([false, 'rhdev-2026-03', '--profile', 'openshift 4.19 (--openshift-version)']);
    // The llm-d.ai kind has no schema in the article's set.
    expect(flagged.problems.map((p) => p.text)).toContainEqual(expect.stringContaining('InferenceObjective llm-d/qwen3-06b: apiVersion: no stored schema for llm-d.ai/v1alpha2/InferenceObjective'));
    expect(errorOf(() => Verifier.verifyManifests([service], { profile: 'new' as any }))).toBe("profile 'new' is not a stack profile: use one of rhdev-2026-03, upstream-2026-08");
  });

  it('cdk8s plugin: a bad profile property is one failed sentence; a good one is applied', async () => {
    const file = path.join(dist, 'agentgateway-system.yaml');
    const run = async (props: any) => {
      const c = { violations: [] as any[], status: '', metadata: {} as Record<string, string>, logs: [] as string[] };
      await new ModelGatewayValidation(props).validate({
        manifests: [file, path.join(dist, 'llm-d.yaml')],
        report: { addViolation: (v: any) => c.violations.push(v), submit: (s: string, m?: Record<string, string>) => { c.status = s; c.metadata = m ?? {}; } },
        logger: { log: (m: string) => c.logs.push(m) },
      });
      return c;
    };
    const bad = await run({ profile: 'latest' });
    expect([bad.status, bad.violations.map((v) => v.recommendation)]).toEqual(['failure', ["cdk8s.yaml validations[].properties.profile 'latest' is not a stack profile: use one of rhdev-2026-03, upstream-2026-08"]]);
    // The article's output judged as today's stack fails (its class, images and kinds are the other profile's).
    const other = await run({ namespace: 'llm-d', profile: 'upstream-2026-08' });
    expect(other.status).toBe('failure');
    expect(other.violations.length).toBeGreaterThan(0);
    const good = await run({ namespace: 'llm-d', profile: 'rhdev-2026-03' });
    expect([good.status, good.metadata.profile]).toEqual(['success', 'rhdev-2026-03 (--profile); platform: openshift (detected: Routes or SCC grants)']);
    // Without the property the submitted report says what was detected.
    expect((await run({ namespace: 'llm-d' })).metadata.profile).toMatch(/^rhdev-2026-03 \(detected: Gateway agentgateway-system\/inference-gateway has class agentgateway-v2/);
  });
});

describe('synth verifies its output against the profile it was built with', () => {
  it('the default catalog (rhdev-2026-03) verifies with no error and no profile conflict', () => {
    const { verification } = synth(Catalog.fromFile(DEFAULT_CATALOG).spec);
    expect(verification.stack.profile).toBe('rhdev-2026-03');
    expect(verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('detection', () => {
  const config = (apiVersion: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'epp', namespace: 'llm-d' }, data: { 'default-plugins.yaml': `apiVersion: ${apiVersion}\nkind: EndpointPickerConfig\nplugins: []\n` } });

  it('counts objects, not signs, and lets a picker config decide only when nothing else shows a profile', () => {
    // Two x-k8s.io configs (a later picker still loads them) do not outvote one Gateway class.
    const objects = [config('inference.networking.x-k8s.io/v1alpha1'), { ...config('inference.networking.x-k8s.io/v1alpha1'), metadata: { name: 'epp2', namespace: 'llm-d' } }, gateway('agentgateway')];
    expect(verifyObjects(objects).stack).toMatchObject({ profile: 'upstream-2026-08', chosenBy: 'detected' });
    expect(verifyObjects(objects.slice(0, 2)).stack).toMatchObject({ profile: 'rhdev-2026-03', chosenBy: 'detected' });
    expect(verifyObjects([config('llm-d.ai/v1alpha1')]).stack).toMatchObject({ profile: 'upstream-2026-08', chosenBy: 'detected' });
  });
});
