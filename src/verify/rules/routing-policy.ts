import { servedModelNames } from '../model/containers';
import { HeaderMatch, Model, RoutingMap } from '../model/model';
import { keyOf } from '../model/object-access';
import { finding, Finding, Rule, RuleContext } from './rule';

/** A body-routing header transformation whose header some attached route matches. */
interface UsedMap {
  readonly gateway: string;
  readonly map: RoutingMap;
  readonly matches: HeaderMatch[];
  readonly valueField: string;
}

/** Routing maps whose header an HTTPRoute intended for the same Gateway matches (memoized per model). */
const usedCache = new WeakMap<Model, UsedMap[]>();
export function usedRoutingMaps(model: Model): UsedMap[] {
  let out = usedCache.get(model);
  if (!out) {
    out = [];
    for (const [gateway, maps] of model.routingMaps) {
      const meant = model.intended.get(gateway) ?? [];
      for (const map of maps) {
        const matches = model.headerMatches(meant, map.header);
        if (matches.length) out.push({ gateway, map, matches, valueField: `spec.traffic.transformation.request.set[${map.setIndex}].value` });
      }
    }
    usedCache.set(model, out);
  }
  return out;
}

const phaseOf = (policy: any) => policy.spec?.traffic?.phase ?? 'PostRouting';

/** Readable maps in PreRouting whose policy is not rejected. */
function readableMaps(ctx: RuleContext): UsedMap[] {
  return usedRoutingMaps(ctx.model).filter((u) => u.map.form === 'map' && phaseOf(u.map.policy) === 'PreRouting' && !ctx.rejected(u.map.policy));
}

/** For each header value a route matches, the keys of the map that yield it. */
function keysByValue(map: RoutingMap): Map<string, string[]> {
  const keysOf = new Map<string, string[]>();
  for (const [k, v] of map.entries) keysOf.set(v, [...(keysOf.get(v) ?? []), k]);
  return keysOf;
}

/** Pod templates selected by more than one pool: what they serve is judged by the overlap rule. */
function sharedPods(model: Model) {
  return new Set([...model.poolsOfPod].filter(([, pools]) => pools.length > 1).map(([t]) => t));
}

function* servedMismatches(ctx: RuleContext, which: 'not-served' | 'not-mapped'): Iterable<Finding> {
  const shared = sharedPods(ctx.model);
  for (const u of readableMaps(ctx)) {
    const keysOf = keysByValue(u.map);
    for (const x of u.matches) {
      const keys = keysOf.get(x.value);
      if (!keys) continue;
      for (const pool of x.pools) {
        for (const t of ctx.model.poolPods(pool)) {
          if (shared.has(t)) continue;
          const served = servedModelNames(t);
          if (!served) continue;
          if (which === 'not-served') {
            for (const k of keys.filter((n) => !served.includes(n))) {
              yield finding(u.map.policy, u.valueField, `routes model '${k}' to InferencePool ${keyOf(pool)}, whose pods (${t.label}) serve ${served.map((s) => `'${s}'`).join(', ')}: vLLM would answer 404 for '${k}'`, `add '${k}' to --served-model-name or route it elsewhere`);
            }
          } else {
            for (const s of served.filter((n) => !keys.includes(n))) {
              yield finding(u.map.policy, u.valueField, `InferencePool ${keyOf(pool)}'s pods (${t.label}) serve '${s}', but no key of the routing map sends '${s}' to '${x.value}'`, `add "${s}": "${x.value}" to the map`);
            }
          }
        }
      }
    }
  }
}

/** AgentgatewayPolicies that set the routing header from the request body. */
export const ROUTING_POLICY_RULES: Rule[] = [
  {
    id: 'policy-target-gateway',
    summary: 'An AgentgatewayPolicy targets a Gateway in its own namespace that is in the manifests.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Move the policy to the Gateway\'s namespace, or correct the target name.',
    rationale: 'Policy targetRefs are local: a policy beside the wrong namespace attaches to nothing, and its routing header is never set.',
    *check(ctx) {
      for (const t of ctx.model.policyTargets) {
        if (t.gateway || ctx.rejected(t.policy)) continue;
        const ns = t.policy.metadata?.namespace ?? '';
        yield t.elsewhere.length
          ? finding(t.policy, 'metadata.namespace', `targets Gateway '${t.ref.name}', which is in namespace '${t.elsewhere[0]}': policy targetRefs are local, so the policy attaches to nothing in '${ns}'`, `move the policy to namespace ${t.elsewhere[0]}`)
          : finding(t.policy, `spec.targetRefs[${t.index}].name`, `targets Gateway ${ns}/${t.ref.name}, which is not in the manifests`, `correct the target name, or declare it with --assume Gateway/${ns}/${t.ref.name} when it lives in another repository`);
      }
    },
  },
  {
    id: 'policy-routing-phase',
    summary: 'A policy that sets a header HTTPRoutes match runs in phase PreRouting.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Set spec.traffic.phase: PreRouting.',
    rationale: 'In the default PostRouting phase the header is set after the route is chosen, so no route ever matches it.',
    *check(ctx) {
      // One finding per policy, naming every header it sets that routes match (one phase for all).
      const headers = new Map<any, string[]>();
      for (const u of usedRoutingMaps(ctx.model)) {
        if (phaseOf(u.map.policy) === 'PreRouting' || ctx.rejected(u.map.policy)) continue;
        const list = headers.get(u.map.policy) ?? [];
        if (!list.includes(u.map.header)) list.push(u.map.header);
        headers.set(u.map.policy, list);
      }
      for (const [policy, names] of headers) {
        const which = names.length === 1 ? `${names[0]}, which HTTPRoutes match` : `${names.join(' and ')}, which HTTPRoutes match`;
        yield finding(policy, 'spec.traffic.phase', `sets ${which}, in phase ${phaseOf(policy)}: after the route is chosen, so no route can match ${names.length === 1 ? 'it' : 'them'}`, 'set spec.traffic.phase: PreRouting');
      }
    },
  },
  {
    id: 'policy-routing-map-routed',
    summary: 'Every value of the routing map is matched by an HTTPRoute attached to the Gateway.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Add an HTTPRoute that matches the value, or correct the map.',
    rationale: 'A model whose header value no route matches gets 404 from the gateway although it is listed.',
    *check(ctx) {
      for (const u of readableMaps(ctx)) {
        const values = new Set(u.matches.map((x) => x.value));
        for (const [k, v] of u.map.entries) {
          if (!values.has(v)) yield finding(u.map.policy, u.valueField, `maps model '${k}' to '${v}', but no HTTPRoute attached to Gateway ${u.gateway} matches ${u.map.header}: '${v}'`, `add an HTTPRoute for '${v}' or correct the map`);
        }
      }
    },
  },
  {
    id: 'httproute-header-value-mapped',
    summary: 'Every routing header value an HTTPRoute matches is produced by the Gateway\'s routing map.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Add the value to the routing map, or correct the route\'s header match.',
    rationale: 'A rule whose header value the policy never sets never matches: its model is unreachable.',
    *check(ctx) {
      for (const u of readableMaps(ctx)) {
        const keysOf = keysByValue(u.map);
        for (const x of u.matches) {
          if (!keysOf.has(x.value) && !ctx.rejected(x.route)) {
            yield finding(x.route, x.field, `no entry of the routing map in AgentgatewayPolicy ${keyOf(u.map.policy)} yields '${x.value}', so this rule never matches`, `add "${x.value}": "${x.value}" to the map`);
          }
        }
      }
    },
  },
  {
    id: 'policy-routing-map-served',
    summary: 'Each model name the routing map sends to a pool is served by that pool\'s pods.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Add the name to the pods\' --served-model-name, or route it to the pool that serves it.',
    rationale: 'vLLM answers 404 for a model name it does not serve, after the gateway routed the request.',
    check: (ctx) => servedMismatches(ctx, 'not-served'),
  },
  {
    id: 'policy-routing-map-complete',
    summary: 'Each name a pool\'s pods serve is a key of the routing map that sends to the pool.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Add the served name to the routing map.',
    rationale: 'A served name missing from the map is unreachable through the gateway.',
    check: (ctx) => servedMismatches(ctx, 'not-mapped'),
  },
];
