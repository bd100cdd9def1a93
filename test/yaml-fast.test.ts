import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { fastYamlDocument, IMPLICIT, libraryYamlDocument, MAY_NEED_QUOTES, readsAsAnotherType, toYaml, toYamlDocument } from '../src/cli/yaml-output';

const TEST = __dirname;

/** Every file under `dir` whose name ends in `.yaml`, sorted. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return e.name.endsWith('.yaml') ? [p] : [];
  }).sort();
}

/** The documents of a YAML file as JSON data (files js-yaml cannot read are skipped: some fixtures are broken on purpose). */
function documentsOf(file: string): unknown[] {
  try {
    return jsYaml.loadAll(fs.readFileSync(file, 'utf8'), undefined, { schema: jsYaml.JSON_SCHEMA })
      .filter((d) => d !== null && d !== undefined)
      .map((d) => JSON.parse(JSON.stringify(d)));
  } catch {
    return [];
  }
}

/** Strings the `yaml` library writes in every style it has: plain, single- and double-quoted, escaped, block scalars. */
const NASTY = ['', ' ', 'a', 'true', 'True', 'null', '~', 'yes', 'on', '0', '-0', '1e3', '0x1F', '0o17', '.inf', '.nan', '12:30', '2024-01-01', '<<', '=',
  '-', '?', ':', '- a', '? a', '-a', '?a', 'a:', 'a:b', 'a: b', 'a #b', 'a#b', '#a', ' a', 'a ', '  ', ',a', 'a,b', '[a]', '{a}', ']', '}', '&a', '*a', '!a',
  '|', '>', "'a", '"a', '%a', '@a', '`a', "it's", 'say "hi"', `"'`, `'"`, 'a\\b', '\\', '---', '--- a', '...', '...a', 'a---', 'a\nb', 'a\n', '\n', 'a \nb',
  'a\n b', 'a\tb', '\ta', 'a\t', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', 'é', 'ü:', '日本', '😀', '\ud800', 'x'.repeat(1100),
  'Qwen/Qwen3-0.6B', '10Gi', '300s', 'vllm-qwen3-06b', 'http://a:8000/v1', 'a: b: c', '- - a'];

const nasty = fc.oneof({ arbitrary: fc.constantFrom(...NASTY), weight: 2 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
  { arbitrary: fc.stringMatching(/^[-?:#,\[\]{}&*!|>'"%@` a.0-9]{0,6}$/), weight: 4 });

/** JSON data (plus `undefined` values in objects, which both writers leave out) with strings from `str` as keys and values. */
function jsonOf(str: fc.Arbitrary<string>, noNullPrototype = false) {
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(str, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5, noNullPrototype })),
  })).value;
}

/** Nasty strings the fast writer takes itself: no control, DEL, C1 or surrogate character, nothing starting like a document marker. */
const takenByFastWriter = nasty.filter((s) => !/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/.test(s) && !/^(%|---|\.\.\.)/.test(s) && s.length <= 1000);

/** Multi-line strings: lines of nasty strings, with blanks around. */
const multiLine = fc.tuple(fc.constantFrom('', ' ', '\n'), fc.array(takenByFastWriter, { minLength: 2, maxLength: 5 }), fc.constantFrom('', '\n', ' ', '  \n', '\n\n', '\n '))
  .map(([start, lines, end]) => start + lines.join('\n') + end);

describe('the fast YAML writer', () => {
  it('writes byte for byte what the yaml library writes, for generated JSON mappings with nasty strings (property)', () => {
    fc.assert(fc.property(fc.dictionary(takenByFastWriter, jsonOf(takenByFastWriter, true), { maxKeys: 6, noNullPrototype: true }), (doc) => {
      const mine = fastYamlDocument(doc);
      expect(mine).toBeDefined();
      expect(mine).toBe(libraryYamlDocument(doc));
    }), { numRuns: 3000 });
  });

  it('writes multi-line values as the library does, as literal blocks at any depth (property)', () => {
    let fast = 0;
    const withBlocks = jsonOf(fc.oneof(takenByFastWriter, multiLine), true).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    fc.assert(fc.property(withBlocks, (doc) => {
      const mine = fastYamlDocument(doc);
      if (mine === undefined) return;
      fast++;
      expect(mine).toBe(libraryYamlDocument(doc));
    }), { numRuns: 3000 });
    expect(fast).toBeGreaterThan(1000);
    const config = 'plugins:\n- type: queue-scorer\n  parameters:\n    x: 1\n\nend: "a"\n';
    const doc = { data: { 'config.yaml': config }, list: [config, 'a\nb '] };
    expect(fastYamlDocument(doc)).toBe(libraryYamlDocument(doc));
    expect(fastYamlDocument(doc)).toContain('  config.yaml: |\n    plugins:\n    - type: queue-scorer\n      parameters:\n        x: 1\n\n    end: "a"\nlist:\n  - |\n');
  });

  it('skips the type tests only for strings none of them can match (property)', () => {
    const anyStart = fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.stringMatching(/^[-+.0-9a-zA-Z_:~<= ]{0,8}$/)).map(([a, b]) => a + b);
    fc.assert(fc.property(anyStart, (s) => {
      if (!MAY_NEED_QUOTES.test(s)) expect(readsAsAnotherType(s)).toBe(false);
    }), { numRuns: 20000 });
    for (const s of ['', 'y', 'No', 'TRUE', 'off', 'Inf', 'nan', 'e0', 'E5', '~', '<<', '=', '.5', '-1', '+1', '2024-01-01']) {
      expect(readsAsAnotherType(s), s).toBe(true);
      expect(s === '' || MAY_NEED_QUOTES.test(s), s).toBe(true);
    }
  });

  it("quotes by exactly the yaml library's implicit-type tests of YAML 1.1 and 1.2 (written out, so the library loads only when needed)", () => {
    const library = (['1.1', '1.2'] as const).flatMap((version) => new YAML.Document(null, { version }).schema.tags
      .flatMap((t) => ('test' in t && t.default && t.test && t.tag !== 'tag:yaml.org,2002:str' ? [String(t.test)] : [])));
    expect(IMPLICIT.map(String)).toEqual(library);
  });

  it('does not load the yaml library for documents it writes itself', () => {
    const script = [
      "const { toYaml } = require('./src/cli/yaml-output');",
      "const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(f));",
      "toYaml([{ a: 'x', b: ['y: z', 1] }]); const before = loaded();",
      "toYaml([{ a: 'tab\\there' }]); console.log(JSON.stringify([before, loaded()]));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.join(TEST, '..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([false, true]);
  });

  it('writes what the yaml library writes for any JSON value, by itself or through the library (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.dictionary(nasty, jsonOf(nasty), { maxKeys: 6 }), jsonOf(nasty)), (doc) => {
      expect(toYamlDocument(doc)).toBe(libraryYamlDocument(doc));
    }), { numRuns: 2000 });
  });

  it('takes ordinary Kubernetes shapes itself: nested mappings, sequences of mappings and of sequences, empty collections, every scalar', () => {
    const doc = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { 'app.kubernetes.io/name': 'x', 'on': 'yes' }, annotations: {} },
      spec: {
        containers: [{ name: 'c', args: ['--port', '8000', '--x=a: b', "say \"hi\""], ports: [{ containerPort: 8000 }], env: [] }, { name: 'd' }],
        matrix: [[1, 2], [], [[]], [{}], [{ a: [] }]], n: -0, f: 0.5, big: 1e21, tiny: 1e-7, t: true, no: false, none: null, gone: undefined,
      },
    };
    const mine = fastYamlDocument(doc);
    expect(mine).toBeDefined();
    expect(mine).toBe(libraryYamlDocument(doc));
    expect(mine).toContain('  matrix:\n    - - 1\n      - 2\n    - []\n    - - []\n    - - {}\n    - - a: []\n');
  });

  it('leaves a document to the library when it holds anything outside its rules', () => {
    for (const doc of [{ 'x\ny': 1 }, { a: ' x\ny' }, { a: 'x\ny\n\n' }, { a: 'x\n  ' }, { a: 'x\n\ty' }, { a: '2024-01-01 a\nb' }, { a: 'tab\there' }, { '---': 1 }, { a: '...' }, { ['k'.repeat(1001)]: 1 }, { a: Number.NaN }, { a: [undefined] },
      { a: new Date(0) }, { a: new Map() }, [1, 2], 'scalar', null, Object.create(null)]) {
      expect(fastYamlDocument(doc)).toBeUndefined();
      expect(toYamlDocument(doc)).toBe(libraryYamlDocument(doc));
    }
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(fastYamlDocument(deep)).toBeUndefined();
    expect(toYamlDocument(deep)).toBe(libraryYamlDocument(deep));
  });

  it('writes every golden file and every verify fixture exactly as the yaml library does, most of them itself', () => {
    const files = [...yamlFiles(path.join(TEST, '__snapshots__')), ...yamlFiles(path.join(TEST, 'rules'))];
    let docs = 0;
    let fast = 0;
    for (const file of files) {
      for (const doc of documentsOf(file)) {
        docs++;
        const mine = fastYamlDocument(doc);
        if (mine === undefined) continue;
        fast++;
        expect(mine, file).toBe(libraryYamlDocument(doc));
      }
    }
    expect(docs).toBeGreaterThan(1000);
    expect(fast / docs).toBeGreaterThan(0.9);
  });

  it('reproduces the golden files from their objects (the header lines aside)', () => {
    const goldens = yamlFiles(path.join(TEST, '__snapshots__'));
    expect(goldens.length).toBeGreaterThan(20);
    for (const file of goldens) {
      const text = fs.readFileSync(file, 'utf8');
      const body = text.replace(/^(#.*\n)+/, '');
      expect(toYaml(documentsOf(file)), file).toBe(body);
    }
  });
});
