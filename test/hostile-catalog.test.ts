import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { main } from '../src/cli';
import { MAX_CATALOG_BYTES, readCatalogFile } from '../src/catalog/catalog-file';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { ModelGateway } from '../src/constructs/model-gateway';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { sanitizeForTerminal } from '../src/util/text';
import { find, synth } from './helpers';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MODEL = 'models: [{name: Qwen/Qwen3-0.6B}]\n';

describe('reading a catalog file: bounded, never blocking, sentences instead of errno codes', () => {
  it('refuses a device, a symlink to a device, a FIFO and a directory before reading a byte', () => {
    const link = path.join(tmp, 'zero.yaml');
    fs.symlinkSync('/dev/zero', link);
    const fifo = path.join(tmp, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(() => readCatalogFile('/dev/zero')).toThrow('cannot read catalog: /dev/zero is a device, not a file: give the path of a YAML or JSON file');
    expect(() => readCatalogFile(link)).toThrow(`cannot read catalog: ${link} is a device, not a file`);
    expect(() => readCatalogFile(fifo)).toThrow(`cannot read catalog: ${fifo} is a named pipe (FIFO), not a file`);
    expect(() => readCatalogFile(tmp)).toThrow(`cannot read catalog: ${tmp} is a directory, not a file`);
  });

  it('refuses a file over the 16 MiB limit (a sparse file: no disk used), naming the limit', () => {
    const big = path.join(tmp, 'big.yaml');
    fs.writeFileSync(big, MODEL);
    fs.truncateSync(big, MAX_CATALOG_BYTES + 1);
    expect(() => readCatalogFile(big)).toThrow(`cannot read catalog: ${big} is larger than the 16 MiB limit for a catalog: is it the right file?`);
    // The limit holds while reading too, not only by the reported size.
    const small = path.join(tmp, 'small.yaml');
    fs.writeFileSync(small, 'x'.repeat(200 * 1024));
    expect(() => readCatalogFile(small, 100 * 1024)).toThrow('is larger than the 102400 bytes limit');
    expect(readCatalogFile(small, 200 * 1024)).toHaveLength(200 * 1024);
  });

  it('says "no such file" with the absolute path, never ENOENT; relative paths are resolved', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tmp);
      expect(() => Catalog.fromFile('missing.yaml')).toThrow(`cannot read catalog: no such file: ${path.join(fs.realpathSync(tmp), 'missing.yaml')} (check the path)`);
    } finally {
      process.chdir(cwd);
    }
    expect(() => Catalog.fromFile(path.join(tmp, 'a', 'b.yaml'))).toThrow(/^cannot read catalog: no such file: .*\/a\/b\.yaml \(check the path\)$/);
  });

  it.skipIf(process.getuid?.() === 0)('says "permission denied" for an unreadable file', () => {
    const file = path.join(tmp, 'secret.yaml');
    fs.writeFileSync(file, MODEL, { mode: 0o000 });
    expect(() => Catalog.fromFile(file)).toThrow(`cannot read catalog: permission denied: ${file} (make the file readable for this user)`);
  });
});

describe('parsing a catalog: bounded', () => {
  it('stops a YAML alias bomb at once, naming the limit', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect(() => Catalog.parse(`${lines.join('\n')}\n${MODEL}`, 'bomb.yaml'))
      .toThrow("catalog 'bomb.yaml' expands YAML aliases (*name) more than the limit of 100: write the values out instead");
  });

  it('refuses deep flow and block nesting while reading, without a stack trace', () => {
    expect(() => Catalog.parse(`models: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.yaml'))
      .toThrow("catalog 'deep.yaml' nests lists or mappings more than 64 levels deep; a catalog needs 4");
    const block = `models:\n${Array.from({ length: 4000 }, (_, i) => `${' '.repeat(i + 1)}- \n`).join('')}`;
    expect(() => Catalog.parse(block, 'block.yaml')).toThrow("catalog 'block.yaml' nests lists or mappings more than 64 levels deep; a catalog needs 4");
    // Brackets inside quoted strings and comments do not count.
    expect(Catalog.parse(`# ${'['.repeat(100)}\nmodels: [{name: "a/${'['.repeat(70)}"}]\n`).spec.models[0].name).toBe(`a/${'['.repeat(70)}`);
  });

  it('accepts a $schema key, in YAML and in JSON (editor completion)', () => {
    expect(Catalog.parse(`$schema: ./catalog.schema.json\n${MODEL}`).spec.models).toHaveLength(1);
    expect(Catalog.parse(JSON.stringify({ $schema: 'https://example.com/catalog.schema.json', models: [{ name: 'a/b' }] })).spec.models).toHaveLength(1);
    expect(() => Catalog.parse(`$schema: 3\n${MODEL}`)).toThrow('$schema: got 3; must be a string');
  });

  it('stops a catalog of more than 30,000 models early, at the schema, naming the limit; the library stops at the same limit', () => {
    expect(ModelGateway.MAX_MODELS).toBe(30_000);
    const text = JSON.stringify({ models: Array.from({ length: 30_001 }, (_, i) => ({ name: `org/m${i}` })) });
    expect(() => Catalog.parse(text, 'huge.json')).toThrow(/^catalog 'huge\.json' is invalid \(1 problem\):\n {2}models: got 30001 items; at most 30000 are allowed/);
    // The gateway's count check, reached without synthesizing 30,000 models: its set of names is filled directly.
    const chart = new MultiModelGateway(Testing.app(), 'c');
    chart.addModel({ name: 'org/first' });
    const names = (chart.modelGateway as unknown as { modelNames: Set<string> }).modelNames;
    for (let i = 1; i < ModelGateway.MAX_MODELS - 1; i++) names.add(`org/m${i}`);
    expect(() => chart.addModel({ name: 'org/last', pool: 'last' })).not.toThrow();
    expect(names.size).toBe(ModelGateway.MAX_MODELS);
    expect(() => chart.addModel({ name: 'org/one-more', pool: 'one-more' })).toThrow("model 'org/one-more' is one too many: a gateway serves at most 30000 models (a bound on synthesis and verification time): split the catalog across gateways");
  });
});

describe('values with no sane meaning are refused with the field, the value and the fix', () => {
  const problems = (spec: object) => {
    try {
      Catalog.fromSpec(spec as CatalogSpec).addTo(new App(), 'c');
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  it.each([
    [{ models: [{ name: 'a/b', replicas: 1e9 }] }, 'models[0].replicas: got 1000000000; must be <= 1000'],
    [{ models: [{ name: 'a/b', storage: '1m' }] }, 'models[0].storage: got "1m"; must match'],
    [{ models: [{ name: 'a/b', storage: '0' }] }, "models[0]: model 'a/b': 'storage' must be a size in bytes from 1Gi to 64Ti"],
    [{ models: [{ name: 'a/b', storage: '512Mi' }] }, "'storage' must be a size in bytes from 1Gi to 64Ti such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got '512Mi'"],
    [{ models: [{ name: 'a/b', storage: '65Ti' }] }, "got '65Ti'"],
    [{ models: [{ name: 'a/b', storage: '1e3' }] }, 'models[0].storage: got "1e3"; must match'],
    [{ gateway: { requestTimeout: '28h' }, models: [{ name: 'a/b' }] }, "gateway.requestTimeout: must be at most 86400s (24h), got 100800s: no chat completion should hold a connection longer; lower it"],
    [{ gateway: { route: { timeout: '99999h' } }, models: [{ name: 'a/b' }] }, 'gateway.route.timeout: must be at most 86400s (24h), got 359996400s'],
  ])('%j', (spec, message) => {
    expect(problems(spec)).toContain(message);
  });

  it('the largest accepted timeouts render as valid Gateway API durations', () => {
    for (const [requestTimeout, rendered] of [['24h', '86400s'], ['23h59m59s999ms', '23h59m59s999ms'], ['1500ms', '1500ms']]) {
      const out = synth({ gateway: { requestTimeout }, models: [{ name: 'a/b' }] });
      expect(find(out.objects, 'HTTPRoute', 'vllm-b').spec.rules[0].timeouts.request).toBe(rendered);
    }
  });

  it('any catalog within the schema\'s ranges either synthesizes and verifies, or is refused as a catalog problem (property)', () => {
    const digits = (max: number) => fc.integer({ min: 0, max }).map(String);
    // Around the 24h bound, and anywhere the pattern allows.
    const duration = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${h}h${m}m`), fc.array(fc.tuple(digits(99999), fc.constantFrom('h', 'm', 's', 'ms')), { minLength: 1, maxLength: 4 }).map((g) => g.map(([n, u]) => n + u).join('')));
    const storage = fc.oneof(fc.integer({ min: 1, max: 64 }).map((n) => `${n}Gi`),
      fc.tuple(digits(999_999), fc.constantFrom('', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'k', 'M', 'G', 'T', 'P', 'E')).map(([n, u]) => n + u));
    const spec = fc.record({
      platform: fc.constantFrom('openshift', 'kubernetes'),
      gateway: fc.record({ port: fc.integer({ min: 1, max: 65535 }), requestTimeout: duration, route: fc.record({ timeout: duration }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      models: fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 1000 }), storage }, { requiredKeys: [] }), { minLength: 1, maxLength: 2 }),
    });
    let synthesized = 0;
    fc.assert(fc.property(spec, (s) => {
      const catalog = { ...s, models: s.models.map((m, i) => ({ ...m, name: `org/model-${i}` })) } as unknown as CatalogSpec;
      try {
        synth(catalog);
        synthesized++;
      } catch (err) {
        expect((err as Error).message).toMatch(/^catalog 'catalog' is invalid/);
      }
    }), { numRuns: 40 });
    expect(synthesized).toBeGreaterThan(0);
  });
});

describe('sanitizeForTerminal', () => {
  it('escapes ESC, CR, BEL, backspace, DEL, C1 and bidi overrides; keeps text, tabs and newlines', () => {
    expect(sanitizeForTerminal('a\x1b[31mred\x1b[0m\r\x07\b\x7f\x9b\u202e\tb\nc')).toBe('a\\x1b[31mred\\x1b[0m\\x0d\\x07\\x08\\x7f\\x9b\\u202e\tb\nc');
    expect(sanitizeForTerminal('Qwen/Qwen3-0.6B — ok')).toBe('Qwen/Qwen3-0.6B — ok');
  });
});

describe('the CLI never echoes control characters from input', () => {
  it('escapes them in a catalog path and in YAML errors', () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((x) => { stderr += String(x); return true; });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const evil = path.join(tmp, 'c\x1b]0;pwned\x07\x1b[2J.yaml');
      expect(main(['synth', '--catalog', evil, '--out', path.join(tmp, 'out')])).toBe(1);
      const bad = path.join(tmp, 'bad.yaml');
      fs.writeFileSync(bad, 'models: [{name: "a\x1b[31m\x08"}\n');
      expect(main(['synth', '--catalog', bad, '--out', path.join(tmp, 'out')])).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
    expect(stderr).toContain('no such file: ');
    expect(stderr).toContain('c\\x1b]0;pwned\\x07\\x1b[2J.yaml');
    expect(stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});
