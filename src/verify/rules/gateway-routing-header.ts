import { isAssumed } from '../model/assume';
import { keyOf, list, lower } from '../model/object-access';
import { finding, Rule } from './rule';

/** Headers the gateway itself sets for routing: HTTPRoutes match them, clients must not set them. */
export const ROUTING_HEADER = /^x-gateway-/i;

/** A Gateway's routing headers are set by a body-routing policy on it. */
export const GATEWAY_ROUTING_HEADER_RULE: Rule = {
  id: 'gateway-routing-header-set',
  summary: 'Every X-Gateway-* header that routes attached to an agentgateway Gateway match is set by a PreRouting policy on that Gateway.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Gateway'],
  remediation: 'Add a PreRouting AgentgatewayPolicy targeting the Gateway that sets the header from the request body, or declare the platform\'s with --assume.',
  rationale: 'A header no policy sets is only ever sent by clients: only those who know to set it are routed, and they can pick any model. Applies to agentgateway Gateways only; other implementations set headers their own way.',
  *check(ctx) {
    const model = ctx.model;
    const assumedPolicyIn = new Set(model.index.all('agentgateway.dev/AgentgatewayPolicy').filter(isAssumed).map((p) => p.metadata.namespace));
    for (const [gateway, attached] of model.attachments) {
      const gw = attached[0].gateway;
      if (assumedPolicyIn.has(gateway.split('/')[0]) || ctx.rejected(gw) || model.implementationOf(gw) !== 'agentgateway') continue;
      const set = new Set([...(model.routingMaps.get(gateway) ?? []).map((m) => m.header.toLowerCase()), ...(model.misplacedHeaders.get(gateway) ?? [])]);
      const unset = new Map<string, { name: string; routes: string[] }>();
      for (const { route } of attached) {
        for (const rule of list(route.spec?.rules)) {
          for (const m of list(rule?.matches)) {
            for (const h of list(m?.headers)) {
              const name = String(h?.name);
              if (!ROUTING_HEADER.test(name) || set.has(lower(name))) continue;
              const entry = unset.get(lower(name)) ?? { name, routes: [] };
              if (!entry.routes.includes(keyOf(route))) entry.routes.push(keyOf(route));
              unset.set(lower(name), entry);
            }
          }
        }
      }
      for (const { name, routes } of unset.values()) {
        yield finding(gw, '', `HTTPRoutes ${routes.join(', ')} match ${name}, which no body-routing policy on this Gateway sets: only clients that send it themselves would be routed`,
          `add a PreRouting AgentgatewayPolicy (agentgateway.dev/v1alpha1) targeting the Gateway that sets ${name}, or declare the platform's with --assume AgentgatewayPolicy/${gateway.split('/')[0]}/<name>`);
      }
    }
  },
};
