import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from './helpers';
import { snapshot } from './output-helpers';
import { Catalog } from '../src/catalog/catalog';
import { FileContent, RECORD_FILE, writeOutput, WriteOutputOptions } from '../src/cli/output';
import { digest, readRecord } from '../src/cli/output-record';
import { defaultCatalogFile, manifestFilePieces, manifestFiles, synthesize, synthesizeToDir } from '../src/cli/synth';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-pieces-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OPTS: WriteOutputOptions = { generator: 'test-gen', version: '1.2.3' };

/** `text` as pieces of `size` characters (the last one shorter). */
function pieces(text: string, size: number): FileContent {
  return { pieces: function* () { for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size); } };
}

describe('writeOutput with contents written piece by piece', () => {
  it('writes the same bytes and records the same digest as for the whole text, across write chunks and multi-byte characters', () => {
    const big = `é${'x'.repeat(1024 * 1024)}😀\n`.repeat(3);
    const out = path.join(tmp, 'dist');
    writeOutput(out, new Map<string, FileContent>([['a.yaml', pieces(big, 4096)], ['b.yaml', pieces('', 1)], ['c.yaml', 'plain']]), OPTS);
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe(big);
    expect(fs.readFileSync(path.join(out, 'b.yaml'), 'utf8')).toBe('');
    const record = readRecord(path.join(out, RECORD_FILE));
    expect(typeof record === 'object' && record?.files).toEqual({ 'a.yaml': digest(big), 'b.yaml': digest(''), 'c.yaml': digest('plain') });
  });

  it('keeps a surrogate pair whole when a write chunk ends between its halves', () => {
    const text = `${'x'.repeat(1024 * 1024 - 1)}😀y`;
    const out = path.join(tmp, 'dist');
    writeOutput(out, new Map<string, FileContent>([['a.yaml', pieces(text, 1)]]), OPTS);
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe(text);
  });

  it('leaves the previous output exactly as it was when producing a piece fails', () => {
    const out = path.join(tmp, 'dist');
    writeOutput(out, new Map([['a.yaml', 'a1'], ['b.yaml', 'b1']]), OPTS);
    const before = snapshot(out);
    const failing: FileContent = { pieces: function* () { yield 'a2-start'; throw new Error('rendering failed'); } };
    expect(errorOf(() => writeOutput(out, new Map<string, FileContent>([['a.yaml', 'a2'], ['b.yaml', failing]]), OPTS))).toContain('rendering failed');
    expect(snapshot(out)).toEqual(before);
  });
});

describe('synth output written piece by piece', () => {
  it('manifestFilePieces gives exactly the text of manifestFiles, file by file', () => {
    const { objects } = synthesize(Catalog.fromFile(defaultCatalogFile()));
    const whole = manifestFiles(objects, { out: 'dist' });
    const streamed = manifestFilePieces(objects, { out: 'dist' });
    expect([...streamed.keys()]).toEqual([...whole.keys()]);
    for (const [name, content] of streamed) {
      expect(typeof content).toBe('object');
      expect([...(content as { pieces: () => Iterable<string> }).pieces()].join('')).toBe(whole.get(name));
    }
  });

  it('synthesizeToDir writes what synthesize renders', () => {
    const catalog = Catalog.fromFile(defaultCatalogFile());
    const out = path.join(tmp, 'dist');
    const result = synthesizeToDir(catalog, out, { force: true });
    const { files } = synthesize(catalog, undefined, out);
    expect(result.written).toEqual([...files.keys()]);
    for (const [name, text] of files) expect(fs.readFileSync(path.join(out, name), 'utf8')).toBe(text);
  });
});
