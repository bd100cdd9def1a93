/**
 * Synthesis and verification benchmark: catalogs of 1, 10, 100 and 1000 models.
 *
 *   npm run bench                 # all sizes, default profile (upstream-2026-08)
 *   npm run bench -- 1 10         # chosen sizes
 *   BENCH_PROFILE=rhdev-2026-03 npm run bench   # another stack profile
 *
 * Each size runs in its own Node process (so peak RSS is that size's), after a one-model
 * warm-up in the same process that loads the modules and compiles the schemas. Per size it
 * reports:
 * - synthesize: what `synth` does (build the constructs, verify the objects, render YAML and
 *   the report), and its ratio to plain `yaml` serialization of the same objects in the same
 *   process (the baseline says how much of the cost is ours);
 * - build+render: the same without verification;
 * - verify: what `verify <dir>` does on the written output (read and parse the YAML, every
 *   rule of the registry: schemas and CEL rules, wiring, simulated requests), its ratio to the
 *   same plain `yaml` baseline, and per model, to show it grows linearly;
 * - peak RSS of the process.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Yaml } from 'cdk8s';
import { performance } from 'node:perf_hooks';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { StackProfile } from '../src/profiles/profiles';
import { loadManifestDir } from '../src/verify/input/manifests';
import { verifyObjects } from '../src/verify/verify';

const SIZES = [1, 10, 100, 1000];

/** The profile the catalogs state (BENCH_PROFILE), else none: the library default. */
const PROFILE = process.env.BENCH_PROFILE as StackProfile | undefined;

export function catalogOf(n: number): CatalogSpec {
  return { ...(PROFILE ? { profile: PROFILE } : {}), models: Array.from({ length: n }, (_, i) => ({ name: `bench-org/model-${String(i).padStart(4, '0')}` })) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function child(n: number) {
  // No validator given: each call validates against the profile's schema set, compiled once per process.
  synthesize(Catalog.fromSpec(catalogOf(1))); // warm-up: modules, schema compilation
  const catalog = Catalog.fromSpec(catalogOf(n));
  const runs = n >= 1000 ? 1 : n >= 100 ? 3 : 5;
  const t = { synth: [] as number[], build: [] as number[], yaml: [] as number[], verify: [] as number[] };
  let objects: any[] = [];
  let bytes = 0;
  let problems = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  try {
    for (let r = 0; r < runs; r++) {
      let t0 = performance.now();
      const out = synthesize(catalog);
      t.synth.push(performance.now() - t0);
      objects = out.objects;
      bytes = [...out.files.values()].reduce((a, f) => a + Buffer.byteLength(f), 0);
      for (const [name, content] of out.files) fs.writeFileSync(path.join(dir, name), content);

      t0 = performance.now();
      const built = catalog.addTo(new App({ outdir: 'unused' }), 'model-gateway').toJson();
      Yaml.stringify(...built);
      t.build.push(performance.now() - t0);

      t0 = performance.now();
      const plain = objects.map((o) => YAML.stringify(o)).join('---\n');
      t.yaml.push(performance.now() - t0);
      if (plain.length === 0) throw new Error('empty baseline');

      t0 = performance.now();
      problems = verifyObjects(loadManifestDir(dir).map((m) => m.obj)).problems.filter((p) => p.severity !== 'warning').length;
      t.verify.push(performance.now() - t0);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (problems) throw new Error(`the ${n}-model output has ${problems} verification errors`);
  const m = { synth: median(t.synth), build: median(t.build), yaml: median(t.yaml), verify: median(t.verify) };
  process.stdout.write(JSON.stringify({ n, objects: objects.length, bytes, ...m, ratio: m.synth / m.yaml, peakRssMiB: process.resourceUsage().maxRSS / 1024, runs }) + '\n');
}

function parent(sizes: number[]) {
  const rows = sizes.map((n) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(n)], { encoding: 'utf8', cwd: path.resolve(__dirname, '..'), maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split('\n').pop()!);
  });
  const lines = [
    '| models | objects | output | synthesize | plain yaml | synthesize / yaml | build+render | verify | verify / yaml | verify per model | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n} | ${r.objects} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.synth.toFixed(0)} ms | ${r.yaml.toFixed(1)} ms | ${r.ratio.toFixed(1)}x | ${r.build.toFixed(0)} ms | ${r.verify.toFixed(0)} ms | ${(r.verify / r.yaml).toFixed(2)}x | ${(r.verify / r.n).toFixed(2)} ms | ${r.peakRssMiB.toFixed(0)} MiB |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(Number(args[1]));
else parent(args.length ? args.map(Number) : SIZES);
