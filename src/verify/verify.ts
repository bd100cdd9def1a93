import { SchemaValidator } from '../validation/schema-validator';
import { argExpansionProblems } from './arg-expansion';
import { ObjectIndex } from './object-index';
import { Problem, problemOn } from './problem';
import { RoutingDecision, RoutingSimulator } from './simulator';
import { servedModelNames, Wiring } from './wiring';

/** Name of the model the unknown-model and spoofing simulations ask for. */
export const UNKNOWN_MODEL = 'verify/no-such-model';

/** One simulated request and whether the outcome is the expected one. */
export interface Simulation {
  /** What was sent, e.g. `POST /v1/chat/completions model=Qwen/Qwen3-0.6B`. */
  readonly request: string;
  /** The public model name asked for. */
  readonly model: string;
  /** `route`: must reach a pool serving the model; `no-route`: must be refused. */
  readonly expect: 'route' | 'no-route';
  readonly decision: RoutingDecision;
}

/** Result of verifying a set of objects. */
export interface VerifyResult {
  readonly problems: Problem[];
  readonly objects: number;
  /** Object count per kind, in first-seen order. */
  readonly kinds: Record<string, number>;
  readonly celRulesEvaluated: number;
  readonly celTransitionRulesSkipped: number;
  readonly simulations: Simulation[];
  readonly wiring: Wiring;
  readonly simulator: RoutingSimulator;
}

/** A chat completion request for `model`, as a client sends it. */
export function chatCompletion(model: string, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] }),
  };
}

/**
 * Proves a set of manifests is wired right before it is applied: every object against the
 * pinned schemas and CEL rules, the wiring graph, and simulated requests for every public
 * model name, an unknown model and a spoofed routing header.
 */
export function verifyObjects(input: any[], validator: SchemaValidator = new SchemaValidator(), defaultNamespace: string = 'default'): VerifyResult {
  const problems: Problem[] = [];
  // Objects without a namespace land in the one `kubectl apply -n` (or Helm) gives them.
  const objects = input.map((o) => (o && typeof o === 'object' && o.metadata && !o.metadata.namespace && validator.isNamespaced(o.apiVersion, o.kind)
    ? { ...o, metadata: { ...o.metadata, namespace: defaultNamespace } } : o));
  const kinds: Record<string, number> = {};
  const before = { ...validator.stats };
  for (const o of objects) {
    kinds[o?.kind ?? '<no kind>'] = (kinds[o?.kind ?? '<no kind>'] ?? 0) + 1;
    for (const p of validator.validate(o)) problems.push(problemOn(o, p.field, p.message));
  }
  const index = new ObjectIndex(objects);
  const wiring = new Wiring(index);
  // An object the API server would reject gets its schema message only, not follow-on ones.
  const rejected = new Set(problems.map(objectKey));
  problems.push(...[...wiring.problems, ...unsetHeaders(wiring)].filter((p) => !rejected.has(objectKey(p))));
  problems.push(...argExpansionProblems(index));

  // Simulated requests back up the static checks: their failures are reported only when the
  // static checks found nothing, so one fault does not also show up as a failed request.
  const staticProblems = problems.length;
  const simulator = new RoutingSimulator(wiring);
  const simulations: Simulation[] = [];
  for (const [gateway, maps] of wiring.routingMaps) {
    const attached = wiring.attachments.get(gateway) ?? [];
    // Each policy's header matches, resolved once (they walk every attached route).
    const routing = maps.map((m) => ({ map: m, matches: wiring.headerMatches(attached, m.header) })).filter((r) => r.matches.length > 0);
    if (!routing.length) continue;
    // The names to ask for: the map's keys when the expression is a readable map (the static
    // checks already compare them with what the pods serve), else what the pods serve.
    const readable = routing.every((r) => r.map.form === 'map');
    const names = new Set<string>();
    for (const r of routing) for (const [k] of r.map.entries) names.add(k);
    if (!readable) {
      for (const x of routing.flatMap((r) => r.matches)) {
        for (const pool of x.pools) for (const t of wiring.poolPods(pool)) for (const n of servedModelNames(t) ?? []) names.add(n);
      }
    }
    const policyOf = routing[0].map.policy;
    for (const model of names) {
      const decision = simulator.simulate(gateway, chatCompletion(model));
      simulations.push({ request: `POST /v1/chat/completions model=${model}`, model, expect: 'route', decision });
      if (!decision.routed) {
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a chat completion for model '${model}' gets no route: ${decision.reason}`, 'route every served name'));
        continue;
      }
      if (readable) continue;
      const served = wiring.poolPods(index.get('inference.networking.k8s.io/InferencePool', ...decision.pool!.split('/') as [string, string]))
        .flatMap((t) => servedModelNames(t) ?? [model]);
      if (!served.includes(model)) {
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a chat completion for model '${model}' reaches InferencePool ${decision.pool}, whose pods serve ${served.map((s) => `'${s}'`).join(', ')}`, 'route the name to the pool that serves it'));
      }
    }
    const unknown = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL));
    simulations.push({ request: `POST /v1/chat/completions model=${UNKNOWN_MODEL}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: unknown });
    if (unknown.routed) {
      problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a request for an unknown model is routed: ${unknown.reason}`, 'let only listed model names produce a routing header value'));
    }
    const header = routing[0].map.header;
    const target = routing[0].matches[0]?.value;
    if (target !== undefined) {
      const spoof = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL, { [header]: target }));
      simulations.push({ request: `POST /v1/chat/completions model=${UNKNOWN_MODEL} ${header}: ${target}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: spoof });
      if (spoof.routed && spoof.route !== unknown.route) {
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a client-set ${header}: ${target} steers a request for an unknown model: ${spoof.reason}`, `make the policy set ${header} in every case (a failed expression removes it)`));
      }
    }
  }
  if (staticProblems > 0) problems.splice(staticProblems);
  return {
    problems,
    objects: objects.length,
    kinds,
    celRulesEvaluated: validator.stats.evaluated - before.evaluated,
    celTransitionRulesSkipped: validator.stats.skippedTransition - before.skippedTransition,
    simulations,
    wiring,
    simulator,
  };
}

function objectKey(p: Problem): string {
  return `${p.kind}|${p.namespace ?? ''}|${p.name}`;
}

/** Gateways whose attached routes match an `X-Gateway-*` header no policy on the Gateway sets. */
function unsetHeaders(wiring: Wiring): Problem[] {
  const out: Problem[] = [];
  for (const [gateway, attached] of wiring.attachments) {
    const set = new Set([...(wiring.routingMaps.get(gateway) ?? []).map((m) => m.header.toLowerCase()), ...(wiring.misplacedHeaders.get(gateway) ?? [])]);
    const unset = new Map<string, { name: string; routes: string[] }>();
    for (const { route } of attached) {
      for (const rule of route.spec?.rules ?? []) {
        for (const m of rule.matches ?? []) {
          for (const h of m.headers ?? []) {
            const name = String(h.name);
            if (!/^x-gateway-/i.test(name) || set.has(name.toLowerCase())) continue;
            const entry = unset.get(name.toLowerCase()) ?? { name, routes: [] };
            const r = `${route.metadata?.namespace}/${route.metadata?.name}`;
            if (!entry.routes.includes(r)) entry.routes.push(r);
            unset.set(name.toLowerCase(), entry);
          }
        }
      }
    }
    const gw = attached[0].gateway;
    for (const { name, routes } of unset.values()) {
      out.push(problemOn(gw, '', `HTTPRoutes ${routes.join(', ')} match ${name}, which no body-routing policy on this Gateway sets: only clients that send it themselves would be routed`,
        `add a PreRouting AgentgatewayPolicy (agentgateway.dev/v1alpha1) targeting the Gateway that sets ${name}`));
    }
  }
  return out;
}
