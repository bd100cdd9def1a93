import { keyOf, list, lower } from '../model/object-access';
import type { Model } from '../model/model';

/**
 * The non-routing parts of a Gateway's AgentgatewayPolicies the simulator applies: header
 * removal and authentication. Orders follow agentgateway's data plane (code reading):
 * - a transformation applies `add`, then `set`, then `remove`
 *   (crates/agentgateway/src/http/transformation_cel.rs `fn apply`, @v0.11.0 and @v1.4.1), so a
 *   removed header is gone even when the same policy sets it;
 * - authentication (jwt, then API key) runs before the transformation in the same phase; a
 *   PreRouting one before any route is chosen, a PostRouting one on the Gateway after the route is
 *   chosen and before its direct response or backend (crates/agentgateway/src/proxy/httpproxy.rs
 *   `apply_gateway_policies` / `apply_request_policies`, @v0.11.0 and @v1.4.1).
 */

/** What the gateway answers itself instead of routing. */
export interface DirectAnswer {
  readonly status: number;
  readonly body: string;
  /** The policy that answers (`namespace/name`). */
  readonly policy: string;
}

/**
 * What agentgateway answers a request without a credential, as text (ProxyError's message,
 * crates/agentgateway/src/proxy/mod.rs with http/apikey.rs and http/jwt.rs, the same at v0.11.0
 * and v1.4.1): not OpenAI's error shape, and neither pinned data plane passes a response it makes
 * during authentication through a response transformation.
 */
export const UNAUTHENTICATED_BODY = {
  apiKey: 'api key authentication failure: no API Key found',
  jwt: 'authentication failure: no bearer token found',
} as const;

type Phase = 'PreRouting' | 'PostRouting';

/** AgentgatewayPolicies targeting Gateway `gateway` (`namespace/name`), in input order. */
export function gatewayPolicies(model: Model, gateway: string): any[] {
  const out: any[] = [];
  for (const t of model.policyTargets) if (t.gateway && keyOf(t.gateway) === gateway && !out.includes(t.policy)) out.push(t.policy);
  return out;
}

function phaseOf(policy: any): Phase {
  return policy?.spec?.traffic?.phase === 'PreRouting' ? 'PreRouting' : 'PostRouting';
}

/** Removes the headers the Gateway's PreRouting transformations remove; notes what was removed. */
export function applyRemovals(policies: readonly any[], headers: Record<string, string>, notes: string[]): void {
  for (const policy of policies) {
    if (phaseOf(policy) !== 'PreRouting') continue;
    for (const name of list(policy.spec?.traffic?.transformation?.request?.remove)) {
      const h = lower(name);
      if (headers[h] === undefined) continue;
      delete headers[h];
      notes.push(`AgentgatewayPolicy ${keyOf(policy)} removed ${String(name)} sent by the client`);
    }
  }
}

/** Whether the Gateway's policies of `phase` require a credential (Strict API key or JWT). */
export function requiresCredential(policies: readonly any[], phase: Phase): any | undefined {
  return policies.find((p) => phaseOf(p) === phase && ['apiKeyAuthentication', 'jwtAuthentication']
    .some((k) => p.spec?.traffic?.[k] && (p.spec.traffic[k].mode ?? 'Strict') === 'Strict'));
}

/**
 * The 401 a request without `Authorization: Bearer <credential>` gets from the Gateway's Strict
 * authentication of `phase`, or undefined. Any bearer credential is accepted: the simulator
 * cannot know the keys.
 */
export function authRefusal(policies: readonly any[], phase: Phase, headers: Record<string, string>): { answer: DirectAnswer; reason: string } | undefined {
  const policy = requiresCredential(policies, phase);
  if (!policy) return undefined;
  if (/^Bearer\s+\S+/i.test(headers.authorization ?? '')) return undefined;
  return {
    answer: { status: 401, body: policy.spec.traffic.jwtAuthentication ? UNAUTHENTICATED_BODY.jwt : UNAUTHENTICATED_BODY.apiKey, policy: keyOf(policy) },
    reason: `AgentgatewayPolicy ${keyOf(policy)} (${phase}) requires a credential and the request has no Authorization: Bearer header: 401`,
  };
}
