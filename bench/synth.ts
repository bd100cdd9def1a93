/**
 * Whole-process benchmark of the real CLI, startup included: what a user waits for.
 *
 *   npm run bench                          # the default catalog, then 1, 100 and 1,000 models
 *   npm run bench -- 10000 30000           # chosen sizes (these take minutes)
 *   npm run bench -- default 100 --runs 9  # the default catalog and 100 models, 9 runs each
 *   BENCH_PROFILE=rhdev-2026-03 npm run bench   # generated catalogs state this profile
 *
 * Per case, every command runs as its own `node` process, the way a user runs it:
 * - `synth`: `cdk8s-model-gateway synth [--catalog <file>] --out <dir>` (which verifies too);
 *   the default case passes no catalog (the bundled article catalog);
 * - `verify`: `cdk8s-model-gateway verify <dir>` on that synth output;
 * - `--version` (default case only): startup and the entry file alone;
 * - for the default case also `synth` and `verify` of the bin with its V8 code cache off
 *   (CDK8S_MODEL_GATEWAY_CODE_CACHE=off): a first run. The cache lives in the benchmark's
 *   temporary folder (XDG_CACHE_HOME), written by the preparing run and the warm-up round;
 * each from the entry of package.json `bin` (the bundled CLI, lib/cli.bundle.js, when built and
 * newer than src/) and from source through tsx (`node --import tsx src/cli.ts`, what
 * `npm run synth` does).
 * Two yardsticks run in the same rounds, interleaved with the measured commands
 * (yardsticks, lib synth, lib verify, tsx synth, tsx verify; repeated), after one untimed
 * warm-up round:
 * - `node -e 0`: the floor of any node CLI on this machine;
 * - a plain cdk8s app (bench/plain-app.ts, transpiled once to JavaScript) writing the same
 *   objects, one chart per file, with no construct library and no verification.
 * Wall time is measured around the child process (spawn to exit); peak memory is the child's
 * own `process.resourceUsage().maxRSS`, written at exit by a `--require` hook that every
 * command (yardsticks included) gets. The table gives medians with min–max, ratios of medians
 * to each yardstick and the per-model slope of time and peak memory between sizes from 100
 * models up. The figures are also written as JSON to .scratch/bench/results.json (ignored by
 * git). Nothing here asserts a time: it measures.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { BenchCase, caseLabel, fmtSeconds, fmtSpread, parseBenchArgs, ratio, runsFor, slope, slopePairs, Spread, spread } from './bench-stats';

const ROOT = path.resolve(__dirname, '..');
const SCRATCH = path.join(ROOT, '.scratch', 'bench');
const PROFILE = process.env.BENCH_PROFILE;

/** One command of a round: how to run it for a case. */
interface Command {
  readonly name: string;
  readonly yardstick: boolean;
  /** Run only for the default catalog (a command that reads no catalog, like `--version`). */
  readonly defaultOnly?: boolean;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  argv(c: Prepared): string[];
}

/** A case ready to run: its catalog file (none for the default), the synth output verify reads. */
interface Prepared {
  readonly bench: BenchCase;
  readonly catalogArgs: string[];
  readonly verifyDir: string;
  readonly objectsJson: string;
  readonly objects: number;
  readonly outputBytes: number;
}

interface Sample {
  readonly ms: number;
  readonly rssMiB?: number;
  readonly ok: boolean;
  readonly error?: string;
}

function write(s: string): void {
  process.stdout.write(s);
}

/** The compiled CLI entry (package.json bin) when it exists and is newer than every file of src/. */
function compiledEntry(): { entry?: string; note: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  if (typeof bin !== 'string') return { note: 'package.json has no bin entry' };
  const entry = path.join(ROOT, bin);
  if (!fs.existsSync(entry)) return { note: `${bin} is not built (npm run compile builds it)` };
  const built = fs.statSync(entry).mtimeMs;
  const newer = (dir: string): string | undefined => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const hit = e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > built ? p : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  const stale = newer(path.join(ROOT, 'src'));
  if (stale) return { note: `${bin} is older than ${path.relative(ROOT, stale)}: not measured (npm run compile rebuilds it)` };
  return { entry, note: `${bin} (package.json bin, built by npm run compile)` };
}

function setup(work: string): { hook: string; plainApp: string } {
  fs.mkdirSync(SCRATCH, { recursive: true });
  // The hook and the transpiled app live under the repository so `require('cdk8s')` resolves.
  const hook = path.join(SCRATCH, 'rss-hook.cjs');
  fs.writeFileSync(hook, [
    '// Written by bench/synth.ts: the peak RSS (KiB) of this process, to BENCH_RSS_FILE at exit.',
    "process.on('exit', () => { try { require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });",
    '',
  ].join('\n'));
  const source = fs.readFileSync(path.join(__dirname, 'plain-app.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const plainApp = path.join(SCRATCH, 'plain-app.cjs');
  fs.writeFileSync(plainApp, js);
  fs.mkdirSync(work, { recursive: true });
  return { hook, plainApp };
}

/** Runs one command as a child process; wall time around it, peak RSS from the hook. */
function run(argv: string[], work: string, rssHook: string, extraEnv: Record<string, string> = {}): Sample {
  const rssFile = path.join(work, 'rss');
  const log = path.join(work, 'log');
  fs.rmSync(rssFile, { force: true });
  const fd = fs.openSync(log, 'w');
  const full = [argv[0], '--require', rssHook, ...argv.slice(1)];
  let t0 = 0;
  let r: ReturnType<typeof spawnSync>;
  try {
    t0 = performance.now();
    r = spawnSync(full[0], full.slice(1), { cwd: ROOT, stdio: ['ignore', fd, fd], env: { ...process.env, BENCH_RSS_FILE: rssFile, CDK8S_CHECK_UPGRADE: 'false', XDG_CACHE_HOME: path.join(work, '..', 'cache'), ...extraEnv } });
  } finally {
    fs.closeSync(fd);
  }
  const ms = performance.now() - t0;
  const rssMiB = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) / 1024 : undefined;
  if (r.status === 0) return { ms, rssMiB, ok: true };
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.trim() !== '');
  const why = r.signal ? `killed by ${r.signal}` : r.error ? r.error.message : `exit ${r.status}`;
  return { ms, rssMiB, ok: false, error: `${why}: ${(lines.pop() ?? '').slice(0, 200)}` };
}

function commands(entry: string | undefined, plainApp: string): Command[] {
  const node = process.execPath;
  const cli: Array<[string, string[]]> = [];
  if (entry) cli.push(['bin', [node, entry]]);
  cli.push(['tsx', [node, '--import', 'tsx', path.join(ROOT, 'src', 'cli.ts')]]);
  return [
    { name: 'node -e 0', yardstick: true, argv: () => [node, '-e', '0'] },
    { name: 'plain cdk8s app', yardstick: true, argv: (c) => [node, plainApp, c.objectsJson, path.join(path.dirname(c.objectsJson), 'plain-out')] },
    // Startup alone: the cost of the entry file before any command code runs.
    ...cli.slice(0, 1).map(([how, base]): Command => ({ name: `--version (${how})`, yardstick: false, defaultOnly: true, argv: () => [...base, '--version'] })),
    ...cli.flatMap(([how, base]): Command[] => [
      { name: `synth (${how})`, yardstick: false, argv: (c) => [...base, 'synth', ...c.catalogArgs, '--out', path.join(path.dirname(c.objectsJson), 'synth-out')] },
      { name: `verify (${how})`, yardstick: false, argv: (c) => [...base, 'verify', c.verifyDir] },
    ]),
    // The bin without its V8 code cache (src/cli/code-cache.ts): what a first run, or a machine
    // without a writable cache folder, waits for.
    ...cli.slice(0, 1).flatMap(([how, base]): Command[] => [
      { name: `synth (${how}, no code cache)`, yardstick: false, defaultOnly: true, env: { CDK8S_MODEL_GATEWAY_CODE_CACHE: 'off' }, argv: (c) => [...base, 'synth', ...c.catalogArgs, '--out', path.join(path.dirname(c.objectsJson), 'synth-out')] },
      { name: `verify (${how}, no code cache)`, yardstick: false, defaultOnly: true, env: { CDK8S_MODEL_GATEWAY_CODE_CACHE: 'off' }, argv: (c) => [...base, 'verify', c.verifyDir] },
    ]),
  ];
}

/** Writes the case's catalog, runs synth once (untimed) for the output verify and the plain app read. */
function prepare(bench: BenchCase, dir: string, firstCli: Command, hook: string): Prepared | { error: string } {
  fs.mkdirSync(dir, { recursive: true });
  const catalogArgs: string[] = [];
  if (bench.kind === 'models') {
    const catalog = { ...(PROFILE ? { profile: PROFILE } : {}), models: Array.from({ length: bench.models }, (_, i) => ({ name: `bench-org/model-${String(i).padStart(5, '0')}` })) };
    const file = path.join(dir, 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(catalog));
    catalogArgs.push('--catalog', file);
  }
  const objectsJson = path.join(dir, 'objects.json');
  const verifyDir = path.join(dir, 'verify-in');
  const partial = { bench, catalogArgs, verifyDir, objectsJson, objects: 0, outputBytes: 0 };
  const argv = firstCli.argv(partial).map((a) => (a === path.join(dir, 'synth-out') ? verifyDir : a));
  const s = run(argv, dir, hook);
  if (!s.ok) return { error: `synth failed after ${fmtSeconds(s.ms)} s (peak ${s.rssMiB?.toFixed(0) ?? '?'} MiB): ${s.error}` };
  const files = fs.readdirSync(verifyDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  let objects = 0;
  let outputBytes = 0;
  const out = files.map((file) => {
    const text = fs.readFileSync(path.join(verifyDir, file), 'utf8');
    outputBytes += Buffer.byteLength(text);
    const docs = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
    objects += docs.length;
    return { file, objects: docs };
  });
  fs.writeFileSync(objectsJson, JSON.stringify(out));
  return { ...partial, objects, outputBytes };
}

interface CaseResult {
  readonly label: string;
  readonly models?: number;
  readonly objects?: number;
  readonly outputBytes?: number;
  readonly runs: number;
  readonly error?: string;
  readonly commands: Record<string, { wall?: Spread; rssMiB?: Spread; failures: string[] }>;
}

function runCase(bench: BenchCase, allCmds: Command[], runs: number, work: string, hook: string): CaseResult {
  const cmds = allCmds.filter((c) => !c.defaultOnly || bench.kind === 'default');
  const label = caseLabel(bench);
  const dir = fs.mkdtempSync(path.join(work, 'case-'));
  const models = bench.kind === 'models' ? { models: bench.models } : {};
  try {
    const firstCli = cmds.find((c) => c.name.startsWith('synth'))!;
    write(`${label}: preparing (one synth run)...`);
    const p = prepare(bench, dir, firstCli, hook);
    if ('error' in p) {
      write(' failed\n');
      return { label, ...models, runs: 0, error: p.error, commands: {} };
    }
    write(` ${p.objects} objects; ${runs} round${runs === 1 ? '' : 's'} after a warm-up`);
    const samples = new Map<string, Sample[]>(cmds.map((c) => [c.name, []]));
    const big = bench.kind === 'models' && bench.models >= 10_000;
    for (let round = big ? 0 : -1; round < runs; round++) {
      for (const c of cmds) {
        const s = run(c.argv(p), dir, hook, c.env);
        fs.rmSync(path.join(dir, 'synth-out'), { recursive: true, force: true });
        fs.rmSync(path.join(dir, 'plain-out'), { recursive: true, force: true });
        if (round >= 0) samples.get(c.name)!.push(s);
      }
      write('.');
    }
    write('\n');
    const commandsOut: CaseResult['commands'] = {};
    for (const c of cmds) {
      const ss = samples.get(c.name)!;
      const ok = ss.filter((s) => s.ok);
      const rss = ok.map((s) => s.rssMiB).filter((x): x is number => x !== undefined);
      commandsOut[c.name] = {
        ...(ok.length ? { wall: spread(ok.map((s) => s.ms)) } : {}),
        ...(rss.length ? { rssMiB: spread(rss) } : {}),
        failures: ss.filter((s) => !s.ok).map((s) => s.error ?? 'failed'),
      };
    }
    return { label, ...models, objects: p.objects, outputBytes: p.outputBytes, runs, commands: commandsOut };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function table(results: CaseResult[], cmds: Command[]): string {
  const rows = ['| case | objects | command | wall s: median (min–max) | × plain app | × node -e 0 | peak RSS MiB |', '|---|---:|---|---:|---:|---:|---:|'];
  for (const r of results) {
    if (r.error) {
      rows.push(`| ${r.label} | | | failed: ${r.error.replace(/\|/g, '\\|')} | | | |`);
      continue;
    }
    const plain = r.commands['plain cdk8s app']?.wall;
    const floor = r.commands['node -e 0']?.wall;
    for (const c of cmds) {
      const m = r.commands[c.name];
      if (!m) continue;
      const w = m.wall;
      const fails = m.failures.length ? ` (${m.failures.length} failed: ${m.failures[0].replace(/\|/g, '\\|')})` : '';
      const rx = (y: Spread | undefined) => (w && y && !c.yardstick ? `${ratio(w, y).toFixed(1)}×` : '');
      rows.push(`| ${r.label} | ${r.objects} | ${c.name} | ${w ? fmtSpread(w) : 'failed'}${fails} | ${c.name === 'node -e 0' ? '' : c.name === 'plain cdk8s app' ? (w && floor ? `(${ratio(w, floor).toFixed(1)}× node)` : '') : rx(plain)} | ${rx(floor)} | ${m.rssMiB ? m.rssMiB.median.toFixed(0) : '?'} |`);
    }
  }
  return rows.join('\n') + '\n';
}

interface SlopeRow {
  readonly command: string;
  readonly from: number;
  readonly to: number;
  readonly msPerModel: number;
  readonly mibPerModel?: number;
}

function slopes(results: CaseResult[], cmds: Command[]): SlopeRow[] {
  const bySize = new Map(results.filter((r) => r.models !== undefined && !r.error).map((r) => [r.models!, r]));
  const out: SlopeRow[] = [];
  for (const [from, to] of slopePairs([...bySize.keys()])) {
    // The plain app's slope too: what writing that many objects costs with cdk8s alone.
    for (const c of cmds.filter((x) => x.name !== 'node -e 0' && !x.defaultOnly)) {
      const a = bySize.get(from)!.commands[c.name];
      const b = bySize.get(to)!.commands[c.name];
      if (!a?.wall || !b?.wall) continue;
      const mib = a.rssMiB && b.rssMiB ? slope({ models: from, value: a.rssMiB.median }, { models: to, value: b.rssMiB.median }) : undefined;
      out.push({ command: c.name, from, to, msPerModel: slope({ models: from, value: a.wall.median }, { models: to, value: b.wall.median }), ...(mib !== undefined ? { mibPerModel: mib } : {}) });
    }
  }
  return out;
}

function main(): void {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'model-gateway-bench-'));
  try {
    const { hook, plainApp } = setup(work);
    const { entry, note } = compiledEntry();
    const cmds = commands(entry, plainApp);
    const load0 = os.loadavg()[0];
    write(`CLI: ${note}; from source: node --import tsx src/cli.ts. Node ${process.version}, ${os.cpus().length} CPUs, load average ${load0.toFixed(2)}.\n`);
    write(`Generated catalogs: ${PROFILE ? `profile ${PROFILE}` : 'the library default profile'}.\n`);
    const results = args.cases.map((c) => runCase(c, cmds, args.runs ?? runsFor(c), work, hook));
    const sl = slopes(results, cmds);
    write('\n' + table(results, cmds));
    if (sl.length) {
      write('\n| per model | between | ms per model | MiB per model |\n|---|---|---:|---:|\n');
      for (const s of sl) write(`| ${s.command} | ${s.from.toLocaleString('en-US')} → ${s.to.toLocaleString('en-US')} | ${s.msPerModel.toFixed(2)} | ${s.mibPerModel?.toFixed(3) ?? '?'} |\n`);
    }
    const json = path.join(SCRATCH, 'results.json');
    fs.writeFileSync(json, JSON.stringify({ node: process.version, cpus: os.cpus().length, loadAverage: { start: load0, end: os.loadavg()[0] }, cli: note, profile: PROFILE ?? null, results, slopes: sl }, null, 2) + '\n');
    write(`\nFigures as JSON: ${path.relative(ROOT, json)}. Wall times include node startup; ratios are of medians from the same rounds. Load average at the end: ${os.loadavg()[0].toFixed(2)} (a shared machine's other work shows in the max).\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
