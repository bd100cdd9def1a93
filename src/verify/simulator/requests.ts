import { isAssumed } from '../model/assume';
import { servedModelNames } from '../model/containers';
import { Model, POOL } from '../model/model';
import { gatewayPolicies, requiresCredential } from './policies';
import { RoutingDecision, RoutingSimulator } from './simulator';
import { answersDirectly, OpenAiProbe, simulateOpenAiRequests } from './openai-requests';
import { isStatusHeader } from '../model/status-header';

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
  /**
   * What the request probes: a listed model, an unknown model, or a client-set routing header;
   * and what the gateway answers itself (simulator/openai-requests.ts): the model list, one
   * model, an unknown id, a body that is not JSON, a body without a model.
   */
  readonly probe: 'model' | 'unknown-model' | 'spoofed-header' | OpenAiProbe['probe'];
  /** The policy that sets the routing header (findings are reported on it). */
  readonly policy: any;
  /**
   * For a model request routed to a pool: the names the pool's pods serve (so a rule can tell a
   * wrong pool, whether the policy sent it there or a more specific route took the request).
   */
  readonly servedByPool?: string[];
  /** For a spoofed request: the unknown-model request's route, to compare with. */
  readonly unknownRoute?: string;
  /** For a spoofed request: the header sent and its value. */
  readonly spoofed?: { readonly header: string; readonly value: string };
  /** For a request the gateway answers itself: the status it must answer with. */
  readonly expectStatus?: number;
  /** For the model list: the public names the routes serve, which it must name exactly. */
  readonly expectIds?: string[];
  /** For the model list answered by a Service: the ids its content lists. */
  readonly servedIds?: string[];
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
 * The requests that prove a Gateway's body routing, for every Gateway with a routing policy
 * whose header an attached route matches: one chat completion per public model name (the
 * map's keys when the expression is a readable map, else the names the pods serve), one for
 * an unknown model, and one for an unknown model carrying a client-set routing header.
 */
export function simulateRequests(model: Model, simulator: RoutingSimulator): Simulation[] {
  const simulations: Simulation[] = [];
  // What each of a pool's pod templates serves (undefined: not readable), read once per pool:
  // a pool is reached by as many matches and requests as it has public names.
  const servedOfPool = new Map<any, (string[] | undefined)[]>();
  const servedPerTemplate = (pool: any) => {
    let served = servedOfPool.get(pool);
    if (!served) {
      served = model.poolPods(pool).map((t) => servedModelNames(t));
      servedOfPool.set(pool, served);
    }
    return served;
  };
  const flat = new Map<any, string[]>();
  const servedBy = (pool: any) => {
    let names = flat.get(pool);
    if (!names) flat.set(pool, names = servedPerTemplate(pool).flatMap((n) => n ?? []));
    return names;
  };
  for (const [gateway, maps] of model.routingMaps) {
    const attached = model.attachments.get(gateway) ?? [];
    // A status header (`cond ? "a" : "b"`, the OpenAI error routes') names no model: not a routing map.
    const routing = maps.filter((m) => !isStatusHeader(m.header, m.expression)).map((m) => ({ map: m, matches: model.headerMatches(attached, m.header) })).filter((r) => r.matches.length > 0);
    if (!routing.length) continue;
    const readable = routing.every((r) => r.map.form === 'map');
    const names = new Set<string>();
    for (const r of routing) for (const [k] of r.map.entries) names.add(k);
    if (!readable) {
      const pools = new Set(routing.flatMap((r) => r.matches).flatMap((x) => x.pools));
      for (const pool of pools) for (const n of servedBy(pool)) names.add(n);
    }
    const policy = routing[0].map.policy;
    // Behind authentication the routing proofs carry a credential (any bearer token passes the simulator).
    const credential = credentialFor(model, gateway);
    for (const name of names) {
      const decision = simulator.simulate(gateway, chatCompletion(name, credential));
      let servedByPool: string[] | undefined;
      if (decision.routed) {
        const pool = model.index.get(POOL, ...decision.pool!.split('/') as [string, string]);
        if (pool && !isAssumed(pool)) {
          const perTemplate = servedPerTemplate(pool);
          servedByPool = perTemplate.every((n) => n !== undefined) ? servedBy(pool) : perTemplate.flatMap((n) => n ?? [name]);
        }
      }
      simulations.push({ request: `POST /v1/chat/completions model=${name}`, model: name, expect: 'route', decision, probe: 'model', policy, ...(servedByPool ? { servedByPool } : {}) });
    }
    const unknown = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL, credential));
    const openAi = answersDirectly(model, gateway) ? { expectStatus: 404 } : {};
    simulations.push({ request: `POST /v1/chat/completions model=${UNKNOWN_MODEL}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: unknown, probe: 'unknown-model', policy, ...openAi });
    const header = routing[0].map.header;
    const target = routing[0].matches[0]?.value;
    if (target !== undefined) {
      const spoof = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL, { ...credential, [header]: target }));
      simulations.push({
        request: `POST /v1/chat/completions model=${UNKNOWN_MODEL} ${header}: ${target}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: spoof, probe: 'spoofed-header', policy,
        ...(unknown.route !== undefined ? { unknownRoute: unknown.route } : {}), spoofed: { header, value: target },
      });
    }
    for (const p of simulateOpenAiRequests(model, simulator, gateway, [...names], credential)) simulations.push({ ...p, expect: 'no-route', policy });
  }
  return simulations;
}

/** A bearer credential when Gateway `gateway` requires one in either phase, else no header. */
function credentialFor(model: Model, gateway: string): Record<string, string> {
  const policies = gatewayPolicies(model, gateway);
  return requiresCredential(policies, 'PreRouting') || requiresCredential(policies, 'PostRouting') ? { authorization: 'Bearer verify-simulated-credential' } : {};
}
