import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as YAML from 'yaml';
import { main } from '../src/cli';

let tmp: string;
let stderr: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cli synth', () => {
  it('writes schema-valid YAML, byte-identical across runs', () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    expect(main(['synth', '--out', a])).toBe(0);
    expect(main(['synth', '--out', b])).toBe(0);
    const files = fs.readdirSync(a);
    expect(files).toEqual(['model-gateway.yaml']);
    expect(fs.readFileSync(path.join(a, files[0]))).toEqual(fs.readFileSync(path.join(b, files[0])));
    const kinds = YAML.parseAllDocuments(fs.readFileSync(path.join(a, files[0]), 'utf8')).map((d) => d.toJS().kind);
    expect(kinds).toEqual(['Gateway', 'AgentgatewayPolicy', 'InferencePool', 'HTTPRoute', 'InferencePool', 'HTTPRoute']);
  });

  it('rejects unknown options and commands with usage and exit code 2, writing nothing', () => {
    expect(main(['synth', '--outdir', path.join(tmp, 'x')])).toBe(2);
    expect(stderr).toContain("unknown option '--outdir': allowed are --out");
    expect(main(['frobnicate'])).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
    expect(main(['synth', '--out'])).toBe(2);
    expect(stderr).toContain("option '--out' needs a value, e.g. --out dist");
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
