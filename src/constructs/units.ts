import { Duration } from 'cdk8s';

// Gateway API duration: 1 to 4 groups of up to 5 digits with h, m, s or ms.
const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

// A non-negative Kubernetes quantity: decimal number with an optional binary or decimal suffix.
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
// A size in bytes: at most 15 digits, an optional fraction, a binary or decimal suffix (no `m`).
const BYTES = /^([0-9]{1,15}(\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const SUFFIX_BYTES: Record<string, number> = {
  '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** Parses a Gateway API duration (`300s`, `1h30m`, `500ms`); undefined when malformed. */
export function parseGatewayDuration(text: string): Duration | undefined {
  if (!GATEWAY_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return Duration.millis(ms);
}

/** Formats a duration the way the OpenShift router accepts it (`300s`, `1500ms`). */
export function formatDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Formats a duration as a Gateway API duration (groups of at most 5 digits): `300s`, `1500ms`,
 * and when those do not fit, hours, minutes, seconds and milliseconds: `28h`, `23h59m59s999ms`.
 * Undefined for a duration the format cannot hold (over 99999h, or not whole milliseconds).
 */
export function formatGatewayDuration(d: Duration): string | undefined {
  const ms = d.toMilliseconds();
  if (!Number.isInteger(ms) || ms < 0) return undefined;
  // The plain forms when they fit: what a reader expects (`300s`, `1500ms`).
  const plain = formatDuration(d);
  if (GATEWAY_DURATION.test(plain)) return plain;
  const groups: string[] = [];
  let rest = ms;
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0 || (unit === 'ms' && groups.length === 0)) groups.push(`${n}${unit}`);
    rest -= n * size;
  }
  const text = groups.join('');
  return GATEWAY_DURATION.test(text) ? text : undefined;
}

/** Whether `text` is a non-negative Kubernetes quantity such as `10Gi` or `500M`. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** Bytes of a size quantity such as `10Gi` or `500M`; undefined when it is not one (`1m`, `1e3`). */
export function quantityBytes(text: string): number | undefined {
  const m = BYTES.exec(text);
  return m ? Number(m[1]) * SUFFIX_BYTES[m[3] ?? ''] : undefined;
}

/** Formats a byte count for messages: `1Gi`, `64Ti`, else bytes. */
export function formatBytes(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    if (bytes >= SUFFIX_BYTES[suffix] && bytes % SUFFIX_BYTES[suffix] === 0) return `${bytes / SUFFIX_BYTES[suffix]}${suffix}`;
  }
  return String(bytes);
}

export const DURATION_PATTERN = GATEWAY_DURATION.source;
export const QUANTITY_PATTERN = QUANTITY.source;
export const BYTES_PATTERN = BYTES.source;
