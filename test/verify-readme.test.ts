import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as YAML from 'yaml';
import { main } from '../src/cli';
import { ROOT, WIDGET_CRD, withoutOwnWarningText } from './helpers';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## Verify before you apply'), README.indexOf('\n## ', README.indexOf('## Verify before you apply') + 1));

/** The fenced blocks of the section, in order. */
const blocks = [...SECTION.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));


let tmp: string;
let out = '';
const cwd = process.cwd();

/** The folders the README's commands name, laid out in a scratch directory. */
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-readme-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  expect(main(['synth', '--out', path.join(tmp, 'dist')])).toBe(0);
  vi.restoreAllMocks();
  const files: Record<string, string> = {
    'platform/gateway.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: llm-d}\n',
    'rendered/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ms}\n',
    'crds/widget.yaml': WIDGET_CRD,
    'gitops/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [llm-d.yaml]\n',
    'gitops/llm-d.yaml': fs.readFileSync(path.join(tmp, 'dist', 'llm-d.yaml'), 'utf8'),
    'gitops/gateway.yaml': fs.readFileSync(path.join(tmp, 'dist', 'agentgateway-system.yaml'), 'utf8'),
    'gitops/secret.yaml': 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: hf-token, namespace: llm-d}\nspec: {}\n',
    'gitops/widgets.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: cache, namespace: llm-d}\nspec: {size: big}\n',
    'models/llm-d.yaml': fs.readFileSync(path.join(tmp, 'dist', 'llm-d.yaml'), 'utf8'),
  };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
    fs.writeFileSync(path.join(tmp, f), text);
  }
  return () => fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.chdir(cwd);
});

/** Runs `verify` as the README writes it, from the scratch directory; its exit code. */
function run(args: string[]): number {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { out += String(s); return true; });
  process.chdir(tmp);
  return main(args);
}

/** `npx cdk8s-model-gateway verify ...` → the arguments after the program, comment and redirect dropped. */
function argsOf(line: string): string[] {
  return line.replace(/\s+#.*$/, '').replace(/\s*>.*$/, '').trim().split(/\s+/).slice(2);
}

describe('README: Verify before you apply', () => {
  const lines = blocks[0].body.trim().split('\n');
  const commands = lines.filter((c) => !c.includes(' | '));
  const piped = lines.filter((c) => c.includes(' | '));

  it('lists the commands tested below', () => {
    expect(commands.map((c) => argsOf(c).filter((a) => !a.startsWith('-')).slice(0, 2).join(' '))).toEqual([
      'verify dist/', 'verify dist/', 'verify rendered/', 'verify gitops/', 'verify models/', 'verify dist/', 'verify', 'verify dist/', 'verify dist/',
    ]);
    expect(piped.map((c) => argsOf(c.slice(c.indexOf(' | ') + 3)))).toEqual([['verify', '-']]);
  });

  it('reads standard input with -, as the output of kustomize build', () => {
    const stdin = ['llm-d.yaml', 'agentgateway-system.yaml'].map((f) => fs.readFileSync(path.join(tmp, 'dist', f), 'utf8')).join('---\n');
    const args = argsOf(piped[0].slice(piped[0].indexOf(' | ') + 3));
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli.ts'), ...args], { input: stdin, encoding: 'utf8', cwd: tmp, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    // No error; the warning on the synthesized listener (from: All) only.
    expect(withoutOwnWarningText(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('verified <stdin>: 34 objects from 1 file (');
    const bad = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli.ts'), ...args], { input: stdin.replace('namespace: agentgateway-system\n', '\n'), encoding: 'utf8', cwd: tmp });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('1 problem and 4 warnings:\n');
    expect(bad.stderr).toContain("\n  <stdin>#2: HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace");
  });

  it('each command works as documented', () => {
    const expected = [0, 0, 0, 1, 0, 0, 0, 0, 0]; // the gitops/ example holds a deliberate fault
    commands.forEach((c, i) => {
      expect(run(argsOf(c)), `${c}\n${out}`).toBe(expected[i]);
    });
    expect((run(argsOf(commands[6])), out)).toContain('inferencepool-selector-overlap');
    expect(JSON.parse((run(argsOf(commands[5])), out)).ok).toBe(true);
    expect((run(argsOf(commands[8])), out)).toContain('profile: rhdev-2026-03 (--profile); platform: openshift 4.19 (--openshift-version)');
  });

  it('prints the profile line as the prose shows it, and refuses what the chosen OpenShift release lacks', () => {
    const prose = SECTION.slice(SECTION.indexOf('**Profile and platform.**'));
    expect(prose.replace(/\s+/g, ' ')).toContain('`profile: rhdev-2026-03 (detected: Gateway agentgateway-system/inference-gateway has class agentgateway-v2, ...)`');
    expect(run(['verify', 'dist/'])).toBe(0);
    expect(out).toContain('profile: rhdev-2026-03 (detected: Gateway agentgateway-system/inference-gateway has class agentgateway-v2, ');
    expect(run(['verify', 'rendered/'])).toBe(0);
    expect(out).toContain('profile: upstream-2026-08 (the default: no profile-specific objects)');
  });

  it('honours the verify-ignore annotation as written, and lists what it ignored with the reason', () => {
    const snippet = blocks.find((b) => b.lang === 'yaml' && b.body.includes('verify-ignore'))!.body;
    const annotations = YAML.parse(snippet).metadata.annotations;
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(tmp, 'dist', 'llm-d.yaml'), 'utf8')).map((d) => d.toJS());
    const pool = objects.find((o) => o.kind === 'InferencePool');
    // The canary has its own endpoint picker, kept elsewhere.
    const canary = { ...pool, metadata: { ...pool.metadata, name: `${pool.metadata.name}-canary`, annotations }, spec: { ...pool.spec, endpointPickerRef: { ...pool.spec.endpointPickerRef, name: 'canary-epp' } } };
    const assume = ['--assume', 'Service/llm-d/canary-epp'];
    const dir = path.join(tmp, 'canary');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'canary.yaml'), YAML.stringify(canary));
    fs.copyFileSync(path.join(tmp, 'dist', 'llm-d.yaml'), path.join(dir, 'llm-d.yaml'));
    fs.copyFileSync(path.join(tmp, 'dist', 'agentgateway-system.yaml'), path.join(dir, 'agentgateway-system.yaml'));
    expect(run(['verify', 'canary/', ...assume]), out).toBe(0);
    expect(out).toContain('ignored by cdk8s-model-gateway.github.io/verify-ignore (1):');
    expect(out).toContain('[ignored: canary pool during the v2 rollout]');
    delete annotations['cdk8s-model-gateway.github.io/verify-ignore'];
    fs.writeFileSync(path.join(dir, 'canary.yaml'), YAML.stringify({ ...canary, metadata: { ...canary.metadata, annotations } }));
    expect(run(['verify', 'canary/', ...assume])).toBe(0);
    // The overlap warning, the listener warning and the three known defects of rhdev-2026-03.
    expect(out).toContain('5 warnings:');
    expect(out).toContain(`InferencePool llm-d/${pool.metadata.name}: spec.selector.matchLabels: selects the pods of`);
  });

  it('the example output is what the tool prints', () => {
    const example = blocks.find((b) => b.body.startsWith('$ npx'))!.body.trim().split('\n');
    expect(run(argsOf(example[0].slice(2)))).toBe(1);
    for (const line of example.slice(1)) expect(out).toContain(`${line}\n`);
  });
});
