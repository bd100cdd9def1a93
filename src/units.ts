import { Duration } from 'cdk8s';

// Gateway API duration: 1 to 4 groups of up to 5 digits with h, m, s or ms.
const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

// A non-negative Kubernetes quantity: decimal number with an optional binary or decimal suffix.
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/** Parses a Gateway API duration (`300s`, `1h30m`, `500ms`); undefined when malformed. */
export function parseGatewayDuration(text: string): Duration | undefined {
  if (!GATEWAY_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return Duration.millis(ms);
}

/** Formats a duration the way Gateway API and the OpenShift router accept it (`300s`, `1500ms`). */
export function formatDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Whether `text` is a non-negative Kubernetes quantity such as `10Gi` or `500M`. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

export const DURATION_PATTERN = GATEWAY_DURATION.source;
export const QUANTITY_PATTERN = QUANTITY.source;
