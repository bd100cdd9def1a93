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

/** Whether a label selector (matchLabels and matchExpressions) selects `labels`; an empty selector selects everything. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return byLabel && list(selector.matchExpressions).every((e: any) => {
    const v = labels[e?.key];
    switch (e?.operator) {
      case 'In': return v !== undefined && list(e.values).includes(v);
      case 'NotIn': return v === undefined || !list(e.values).includes(v);
      case 'Exists': return v !== undefined;
      case 'DoesNotExist': return v === undefined;
      default: return false;
    }
  });
}
