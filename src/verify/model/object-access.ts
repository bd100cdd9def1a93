/** Small safe readers for objects whose shape is not yet validated. */

/** `namespace/name` of an object. */
export function keyOf(o: any): string {
  return `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;
}

/** `value` when it is an array, else an empty one (an unrendered `${VAR}` is a string). */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Lower-cased string form of `value` (header names compare case-insensitively). */
export function lower(value: unknown): string {
  return String(value).toLowerCase();
}
