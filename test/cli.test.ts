import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli';
import { captureStdio, OWN_OUTPUT_WARNING, Stdio } from './helpers';

let tmp: string;
let io: Stdio;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
  io = captureStdio();
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('cli synth', () => {
  it('synthesizes the default catalog: one file per namespace and ROUTING.md, byte-identical across runs', () => {
    // Same --out base name: the file header names the output directory.
    const a = path.join(tmp, 'a', 'dist');
    const b = path.join(tmp, 'b', 'dist');
    expect(main(['synth', '--out', a])).toBe(0);
    expect(main(['synth', '--out', b])).toBe(0);
    expect(Object.keys(tree(a))).toEqual(['.model-gateway-output', 'ROUTING.md', 'agentgateway-system.yaml', 'llm-d.yaml']);
    expect(tree(a)).toEqual(tree(b));
    expect(io.stdout).toContain('synthesized 2 model(s) from the default catalog');
  });

  it('reads a catalog file given with --catalog (JSON too)', () => {
    const file = path.join(tmp, 'catalog.json');
    fs.writeFileSync(file, JSON.stringify({ profile: 'rhdev-2026-03', platform: 'kubernetes', namespace: 'models', models: [{ name: 'Qwen/Qwen3-0.6B' }] }));
    const out = path.join(tmp, 'out');
    expect(main(['synth', '--catalog', file, '--out', out])).toBe(0);
    expect(Object.keys(tree(out))).toEqual(['.model-gateway-output', 'ROUTING.md', 'agentgateway-system.yaml', 'models.yaml']);
    expect(tree(out)['agentgateway-system.yaml']).not.toContain('kind: Route');
  });

  it('leaves an existing output directory exactly as it was when the catalog is bad, and exits 1', () => {
    const out = path.join(tmp, 'dist');
    expect(main(['synth', '--out', out])).toBe(0);
    const before = tree(out);
    const bad = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(bad, 'models:\n  - name: a/b\n    replicas: -1\n');
    expect(main(['synth', '--catalog', bad, '--out', out])).toBe(1);
    expect(io.stderr).toContain(`error: catalog '${bad}' is invalid (1 problem):\n  models[0].replicas: got -1; must be >= 0`);
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(tmp).sort()).toEqual(['bad.yaml', 'dist']);
  });

  it('rejects unknown options, commands and missing files with a message and non-zero exit', () => {
    expect(main(['synth', '--outdir', path.join(tmp, 'x')])).toBe(2);
    expect(io.stderr).toContain("unknown option '--outdir' for synth: allowed are --catalog, --out, --profile, --openshift-version, --force (did you mean '--out'?)");
    expect(main(['frobnicate'])).toBe(2);
    expect(io.stderr).toContain("unknown command 'frobnicate': commands are synth, verify");
    expect(main(['synth', '--out'])).toBe(2);
    expect(io.stderr).toContain("option '--out' needs a value, e.g. --out dist");
    expect(main(['synth', '--catalog', path.join(tmp, 'missing.yaml'), '--out', path.join(tmp, 'y')])).toBe(1);
    expect(io.stderr).toContain(`error: cannot read catalog: no such file: ${path.join(tmp, 'missing.yaml')} (check the path)`);
    expect(io.stderr).not.toContain('ENOENT');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describe('cli verify', () => {
  it('verifies synthesized output clean and exits 0, printing the summary and simulated requests', () => {
    const out = path.join(tmp, 'dist');
    expect(main(['synth', '--out', out])).toBe(0);
    io.stdout = '';
    expect(main(['verify', out])).toBe(0);
    expect(io.stdout).toContain(`verified ${out}: 34 objects from 2 files (Gateway 1, AgentgatewayPolicy 6,`);
    expect(io.stdout).toMatch(/schemas: \d+ CEL rules evaluated, 0 transition rules skipped/);
    expect(io.stdout).toContain('wiring: Gateway agentgateway-system/inference-gateway: 7 HTTPRoute(s) attached');
    expect(io.stdout).toMatch(/ok {3}GET \/v1\/models -> no route: HTTPRoute llm-d\/inference-gateway-models rule 0 is answered by AgentgatewayPolicy llm-d\/inference-gateway-models: 200/);
    expect(io.stdout).toContain('  ok   POST /v1/chat/completions model=Qwen/Qwen3-0.6B -> HTTPRoute llm-d/vllm-qwen3-06b rule 0');
    expect(io.stdout).toMatch(/ok {3}POST \/v1\/chat\/completions model=verify\/no-such-model -> no route: /);
    // No error; the warnings: the synthesized listener admits routes from All namespaces, and the known defects of rhdev-2026-03.
    expect(io.stdout.trim().endsWith('no problems besides the warnings')).toBe(true);
    expect(io.stderr).toContain('4 warnings:\n');
    expect(io.stderr).toContain(`  warning: ${path.join(out, 'agentgateway-system.yaml')}#1: ${OWN_OUTPUT_WARNING}`);
  });

  it('exits 1 and prints Kind namespace/name: field: problem (fix) for broken manifests', () => {
    const out = path.join(tmp, 'dist');
    expect(main(['synth', '--out', out])).toBe(0);
    const file = path.join(out, 'llm-d.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('namespace: agentgateway-system\n', '\n'));
    expect(main(['verify', out])).toBe(1);
    expect(io.stderr).toContain('1 problem and 4 warnings:\n');
    expect(io.stderr).toContain(`\n  ${path.join(out, 'llm-d.yaml')}#2: HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace`);
  });

  it('puts objects without a namespace into --namespace, and names a missing path', () => {
    const dir = path.join(tmp, 'helm');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ms}\n');
    expect(main(['verify', dir, '--namespace', 'llm-d'])).toBe(0);
    expect(main(['verify', dir, path.join(tmp, 'nope')])).toBe(1);
    expect(io.stderr).toContain(`error: no such file or directory: ${path.join(tmp, 'nope')}\n`);
    expect(main(['verify'])).toBe(2);
    expect(io.stderr).toContain('verify needs files or directories of manifests, e.g. verify dist');
  });
});

