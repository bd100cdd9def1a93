import { HTTPROUTE_LIMITS } from './checks/routing-checks';

/** Most exact matches one HTTPRoute holds within Gateway API's limits (128). */
export const MATCHES_PER_ROUTE = Math.min(HTTPROUTE_LIMITS.matchesPerRoute, HTTPROUTE_LIMITS.rulesPerRoute * HTTPROUTE_LIMITS.matchesPerRule);

/**
 * Splits a model's public names into HTTPRoutes and their rules, in the order given: each rule
 * holds at most 64 names and each route at most 128, so every route fits Gateway API's limits.
 * Returns routes → rules → names; no names, no routes.
 */
export function shardNames(names: readonly string[]): string[][][] {
  return chunk(names, MATCHES_PER_ROUTE).map((route) => chunk(route, HTTPROUTE_LIMITS.matchesPerRule));
}

/** The name of a model's i-th HTTPRoute (0-based): `<pool>`, then `<pool>-2`, `<pool>-3`, … */
export function shardRouteName(pool: string, i: number): string {
  return i === 0 ? pool : `${pool}-${i + 1}`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
