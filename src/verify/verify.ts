import { assumeObject, describeObject } from './model/assume';
import { Model } from './model/model';
import { chooseStack, StackChoice, StackDeclaration } from './model/stack';
import { groupOf, ObjectIndex } from './model/object-index';
import { Problem, problemOn } from './report/problem';
import { RULES, selectRules } from './rules/registry';
import { Finding, Rule, RuleContext } from './rules/rule';
import { schemaPass, SkippedKind } from './rules/schema';
import { readIgnoreAnnotation } from './rules/verify-ignore';
import { SchemaValidator } from './schema/schema-validator';
import { PROFILES } from '../profiles/profiles';
import { simulateRequests, Simulation } from './simulator/requests';
import { RoutingSimulator } from './simulator/simulator';

export { chatCompletion, UNKNOWN_MODEL } from './simulator/requests';
export type { Simulation } from './simulator/requests';
export type { SkippedKind } from './rules/schema';

/** Options of {@link verifyObjects} beyond the validator and default namespace. */
export interface VerifyOptions {
  /** Where each input object was read from (`file#document`), index for index with the objects. */
  readonly sources?: readonly string[];
  /** Treat a kind with no schema as a problem instead of skipping it (enables `schema-known-kind`). */
  readonly strict?: boolean;
  /** Objects that live elsewhere, `Kind/namespace/name` (see `ASSUMABLE_KINDS`). */
  readonly assume?: readonly string[];
  /** Rule ids not to run (`--disable`). */
  readonly disable?: readonly string[];
  /** Rule ids to run that are off by default (`--enable`). */
  readonly enable?: readonly string[];
  /** Files or documents the loader could not read (reported by rule `manifest-readable`). */
  readonly unreadable?: readonly { readonly source: string; readonly message: string; readonly fix?: string }[];
  /** The stack profile, platform and OpenShift release declared (`--profile`, `--platform`, `--openshift-version`); detected when absent. */
  readonly stack?: StackDeclaration;
  /**
   * The validator of a schema set, when no validator is passed: called once with the chosen
   * profile's set (e.g. to add a user's CRDs to a fresh one). Default: one shared validator per set.
   */
  readonly validatorFor?: (schemaSet: string) => SchemaValidator;
}

/** A finding suppressed by an object's verify-ignore annotation. */
export interface IgnoredProblem {
  readonly problem: Problem;
  /** The reason the annotation gives. */
  readonly reason: string;
}

/** Result of verifying a set of objects. */
export interface VerifyResult {
  /** Every problem, each with its rule id, severity and (when known) source. */
  readonly problems: Problem[];
  /** Problems suppressed by verify-ignore annotations, with the reason given. */
  readonly ignored: IgnoredProblem[];
  /** Ids of the rules that ran, in run order. */
  readonly rules: string[];
  /** Kinds with no stored or given schema: their objects joined the wiring checks but were not schema-checked. */
  readonly skippedKinds: SkippedKind[];
  /** Assumed objects (`Kind namespace/name`) and what was not checked because of them. */
  readonly assumed: { readonly object: string; readonly unchecked: string }[];
  readonly objects: number;
  /** Object count per kind, in first-seen order. */
  readonly kinds: Record<string, number>;
  readonly celRulesEvaluated: number;
  readonly celTransitionRulesSkipped: number;
  readonly simulations: readonly Simulation[];
  /** The objects as applied (last definition of each) and the links between them. */
  readonly model: Model;
  readonly simulator: RoutingSimulator;
  /** The stack profile and platform the objects were judged against, and why. */
  readonly stack: StackChoice;
}

/**
 * Proves a set of manifests is wired right before it is applied: runs every enabled rule of
 * the registry (schemas and CEL, metadata, the wiring graph, simulated requests for every
 * public model name, an unknown model and a spoofed routing header) and returns their
 * findings as problems, minus those an object's verify-ignore annotation suppresses.
 * The objects are judged by one stack profile (`options.stack`, else the one they show, else
 * the default) and validated against its schema set, unless `explicitValidator` is given.
 * Throws a sentence for an unknown rule id or an `--assume` of an object that is present.
 */
export function verifyObjects(input: any[], explicitValidator?: SchemaValidator, defaultNamespace: string = 'default', options: VerifyOptions = {}): VerifyResult {
  const rules = selectRules(options.disable, [...(options.enable ?? []), ...(options.strict ? ['schema-known-kind'] : [])]);
  // The profile decides the schema set, so it is chosen first, on the objects as given (the
  // signs it reads do not depend on namespaces); a validator passed in is used as it is.
  const given = input.filter((o) => o && typeof o === 'object');
  const givenIndex = explicitValidator ? undefined : new ObjectIndex(given);
  const givenStack = givenIndex ? chooseStack(givenIndex, options.stack) : undefined;
  const validator = explicitValidator ?? schemaSetValidator(givenStack!.profile, options);
  // Objects without a namespace land in the one `kubectl apply -n` (or Helm) gives them.
  const objects = input.map((o) => (o && typeof o === 'object' && o.metadata && typeof o.metadata === 'object' && !o.metadata.namespace && validator.isNamespaced(o.apiVersion, o.kind)
    ? { ...o, metadata: { ...o.metadata, namespace: defaultNamespace } } : o));
  const sourceOf = new Map<any, string>();
  objects.forEach((o, i) => {
    if (options.sources?.[i] !== undefined && o && typeof o === 'object') sourceOf.set(o, options.sources[i]);
  });
  const kinds: Record<string, number> = {};
  for (const o of objects) kinds[o?.kind ?? '<no kind>'] = (kinds[o?.kind ?? '<no kind>'] ?? 0) + 1;
  const assumedObjects = (options.assume ?? []).map(assumeObject);
  const ids = objects.map(identity);
  const present = new Set(ids);
  for (const a of assumedObjects) {
    if (present.has(identity(a))) throw new Error(`--assume ${a.kind}/${a.metadata.namespace ? `${a.metadata.namespace}/` : ''}${a.metadata.name}: that object is in the manifests; drop the --assume`);
  }
  // The graph holds what `kubectl apply` would leave: the last definition of each object.
  const graph = [...applied(objects, ids), ...assumedObjects];
  // Usually that is the input as given (namespaced, no repeats, nothing assumed): then its
  // index and stack choice are the ones made above (both depend on the objects alone).
  const same = givenIndex !== undefined && sameItems(graph, given);
  const model = new Model(same ? givenIndex : new ObjectIndex(graph));
  const graphObjects = model.index.objects;
  const stack = same ? givenStack! : chooseStack(model.index, options.stack);
  // Requests are simulated over what the API server would accept: objects an object-phase
  // rule rejected are left out (decided once, when the first simulation is asked for).
  let simulator: RoutingSimulator | undefined;
  const simulatorOf = () => (simulator ??= new RoutingSimulator(rejected.size ? new Model(new ObjectIndex(graphObjects.filter((o) => !rejected.has(o)))) : model));
  let simulations: Simulation[] | undefined;
  const before = { ...validator.stats };
  const rejected = new Set<any>();
  const refusedFields = new Map<any, Set<string>>();
  // Every field an error was reported on, for rules that defer to earlier errors.
  const erroredFields = new Map<any, Set<string>>();
  const ctx: RuleContext = {
    model,
    rejected: (o) => rejected.has(o),
    input: { objects, ...(options.sources ? { sources: options.sources } : {}), ...(options.unreadable ? { unreadable: options.unreadable } : {}) },
    validator,
    simulations: () => (simulations ??= simulateSafely()),
    ruleIds: RULES.map((r) => r.id),
    stack,
  };

  const problems: Problem[] = [];
  const ignored: IgnoredProblem[] = [];
  // Simulation follows links in malformed objects too (they are in the graph): if it cannot
  // finish, say so once and report no simulated request rather than stop verification.
  const simulateSafely = (): Simulation[] => {
    try {
      const sim = simulatorOf();
      return simulateRequests(sim.model, sim);
    } catch (err) {
      const reason = String((err as Error)?.message ?? err).split('\n')[0];
      problems.push({ kind: '', name: '', field: '', message: `simulated requests could not run on this input (${reason}); the other checks ran`, fix: 'correct the malformed objects the other problems name, then verify again', rule: 'request-model-routed', severity: 'error' });
      return [];
    }
  };
  let errors = 0;
  // Errors of the object and graph phases, counted when the request phase starts.
  let staticErrors: number | undefined;
  for (const rule of rules) {
    const phase = rule.phase ?? 'graph';
    // Simulated requests back up the static checks: their failures are reported only when the
    // static checks found no error, so one fault does not also show up as a failed request.
    if (phase === 'request') {
      staticErrors ??= errors;
      if (staticErrors > 0) continue;
    }
    for (const f of runRule(rule, ctx)) {
      if (phase !== 'object' && f.object && rejected.has(f.object)) continue;
      // One message per field: a field an earlier object-phase rule already refused (a null
      // label value the schema refuses, which the label rule would refuse again) is not repeated.
      if (phase === 'object' && f.object && refusedFields.get(f.object)?.has(f.field)) continue;
      if (rule.defersToEarlierErrors && f.object && erroredFields.get(f.object)?.has(f.field)) continue;
      const problem = toProblem(rule, f, sourceOf);
      const ignore = rule.id === 'verify-ignore-annotation' ? undefined : [f.object, ...(f.related ?? [])]
        .map(readIgnoreAnnotation).find((a) => a && !a.invalid && a.ids.includes(rule.id));
      if (ignore) {
        ignored.push({ problem, reason: ignore.reason });
        continue;
      }
      problems.push(problem);
      if (problem.severity === 'error') {
        errors++;
        if (f.object && typeof f.object === 'object') erroredFields.set(f.object, (erroredFields.get(f.object) ?? new Set()).add(f.field));
        if (phase === 'object' && f.object && typeof f.object === 'object') {
          rejected.add(f.object);
          refusedFields.set(f.object, (refusedFields.get(f.object) ?? new Set()).add(f.field));
        }
      }
    }
  }
  if (simulations === undefined) simulations = simulateSafely();
  return {
    problems,
    ignored,
    rules: rules.map((r) => r.id),
    skippedKinds: schemaPass(ctx).skippedKinds,
    assumed: assumedObjects.map((a) => ({ object: describeObject(a), unchecked: UNCHECKED[a.kind] })),
    objects: objects.length,
    kinds,
    celRulesEvaluated: validator.stats.evaluated - before.evaluated,
    celTransitionRulesSkipped: validator.stats.skippedTransition - before.skippedTransition,
    simulations,
    model,
    simulator: simulatorOf(),
    stack,
  };
}

/** The validator of `profile`'s schema set: the caller's factory, else the shared one. */
function schemaSetValidator(profile: keyof typeof PROFILES, options: VerifyOptions): SchemaValidator {
  const set = PROFILES[profile].schemaSet;
  return options.validatorFor ? options.validatorFor(set) : SchemaValidator.forSet(set);
}

/** A rule's findings; a rule that throws on malformed input yields one finding saying so. */
function runRule(rule: Rule, ctx: RuleContext): Finding[] {
  try {
    return [...rule.check(ctx)];
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).split('\n')[0];
    return [{ object: undefined, field: '', message: `rule ${rule.id} could not finish on this input (${reason}); the other rules ran`, fix: 'correct the malformed objects the other problems name, then verify again' }];
  }
}

function toProblem(rule: Rule, f: Finding, sourceOf: Map<any, string>): Problem {
  const base = f.object === undefined
    ? { kind: '', name: '', field: '', message: f.message }
    : problemOn(f.object, f.field, f.message);
  const source = f.source ?? (f.object !== undefined ? sourceOf.get(f.object) : undefined);
  return {
    ...base,
    ...(f.fix !== undefined ? { fix: f.fix } : {}),
    rule: rule.id,
    severity: f.severity ?? rule.severity,
    ...(source !== undefined ? { source } : {}),
  };
}

/** `group|kind|namespace|name` of an object. */
function identity(o: any): string {
  return `${groupOf(o?.apiVersion)}|${o?.kind}|${o?.metadata?.namespace ?? ''}|${o?.metadata?.name ?? ''}`;
}

/** The objects `kubectl apply` would leave: the last definition of each, in first-seen position (`ids[i]`: identity of `objects[i]`). */
function applied(objects: any[], ids: readonly string[]): any[] {
  const last = new Map<string, any>();
  objects.forEach((o, i) => {
    if (o && typeof o === 'object') last.set(ids[i], o);
  });
  const seen = new Set<string>();
  const out: any[] = [];
  objects.forEach((o, i) => {
    if (!o || typeof o !== 'object') return;
    const k = ids[i];
    if (seen.has(k)) return;
    seen.add(k);
    out.push(last.get(k));
  });
  return out;
}

/** Whether `a` and `b` hold the same objects in the same order. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
