import { HeaderMatch, Model } from '../model/model';
import { keyOf, lower } from '../model/object-access';
import { finding, Rule } from './rule';

/**
 * A model's traffic is served by the model's own route: the route(s) whose match on the
 * routing header has the value the Gateway's routing map yields for that model, in a rule
 * that sends to an InferencePool. Judged on the
 * simulated chat completions (Gateway API precedence over every attached route).
 */
export const ROUTE_HIJACK_RULE: Rule = {
  id: 'request-model-own-route',
  summary: 'A chat completion for each model is taken by that model\'s own HTTPRoute, not by another route with a more specific match.',
  severity: 'error',
  category: 'security',
  appliesTo: ['HTTPRoute'],
  phase: 'request',
  remediation: 'Remove the other route or its match, and admit routes only from the model namespaces (allowedRoutes.namespaces.from: Selector or Same).',
  rationale: 'Gateway API prefers the most specific match (an Exact path over a PathPrefix, more header matches): a route in any admitted namespace can take a model\'s prompts. Reported on the model\'s route, so an annotation on the other route cannot hide it.',
  *check(ctx) {
    const model = ctx.model;
    const ownByValue = ownRoutesIndex(model);
    for (const s of ctx.simulations()) {
      if (s.probe !== 'model' || s.decision.route === undefined) continue;
      const gateway = s.decision.gateway;
      const attached = model.attachments.get(gateway) ?? [];
      const own: HeaderMatch[] = [];
      for (const m of model.routingMaps.get(gateway) ?? []) {
        const value = s.decision.headers[lower(m.header)];
        if (value === undefined) continue;
        // Another route may match the same value: the model's own sends to an InferencePool.
        own.push(...(ownByValue(gateway, attached, m.header).get(value) ?? []));
      }
      if (!own.length || own.some((x) => keyOf(x.route) === s.decision.route)) continue;
      const ownRoutes = [...new Set(own.map((x) => keyOf(x.route)))];
      yield finding(own[0].route, own[0].field,
        `a chat completion for model '${s.model}' is taken by HTTPRoute ${s.decision.route} (rule ${s.decision.rule}), not by the model's own route ${ownRoutes.join(', ')}: its match is more specific, so it receives the model's traffic`,
        `remove HTTPRoute ${s.decision.route} or its match, and admit routes to the Gateway only from the model namespaces (allowedRoutes.namespaces.from: Selector or Same)`);
    }
  },
};

/**
 * For each Gateway and routing header, the header matches that send to an InferencePool, by
 * value: built once per header, so judging every model stays linear in the routes.
 */
function ownRoutesIndex(model: Model) {
  const cache = new Map<string, Map<string, HeaderMatch[]>>();
  return (gateway: string, attached: Parameters<Model['headerMatches']>[0], header: string): Map<string, HeaderMatch[]> => {
    const key = `${gateway}\u0000${lower(header)}`;
    let byValue = cache.get(key);
    if (!byValue) {
      byValue = new Map();
      for (const x of model.headerMatches(attached, header)) {
        if (x.pools.length === 0) continue;
        byValue.set(x.value, [...(byValue.get(x.value) ?? []), x]);
      }
      cache.set(key, byValue);
    }
    return byValue;
  };
}
