import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli';
import { Catalog } from '../src/catalog/catalog';
import { fileHeader } from '../src/cli/file-header';
import { withStack } from '../src/cli/synth';
import { OpenShiftVersion, StackProfile } from '../src/profiles/profiles';
import { captureStdio, DEFAULT_CATALOG, errorOf, Stdio } from './helpers';

let tmp: string;
let io: Stdio;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-profile-'));
  io = captureStdio();
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const NOTE = "note: the catalog names no profile, so synth used upstream-2026-08 (the default); pin it with 'profile: upstream-2026-08' in the catalog or --profile";

/** A catalog file in the scratch directory holding `text`. */
function catalogFile(text: string): string {
  const file = path.join(tmp, 'catalog.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('synth --profile and --openshift-version', () => {
  it('refuse a name that is not a profile or release with a usage error naming the allowed values, writing nothing', () => {
    const out = path.join(tmp, 'dist');
    expect(main(['synth', '--profile', 'upstream-2026-09', '--out', out])).toBe(2);
    expect(io.stderr).toContain("error: option '--profile' is 'upstream-2026-09': use one of rhdev-2026-03, upstream-2026-08\n");
    expect(main(['synth', '--openshift-version', '4.18', '--out', out])).toBe(2);
    expect(io.stderr).toContain("error: option '--openshift-version' is '4.18': use one of 4.19, 4.20, 4.21, 4.22, 5.0\n");
    expect(fs.existsSync(out)).toBe(false);
  });

  it('--profile overrides the catalog\'s; the file header names it so its command regenerates the same files', () => {
    const file = catalogFile('profile: upstream-2026-08\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    const out = path.join(tmp, 'dist');
    expect(main(['synth', '--catalog', file, '--profile', 'rhdev-2026-03', '--out', out])).toBe(0);
    const yaml = fs.readFileSync(path.join(out, 'agentgateway-system.yaml'), 'utf8');
    expect(yaml.split('\n')[1]).toBe('#   cdk8s-model-gateway synth --catalog catalog.yaml --profile rhdev-2026-03 --out dist');
    expect(yaml).toContain('gatewayClassName: agentgateway-v2');
    expect(fs.readFileSync(path.join(out, 'llm-d.yaml'), 'utf8')).toContain('image: vllm/vllm-openai:v0.13.0');
    expect(io.stderr).not.toContain('note:');
  });

  it('says once which profile it used when neither the catalog nor --profile names one', () => {
    const file = catalogFile('models:\n  - name: Qwen/Qwen3-0.6B\n');
    main(['synth', '--catalog', file, '--out', path.join(tmp, 'dist')]);
    expect(io.stderr.split('\n').filter((l) => l.startsWith('note:'))).toEqual([NOTE]);
  });

  it('says nothing about the profile when the catalog itself is refused: its errors come alone', () => {
    const file = catalogFile('gateway:\n  port: 15021\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    expect(main(['synth', '--catalog', file, '--out', path.join(tmp, 'dist')])).toBe(1);
    expect(io.stderr.startsWith("error: catalog '")).toBe(true);
    expect(io.stderr).not.toContain('note:');
  });

  it('says nothing about the profile for the default catalog, which pins rhdev-2026-03', () => {
    expect(main(['synth', '--out', path.join(tmp, 'dist')])).toBe(0);
    expect(io.stderr).not.toContain('note:');
  });

  it('--openshift-version on a kubernetes catalog is refused as the catalog key would be', () => {
    const file = catalogFile('profile: rhdev-2026-03\nplatform: kubernetes\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    expect(main(['synth', '--catalog', file, '--openshift-version', '4.21', '--out', path.join(tmp, 'dist')])).toBe(1);
    expect(io.stderr).toContain("openshiftVersion: '4.21' names an OpenShift release, but platform is 'kubernetes': remove it, or set platform: openshift");
  });

  it('--profile switching to a profile whose class the catalog does not use is refused, naming the key', () => {
    const file = catalogFile('profile: rhdev-2026-03\ngateway:\n  className: agentgateway-v2\nmodels:\n  - name: Qwen/Qwen3-0.6B\n');
    expect(main(['synth', '--catalog', file, '--profile', 'upstream-2026-08', '--out', path.join(tmp, 'dist')])).toBe(1);
    expect(io.stderr).toContain("gateway.className: 'agentgateway-v2' is the GatewayClass of profile 'rhdev-2026-03'");
  });
});

describe('withStack and the file header', () => {
  it('withStack replaces only what is given and keeps the catalog\'s source', () => {
    const base = Catalog.fromFile(DEFAULT_CATALOG);
    expect(withStack(base, {})).toBe(base);
    const c = withStack(base, { profile: StackProfile.UPSTREAM_2026_08, openshiftVersion: OpenShiftVersion.V4_21 });
    expect([c.spec.profile, c.spec.openshiftVersion, c.spec.platform, c.source]).toEqual(['upstream-2026-08', '4.21', 'openshift', base.source]);
    expect(withStack(base, { openshiftVersion: OpenShiftVersion.V5_0 }).spec.profile).toBe('rhdev-2026-03');
    expect(errorOf(() => withStack(base, { profile: 'x' as StackProfile }))).toContain('profile: got "x"');
  });

  it('the header names --profile and --openshift-version only when given, before --out', () => {
    expect(fileHeader('p', '1.0.0', { out: 'dist' }).split('\n')[1]).toBe('#   p synth --out dist');
    expect(fileHeader('p', '1.0.0', { out: 'dist', catalog: 'c.yaml', profile: 'upstream-2026-08', openshiftVersion: '4.21' }).split('\n')[1])
      .toBe('#   p synth --catalog c.yaml --profile upstream-2026-08 --openshift-version 4.21 --out dist');
  });
});
