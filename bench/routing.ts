/**
 * Routing benchmark: catalogs of 2, 1,000 and 10,000 public names (bench/public-names.ts: base
 * models with up to 64 LoRA adapters and 64 aliases each), routed by name.
 *
 *   npm run bench:routing                 # 2, 1000 and 10000 names, upstream-2026-08
 *   npm run bench:routing -- 2 1000       # chosen sizes
 *   BENCH_PROFILE=rhdev-2026-03 npm run bench:routing
 *
 * Each size runs in its own Node process (so peak RSS is that size's), after a warm-up that
 * loads the modules and compiles the schemas, and reports:
 * - synthesize: what `synth` does (constructs, every verification rule, YAML and report);
 * - verify: what `verify <dir>` does on the written output (read, parse, every rule, the
 *   simulated request per public name);
 * - peak RSS of the process.
 *
 * Then, in this process, the per-request cost of the routing expression each mode emits for
 * that catalog, evaluated by the simulator's CEL evaluation (the same parser limits, functions
 * and program cache `verify` uses) on a chat completion body: name mode
 * (`string(json(request.body).model)`) and map mode (the article's map literal over every
 * name), each as a ratio to the same mode at 2 names, measured in the same run. A map above
 * agentgateway's 16,384-character limit is measured only to show the trend (synth refuses it);
 * one above the simulator's own expression limit is not measured.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { BodyRoutingPolicy } from '../src/constructs/body-routing-policy';
import { celRoutingMap } from '../src/constructs/cel';
import { MAX_EXPRESSION_LENGTH } from '../src/constructs/checks/routing-checks';
import { RoutingMode, StackProfile } from '../src/profiles/profiles';
import { loadManifestDir } from '../src/verify/input/manifests';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { CEL_LIMITS } from '../src/verify/simulator/cel-bounds';
import { chatCompletion } from '../src/verify/simulator/requests';
import { RoutingSimulator } from '../src/verify/simulator/simulator';
import { verifyObjects } from '../src/verify/verify';
import { publicNameCatalog } from './public-names';

const SIZES = [2, 1000, 10_000];
const PROFILE = (process.env.BENCH_PROFILE as StackProfile | undefined) ?? StackProfile.UPSTREAM_2026_08;

const catalogOf = (n: number): CatalogSpec => publicNameCatalog(n, { profile: PROFILE, routing: RoutingMode.NAME });

/** Every public name of a catalog with the base model it routes to, in catalog order. */
function entriesOf(spec: CatalogSpec): [string, string][] {
  return spec.models.flatMap((m) => [m.name, ...(m.loraAdapters ?? []).map((a) => a.name), ...m.aliases ?? []].map((n): [string, string] => [n, m.name]));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function child(n: number) {
  synthesize(Catalog.fromSpec(catalogOf(2))); // warm-up: modules, schema compilation
  const catalog = Catalog.fromSpec(catalogOf(n));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-routing-'));
  try {
    let t0 = performance.now();
    const out = synthesize(catalog);
    const synth = performance.now() - t0;
    const errors = out.verification.problems.filter((p) => p.severity === 'error').length;
    if (errors) throw new Error(`the ${n}-name output has ${errors} verification errors`);
    for (const [name, content] of out.files) fs.writeFileSync(path.join(dir, name), content);
    const bytes = [...out.files.values()].reduce((a, f) => a + Buffer.byteLength(f), 0);
    t0 = performance.now();
    const result = verifyObjects(loadManifestDir(dir).map((m) => m.obj));
    const verify = performance.now() - t0;
    const routed = result.simulations.filter((s) => s.probe === 'model' && s.decision.routed).length;
    if (routed !== n) throw new Error(`verify routed ${routed} of ${n} names`);
    const row = {
      n, models: catalog.spec.models.length, objects: out.objects.length, httpRoutes: out.objects.filter((o) => o.kind === 'HTTPRoute').length,
      bytes, synth, verify, peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(JSON.stringify(row) + '\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface CelCase {
  readonly requests: { request: ReturnType<typeof chatCompletion>; want: string }[];
  readonly expression: string;
  readonly rounds: number[];
}

/** A case: up to 200 requests spread over the names, each checked once to give the expected header. */
function celCase(sim: RoutingSimulator, expression: string, names: [string, string][], expect: (e: [string, string]) => string): CelCase {
  const step = Math.max(1, Math.floor(names.length / 200));
  const requests = names.filter((_, i) => i % step === 0).map((e) => ({ request: chatCompletion(e[0]), want: expect(e) }));
  for (const { request, want } of requests) {
    const r = sim.evaluateHeader(expression, request);
    if (!r.ok || r.value !== want) throw new Error(`the expression gives ${r.ok ? r.value : r.error}, expected ${want}`);
  }
  return { requests, expression, rounds: [] };
}

/** Microseconds per evaluation over one round of at least `ms` milliseconds. */
function round(sim: RoutingSimulator, c: CelCase, ms: number): number {
  let count = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (const { request } of c.requests) sim.evaluateHeader(c.expression, request);
    count += c.requests.length;
  }
  return ((performance.now() - t0) * 1000) / count;
}

/**
 * Per-request cost of each mode's expression at each size: after a warm-up of every case, 7
 * rounds of 100 ms in which the cases take turns (so load from elsewhere falls on all alike);
 * the median round per case.
 */
function celCosts(sizes: number[]) {
  const sim = new RoutingSimulator(new Model(new ObjectIndex([])));
  const cases = [...new Set([2, ...sizes])].map((n) => {
    const entries = entriesOf(catalogOf(n));
    const map = celRoutingMap(entries, BodyRoutingPolicy.MODEL_FIELD);
    return {
      n, mapLength: map.length,
      name: celCase(sim, BodyRoutingPolicy.NAME_EXPRESSION, entries, (e) => e[0]),
      map: map.length <= CEL_LIMITS.maxLength ? celCase(sim, map, entries, (e) => e[1]) : undefined,
    };
  });
  const all = cases.flatMap((c) => (c.map ? [c.name, c.map] : [c.name]));
  for (const c of all) round(sim, c, 200);
  for (let r = 0; r < 7; r++) for (const c of all) c.rounds.push(round(sim, c, 100));
  return cases.map((c) => ({ n: c.n, mapLength: c.mapLength, name: median(c.name.rounds), map: c.map ? median(c.map.rounds) : undefined }));
}

function parent(sizes: number[]) {
  const rows = sizes.map((n) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(n)], { encoding: 'utf8', cwd: path.resolve(__dirname, '..'), maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split('\n').pop()!);
  });
  const cel = celCosts(sizes);
  const base = cel.find((c) => c.n === 2)!;
  const mapCell = (c: typeof cel[number]) => {
    if (c.map === undefined) return `not measured (${c.mapLength} characters, over the simulator's ${CEL_LIMITS.maxLength})`;
    const over = c.mapLength > MAX_EXPRESSION_LENGTH ? `, ${c.mapLength} characters: over agentgateway's ${MAX_EXPRESSION_LENGTH}, synth refuses it` : '';
    return `${c.map.toFixed(2)} µs (${(c.map / base.map!).toFixed(1)}x${over})`;
  };
  const lines = [
    `profile ${PROFILE}, routing: name`,
    '',
    '| public names | models | objects | HTTPRoutes | output | synthesize | verify | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n} | ${r.models} | ${r.objects} | ${r.httpRoutes} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.synth.toFixed(0)} ms | ${r.verify.toFixed(0)} ms | ${r.peakRssMiB.toFixed(0)} MiB |`),
    '',
    'Per-request cost of the routing expression (CEL, the simulator\'s evaluation), ratio to the same mode at 2 names:',
    '',
    '| public names | name mode | map mode |',
    '|---:|---:|---:|',
    ...cel.map((c) => `| ${c.n} | ${c.name.toFixed(2)} µs (${(c.name / base.name).toFixed(1)}x) | ${mapCell(c)} |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(Number(args[1]));
else parent(args.length ? args.map(Number) : SIZES);
