/** One thing wrong with a set of manifests. */
export interface Problem {
  /** Kind of the object the problem is reported on. */
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
}

/** `Kind namespace/name: field: problem (fix)`. */
export function formatProblem(p: Problem): string {
  const where = `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}${p.fix ? ` (${p.fix})` : ''}`;
}

/** A problem on object `obj`. */
export function problemOn(obj: any, field: string, message: string, fix?: string): Problem {
  return { kind: obj?.kind ?? '<no kind>', namespace: obj?.metadata?.namespace, name: obj?.metadata?.name ?? '<no name>', field, message, ...(fix ? { fix } : {}) };
}
