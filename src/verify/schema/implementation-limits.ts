/** Largest int32 (Go `int32`, Kubernetes `format: int32`). */
export const INT32_MAX = 2 ** 31 - 1;
/** Smallest int32. */
export const INT32_MIN = -(2 ** 31);
/**
 * Bound of int64 as a JavaScript number. Past 2^53 numbers are rounded, and 2^63 - 1 rounds to
 * 2^63, so only values above 2^63 are certainly out of range.
 */
export const INT64_BOUND = 2 ** 63;

/** Whether `n` is an integer in int32 range. */
export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

/** Whether `n` is an integer not certainly outside int64 range (see {@link INT64_BOUND}). */
export function isInt64(n: number): boolean {
  return Number.isInteger(n) && n >= -INT64_BOUND && n <= INT64_BOUND;
}

/** A range a controller enforces on a field that its pinned CRD leaves open. */
export interface FieldLimit {
  /** Path of the field from the object root. */
  readonly path: readonly string[];
  readonly minimum: number;
  readonly maximum: number;
  /** What the controller does with a value out of range. */
  readonly consequence: string;
}

/**
 * Ranges controllers enforce on fields whose pinned CRD schema does not state them, by
 * `group/Kind` (any version). Each entry is an upstream fact, with its consequence.
 */
export const IMPLEMENTATION_LIMITS: Readonly<Record<string, readonly FieldLimit[]>> = {
  // agentgateway reads retry attempts as a positive int32 (its own tests: -4 and 2147483648 are
  // refused); newer CRDs state `minimum: 1`, the pinned one states nothing.
  'agentgateway.dev/AgentgatewayPolicy': [
    { path: ['spec', 'traffic', 'retry', 'attempts'], minimum: 1, maximum: INT32_MAX, consequence: 'agentgateway marks the policy Invalid and does not attach it' },
  ],
};

/** A value out of a controller's range: the dotted field and the sentence. */
export interface LimitProblem {
  readonly field: string;
  readonly message: string;
}

/** The values of `obj` outside the {@link IMPLEMENTATION_LIMITS} of its kind. */
export function implementationLimitProblems(obj: any): LimitProblem[] {
  const apiVersion = typeof obj?.apiVersion === 'string' ? obj.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const limits = IMPLEMENTATION_LIMITS[`${group}/${obj?.kind}`] ?? [];
  const out: LimitProblem[] = [];
  for (const limit of limits) {
    let v: any = obj;
    for (const key of limit.path) v = v && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) continue; // absent, or a type error the schema reports
    if (v < limit.minimum || v > limit.maximum) {
      out.push({ field: limit.path.join('.'), message: `${v} is outside ${limit.minimum}..${limit.maximum}: ${limit.consequence}` });
    }
  }
  return out;
}
