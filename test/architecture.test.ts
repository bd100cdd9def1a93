import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const SRC = path.join(ROOT, 'src');

/** Every relative import in src/, as [importing file, imported file], paths relative to src/. */
function imports(): [string, string][] {
  const out: [string, string][] = [];
  for (const e of fs.readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const file = path.join(e.parentPath, e.name);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      out.push([path.relative(SRC, file), path.relative(SRC, path.resolve(path.dirname(file), m[1]))]);
    }
  }
  return out;
}

/** The layer of a path relative to src/: its first folder, `entry` for src/*.ts, `imports` for ../imports. */
function layer(p: string): string {
  if (p.startsWith('..')) return p.split(path.sep)[1];
  return p.includes(path.sep) ? p.split(path.sep)[0] : 'entry';
}

/** What each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  util: [],
  profiles: [],
  constructs: ['profiles', 'util', 'imports'],
  catalog: ['constructs', 'profiles', 'util', 'imports'],
  verify: ['profiles', 'util'],
  cli: ['catalog', 'constructs', 'verify', 'profiles', 'util'],
  entry: ['catalog', 'constructs', 'verify', 'cli', 'profiles', 'util', 'imports'],
};

describe('import direction', () => {
  const all = imports();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.some(([from, to]) => from.startsWith('verify') && to.startsWith('util'))).toBe(true);
  });

  it('keeps layers one-way: the verifier never imports a construct; constructs never import the catalog, verifier or CLI', () => {
    const wrong = all.filter(([from, to]) => layer(from) !== layer(to) && !(ALLOWED[layer(from)] ?? []).includes(layer(to)))
      .map(([from, to]) => `${from} imports ${to}`);
    expect(wrong).toEqual([]);
  });

  it('keeps the verify model free of judgement: model/ imports no rule, report or simulator', () => {
    const wrong = all.filter(([from, to]) => from.startsWith(path.join('verify', 'model')) && layer(to) === 'verify' && !to.startsWith(path.join('verify', 'model')))
      .map(([from, to]) => `${from} imports ${to}`);
    expect(wrong).toEqual([]);
  });
});
