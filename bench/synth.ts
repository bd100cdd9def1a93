/**
 * Synthesis benchmark: catalogs of 1, 10, 100 and 1000 models.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- 1 10         # chosen sizes
 *
 * Each size runs in its own Node process (so peak RSS is that size's), after a one-model
 * warm-up in the same process that loads the modules and compiles the schemas. Per size it
 * reports the time to synthesize (build constructs, check, validate every object, render the
 * YAML and the report), peak RSS, and the ratio of that time to plain `yaml` serialization of
 * the same objects in the same process: the baseline says how much of the cost is ours.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog';
import { CatalogSpec } from '../src/catalog-spec';
import { synthesize } from '../src/synth';
import { SchemaValidator } from '../src/validation/schema-validator';

const SIZES = [1, 10, 100, 1000];

export function catalogOf(n: number): CatalogSpec {
  return { models: Array.from({ length: n }, (_, i) => ({ name: `bench-org/model-${String(i).padStart(4, '0')}` })) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function child(n: number) {
  const validator = new SchemaValidator();
  synthesize(Catalog.fromSpec(catalogOf(1)), validator); // warm-up: modules, schema compilation
  const catalog = Catalog.fromSpec(catalogOf(n));
  const runs = n >= 1000 ? 1 : n >= 100 ? 3 : 5;
  const synthMs: number[] = [];
  const yamlMs: number[] = [];
  let objects: any[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const out = synthesize(catalog, validator);
    synthMs.push(performance.now() - t0);
    objects = out.objects;
    bytes = [...out.files.values()].reduce((a, f) => a + Buffer.byteLength(f), 0);
    const t1 = performance.now();
    const plain = objects.map((o) => YAML.stringify(o)).join('---\n');
    yamlMs.push(performance.now() - t1);
    if (plain.length === 0) throw new Error('empty baseline');
  }
  const s = median(synthMs);
  const y = median(yamlMs);
  process.stdout.write(JSON.stringify({ n, objects: objects.length, bytes, synthMs: s, yamlMs: y, ratio: s / y, peakRssMiB: process.resourceUsage().maxRSS / 1024, runs }) + '\n');
}

function parent(sizes: number[]) {
  const rows = sizes.map((n) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(n)], { encoding: 'utf8', cwd: path.resolve(__dirname, '..'), maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split('\n').pop()!);
  });
  const lines = [
    '| models | objects | output | synthesize | plain yaml | ratio | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n} | ${r.objects} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.synthMs.toFixed(0)} ms | ${r.yamlMs.toFixed(1)} ms | ${r.ratio.toFixed(1)}x | ${r.peakRssMiB.toFixed(0)} MiB |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(Number(args[1]));
else parent(args.length ? args.map(Number) : SIZES);
