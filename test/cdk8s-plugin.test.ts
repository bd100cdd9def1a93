import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, JsonPatch, Testing, Yaml } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelGatewayValidation } from '../src/verify/cdk8s-plugin';
import { main } from '../src/cli';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { StackProfile } from '../src/profiles/profiles';
import { isOwnOutputWarning, OWN_OUTPUT_WARNING, ROOT, withoutOwnWarning } from './helpers';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-test-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A stand-in for cdk8s-cli's ValidationContext that records what the plugin reports. */
function context(manifests: string[]) {
  const violations: any[] = [];
  const logs: string[] = [];
  const submitted: { status?: string; metadata?: Record<string, string> } = {};
  return {
    violations,
    logs,
    submitted,
    ctx: {
      manifests,
      report: {
        addViolation: (v: any) => { if (submitted.status) throw new Error('added after submit'); violations.push(v); },
        submit: (status: string, metadata?: Record<string, string>) => { submitted.status = status; submitted.metadata = metadata; },
      },
      logger: { log: (m: string) => logs.push(m) },
    },
  };
}

/** Writes a chart's objects as cdk8s does (one file per chart); `broken` strips a parentRef's namespace and runs the routing policy too late. */
function writeApp(dir: string, broken: boolean): string {
  const app = Testing.app();
  const chart = new MultiModelGateway(app, 'maas', { profile: StackProfile.RHDEV_2026_03 });
  const qwen = chart.addModel({ name: 'Qwen/Qwen3-0.6B' });
  chart.addModel({ name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' });
  if (broken) {
    ApiObject.of(qwen.route).addJsonPatch(JsonPatch.remove('/spec/parentRefs/0/namespace'));
  }
  const objects = chart.toJson();
  if (broken) objects.find((o: any) => o.kind === 'AgentgatewayPolicy').spec.traffic.phase = 'PostRouting';
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'maas.k8s.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  return file;
}

/** The problem lines `cdk8s-model-gateway verify <dir>` prints. */
function cliProblems(dir: string, ...flags: string[]): { code: number; lines: string[] } {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  const code = main(['verify', dir, ...flags]);
  vi.restoreAllMocks();
  return { code, lines: stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.slice(2)) };
}

describe('ModelGatewayValidation (cdk8s-cli validation plugin)', () => {
  it('passes sound manifests and submits success with counts', async () => {
    const c = context([writeApp(tmp, false)]);
    await new ModelGatewayValidation().validate(c.ctx);
    expect(c.submitted.status).toBe('success');
    // No error; the warnings: the known defects of rhdev-2026-03. The listener admits the models' namespace only, so no listener warning.
    expect(withoutOwnWarning(c.violations.map((v) => v.ruleName))).toEqual([]);
    expect(c.violations.filter((v) => v.ruleName.includes(OWN_OUTPUT_WARNING))).toHaveLength(0);
    // two models, an unknown one, a spoofed header, and six requests the gateway answers itself (GET /v1/models, ...)
    expect(c.submitted.metadata).toMatchObject({ problems: '3', 'simulated requests': '10' });
    expect(Number(c.submitted.metadata!.objects)).toBeGreaterThan(20);
  });

  it('fails broken wiring with exactly the problems and messages of the CLI on the same files', async () => {
    const file = writeApp(tmp, true);
    const cli = cliProblems(tmp);
    expect(cli.code).toBe(1);
    expect(withoutOwnWarning(cli.lines).length).toBe(2);
    const c = context([file]);
    await new ModelGatewayValidation().validate(c.ctx);
    expect(c.submitted.status).toBe('failure');
    expect(c.violations.map((v) => v.ruleName)).toEqual(cli.lines);
    expect(c.logs).toEqual([`2 problems and 3 warnings:\n${cli.lines.map((l) => `  ${l}`).join('\n')}`]);
    const route = c.violations.find((v) => v.ruleName.startsWith(`${file}#7: HTTPRoute `));
    expect(route).toMatchObject({ fix: 'set namespace: agentgateway-system' });
    // The HTTPRoute shares its name with the pool and the Deployment: qualified, so cdk8s-cli shows no wrong construct path.
    expect(route.violatingResources).toEqual([{ resourceName: 'HTTPRoute llm-d/vllm-qwen3-06b', locations: ['spec.parentRefs[0].namespace'], manifestPath: file }]);
    // The policy's name is unique: plain, so cdk8s-cli can find its construct path.
    const policy = c.violations.find((v) => v.ruleName.startsWith(`${file}#2: AgentgatewayPolicy `));
    expect(policy.violatingResources).toEqual([{ resourceName: 'inference-gateway-bbr', locations: ['spec.traffic.phase'], manifestPath: file }]);
  });

  it('reads every manifest file cdk8s-cli lists, names the file each problem came from, in the CLI order', async () => {
    const a = writeApp(path.join(tmp, 'a'), true);
    // A second file holding only a broken route, aimed at the first file's Gateway.
    const b = path.join(tmp, 'b.k8s.yaml');
    fs.writeFileSync(b, Yaml.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'extra' }, spec: { parentRefs: [{ name: 'inference-gateway' }] } }));
    const c = context([b, a]);
    await new ModelGatewayValidation({ namespace: 'llm-d' }).validate(c.ctx);
    expect(c.submitted.status).toBe('failure');
    const errors = c.violations.filter((v) => !isOwnOutputWarning(v.ruleName));
    expect(c.violations.length - errors.length).toBe(3);
    expect(errors.map((v) => v.violatingResources[0].manifestPath)).toEqual([a, b, a]);
    expect(errors[1].ruleName.startsWith(`${b}#1: HTTPRoute llm-d/extra: spec.parentRefs[0].namespace: `)).toBe(true);
    expect(c.violations.map((v) => v.ruleName)).toEqual(cliProblems(tmp, '--namespace', 'llm-d').lines);
  });

  it('namespace property: objects without a namespace get it, like verify --namespace', async () => {
    const file = path.join(tmp, 'route.yaml');
    fs.writeFileSync(file, Yaml.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ name: 'gw' }] } }));
    const withNs = context([file]);
    await new ModelGatewayValidation({ namespace: 'models' }).validate(withNs.ctx);
    const without = context([file]);
    await new ModelGatewayValidation().validate(without.ctx);
    expect(withNs.violations.length).toBeGreaterThan(0);
    expect(withNs.violations.every((v) => v.ruleName.startsWith(`${file}#1: HTTPRoute models/r`))).toBe(true);
    expect(without.violations.every((v) => v.ruleName.startsWith(`${file}#1: HTTPRoute default/r`))).toBe(true);
  });

  it('strict and assume properties behave as verify --strict and --assume', async () => {
    const file = path.join(tmp, 'objs.yaml');
    fs.writeFileSync(file, Yaml.stringify(
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'hf', namespace: 'llm-d' }, spec: {} },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'llm-d' }, spec: { parentRefs: [{ name: 'gw', namespace: 'platform' }] } },
    ));
    const run = async (props: any) => {
      const c = context([file]);
      await new ModelGatewayValidation(props).validate(c.ctx);
      return c;
    };
    const plain = await run({});
    expect(plain.violations.some((v) => v.ruleName.includes('ExternalSecret'))).toBe(false);
    expect(plain.violations.some((v) => v.ruleName.includes('HTTPRoute llm-d/r'))).toBe(true);
    const strict = await run({ strict: true, assume: ['Gateway/platform/gw'] });
    expect(strict.violations.map((v) => v.ruleName)).toEqual([expect.stringMatching(/^.*objs\.yaml#1: ExternalSecret llm-d\/hf: apiVersion: no schema for /)]);
    const assumed = await run({ assume: ['Gateway/platform/gw'] });
    expect(assumed.submitted.status).toBe('success');
  });

  it('reports bad properties and unreadable manifests as one failed sentence, never an exception', async () => {
    const file = writeApp(tmp, false);
    const cases: [unknown, string[], RegExp][] = [
      [{ namespaec: 'llm-d' }, [file], /^cdk8s\.yaml validations\[\]\.properties\.namespaec: unknown property; allowed: namespace, strict, assume, disable, enable, profile, platform, openshiftVersion$/],
      [{ strict: 'yes' }, [file], /^cdk8s\.yaml validations\[\]\.properties\.strict: must be a boolean, got "yes"$/],
      [{ assume: 'Gateway/a/b' }, [file], /^cdk8s\.yaml validations\[\]\.properties\.assume: must be a list of strings, got "Gateway\/a\/b"$/],
      [{ namespace: 3 }, [file], /^cdk8s\.yaml validations\[\]\.properties\.namespace: must be a string, got 3$/],
      [{ namespace: 'Bad_NS' }, [file], /^namespace: 'Bad_NS' is not a Kubernetes namespace name/],
      [{}, [path.join(tmp, 'missing.yaml')], /missing\.yaml/],
    ];
    const broken = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: [');
    cases.push([{}, [broken], /broken\.yaml: not valid YAML/]);
    for (const [props, manifests, message] of cases) {
      const c = context(manifests);
      await expect(new ModelGatewayValidation(props as any).validate(c.ctx)).resolves.toBeUndefined();
      expect(c.submitted.status, String(message)).toBe('failure');
      expect(c.violations).toHaveLength(1);
      expect(c.violations[0].recommendation).toMatch(message);
      expect(c.logs[0]).toMatch(/^error: /);
    }
  });
});

describe("this repository's cdk8s.yaml", () => {
  it('npx cdk8s synth (real cdk8s-cli) runs the plugin from src/ on the default catalog and passes', () => {
    const out = path.join(tmp, 'out');
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', out], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Performing validations');
    expect(r.stdout).toMatch(/Status\s*│\s*success/);
    expect(r.stdout).toMatch(/simulated requests\s*│\s*10\s/);
    expect(fs.readdirSync(out)).toContain('model-gateway.k8s.yaml');
  }, 120_000);
});
