import { SchemaValidator } from './schema/schema-validator';
import { argExpansionProblems } from './arg-expansion';
import { assumeObject, describeObject, isAssumed } from './model/assume';
import { groupOf, ObjectIndex } from './model/object-index';
import { Problem, problemOn, wiringRuleOf } from './report/problem';
import { RoutingDecision, RoutingSimulator } from './simulator/simulator';
import { servedModelNames, Wiring } from './model/wiring';

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

/** Options of {@link verifyObjects} beyond the validator and default namespace. */
export interface VerifyOptions {
  /** Where each input object was read from (`file#document`), index for index with the objects. */
  readonly sources?: readonly string[];
  /** Treat a kind with no schema as a problem instead of skipping it. */
  readonly strict?: boolean;
  /** Objects that live elsewhere, `Kind/namespace/name` (see `ASSUMABLE_KINDS`). */
  readonly assume?: readonly string[];
}

/** Objects of one kind that have no schema, so were not schema-checked. */
export interface SkippedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly objects: number;
  /** Where the first of them was read from, when known. */
  readonly source?: string;
}

/** Result of verifying a set of objects. */
export interface VerifyResult {
  /** Every problem, each with its rule id, severity and (when known) source. */
  readonly problems: Problem[];
  /** Kinds with no stored or given schema: their objects joined the wiring checks but were not schema-checked. */
  readonly skippedKinds: SkippedKind[];
  /** Assumed objects (`Kind namespace/name`) and what was not checked because of them. */
  readonly assumed: { readonly object: string; readonly unchecked: string }[];
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
export function verifyObjects(input: any[], validator: SchemaValidator = new SchemaValidator(), defaultNamespace: string = 'default', options: VerifyOptions = {}): VerifyResult {
  const problems: Problem[] = [];
  // Objects without a namespace land in the one `kubectl apply -n` (or Helm) gives them.
  const objects = input.map((o) => (o && typeof o === 'object' && o.metadata && !o.metadata.namespace && validator.isNamespaced(o.apiVersion, o.kind)
    ? { ...o, metadata: { ...o.metadata, namespace: defaultNamespace } } : o));
  // Where each object came from; for objects defined twice, the index (and so the wiring
  // checks) keeps the last definition, and so does this map.
  const sourceOf = new Map<string, string>();
  objects.forEach((o, i) => {
    const source = options.sources?.[i];
    if (source === undefined) return;
    const k = objectKey(problemOn(o, '', ''));
    sourceOf.set(k, source);
  });
  const duplicates = duplicateProblems(objects, options.sources);
  const kinds: Record<string, number> = {};
  for (const o of objects) kinds[o?.kind ?? '<no kind>'] = (kinds[o?.kind ?? '<no kind>'] ?? 0) + 1;
  const before = { ...validator.stats };
  const { problems: schemaProblems, skippedKinds } = checkSchemas(objects, validator, options);
  problems.push(...schemaProblems);
  const assumedObjects = (options.assume ?? []).map(assumeObject);
  const present = new Set(objects.map((o) => objectKey(problemOn(o, '', ''))));
  for (const a of assumedObjects) {
    if (present.has(objectKey(problemOn(a, '', '')))) throw new Error(`--assume ${a.kind}/${a.metadata.namespace ? `${a.metadata.namespace}/` : ''}${a.metadata.name}: that object is in the manifests; drop the --assume`);
  }
  const index = new ObjectIndex([...objects, ...assumedObjects]);
  const wiring = new Wiring(index);
  // An object the API server would reject gets its schema message only, not follow-on ones.
  const rejected = new Set(problems.map(objectKey));
  problems.push(...wiring.problems.filter((p) => !rejected.has(objectKey(p))).map((p) => ({ ...p, rule: p.rule ?? wiringRuleOf(p) })));
  problems.push(...unsetHeaders(wiring).filter((p) => !rejected.has(objectKey(p))));
  problems.push(...argExpansionProblems(index).filter((p) => !rejected.has(objectKey(p))));

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
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a chat completion for model '${model}' gets no route: ${decision.reason}`, 'route every served name', 'routing/no-route'));
        continue;
      }
      if (readable || isAssumed(index.get('inference.networking.k8s.io/InferencePool', ...decision.pool!.split('/') as [string, string]))) continue;
      const served = wiring.poolPods(index.get('inference.networking.k8s.io/InferencePool', ...decision.pool!.split('/') as [string, string]))
        .flatMap((t) => servedModelNames(t) ?? [model]);
      if (!served.includes(model)) {
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a chat completion for model '${model}' reaches InferencePool ${decision.pool}, whose pods serve ${served.map((s) => `'${s}'`).join(', ')}`, 'route the name to the pool that serves it', 'routing/wrong-pool'));
      }
    }
    const unknown = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL));
    simulations.push({ request: `POST /v1/chat/completions model=${UNKNOWN_MODEL}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: unknown });
    if (unknown.routed) {
      problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a request for an unknown model is routed: ${unknown.reason}`, 'let only listed model names produce a routing header value', 'routing/unknown-model'));
    }
    const header = routing[0].map.header;
    const target = routing[0].matches[0]?.value;
    if (target !== undefined) {
      const spoof = simulator.simulate(gateway, chatCompletion(UNKNOWN_MODEL, { [header]: target }));
      simulations.push({ request: `POST /v1/chat/completions model=${UNKNOWN_MODEL} ${header}: ${target}`, model: UNKNOWN_MODEL, expect: 'no-route', decision: spoof });
      if (spoof.routed && spoof.route !== unknown.route) {
        problems.push(problemOn(policyOf, 'spec.traffic.transformation', `a client-set ${header}: ${target} steers a request for an unknown model: ${spoof.reason}`, `make the policy set ${header} in every case (a failed expression removes it)`, 'routing/spoofed-header'));
      }
    }
  }
  if (staticProblems > 0) problems.splice(staticProblems);
  return {
    problems: [...duplicates, ...problems].map((p) => ({ ...p, severity: p.severity ?? 'error', ...(p.source === undefined && sourceOf.has(objectKey(p)) ? { source: sourceOf.get(objectKey(p)) } : {}) })),
    skippedKinds,
    assumed: assumedObjects.map((a) => ({ object: describeObject(a), unchecked: UNCHECKED[a.kind] })),
    objects: objects.length,
    kinds,
    celRulesEvaluated: validator.stats.evaluated - before.evaluated,
    celTransitionRulesSkipped: validator.stats.skippedTransition - before.skippedTransition,
    simulations,
    wiring,
    simulator,
  };
}

/** What is not checked for each kind of assumed object. */
const UNCHECKED: Record<string, string> = {
  Gateway: 'its listeners (port, protocol, allowedRoutes): routes naming it are taken to attach',
  AgentgatewayPolicy: 'its body-routing map: headers its Gateway\'s routes match are taken to be set, and no requests are simulated on that Gateway without a policy in the manifests',
  InferencePool: 'its selector, pods, target ports and endpoint picker: backendRefs naming it resolve',
  ReferenceGrant: 'its from/to lists: it is taken to allow every cross-namespace backendRef into its namespace',
  Service: 'its ports and the pods it selects: an endpointPickerRef naming it resolves',
  Namespace: 'its labels: listeners selecting namespaces by label admit it',
};

/**
 * Every object against its schema and CEL rules. Objects of a kind with no schema (and no
 * other version of it) are skipped and counted per kind, or one problem per kind when strict.
 */
function checkSchemas(objects: any[], validator: SchemaValidator, options: VerifyOptions): { problems: Problem[]; skippedKinds: SkippedKind[] } {
  const problems: Problem[] = [];
  const skipped = new Map<string, SkippedKind>();
  objects.forEach((o, i) => {
    const source = options.sources?.[i];
    if (typeof o?.apiVersion === 'string' && typeof o?.kind === 'string' && !validator.hasSchema(o.apiVersion, o.kind) && !validator.versionsOf(o.kind).length) {
      const k = `${o.apiVersion}/${o.kind}`;
      const seen = skipped.get(k);
      skipped.set(k, { apiVersion: o.apiVersion, kind: o.kind, objects: (seen?.objects ?? 0) + 1, ...(seen ? { source: seen.source } : source !== undefined ? { source } : {}) });
      if (options.strict && !seen) {
        problems.push(problemOn(o, 'apiVersion', `no schema for ${k} (--strict)`, 'give its CustomResourceDefinition file with --schemas <file>, or leave out --strict to skip kinds without a schema', 'schema/unknown-kind'));
      }
      return;
    }
    let found;
    try {
      found = validator.validate(o);
    } catch (err) {
      // A user's CRD whose schema cannot be compiled: say so on the object, keep going.
      found = [{ field: 'apiVersion', message: `the schema of ${o?.apiVersion}/${o?.kind} cannot be used: ${String((err as Error)?.message ?? err).split('\n')[0]}`, rule: 'schema' as const }];
    }
    for (const p of found) problems.push({ ...problemOn(o, p.field, p.message, undefined, p.rule ?? 'schema'), ...(source !== undefined ? { source } : {}) });
  });
  return { problems, skippedKinds: [...skipped.values()] };
}

/**
 * Objects defined more than once (same API group, kind, namespace and name): applied together,
 * the later replaces the earlier, and only the later takes part in the wiring checks. A
 * warning on each later definition.
 */
function duplicateProblems(objects: any[], sources: readonly string[] | undefined): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  objects.forEach((o, i) => {
    if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || !o.metadata?.name) return;
    const k = `${groupOf(o.apiVersion)}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
    const at = first.get(k);
    if (at === undefined) {
      first.set(k, i);
      return;
    }
    const where = sources?.[at] ? ` in ${sources[at]}` : '';
    out.push({
      ...problemOn(o, '', `is also defined${where}: applied together, this one replaces it, and only this one is verified for wiring`,
        'keep one definition; for kustomize overlays, verify the output of kustomize build of each overlay', 'duplicate'),
      severity: 'warning',
      ...(sources?.[i] !== undefined ? { source: sources[i] } : {}),
    });
  });
  return out;
}

function objectKey(p: Problem): string {
  return `${p.kind}|${p.namespace ?? ''}|${p.name}`;
}

/** Gateways whose attached routes match an `X-Gateway-*` header no policy on the Gateway sets. */
function unsetHeaders(wiring: Wiring): Problem[] {
  const out: Problem[] = [];
  const assumedPolicyIn = new Set(wiring.index.all('agentgateway.dev/AgentgatewayPolicy').filter(isAssumed).map((p) => p.metadata.namespace));
  for (const [gateway, attached] of wiring.attachments) {
    if (assumedPolicyIn.has(gateway.split('/')[0])) continue;
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
        `add a PreRouting AgentgatewayPolicy (agentgateway.dev/v1alpha1) targeting the Gateway that sets ${name}, or declare the platform's with --assume AgentgatewayPolicy/${gateway.split('/')[0]}/<name>`, 'wiring/unset-header'));
    }
  }
  return out;
}
