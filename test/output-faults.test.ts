import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from './helpers';
import { snapshot } from './output-helpers';
import { writeOutput } from '../src/cli/output';

/** The CommonJS `fs` object; after changing it, `syncBuiltinESMExports` updates every `import * as fs`. */
const cjsFs = createRequire(__filename)('node:fs') as Record<string, unknown>;
const OPTS = { generator: 'fault-test', version: '0' };

let tmp: string;
let restore: (() => void) | undefined;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-fault-')); });
afterEach(() => {
  restore?.();
  restore = undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Makes `fs[name]` fail with errno `code` (as the kernel would) when `when(args)` holds. */
function inject(name: string, code: string, when: (args: unknown[]) => boolean = () => true): void {
  const original = cjsFs[name] as (...a: unknown[]) => unknown;
  cjsFs[name] = (...args: unknown[]) => {
    if (!when(args)) return original(...args);
    const err: NodeJS.ErrnoException = new Error(`${code}: injected, ${name}`);
    err.code = code;
    if (typeof args[0] === 'string') err.path = args[0];
    if (name === 'renameSync') (err as any).dest = args[1];
    throw err;
  };
  syncBuiltinESMExports();
  restore = () => {
    cjsFs[name] = original;
    syncBuiltinESMExports();
  };
}

function previous(): { out: string; before: Record<string, string> } {
  const out = path.join(tmp, 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'k');
  writeOutput(out, new Map([['a.yaml', 'a1'], ['b.yaml', 'b1']]), OPTS);
  return { out, before: snapshot(out) };
}

describe('writeOutput under file-system faults', () => {
  it('a full disk while staging: one sentence, the old output exactly as it was, no temp files', () => {
    const { out, before } = previous();
    inject('writeSync', 'ENOSPC');
    expect(errorOf(() => writeOutput(out, new Map([['a.yaml', 'a2']]), OPTS))).toBe(
      `no space left on the device holding '${out}': free some space, or choose an --out on another device`);
    restore!();
    expect(snapshot(out)).toEqual(before);
  });

  it('a read-only file system: refused before anything is touched', () => {
    const { out, before } = previous();
    inject('accessSync', 'EROFS');
    expect(errorOf(() => writeOutput(out, new Map([['a.yaml', 'a2']]), OPTS))).toBe(
      `'${out}' is on a read-only file system: choose a writable --out (in a container, mount the volume read-write)`);
    restore!();
    expect(snapshot(out)).toEqual(before);
  });

  it('a busy file mid-commit: the sentence names it and says the next run completes, which it does', () => {
    const { out } = previous();
    const busy = path.join(out, 'b.yaml');
    inject('renameSync', 'EBUSY', (args) => args[1] === busy);
    expect(errorOf(() => writeOutput(out, new Map([['a.yaml', 'a2'], ['b.yaml', 'b2']]), OPTS))).toBe(
      `'${busy}' is busy (in use by another process, or a mount point that cannot be replaced): close what holds it, or choose another --out; `
      + `'${out}' is partly updated (every file complete, old or new), and the next synth completes the update`);
    restore!();
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('a2');
    expect(fs.readFileSync(busy, 'utf8')).toBe('b1');
    const result = writeOutput(out, new Map([['a.yaml', 'a2'], ['b.yaml', 'b2']]), OPTS);
    expect(result.recovered).toBe(true);
    const after = snapshot(out);
    expect([after['a.yaml'], after['b.yaml'], after['kustomization.yaml']]).toEqual(['a2', 'b2', 'k']);
    expect(Object.keys(after).filter((f) => f.startsWith('.'))).toEqual(['.model-gateway-output']);
  });
});
