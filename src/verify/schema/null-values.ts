/** A `null` where the schema expects a value. */
export interface NullValue {
  /** Dotted path of the field, e.g. `spec.template.spec.containers[0].resources.requests.memory`. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * True for a null item in a built-in container's `args` or `command`: the API server's JSON
   * decoding keeps it as an empty string, so the object is accepted (rule `container-args-null`
   * says so, as a warning); schema checks must not reject it.
   */
  readonly acceptedAsEmptyString?: boolean;
}

/** Core definitions whose `args` and `command` are string lists the API server decodes null items of as ''. */
const CONTAINER_DEFINITIONS = ['io.k8s.api.core.v1.Container', 'io.k8s.api.core.v1.EphemeralContainer'];
const ARGV_FIELDS = new Set(['args', 'command']);

/** Looks up a `$ref` such as `#/definitions/io.k8s.api.core.v1.Container`. */
export type RefResolver = (ref: string) => any;

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

/** Stop after this many findings: one broken object must not flood the report. */
export const MAX_NULL_VALUES = 20;

/**
 * The `null` values of `value` that the API server would not keep as written: a null where
 * the schema expects a scalar (a string, a number, a quantity, a boolean), and a null item in
 * a list. The API server prunes such a field (CRDs) or reads the zero value (built-in kinds),
 * so the value the author meant (say a `JsonPatch` that became `memory: null`) is silently
 * lost. Nulls the schema marks `nullable: true`, nulls for a whole object or list (Helm
 * renders an empty `env:` that way: the API server reads it as unset) and nulls in schemaless
 * (`x-kubernetes-preserve-unknown-fields`) data are legal. A null item in a built-in container's
 * `args` or `command` is returned marked `acceptedAsEmptyString`: the API server decodes it as
 * an empty string and accepts the object.
 */
export function nullValues(value: unknown, schema: any, resolve: RefResolver, cache: NullCheckCache = nullCheckCache()): NullValue[] {
  const out: NullValue[] = [];
  cache.containers ??= new Set(CONTAINER_DEFINITIONS.map((d) => resolve(`#/definitions/${d}`)).filter((d) => d && typeof d === 'object'));
  const branchesOf: Branches = (s) => {
    if (!s || typeof s !== 'object') return [];
    let b = cache.branches.get(s);
    if (!b) cache.branches.set(s, b = branches(s, resolve));
    return b;
  };
  walk(value, branchesOf(schema), '', false, branchesOf, out, cache.containers);
  return out;
}

/**
 * What {@link nullValues} works out once per schema node rather than once per value: the
 * node's branches and the container definitions. Valid for one `resolve` (one validator's
 * schemas); a validator keeps one for all the objects it checks.
 */
export interface NullCheckCache {
  readonly branches: WeakMap<object, any[]>;
  containers?: Set<any>;
}

/** An empty {@link NullCheckCache}. */
export function nullCheckCache(): NullCheckCache {
  return { branches: new WeakMap() };
}

type Branches = (schema: any) => any[];

function walk(value: unknown, schemas: any[], field: string, isItem: boolean, resolve: Branches, out: NullValue[], containers: Set<any>, argv: boolean = false): void {
  if (out.length >= MAX_NULL_VALUES || schemas.length === 0) return;
  if (value === null) {
    if (schemas.some((s) => s.nullable === true)) return;
    if (argv && isItem) {
      out.push({ field, message: 'is null: the API server accepts it as an empty string, so the program gets an empty argument', acceptedAsEmptyString: true });
      return;
    }
    const expected = scalarType(schemas);
    if (expected || isItem) {
      out.push({
        field,
        message: `is null where ${expected ?? 'a list item'} is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the ${isItem ? 'item' : 'key'})`,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    const items = schemas.flatMap((s) => (s.items && typeof s.items === 'object' ? resolve(s.items) : []));
    value.forEach((v, i) => walk(v, items, `${field}[${i}]`, true, resolve, out, containers, argv));
    return;
  }
  if (typeof value === 'object' && value !== undefined) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const child = schemas.flatMap((s) => {
        const p = s.properties?.[key] ?? (s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        return p ? resolve(p) : [];
      });
      const isArgv = ARGV_FIELDS.has(key) && schemas.some((s) => containers.has(s));
      walk(v, child, field ? `${field}.${key}` : key, false, resolve, out, containers, isArgv);
    }
  }
}

/** The schema and its anyOf / oneOf / allOf alternatives, `$ref`s resolved (null keywords are absent). */
function branches(schema: any, resolve: RefResolver, depth: number = 0): any[] {
  if (!schema || typeof schema !== 'object' || depth > 8) return [];
  const s = typeof schema.$ref === 'string' ? resolve(schema.$ref) : schema;
  if (!s || typeof s !== 'object') return [];
  const alternatives = ['anyOf', 'oneOf', 'allOf'].flatMap((k) => (Array.isArray(s[k]) ? s[k] : []));
  return [s, ...alternatives.flatMap((a: any) => branches(a, resolve, depth + 1))];
}

/** `a string`, `a quantity or number`...: what a scalar field expects; undefined for objects and lists. */
function scalarType(schemas: any[]): string | undefined {
  const types = new Set<string>();
  for (const s of schemas) {
    if (s['x-kubernetes-int-or-string']) {
      types.add('integer');
      types.add('string');
    }
    if (typeof s.type === 'string') types.add(s.type);
  }
  if (types.has('object') || types.has('array') || types.size === 0) return undefined;
  const scalars = [...types].filter((t) => SCALAR_TYPES.has(t));
  return scalars.length ? `a${/^[aeiou]/.test(scalars[0]) ? 'n' : ''} ${scalars.join(' or ')}` : undefined;
}
