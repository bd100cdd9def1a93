import { PROFILES, RoutingMode, StackProfile } from '../profiles/profiles';

/** The routing header of each routing mode (the article's map mode, and name mode). */
export const ROUTING_HEADERS: Readonly<Record<RoutingMode, string>> = {
  [RoutingMode.MAP]: 'X-Gateway-Base-Model-Name',
  [RoutingMode.NAME]: 'X-Gateway-Model-Name',
};

/** Most names one `transformation.request.remove` holds (both pinned AgentgatewayPolicy CRDs: `maxItems: 16`). */
export const MAX_REMOVED_HEADERS = 16;

/**
 * The client headers the body-routing policy removes: every header the profile's endpoint
 * picker acts on, and the routing header of the other routing mode (a route of the other mode
 * in the same Gateway would match it). Headers the policy sets itself are left out:
 * agentgateway applies a transformation's `add`, then `set`, then `remove`
 * (crates/agentgateway/src/http/transformation_cel.rs, `fn apply`, @24d398f8a8aa = v0.11.0 and
 * @163ea2146acb = v1.4.1), so a removed header the policy also sets would be deleted. A `set`
 * overwrites the client's value, or removes the header when its expression fails.
 */
export function removedClientHeaders(profile: StackProfile, mode: RoutingMode, setHeaders: readonly string[]): string[] {
  const set = new Set(setHeaders.map((h) => h.toLowerCase()));
  const other = mode === RoutingMode.MAP ? ROUTING_HEADERS[RoutingMode.NAME] : ROUTING_HEADERS[RoutingMode.MAP];
  const names = [...PROFILES[profile].endpointPicker.clientHeaders, other];
  const out: string[] = [];
  for (const n of names) if (!set.has(n.toLowerCase()) && !out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}
