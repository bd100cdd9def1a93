import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { writeOutput } from '../src/cli/output';
import { defaultCatalogFile, manifestFilePieces, manifestFiles, MAX_MANIFEST_FILE_BYTES, synthesize } from '../src/cli/synth';
import { DEFAULT_LOAD_LIMITS, loadManifests } from '../src/verify/input/manifests';
import { verifyObjects } from '../src/verify/verify';

const ORIGIN = { out: 'dist' };
/** The documents of a YAML file, in order. */
const docsOf = (text: string) => jsYaml.loadAll(text);

let objects: any[];
let tmp: string;
beforeAll(() => {
  objects = synthesize(Catalog.fromFile(defaultCatalogFile())).objects;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-parts-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a namespace too large for one file is written in numbered parts', () => {
  it('stays under verify\'s per-file limit', () => {
    expect(MAX_MANIFEST_FILE_BYTES).toBeLessThan(DEFAULT_LOAD_LIMITS.maxFileBytes);
  });

  it('writes one file per namespace when each fits', () => {
    const namespaces = [...new Set(objects.map((o) => o.metadata?.namespace ?? 'cluster'))];
    expect([...manifestFiles(objects, ORIGIN).keys()]).toEqual(namespaces.map((ns) => `${ns}.yaml`));
  });

  it('cuts a larger namespace, in object order, into parts each within the limit, and leaves the namespaces that fit alone', () => {
    const whole = manifestFiles(objects, ORIGIN);
    const llmd = whole.get('llm-d.yaml')!;
    const limit = Math.ceil(Buffer.byteLength(llmd) / 3.5);
    const split = manifestFiles(objects, ORIGIN, limit);
    const parts = [...split.keys()].filter((f) => f.startsWith('llm-d.'));
    expect(parts).toEqual(['llm-d.001.yaml', 'llm-d.002.yaml', 'llm-d.003.yaml', 'llm-d.004.yaml']);
    expect(split.has('llm-d.yaml')).toBe(false);
    expect(split.get('agentgateway-system.yaml')).toBe(whole.get('agentgateway-system.yaml'));
    for (const p of parts) expect(Buffer.byteLength(split.get(p)!), p).toBeLessThanOrEqual(limit);
    // Every part is headed like the whole file and together they hold its documents in order.
    const header = llmd.slice(0, llmd.indexOf('apiVersion'));
    for (const p of parts) expect(split.get(p)!.startsWith(header), p).toBe(true);
    expect(parts.flatMap((p) => docsOf(split.get(p)!))).toEqual(docsOf(llmd));
    // Greedy: no part could have taken the next part's first document.
    for (let i = 0; i + 1 < parts.length; i++) {
      const next = docsOf(split.get(parts[i + 1])!)[0];
      const withNext = manifestFiles([...docsOf(split.get(parts[i])!), next] as any[], ORIGIN, Number.MAX_SAFE_INTEGER).get('llm-d.yaml')!;
      expect(Buffer.byteLength(withNext)).toBeGreaterThan(limit);
    }
  });

  it('gives a document larger than the limit a part of its own', () => {
    const split = manifestFiles(objects, ORIGIN, 10);
    const llmdDocs = objects.filter((o) => o.metadata?.namespace === 'llm-d');
    const parts = [...split.keys()].filter((f) => f.startsWith('llm-d.'));
    expect(parts.length).toBe(llmdDocs.length);
    expect(parts[0]).toBe(`llm-d.${'1'.padStart(3, '0')}.yaml`);
    for (const p of parts) expect(docsOf(split.get(p)!)).toHaveLength(1);
  });

  it('writes the same parts piece by piece, and verify reads them back as the same objects', () => {
    const limit = 64 * 1024;
    const whole = manifestFiles(objects, ORIGIN, limit);
    const streamed = manifestFilePieces(objects, ORIGIN, limit);
    expect([...streamed.keys()]).toEqual([...whole.keys()]);
    for (const [name, content] of streamed) expect([...(content as { pieces: () => Iterable<string> }).pieces()].join(''), name).toBe(whole.get(name));
    const out = path.join(tmp, 'dist');
    writeOutput(out, streamed, { generator: 'test', version: '0' });
    const loaded = loadManifests([out]);
    expect(loaded.manifests.map((m) => m.obj)).toEqual(JSON.parse(JSON.stringify(objects)));
    const report = verifyObjects(loaded.manifests.map((m) => m.obj));
    expect(report.problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
  });
});
