/**
 * Appends every item of `items` to `target`, in order, and returns `target`. Unlike
 * `target.push(...items)`, which passes each item as a call argument and overflows the stack
 * above roughly 100,000 items (a verified directory of 30,000 models holds 420,000 objects), it
 * works for any length.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
