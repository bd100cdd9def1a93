import type { Model } from '../model/model';
import type { SchemaValidator } from '../schema/schema-validator';
import type { Simulation } from '../simulator/requests';
import type { StackChoice } from '../model/stack';

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
  /** The object the finding is reported on (its kind, namespace and name are shown); undefined for a file as a whole. */
  readonly object: any;
  /** Where the finding is, for a file as a whole (`file` or `file#document`). */
  readonly source?: string;
  /** Dotted path of the offending field; empty for the object as a whole. */
  readonly field: string;
  /** What is wrong, for this object. */
  readonly message: string;
  /** How to fix it, for this object; the rule's remediation when absent. */
  readonly fix?: string;
  /**
   * Other objects the finding is about (e.g. the other pool of an overlapping pair): a
   * verify-ignore annotation on any of them suppresses it too.
   */
  readonly related?: readonly any[];
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
  /** The objects as given (duplicates included, in input order) and where each was read from. */
  readonly input: {
    readonly objects: readonly any[];
    readonly sources?: readonly string[];
    /** Files or documents that could not be read as YAML (from the loader). */
    readonly unreadable?: readonly { readonly source: string; readonly message: string; readonly fix?: string }[];
  };
  /** The schemas and CEL rules objects are checked against. */
  readonly validator: SchemaValidator;
  /** Simulated requests over every Gateway with a body-routing policy (computed on first use). */
  simulations(): readonly Simulation[];
  /** Ids of every registered rule (enabled or not). */
  readonly ruleIds: readonly string[];
  /** The stack profile and platform the objects are judged against, and the signs found. */
  readonly stack: StackChoice;
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
   * When the rule runs: `object` (each object on its own; its error findings mark the object
   * rejected for later rules), `graph` (default: links between objects), or `request`
   * (simulated requests; reported only when the earlier phases found no error, so one fault is
   * not also reported as a failed request).
   */
  readonly phase?: 'object' | 'graph' | 'request';
  /**
   * Drop this rule's findings on a field an earlier rule already reported as an error: for a
   * rule that restates, over the whole set, what a more specific rule says about one field.
   */
  readonly defersToEarlierErrors?: boolean;
  /** The check: every finding of this rule over the whole set. */
  check(ctx: RuleContext): Iterable<Finding>;
}

/** A finding on `object`. */
export function finding(object: any, field: string, message: string, fix?: string, severity?: Severity, related?: readonly any[]): Finding {
  return { object, field, message, ...(fix !== undefined ? { fix } : {}), ...(severity !== undefined ? { severity } : {}), ...(related ? { related } : {}) };
}
