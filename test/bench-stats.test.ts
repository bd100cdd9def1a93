import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, fmtSeconds, fmtSpread, MAX_MODELS, parseBenchArgs, ratio, runsFor, slope, slopePairs, spread } from '../bench/bench-stats';

// The pure helpers of `npm run bench`; the benchmark itself is not run by the tests.
describe('bench arguments', () => {
  it('runs the default catalog and 1, 100, 1,000 models when no size is named', () => {
    expect(DEFAULT_SIZES).toEqual([1, 100, 1000]);
    expect(parseBenchArgs([])).toEqual({ cases: [{ kind: 'default' }, { kind: 'models', models: 1 }, { kind: 'models', models: 100 }, { kind: 'models', models: 1000 }] });
  });

  it('runs only the named sizes, in order, once each, with thousands separators allowed', () => {
    expect(parseBenchArgs(['10000', '30,000', '10_000']).cases).toEqual([{ kind: 'models', models: 10000 }, { kind: 'models', models: 30000 }]);
    expect(parseBenchArgs(['default', '100', 'default']).cases).toEqual([{ kind: 'default' }, { kind: 'models', models: 100 }]);
  });

  it('takes --runs anywhere among the sizes', () => {
    expect(parseBenchArgs(['--runs', '9', '100'])).toEqual({ cases: [{ kind: 'models', models: 100 }], runs: 9 });
    expect(parseBenchArgs(['100', '--runs', '1']).runs).toBe(1);
  });

  it('refuses a size or a run count that is not a bounded whole number, in one sentence with an example', () => {
    for (const bad of [['0'], ['-5'], ['1e3'], ['12.5'], ['abc'], [String(MAX_MODELS + 1)], ['']]) {
      expect(() => parseBenchArgs(bad), bad[0]).toThrow(/^benchmark size .* is not a model count from 1 to 100000 \(or "default"\); e\.g\. npm run bench -- 10000 30000$/);
    }
    expect(() => parseBenchArgs([String(MAX_MODELS)])).not.toThrow();
    for (const bad of [['--runs'], ['--runs', '0'], ['--runs', '2.5'], ['--runs', 'x'], ['--runs', '1001']]) {
      expect(() => parseBenchArgs(bad), bad.join(' ')).toThrow(/^--runs needs a whole number from 1 to 1000, got .*; e\.g\. --runs 5$/);
    }
  });

  it('runs small cases at least 5 times and the 10,000-model ones once', () => {
    expect(runsFor({ kind: 'default' })).toBe(5);
    expect(runsFor({ kind: 'models', models: 1 })).toBe(5);
    expect(runsFor({ kind: 'models', models: 100 })).toBe(5);
    expect(runsFor({ kind: 'models', models: 1000 })).toBe(3);
    expect(runsFor({ kind: 'models', models: 10000 })).toBe(1);
  });
});

describe('bench statistics', () => {
  it('gives the median with min and max, whatever the order of the samples', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(spread([10, 1, 4, 2])).toEqual({ median: 3, min: 1, max: 10, n: 4 });
    expect(spread([7])).toEqual({ median: 7, min: 7, max: 7, n: 1 });
    expect(() => spread([])).toThrow('spread of no samples');
  });

  it('does not reorder the caller\'s samples', () => {
    const xs = [3, 1, 2];
    spread(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('divides medians for a ratio, measured over yardstick', () => {
    expect(ratio(spread([900, 950, 1000]), spread([100, 150, 200]))).toBeCloseTo(950 / 150);
  });

  it('gives the per-model slope between two sizes in either order', () => {
    expect(slope({ models: 100, value: 1000 }, { models: 1000, value: 5500 })).toBe(5);
    expect(slope({ models: 1000, value: 5500 }, { models: 100, value: 1000 })).toBe(5);
    expect(() => slope({ models: 100, value: 1 }, { models: 100, value: 2 })).toThrow('equal sizes (100)');
  });

  it('pairs consecutive sizes from 100 models up', () => {
    expect(slopePairs([1, 100, 1000])).toEqual([[100, 1000]]);
    expect(slopePairs([30000, 1, 1000, 100, 10000])).toEqual([[100, 1000], [1000, 10000], [10000, 30000]]);
    expect(slopePairs([1, 10])).toEqual([]);
    expect(slopePairs([1000])).toEqual([]);
  });

  it('prints seconds with a precision that suits the magnitude', () => {
    expect(fmtSeconds(93.4)).toBe('0.093');
    expect(fmtSeconds(1274)).toBe('1.27');
    expect(fmtSeconds(43120)).toBe('43.1');
    expect(fmtSpread(spread([120, 95, 300]))).toBe('0.120 (0.095–0.300)');
  });
});
