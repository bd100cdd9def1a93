import { GATEWAY_API, Model, POLICY } from '../model/model';

/** What a gateway answers itself for a route: agentgateway's `traffic.directResponse`. */
export interface DirectResponse {
  readonly status: number;
  readonly body: string;
  /** The AgentgatewayPolicy `namespace/name` that answers. */
  readonly policy: string;
}

const key = (o: any) => `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;

/**
 * The direct responses of a set of manifests, by the HTTPRoute (`namespace/name`) their
 * AgentgatewayPolicy targets (targetRefs are local to the policy's namespace). agentgateway
 * answers a route's direct response after the route's auth, rate-limit and transformation
 * policies and before it selects a backend, so a rule without backendRefs answers too
 * (agentgateway crates/agentgateway/src/proxy/httpproxy.rs apply_request_policies, read at
 * v0.11.1@09b3858cbbc7 and v1.4.1@163ea2146acb). Two policies on one route: the first in
 * namespace/name order, as the verifier cannot know which agentgateway merges in.
 */
export function directResponses(model: Model): Map<string, DirectResponse> {
  const out = new Map<string, DirectResponse>();
  const policies = [...model.index.all(POLICY)].sort((a, b) => key(a).localeCompare(key(b)));
  for (const p of policies) {
    const dr = p?.spec?.traffic?.directResponse;
    if (!dr || typeof dr !== 'object') continue;
    const ns = p.metadata?.namespace ?? '';
    for (const ref of Array.isArray(p.spec?.targetRefs) ? p.spec.targetRefs : []) {
      if (ref?.kind !== 'HTTPRoute' || (ref.group ?? GATEWAY_API) !== GATEWAY_API) continue;
      const route = `${ns}/${ref.name}`;
      if (!out.has(route)) out.set(route, { status: Number(dr.status), body: typeof dr.body === 'string' ? dr.body : '', policy: key(p) });
    }
  }
  return out;
}
