import { createHash } from 'node:crypto';
import { withImageVolumeSource } from './core-additions';

/**
 * How a stored schema is prepared for ajv, in ONE place: the run-time path of `SchemaValidator`
 * (users' CRDs given with `addCrd` / `--schemas`) and the build-time generator of
 * `generated/validators/` (scripts/validators.ts, `npm run validators`) both prepare schemas
 * with {@link preparedCore} / {@link preparedCrdSchema}, and create and compile with
 * schema-ajv.ts; so a generated validator judges exactly like one compiled at run time. This
 * module does not load ajv: a validator served by generated code never does.
 */

/** The id under which the prepared Kubernetes core definitions are added to an ajv. */
export const CORE_ID = 'k8s';
/** The core definition every object's `metadata` is validated against. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The stored core definitions as validators see them: a copy with the image volume source
 * (core-additions.ts) and every definition prepared. Leaves `defs` untouched.
 */
export function preparedCore(defs: Record<string, any>): Record<string, any> {
  const copy = withImageVolumeSource(JSON.parse(JSON.stringify(defs)));
  for (const d of Object.values(copy)) prepare(d);
  return copy;
}

/**
 * A CRD version's openAPIV3Schema as validators see it: a prepared copy, with `apiVersion` and
 * `kind` (the API server declares them for every CRD; users' CRDs often omit them) and
 * `metadata` as the core ObjectMeta, all three required. Leaves `schema` untouched.
 */
export function preparedCrdSchema(schema: any): any {
  const out = shareRepeatedSubschemas(prepare(JSON.parse(JSON.stringify(schema ?? {}))));
  out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...out.properties, metadata: { $ref: `${CORE_ID}#/definitions/${OBJECT_META}` } };
  out.required = [...new Set([...(out.required ?? []), 'apiVersion', 'kind', 'metadata'])];
  return out;
}

/**
 * Subschemas at least this long (as JSON) that occur more than once are shared. Generated size
 * of every set: 16.8 MB sharing nothing, 12.1 MB from 3,000 characters, 11.2 MB from 1,000,
 * 9.7 MB from 300, 8.8 MB from 100 (more, smaller functions).
 */
const SHARE_MIN_CHARS = 300;

/**
 * Moves subschemas that occur more than once in a CRD schema (a pod template's containers,
 * a LeaderWorkerSet's leader and worker templates) into `definitions` and refers to them with
 * `$ref`, so ajv compiles each once instead of inlining every copy: the generated
 * LeaderWorkerSet validator shrinks from 2.9 MB to 0.6 MB, upstream AgentgatewayBackend
 * from 2.9 MB to 0.7 MB. A subschema with its own
 * `default` stays in place (ajv applies a property's default from where the property is
 * declared). Only properties, items and additionalProperties subschemas are shared; judgement
 * is unchanged (same instance paths, keywords and messages). Mutates and returns `root`.
 */
export function shareRepeatedSubschemas(root: any): any {
  const counts = new Map<string, number>();
  const texts = new Map<any, string>();
  const textOf = (node: any): string => {
    let t = texts.get(node);
    if (t === undefined) {
      t = JSON.stringify(node);
      texts.set(node, t);
    }
    return t;
  };
  const children = (node: any): [any, string | number][] => {
    const out: [any, string | number][] = [];
    if (!node || typeof node !== 'object' || Array.isArray(node)) return out;
    if (node.properties && typeof node.properties === 'object') for (const k of Object.keys(node.properties)) out.push([node.properties, k]);
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.push([node, 'items']);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') out.push([node, 'additionalProperties']);
    return out;
  };
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    for (const [parent, key] of children(node)) {
      const child = parent[key];
      const t = textOf(child);
      if (t.length >= SHARE_MIN_CHARS) counts.set(t, (counts.get(t) ?? 0) + 1);
      stack.push(child);
    }
  }
  const shared: Record<string, any> = {};
  const walk = [root];
  while (walk.length) {
    const node = walk.pop();
    for (const [parent, key] of children(node)) {
      const child = parent[key];
      const t = textOf(child);
      if ((counts.get(t) ?? 0) > 1 && child.default === undefined && !('$ref' in child)) {
        const name = `shared-${createHash('sha256').update(t).digest('hex').slice(0, 16)}`;
        if (!shared[name]) {
          shared[name] = child;
          walk.push(child);
        }
        parent[key] = { $ref: `#/definitions/${name}` };
      } else {
        walk.push(child);
      }
    }
  }
  if (Object.keys(shared).length) root.definitions = { ...root.definitions, ...Object.fromEntries(Object.keys(shared).sort().map((k) => [k, shared[k]])) };
  return root;
}

/**
 * Makes a Kubernetes structural schema mean the same to ajv as to the API server:
 * - keywords set to null mean "absent" (openshift/api writes `anyOf: null`);
 * - integers without a format are int64 (the API server keeps CRD integers as int64);
 * - `x-kubernetes-int-or-string` without a type accepts integers and strings;
 * - object schemas that list properties are closed unless they preserve unknown fields.
 * Mutates and returns `node`.
 */
export function prepare(node: any): any {
  if (Array.isArray(node)) {
    node.forEach(prepare);
    return node;
  }
  if (!node || typeof node !== 'object') return node;
  for (const [k, v] of Object.entries(node)) {
    if (v === null && k !== 'default' && k !== 'enum') delete node[k];
  }
  // The API server keeps CRD integers as int64: a larger number is not an integer to it.
  if (node.type === 'integer' && node.format === undefined) node.format = 'int64';
  if (node['x-kubernetes-int-or-string'] && !node.type && !node.anyOf) {
    node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const isObject = node.type === 'object';
  if (isObject && node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    node.additionalProperties = false;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' || k === 'definitions' || k === 'patternProperties') {
      for (const child of Object.values(v as object)) prepare(child);
    } else if (k !== 'enum' && k !== 'default' && k !== 'example' && typeof v === 'object') {
      prepare(v);
    }
  }
  return node;
}
