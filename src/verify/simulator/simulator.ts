import { CelScalar, celEnv, celFunc, isCelError, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isAssumed } from '../model/assume';
import { INFERENCE, Model } from '../model/model';
import { fullMatch } from './regex';
import { boundedParse, CEL_LIMITS } from './cel-bounds';
import { AGENTGATEWAY_CEL_FUNCTIONS } from './cel-functions';
import { applyRemovals, authRefusal, gatewayPolicies } from './policies';
import { DirectResponse, directResponses } from './direct-response';

/** An HTTP request to simulate. */
export interface SimulatedRequest {
  readonly method: string;
  /** Path with optional query, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Request headers (names are case-insensitive). */
  readonly headers?: Record<string, string>;
  /** Request body, as sent. */
  readonly body?: string;
}

/** What the gateway would do with a request. */
export interface RoutingDecision {
  /** Whether a route and a backend pool were found. */
  readonly routed: boolean;
  /** The route taken, or the exact reason there is none. */
  readonly reason: string;
  /** Gateway `namespace/name`. */
  readonly gateway: string;
  /** Request headers after the PreRouting policies (lowercase names). */
  readonly headers: Record<string, string>;
  /** What each PreRouting header transformation did. */
  readonly transformations: string[];
  /** HTTPRoute `namespace/name` and rule index chosen. */
  readonly route?: string;
  readonly rule?: number;
  /** InferencePool `namespace/name` the rule sends to. */
  readonly pool?: string;
  /** Workloads whose pods the pool selects. */
  readonly pods?: string[];
  /** Port the request is sent to on a selected pod (the pool's first target port). */
  readonly port?: number;
  /** Endpoint picker Service and port the gateway asks for a pod. */
  readonly endpointPicker?: string;
  /**
   * Set when the outcome is unknown: a policy expression calls a function agentgateway offers
   * and the simulator does not implement (e.g. `default()`); `routed` is then false and means
   * nothing, and no rule judges the request.
   */
  readonly unsimulated?: string;
  /**
   * What the gateway answers itself instead of routing: a refusal by an authentication policy
   * (401 without a credential), or the direct response of the chosen HTTPRoute
   * (simulator/direct-response.ts); `routed` is then false.
   */
  readonly response?: { readonly status: number; readonly body: string; readonly policy: string };
}

type Program = (ctx: Record<string, unknown>) => unknown;
const key = (o: any) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * Simulates agentgateway's request path offline: the Gateway's PreRouting policies set or
 * remove headers by evaluating their CEL (with `json()` and `string()`; a failing expression
 * removes the header, a successful `set` overwrites what the client sent), then HTTPRoute
 * rules attached to the Gateway are matched with Gateway API precedence, and the chosen
 * InferencePool is followed to its pods, port and endpoint picker.
 */
export class RoutingSimulator {
  private readonly env = celEnv({
    funcs: [celFunc('json', [CelScalar.STRING], CelScalar.DYN, (s: string) => JSON.parse(s)), ...strings],
  });
  private readonly programs = new Map<string, Program | Error>();
  private readonly candidates = new Map<string, RuleIndex>();

  constructor(private readonly wiring: Model) {}

  /** The graph requests are simulated over. */
  public get model(): Model {
    return this.wiring;
  }

  /** Gateways that can be simulated (`namespace/name`). */
  public get gateways(): string[] {
    return this.wiring.index.all('gateway.networking.k8s.io/Gateway').map(key);
  }

  /** Routes `request` through Gateway `gateway` (`namespace/name`). */
  public simulate(gateway: string, request: SimulatedRequest): RoutingDecision {
    const [gwNs, gwName] = gateway.split('/');
    const gw = this.wiring.index.get('gateway.networking.k8s.io/Gateway', gwNs, gwName);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
    const base = { gateway, headers, transformations: [] as string[] };
    if (!gw) return { ...base, routed: false, reason: `Gateway ${gateway} is not in the manifests` };
    const policies = gatewayPolicies(this.wiring, gateway);
    const preAuth = authRefusal(policies, 'PreRouting', headers);
    if (preAuth) return { ...base, routed: false, reason: preAuth.reason, response: preAuth.answer };

    for (const m of this.wiring.routingMaps.get(gateway) ?? []) {
      const policy = m.policy;
      if ((policy.spec?.traffic?.phase ?? 'PostRouting') !== 'PreRouting') continue;
      const result = this.evaluate(m.expression, { method: request.method, path: request.path, headers: { ...headers }, body: request.body ?? '' });
      const h = m.header.toLowerCase();
      const name = `AgentgatewayPolicy ${key(policy)}`;
      if (result.ok) {
        base.transformations.push(`${name} set ${m.header}: ${result.value}`);
        headers[h] = result.value;
      } else if (result.unsupported) {
        const why = `${name} calls ${result.unsupported}(), which agentgateway offers and the simulator does not implement, so this request cannot be simulated`;
        return { ...base, transformations: [...base.transformations, why], routed: false, reason: why, unsimulated: why };
      } else {
        base.transformations.push(`${name} removed ${m.header}: its expression failed (${result.error})`);
        delete headers[h];
      }
    }
    applyRemovals(policies, headers, base.transformations);

    const [path, query] = splitPath(request.path);
    type Candidate = { route: any; rule: number; score: number[] };
    const candidates: Candidate[] = [];
    for (const { route, rule: r, match: m } of this.ruleIndex(gateway).lookup(headers)) {
      const score = matchScore(m, request.method, path, query, headers);
      if (score) candidates.push({ route, rule: r, score });
    }
    if (!candidates.length) {
      const attached = this.wiring.attachments.get(gateway) ?? [];
      const why = base.transformations.length ? `${base.transformations.join('; ')}; ` : '';
      return { ...base, routed: false, reason: `${why}no rule of the ${attached.length} HTTPRoute(s) attached to Gateway ${gateway} matches` };
    }
    candidates.sort((a, b) => compareScores(a.score, b.score)
      || created(a.route).localeCompare(created(b.route)) || key(a.route).localeCompare(key(b.route)) || a.rule - b.rule);
    const best = candidates[0];
    const rule = best.route.spec.rules[best.rule];
    const chosen = { route: key(best.route), rule: best.rule };
    const postAuth = authRefusal(policies, 'PostRouting', headers);
    if (postAuth) return { ...base, ...chosen, routed: false, reason: postAuth.reason, response: postAuth.answer };
    const answer = this.answers().get(chosen.route);
    if (answer) return { ...base, ...chosen, routed: false, response: answer, reason: `HTTPRoute ${chosen.route} rule ${best.rule} is answered by AgentgatewayPolicy ${answer.policy}: ${answer.status}` };
    const ref = (rule.backendRefs ?? []).find((b: any) => b.kind === 'InferencePool' && (b.group ?? '') === INFERENCE);
    if (!ref) {
      const service = (rule.backendRefs ?? []).find((b: any) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '');
      const to = service ? `, it sends to Service ${service.namespace ?? best.route.metadata?.namespace}/${service.name}` : '';
      return { ...base, ...chosen, routed: false, reason: `HTTPRoute ${chosen.route} rule ${best.rule} matches but has no InferencePool backend${to}` };
    }
    const pool = this.wiring.resolvePool(best.route, ref);
    if (!pool) return { ...base, ...chosen, routed: false, reason: `HTTPRoute ${chosen.route} rule ${best.rule} matches but its InferencePool ${ref.namespace ?? best.route.metadata?.namespace}/${ref.name} does not resolve` };
    if (isAssumed(pool)) return { ...base, ...chosen, pool: key(pool), routed: true, reason: `HTTPRoute ${chosen.route} rule ${best.rule} → InferencePool ${key(pool)} (assumed: its pods are not checked)` };
    const pods = this.wiring.poolPods(pool).map((t) => t.label);
    const port = pool.spec?.targetPorts?.[0]?.number;
    const epp = pool.spec?.endpointPickerRef;
    const decision = {
      ...base, ...chosen, pool: key(pool), pods, port,
      endpointPicker: epp ? `${epp.name}:${epp.port?.number}` : undefined,
    };
    if (!pods.length) return { ...decision, routed: false, reason: `HTTPRoute ${chosen.route} sends to InferencePool ${key(pool)}, which selects no pod` };
    return { ...decision, routed: true, reason: `HTTPRoute ${chosen.route} rule ${best.rule} → InferencePool ${key(pool)} → ${pods.join(', ')} port ${port} (picker ${decision.endpointPicker})` };
  }

  /**
   * Evaluates a header expression on a request as the PreRouting phase does (`request.body`,
   * `request.headers`, ...; the same limits and functions): the header value, or why the
   * expression fails (agentgateway then removes the header). Programs are cached per expression.
   */
  public evaluateHeader(expression: string, request: SimulatedRequest): { ok: true; value: string } | { ok: false; error: string } {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
    const r = this.evaluate(expression, { method: request.method, path: request.path, headers, body: request.body ?? '' });
    return r.ok ? r : { ok: false, error: r.error };
  }

  private answered?: Map<string, DirectResponse>;

  /** Direct responses by HTTPRoute, read once. */
  private answers(): Map<string, DirectResponse> {
    if (!this.answered) this.answered = directResponses(this.wiring);
    return this.answered;
  }

  private ruleIndex(gateway: string): RuleIndex {
    let idx = this.candidates.get(gateway);
    if (!idx) {
      idx = new RuleIndex(this.wiring.attachments.get(gateway) ?? []);
      this.candidates.set(gateway, idx);
    }
    return idx;
  }

  private evaluate(expression: string, request: Record<string, unknown>): { ok: true; value: string } | { ok: false; error: string; unsupported?: string } {
    let program = this.programs.get(expression);
    if (!program) {
      const parsed = boundedParse(expression);
      if (!parsed.ok) {
        program = new Error(`the expression ${parsed.reason}`);
      } else {
        try {
          program = plan(this.env, parsed.expr) as Program;
        } catch (err) {
          program = new Error(`the expression cannot be planned (${String((err as Error)?.message ?? err).split('\n')[0]})`);
        }
      }
      this.programs.set(expression, program);
    }
    if (program instanceof Error) return { ok: false, error: program.message };
    const body = String(request.body ?? '');
    if (body.length > CEL_LIMITS.maxBody) return { ok: false, error: `the request body is ${body.length} characters long, over the simulator's limit of ${CEL_LIMITS.maxBody}` };
    let value: unknown;
    try {
      value = program({ request });
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    if (isCelError(value)) {
      const unbound = /^unbound function: ([A-Za-z_][A-Za-z0-9_]*)/.exec(value.message)?.[1];
      if (unbound && AGENTGATEWAY_CEL_FUNCTIONS.has(unbound)) return { ok: false, error: value.message, unsupported: unbound };
      return { ok: false, error: value.message };
    }
    if (typeof value === 'string') return { ok: true, value };
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return { ok: true, value: String(value) };
    return { ok: false, error: `the result is not a string, number or bool (${typeof value})` };
  }
}

type IndexedMatch = { route: any; rule: number; match: any };

/**
 * The match clauses of a Gateway's routes, indexed by their first exact header match, so a
 * request is only compared with clauses that can match its headers (no scan of every route).
 */
class RuleIndex {
  private readonly byHeader = new Map<string, Map<string, IndexedMatch[]>>();
  private readonly rest: IndexedMatch[] = [];

  constructor(attached: { route: any }[]) {
    for (const { route } of attached) {
      (route.spec?.rules ?? []).forEach((rule: any, r: number) => {
        for (const match of rule.matches?.length ? rule.matches : [{}]) {
          const exact = (match.headers ?? []).find((h: any) => (h.type ?? 'Exact') === 'Exact');
          if (!exact) {
            this.rest.push({ route, rule: r, match });
            continue;
          }
          const name = String(exact.name).toLowerCase();
          const values = this.byHeader.get(name) ?? new Map<string, IndexedMatch[]>();
          values.set(exact.value, [...(values.get(exact.value) ?? []), { route, rule: r, match }]);
          this.byHeader.set(name, values);
        }
      });
    }
  }

  /** Clauses that may match a request with these (lowercase-named) headers. */
  public lookup(headers: Record<string, string>): IndexedMatch[] {
    const out = [...this.rest];
    for (const [name, values] of this.byHeader) {
      const v = headers[name];
      if (v !== undefined) out.push(...(values.get(v) ?? []));
    }
    return out;
  }
}

function splitPath(p: string): [string, Record<string, string>] {
  const i = p.indexOf('?');
  if (i < 0) return [p, {}];
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(p.slice(i + 1))) if (!(k in query)) query[k] = v;
  return [p.slice(0, i), query];
}

/**
 * Precedence score of a match (Gateway API): exact path, then longest prefix, then method,
 * then most header matches, then most query matches. Undefined when it does not match.
 */
function matchScore(m: any, method: string, path: string, query: Record<string, string>, headers: Record<string, string>): number[] | undefined {
  const pm = m.path ?? { type: 'PathPrefix', value: '/' };
  const value = String(pm.value ?? '/');
  let pathRank: number;
  let pathLength = value.length;
  switch (pm.type ?? 'PathPrefix') {
    case 'Exact':
      if (path !== value) return undefined;
      pathRank = 3;
      break;
    case 'PathPrefix': {
      const prefix = value.replace(/\/+$/, '');
      if (!(prefix === '' || path === prefix || path.startsWith(`${prefix}/`))) return undefined;
      pathRank = 2;
      break;
    }
    case 'RegularExpression':
      if (!fullMatch(value, path)) return undefined;
      pathRank = 1;
      pathLength = 0;
      break;
    default:
      return undefined;
  }
  if (m.method !== undefined && m.method !== method) return undefined;
  for (const h of m.headers ?? []) {
    const v = headers[String(h.name).toLowerCase()];
    if (v === undefined) return undefined;
    if ((h.type ?? 'Exact') === 'Exact' ? v !== h.value : !fullMatch(h.value, v)) return undefined;
  }
  for (const q of m.queryParams ?? []) {
    const v = query[q.name];
    if (v === undefined) return undefined;
    if ((q.type ?? 'Exact') === 'Exact' ? v !== q.value : !fullMatch(q.value, v)) return undefined;
  }
  return [pathRank, pathLength, m.method !== undefined ? 1 : 0, (m.headers ?? []).length, (m.queryParams ?? []).length];
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

function created(o: any): string {
  return o.metadata?.creationTimestamp ?? '';
}
