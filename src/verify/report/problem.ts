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
  /** Stable id of the check, e.g. `schema`, `cel`, `wiring/parent-ref`, `routing/unknown-model`. */
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

/**
 * The coarse rule id of a wiring problem, from the object and field it is reported on
 * (`wiring/parent-ref`, `wiring/backend-ref`, ...). A later rule registry will name each check.
 */
export function wiringRuleOf(p: Problem): string {
  const f = p.field;
  if (p.kind === 'HTTPRoute' && f.startsWith('spec.parentRefs')) return 'wiring/parent-ref';
  if (p.kind === 'HTTPRoute' && f.startsWith('spec.rules') && f.includes('.backendRefs')) return 'wiring/backend-ref';
  if (p.kind === 'HTTPRoute' && f.includes('.matches')) return 'wiring/header-match';
  if (p.kind === 'InferencePool' && f.startsWith('spec.selector')) return 'wiring/pool-selector';
  if (p.kind === 'InferencePool' && f.startsWith('spec.targetPorts')) return 'wiring/target-port';
  if (p.kind === 'InferencePool' && f.startsWith('spec.endpointPickerRef')) return 'wiring/endpoint-picker';
  if (p.kind === 'Service') return 'wiring/endpoint-picker';
  if (f.endsWith('.serviceAccountName')) return 'wiring/picker-rbac';
  if (f.includes('.args') || f.endsWith('spec.template.spec.containers')) return 'wiring/picker-args';
  if (p.kind === 'AgentgatewayPolicy') return 'wiring/routing-policy';
  if (p.kind === 'Route') return 'wiring/openshift-route';
  if (p.kind === 'Gateway') return 'wiring/unset-header';
  return 'wiring';
}
