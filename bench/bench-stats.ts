/**
 * Pure helpers of the whole-process benchmark (bench/synth.ts): argument parsing, medians with
 * their spread, per-model slopes. No I/O here, so test/bench-stats.test.ts can pin them.
 */

/** A case of the benchmark: the bundled default catalog, or a generated catalog of n models. */
export type BenchCase = { readonly kind: 'default' } | { readonly kind: 'models'; readonly models: number };

export interface BenchArgs {
  readonly cases: BenchCase[];
  /** Runs per case when given with --runs, else undefined (then runsFor decides). */
  readonly runs?: number;
}

/** The sizes run when none is named: 10,000 and 30,000 take minutes, so only on request. */
export const DEFAULT_SIZES = [1, 100, 1000];

/** Largest catalog the benchmark generates: bounds a typo such as 3000000. */
export const MAX_MODELS = 100_000;

/**
 * Parses `[default] [<models>...] [--runs <n>]`. No size named: the default catalog and
 * DEFAULT_SIZES. Sizes may be written 10000, 10,000 or 10_000. Throws one sentence on bad input.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const cases: BenchCase[] = [];
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      const v = argv[++i];
      const n = v === undefined ? NaN : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`--runs needs a whole number from 1 to 1000, got ${v === undefined ? 'nothing' : JSON.stringify(v)}; e.g. --runs 5`);
      runs = n;
    } else if (a === 'default') {
      if (!cases.some((c) => c.kind === 'default')) cases.push({ kind: 'default' });
    } else {
      const n = /^[0-9][0-9,_]*$/.test(a) ? Number(a.replace(/[,_]/g, '')) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > MAX_MODELS) throw new Error(`benchmark size ${JSON.stringify(a)} is not a model count from 1 to ${MAX_MODELS} (or "default"); e.g. npm run bench -- 10000 30000`);
      if (!cases.some((c) => c.kind === 'models' && c.models === n)) cases.push({ kind: 'models', models: n });
    }
  }
  if (cases.length === 0) cases.push({ kind: 'default' }, ...DEFAULT_SIZES.map((models): BenchCase => ({ kind: 'models', models })));
  return { cases, ...(runs !== undefined ? { runs } : {}) };
}

/** Runs per case: at least 5 for small catalogs, fewer as a run takes longer. */
export function runsFor(c: BenchCase): number {
  if (c.kind === 'default' || c.models <= 100) return 5;
  if (c.models <= 1000) return 3;
  return 1;
}

export function caseLabel(c: BenchCase): string {
  return c.kind === 'default' ? 'default catalog' : `${c.models.toLocaleString('en-US')} model${c.models === 1 ? '' : 's'}`;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Median (mean of the two middle values for an even count), min and max. */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) throw new Error('spread of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** Ratio of two medians, the measured one over the yardstick. */
export function ratio(measured: Spread, yardstick: Spread): number {
  return measured.median / yardstick.median;
}

/** Change per model between two sizes: (y(b) - y(a)) / (b - a). */
export function slope(a: { models: number; value: number }, b: { models: number; value: number }): number {
  if (a.models === b.models) throw new Error(`slope between two equal sizes (${a.models})`);
  return (b.value - a.value) / (b.models - a.models);
}

/**
 * Pairs of consecutive measured sizes worth a slope: from 100 models up (below that, startup
 * dominates), in increasing order. E.g. [1, 100, 1000, 10000] gives 100→1000 and 1000→10000.
 */
export function slopePairs(sizes: readonly number[]): Array<[number, number]> {
  const s = [...new Set(sizes)].filter((n) => n >= 100).sort((a, b) => a - b);
  const pairs: Array<[number, number]> = [];
  for (let i = 1; i < s.length; i++) pairs.push([s[i - 1], s[i]]);
  return pairs;
}

/** Seconds with a precision that suits the magnitude: 0.093, 1.27, 43.1. */
export function fmtSeconds(ms: number): string {
  const s = ms / 1000;
  return s < 1 ? s.toFixed(3) : s < 10 ? s.toFixed(2) : s.toFixed(1);
}

/** `median (min–max)` in seconds. */
export function fmtSpread(x: Spread): string {
  return `${fmtSeconds(x.median)} (${fmtSeconds(x.min)}–${fmtSeconds(x.max)})`;
}
