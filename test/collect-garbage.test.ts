import { describe, expect, it } from 'vitest';
import { COLLECT_FROM_MODELS, collectGarbageFor } from '../src/cli/collect-garbage';

/** Heap in use after making `count` objects that are garbage at once (kept until then, so they live in the old generation). */
function heapWithGarbage(count: number): number {
  let kept: object[] | undefined = [];
  for (let i = 0; i < count; i++) kept.push({ i, name: `object-${i}` });
  kept = undefined;
  return process.memoryUsage().heapUsed;
}

describe('collectGarbageAfter', () => {
  it('collects garbage for a large catalog, without exposing gc to the program', () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc;
    const before = heapWithGarbage(2_000_000);
    collectGarbageFor(COLLECT_FROM_MODELS);
    const after = process.memoryUsage().heapUsed;
    expect(before - after).toBeGreaterThan(50 * 2 ** 20);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(hadGc);
  });
});
