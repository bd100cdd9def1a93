import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Outputs with fewer objects are left to V8's own timing (a full collection costs more than it saves there). */
export const COLLECT_FROM_OBJECTS = 10_000;

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection now, when a large catalog's construct tree has just become
 * garbage (it is about half the heap then). V8 sizes the heap's next growth from what was live
 * at its last collection, which was the tree and the objects together; without this, the
 * verification that follows grows the heap on top of the dead tree (measured at 10,000 models:
 * peak RSS 1.6 to 1.8 GiB without, about 1.0 GiB with, for under a second of collection).
 * Only for outputs of at least {@link COLLECT_FROM_OBJECTS} objects.
 *
 * Node exposes the collector only behind `--expose-gc`; the flag is set for this call's
 * context alone (a new `vm` context, where V8 then defines `gc`), not for the program.
 */
export function collectGarbageAfter(objects: number): void {
  if (objects < COLLECT_FROM_OBJECTS) return;
  if (!collect) {
    const own = (globalThis as { gc?: () => void }).gc;
    if (typeof own === 'function') {
      collect = own;
    } else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  collect();
}
