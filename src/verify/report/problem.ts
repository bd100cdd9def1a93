/** One thing wrong with a set of manifests. */
export interface Problem {
  /** apiVersion of the object the problem is reported on, if known. */
  readonly apiVersion?: string;
  /** Kind of the object the problem is reported on; empty for a problem with a whole file. */
  readonly kind: string;
  /** Its namespace, if any. */
  readonly namespace?: string;
  /** Its name. */
  readonly name: string;
  /** Dotted path of the offending field; empty for the object as a whole. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix?: string;
  /** Id of the rule that found it (see `verify --list-rules`), e.g. `httproute-parent-exists`. */
  readonly rule?: string;
  /** `error` fails verification; `warning` is reported only. Absent means `error`. */
  readonly severity?: 'error' | 'warning';
  /** Where the object was read from: `file#document` (1-based), when read from files. */
  readonly source?: string;
}

/**
 * `source: Kind namespace/name: field: problem (fix)` (no `source: ` when the origin is unknown);
 * `source: problem (fix)` for a problem with a file as a whole (empty `kind`); warnings start
 * with `warning: `.
 */
export function formatProblem(p: Problem): string {
  const level = p.severity === 'warning' ? 'warning: ' : '';
  if (!p.kind) return `${level}${p.source ?? '<input>'}: ${p.message}${p.fix ? ` (${p.fix})` : ''}`;
  const where = `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
  return `${level}${p.source ? `${p.source}: ` : ''}${where}: ${p.field ? `${p.field}: ` : ''}${p.message}${p.fix ? ` (${p.fix})` : ''}`;
}

/** A problem on object `obj`. */
export function problemOn(obj: any, field: string, message: string, fix?: string, rule?: string): Problem {
  return {
    ...(typeof obj?.apiVersion === 'string' ? { apiVersion: obj.apiVersion } : {}),
    kind: obj?.kind ?? '<no kind>',
    namespace: obj?.metadata?.namespace,
    name: obj?.metadata?.name ?? '<no name>',
    field,
    message,
    ...(fix ? { fix } : {}),
    ...(rule ? { rule } : {}),
  };
}

/** `2 problems and 1 warning`: how many errors and warnings a list holds (empty for none). */
export function countProblems(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const warnings = problems.length - errors;
  return [errors ? `${errors} problem${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
}
