import { PROFILES } from '../../profiles/profiles';
import { isAssumed } from '../model/assume';
import { INFERENCE } from '../model/model';
import { keyOf, list, lower } from '../model/object-access';
import { finding, Rule } from './rule';

/** Header names HTTPRoutes of an inference gateway match and only the gateway should set. */
const GATEWAY_OWNED = /^x-(gateway|llm-d)-/i;

/**
 * A Gateway's PreRouting policies set or remove every client header that steers a request: those
 * its attached HTTPRoutes match (`X-Gateway-*`, `x-llm-d-*`) and, when a route sends to an
 * InferencePool, those the profile's endpoint picker acts on (PROFILES endpointPicker.clientHeaders).
 */
export const CLIENT_HEADERS_RULE: Rule = {
  id: 'gateway-client-headers-removed',
  summary: 'A Gateway with a body-routing policy sets or removes every routing and scheduling header a client could send: those its routes match and those the profile\'s endpoint picker reads.',
  severity: 'warning',
  category: 'security',
  appliesTo: ['Gateway'],
  remediation: 'List the headers under transformation.request.remove of the PreRouting AgentgatewayPolicy on the Gateway (at most 16), or set them there from the caller\'s identity.',
  rationale: 'A client that sends x-gateway-destination-endpoint picks the pod when the picker sets none, one that sends a fairness id or objective jumps the queue or takes another tenant\'s share, and one that sends a routing header the policy does not set reaches a route directly. Only Gateways with a PreRouting transformation are judged: without one, no body routing is claimed.',
  *check(ctx) {
    const model = ctx.model;
    const pickerHeaders = PROFILES[ctx.stack.profile].endpointPicker.clientHeaders;
    for (const [gateway, attached] of model.attachments) {
      const gw = attached[0].gateway;
      if (ctx.rejected(gw) || isAssumed(gw) || model.implementationOf(gw) !== 'agentgateway') continue;
      const pre = [...new Set(model.policyTargets.filter((t) => t.gateway && keyOf(t.gateway) === gateway).map((t) => t.policy))]
        .filter((p) => p?.spec?.traffic?.phase === 'PreRouting' && p.spec.traffic.transformation);
      if (!pre.length || pre.some(isAssumed)) continue;
      const handled = new Set<string>();
      for (const p of pre) {
        for (const s of list(p.spec.traffic.transformation.request?.set)) handled.add(lower(s?.name));
        for (const r of list(p.spec.traffic.transformation.request?.remove)) handled.add(lower(r));
      }
      const exposed = new Map<string, string>();
      let toPool = false;
      for (const { route } of attached) {
        for (const rule of list(route.spec?.rules)) {
          if (list(rule?.backendRefs).some((b: any) => b?.kind === 'InferencePool' && (b.group ?? '') === INFERENCE)) toPool = true;
          for (const m of list(rule?.matches)) {
            for (const h of list(m?.headers)) {
              if (GATEWAY_OWNED.test(String(h?.name)) && !handled.has(lower(h.name))) exposed.set(lower(h.name), `matched by HTTPRoute ${keyOf(route)}`);
            }
          }
        }
      }
      if (toPool) for (const h of pickerHeaders) if (!handled.has(h) && !exposed.has(h)) exposed.set(h, 'read by the endpoint picker');
      if (!exposed.size) continue;
      const names = [...exposed.keys()];
      const first = pre[0];
      yield finding(gw, '', `clients can send ${names.length} header(s) that steer requests and that no PreRouting policy on this Gateway sets or removes: ${names.map((n) => `${n} (${exposed.get(n)})`).join(', ')}`,
        `add them to transformation.request.remove of AgentgatewayPolicy ${keyOf(first)} (at most 16 names), or set them there from the caller's identity`);
    }
  },
};
