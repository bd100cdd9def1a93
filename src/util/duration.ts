/** Milliseconds of a Gateway API or OpenShift router duration (`300s`, `1h30m`, `500ms`, `2d`). */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const unit: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!/^(\d+(us|ms|s|m|h|d))+$/.test(text)) return /^\d+$/.test(text) ? Number(text) : undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(us|ms|s|m|h|d)/g)) ms += Number(m[1]) * unit[m[2]];
  return ms;
}
