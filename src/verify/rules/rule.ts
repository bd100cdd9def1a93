import type { Model } from '../model/model';

/** `error` fails verification; `warning` is reported and does not. */
export type Severity = 'error' | 'warning';

/**
 * What a rule is about, for grouping in `--list-rules` and RULES.md:
 * - `input`: the files and the objects' metadata, as the API server would take them;
 * - `schema`: the pinned OpenAPI schemas and CEL rules;
 * - `wiring`: a link between two objects that does not hold;
 * - `routing`: what a request would really do (simulated);
 * - `security`: a way around the intended routing or a leak.
 */
export type RuleCategory = 'input' | 'schema' | 'wiring' | 'routing' | 'security';

/** One finding of a rule, on one object. */
export interface Finding {
  /** The object the finding is reported on (its kind, namespace and name are shown). */
  readonly object: any;
  /** Dotted path of the offending field; empty for the object as a whole. */
  readonly field: string;
  /** What is wrong, for this object. */
  readonly message: string;
  /** How to fix it, for this object; the rule's remediation when absent. */
  readonly fix?: string;
  /** Overrides the rule's severity for this finding (e.g. a warning form of an error rule). */
  readonly severity?: Severity;
}

/** What a rule's check sees. */
export interface RuleContext {
  /** The objects, their index and the wiring graph (no judgement in it). */
  readonly model: Model;
  /**
   * Whether `obj` was rejected by an earlier check (schema, CEL, metadata): rules that follow
   * links skip such objects, so one malformed object gives one finding, not a cascade.
   */
  rejected(obj: any): boolean;
}

/**
 * A named check. Ids are stable (users put them in `--disable` and in ignore annotations):
 * lowercase words joined by `-`, the object kind first (`httproute-parent-namespace`).
 */
export interface Rule {
  readonly id: string;
  /** One line: what the rule requires, in the positive (`... resolves to ...`). */
  readonly summary: string;
  readonly severity: Severity;
  readonly category: RuleCategory;
  /** Kinds the rule reports on (`HTTPRoute`, `InferencePool`, `*` for any). */
  readonly appliesTo: readonly string[];
  /** The general fix; each finding may carry a more specific one. */
  readonly remediation: string;
  /** Why it matters, in a sentence or two (RULES.md). */
  readonly rationale: string;
  /** False for rules that run only with `--enable <id>` (or an option that implies it). */
  readonly enabledByDefault?: boolean;
  /**
   * Runs in the `object` phase (each object on its own, before the graph is built; findings
   * mark the object rejected) or the `graph` phase (default).
   */
  readonly phase?: 'object' | 'graph';
  /** The check: every finding of this rule over the whole set. */
  check(ctx: RuleContext): Iterable<Finding>;
}

/** A finding on `object`. */
export function finding(object: any, field: string, message: string, fix?: string, severity?: Severity): Finding {
  return { object, field, message, ...(fix !== undefined ? { fix } : {}), ...(severity !== undefined ? { severity } : {}) };
}
