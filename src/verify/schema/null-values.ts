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
  let root = schema && typeof schema === 'object' ? cache.nodes.get(schema) : undefined;
  if (!root) {
    root = new SchemaNode(branchesOf(schema), branchesOf, cache.containers);
    if (schema && typeof schema === 'object') cache.nodes.set(schema, root);
  }
  walk(value, root, [], false, out, false);
  return out;
}

/**
 * What {@link nullValues} works out once per schema node rather than once per value: the
 * node's branches, the container definitions, and per schema the tree of
 * {@link SchemaNode}s the values met so far went through. Valid for one `resolve` (one
 * validator's schemas); a validator keeps one for all the objects it checks.
 */
export interface NullCheckCache {
  readonly branches: WeakMap<object, any[]>;
  containers?: Set<any>;
  /** The node of each schema passed to {@link nullValues}. */
  readonly nodes: WeakMap<object, SchemaNode>;
  /** A kind's schema for the check, built once per kind (see {@link nullCheckSchemaOf}). */
  readonly schemas: Map<string, any>;
}

/** An empty {@link NullCheckCache}. */
export function nullCheckCache(): NullCheckCache {
  return { branches: new WeakMap(), nodes: new WeakMap(), schemas: new Map() };
}

/** The schema `build` gives for `key` (a kind), built once per cache. */
export function nullCheckSchemaOf(cache: NullCheckCache, key: string, build: () => any): any {
  let s = cache.schemas.get(key);
  if (s === undefined) cache.schemas.set(key, s = build());
  return s;
}

type Branches = (schema: any) => any[];

/**
 * The schemas a value at one place may follow (a schema with its alternatives, or the
 * alternatives' children), with what the walk asks of them worked out once: whether null is
 * allowed, which scalar is expected, whether they are a built-in container, and the node of
 * each declared property, of undeclared properties and of list items. Nodes are made as values
 * reach them, so their number is bounded by the schema's declared properties times the depth
 * of the values, never by how many values or distinct keys there are.
 */
export class SchemaNode {
  public readonly empty: boolean;
  public readonly nullable: boolean;
  /** Whether a child named `args` or `command` is a container's argv. */
  public readonly container: boolean;
  private scalar?: { readonly type: string | undefined };
  private items?: SchemaNode;
  private additional?: SchemaNode;
  private readonly declared = new Map<string, SchemaNode>();

  constructor(public readonly schemas: readonly any[], private readonly resolve: Branches, private readonly containers: Set<any>) {
    this.empty = schemas.length === 0;
    this.nullable = schemas.some((s) => s.nullable === true);
    this.container = schemas.some((s) => containers.has(s));
  }

  /** `a string`, `a quantity or number`...; undefined for objects and lists. */
  public scalarType(): string | undefined {
    return (this.scalar ??= { type: scalarType(this.schemas as any[]) }).type;
  }

  /** The node of list items. */
  public itemNode(): SchemaNode {
    return (this.items ??= this.node(this.schemas.flatMap((s) => (s.items && typeof s.items === 'object' ? this.resolve(s.items) : []))));
  }

  /** The node of property `key`: each schema's declared property, else its additionalProperties schema. */
  public child(key: string): SchemaNode {
    const known = this.declared.get(key);
    if (known) return known;
    const declares = this.schemas.some((s) => s.properties?.[key]);
    if (!declares) {
      // Every schema gives its additionalProperties schema: the same node for every such key.
      return (this.additional ??= this.node(this.schemas.flatMap((s) => (s.additionalProperties && typeof s.additionalProperties === 'object' ? this.resolve(s.additionalProperties) : []))));
    }
    const node = this.node(this.schemas.flatMap((s) => {
      const p = s.properties?.[key] ?? (s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      return p ? this.resolve(p) : [];
    }));
    this.declared.set(key, node);
    return node;
  }

  private node(schemas: any[]): SchemaNode {
    return new SchemaNode(schemas, this.resolve, this.containers);
  }
}

/** The dotted field of `path` (keys and list indexes from the object root). */
function fieldOf(path: readonly (string | number)[]): string {
  let field = '';
  for (const p of path) field = typeof p === 'number' ? `${field}[${p}]` : field ? `${field}.${p}` : p;
  return field;
}

function walk(value: unknown, node: SchemaNode, path: (string | number)[], isItem: boolean, out: NullValue[], argv: boolean): void {
  if (out.length >= MAX_NULL_VALUES || node.empty) return;
  if (value === null) {
    if (node.nullable) return;
    if (argv && isItem) {
      out.push({ field: fieldOf(path), message: 'is null: the API server accepts it as an empty string, so the program gets an empty argument', acceptedAsEmptyString: true });
      return;
    }
    const expected = node.scalarType();
    if (expected || isItem) {
      out.push({
        field: fieldOf(path),
        message: `is null where ${expected ?? 'a list item'} is expected: the API server drops or zeroes it, so the value meant here is lost (set a value, or remove the ${isItem ? 'item' : 'key'})`,
      });
    }
    return;
  }
  if (typeof value !== 'object' || value === undefined) return;
  if (Array.isArray(value)) {
    const items = node.itemNode();
    if (items.empty) return;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      // Only nulls are reported: a scalar item needs no visit.
      if (v !== null && typeof v !== 'object') continue;
      path.push(i);
      walk(v, items, path, true, out, argv);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v !== 'object') continue;
    path.push(key);
    walk(v, node.child(key), path, false, out, ARGV_FIELDS.has(key) && node.container);
    path.pop();
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
