import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kustomizeFileRoles } from '../src/verify/input/kustomize';
import { loadManifests, parseManifests, readManifests } from '../src/verify/input/manifests';
import { MANIFEST_YAML_LIMITS, nesting, nonFiniteNumber, parseYamlDocuments } from '../src/util/yaml';
import { errorOf, sharedValidator } from './helpers';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-input-bounds-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\ndata:\n${data}`;

describe('one YAML reading, as kubectl and the API server read it', () => {
  it('keeps dates and clock times as strings, reads YAML 1.1 booleans, hex and exponents as kubectl does', () => {
    const [m] = parseManifests(configMap('  date: 2024-01-01\n  onv: on\n  yesv: yes\n  nov: No\n  hex: 0x1F\n  exp: 1e3\n  octal: 0777\n  clock: 22:30\n  quoted: "yes"\n'), 'f.yaml');
    expect(m.obj.data).toEqual({ date: '2024-01-01', onv: true, yesv: true, nov: false, hex: 31, exp: 1000, octal: 511, clock: '22:30', quoted: 'yes' });
    // The same reading in kustomize files, so a kustomization with `yes` means what kustomize reads.
    expect(parseYamlDocuments('a: 2024-01-01\nb: off\n', MANIFEST_YAML_LIMITS)).toEqual([{ value: { a: '2024-01-01', b: false } }]);
  });

  it('so an unquoted `yes` where a string is expected is reported, as kubectl would', () => {
    const pod = (v: string) => parseManifests(`apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n  - name: c\n    image: i\n    env:\n    - {name: DEBUG, value: ${v}}\n`, 'pod.yaml')[0].obj;
    expect(sharedValidator().validate(pod('yes'))).toEqual([{ kind: 'Pod', object: 'ns/p', field: 'spec.containers[0].env[0].value', message: 'must be string', rule: 'schema' }]);
    expect(sharedValidator().validate(pod('"yes"'))).toEqual([]);
  });

  it('refuses .inf and .nan, which JSON cannot hold, naming the document and the field', () => {
    const text = `${configMap('  a: x\n')}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - {port: .inf}\n`;
    const r = readManifests(text, 'svc.yaml');
    expect(r.manifests).toEqual([]);
    expect(r.unreadable).toEqual([{ source: 'svc.yaml#2', message: 'holds .inf or .nan at spec.ports[0].port, which JSON cannot hold, so kubectl refuses the file', fix: 'quote the value at spec.ports[0].port or write a finite number' }]);
    expect(errorOf(() => parseManifests(text, 'svc.yaml'))).toBe('svc.yaml#2: holds .inf or .nan at spec.ports[0].port, which JSON cannot hold, so kubectl refuses the file');
    expect(nonFiniteNumber({ a: [1, { b: -Infinity }] })).toBe('a[1].b');
    expect(nonFiniteNumber({ a: [1, { b: 2 }] })).toBeUndefined();
  });

  it('refuses duplicate keys, as strict kubectl validation does (`on:` and `yes:` are the same key, true)', () => {
    // The line and column are those of the second key.
    expect(readManifests(configMap('  a: x\n  a: y\n'), 'dup.yaml').unreadable[0].message).toBe('not valid YAML: duplicated mapping key at line 6, column 3');
    expect(readManifests(configMap('  on: x\n  yes: y\n'), 'dup.yaml').unreadable[0].message).toBe('not valid YAML: duplicated mapping key at line 6, column 3');
  });

});

describe('bounded YAML', () => {
  // The classic "billion laughs": nine levels of nine aliases, 9^9 strings once expanded.
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const bomb = levels.map((l, i) => `  ${l}: &${l} [${i === 0 ? Array(9).fill('"lol"').join(',') : Array(9).fill(`*${levels[i - 1]}`).join(',')}]`).join('\n');

  it('refuses a 553-byte alias bomb at once, naming the file and the document', () => {
    const text = `${configMap('  ok: x\n')}---\n${configMap(`${bomb}\n`)}`;
    expect(Buffer.byteLength(text)).toBeLessThan(600);
    const r = readManifests(text, 'bomb.yaml');
    expect(r.manifests).toEqual([]);
    expect(r.unreadable).toEqual([{ source: 'bomb.yaml#2', message: 'expands YAML aliases (*name) more than the limit of 100 (an alias bomb?)', fix: 'write the values out instead of anchors and aliases' }]);
  });

  it('still expands a few honest aliases', () => {
    const [m] = parseManifests(configMap('  a: &v hello\n  b: *v\n'), 'f.yaml');
    expect(m.obj.data).toEqual({ a: 'hello', b: 'hello' });
  });

  it('refuses nesting past the limit, in flow and block style, without exhausting the stack', () => {
    const flow = `${configMap('  a: x\n')}extra: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    expect(readManifests(flow, 'flow.yaml').unreadable).toEqual([{ source: 'flow.yaml', message: `nests mappings or lists more than ${MANIFEST_YAML_LIMITS.maxNesting} levels deep`, fix: 'flatten it: no Kubernetes object nests that deep' }]);
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    expect(readManifests(deep, 'deep.yaml').unreadable[0].message).toBe(`nests mappings or lists more than ${MANIFEST_YAML_LIMITS.maxNesting} levels deep`);
    const block = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(parseYamlDocuments(block, MANIFEST_YAML_LIMITS)[0].error).toBe(`nests mappings or lists more than ${MANIFEST_YAML_LIMITS.maxNesting} levels deep`);
    expect(parseYamlDocuments(block, { maxAliases: 100, maxNesting: 200 })[0].error).toBeUndefined();
  });

  it('counts nesting without recursion and stops counting past the limit', () => {
    const [doc] = parseYamlDocuments('a: [1, {b: [2]}]\n', MANIFEST_YAML_LIMITS);
    expect(doc.value).toEqual({ a: [1, { b: [2] }] });
    expect(nesting(doc.value, 100)).toBe(4);
    expect(nesting(doc.value, 1)).toBe(2);
  });

  it('counts alias expansions over the shared nodes: copies inside copies count again, plain values not at all', () => {
    const limits = { maxAliases: 13, maxNesting: 128 };
    // 2 aliases in b, then 4 aliases of b, each copy holding b's 2 again: 2 + 4 * (1 + 2) = 14.
    const nested = 'a: &a [x]\nb: &b [*a, *a]\nc: [*b, *b, *b, *b]\n';
    expect(parseYamlDocuments(nested, limits)[0].problem).toBe('aliases');
    expect(parseYamlDocuments(nested, { maxAliases: 14, maxNesting: 128 })[0].error).toBeUndefined();
    // 50 aliases of a plain string copy nothing.
    expect(parseYamlDocuments(`a: &s text\nb: [${Array(50).fill('*s').join(', ')}]\n`, limits)[0].value).toMatchObject({ b: Array(50).fill('text') });
  });

  it('measures nesting with aliases expanded, and refuses an alias inside its own anchor', () => {
    const deep = `a: &d ${'['.repeat(100)}${']'.repeat(100)}\nb: ${'['.repeat(40)}*d${']'.repeat(40)}\n`;
    expect(parseYamlDocuments(deep, MANIFEST_YAML_LIMITS)[0].error).toBe(`nests mappings or lists more than ${MANIFEST_YAML_LIMITS.maxNesting} levels deep`);
    expect(readManifests(`${configMap('  ok: x\n')}---\n${configMap('  a: &a [*a]\n')}`, 'cycle.yaml').unreadable).toEqual([{ source: 'cycle.yaml#2', message: 'uses an alias inside its own anchor (&name ... *name), which never ends once expanded', fix: 'move the alias out of the anchored value' }]);
  });

  it('reports a stack overflow in the parser as the nesting limit, never a stack trace', () => {
    // A limit too high to stop reading first: the parser's recursion runs out of stack.
    const limits = { maxAliases: 100, maxNesting: 10_000_000 };
    expect(parseYamlDocuments(`${'['.repeat(200_000)}${']'.repeat(200_000)}`, limits)).toEqual([{ error: 'nests mappings or lists more than 10000000 levels deep', fix: 'flatten it: no Kubernetes object nests that deep', problem: 'nesting' }]);
  });

  it('names the document, line and column of a syntax error', () => {
    const r = readManifests(`${configMap('  ok: x\n')}---\n${configMap('  a: [x\n')}`, 'bad.yaml');
    expect(r.unreadable).toEqual([{ source: 'bad.yaml#2', message: 'not valid YAML: unexpected end of the stream within a flow collection at line 12, column 1', fix: 'fix the YAML syntax' }]);
  });

  it('a kustomization that is an alias bomb names no files and does not expand', () => {
    expect(kustomizeFileRoles(path.join(tmp, 'kustomization.yaml'), `resources: []\nx:\n${bomb}\npatchesStrategicMerge: [p.yaml]\n`).size).toBe(0);
    expect([...kustomizeFileRoles(path.join(tmp, 'kustomization.yaml'), 'patchesStrategicMerge: [p.yaml]\n').values()]).toEqual(['kustomize patch']);
  });
});

describe('special files', () => {
  it('does not read a symlink to a device or a FIFO in a folder, and says so', () => {
    const dir = path.join(tmp, 'm');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('  a: x\n'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    fs.symlinkSync(path.join(dir, 'pipe.yaml'), path.join(dir, 'to-pipe.yml'));
    const r = loadManifests([dir]);
    expect(r.manifests.map((m) => m.obj.metadata.name)).toEqual(['c']);
    expect(r.skipped).toEqual([
      { source: path.join(dir, 'pipe.yaml'), reason: 'a named pipe (FIFO), not a regular file, so it is not read' },
      { source: path.join(dir, 'to-pipe.yml'), reason: 'a named pipe (FIFO), not a regular file, so it is not read' },
      { source: path.join(dir, 'zero.yaml'), reason: 'a device, not a regular file, so it is not read' },
    ]);
    expect(r.unreadable).toEqual([]);
  });

  it('refuses a FIFO or device given by name with a sentence, without blocking', () => {
    const fifo = path.join(tmp, 'p.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => loadManifests([fifo]))).toBe(`${fifo} is not a regular file or directory: give manifest files or folders`);
    const dev = path.join(tmp, 'dev.yaml');
    fs.symlinkSync('/dev/zero', dev);
    expect(errorOf(() => loadManifests([dev]))).toBe(`${dev} is not a regular file or directory: give manifest files or folders`);
  });
});

describe('tree size', () => {
  it('stops at a link to a large tree after a bounded number of entries, with a sentence', () => {
    const dir = path.join(tmp, 'm');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, 'sub', `f${i}.txt`), '');
    fs.writeFileSync(path.join(dir, 'a.yaml'), configMap('  a: x\n'));
    expect(loadManifests([dir], { maxEntries: 40 }).manifests).toHaveLength(1);
    expect(errorOf(() => loadManifests([dir], { maxEntries: 20 }))).toBe(`the inputs hold more than 20 files and folders (limit reached in ${path.join(dir, 'sub')}): verify a smaller folder, or remove a link to a large tree`);
  });
});
