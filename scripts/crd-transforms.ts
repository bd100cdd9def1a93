/**
 * Pure transforms used by import-crds.ts, kept apart so tests can exercise them without the
 * upstream files.
 */
import { createHash } from 'node:crypto';

type Json = any;

/** `git hash-object` of a byte buffer. */
export function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

// ---- schema walking ---------------------------------------------------------------------

const SUBSCHEMA_KEYS = ['items', 'not', 'additionalItems'];
const SUBSCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAP_KEYS = ['properties', 'patternProperties', 'definitions'];

/** Visits every schema node (not property-name maps) depth-first, children before parents. */
export function walkSchema(node: Json, visit: (schema: Json) => void): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  for (const k of SUBSCHEMA_KEYS) walkSchema(node[k], visit);
  for (const k of SUBSCHEMA_LIST_KEYS) if (Array.isArray(node[k])) node[k].forEach((s: Json) => walkSchema(s, visit));
  for (const k of SUBSCHEMA_MAP_KEYS) {
    if (node[k] && typeof node[k] === 'object') for (const v of Object.values(node[k])) walkSchema(v, visit);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') walkSchema(node.additionalProperties, visit);
  visit(node);
}

export function stripDescriptions(schema: Json): Json {
  walkSchema(schema, (s) => {
    if (typeof s.description === 'string') delete s.description;
  });
  return schema;
}

/**
 * Removes properties whose schema puts an `enum` on an object. No value can satisfy such a
 * schema, so the API server rejects any object that sets it; json2jsii cannot type it either.
 * Returns the dotted paths removed.
 */
export function dropUnsatisfiableProperties(schema: Json, at: string): string[] {
  const removed: string[] = [];
  const visit = (node: Json, p: string) => {
    if (!node || typeof node !== 'object') return;
    const props = node.properties;
    if (props && typeof props === 'object') {
      for (const name of Object.keys(props)) {
        const child = props[name];
        if (child && child.type === 'object' && Array.isArray(child.enum)) {
          delete props[name];
          if (Array.isArray(node.required)) node.required = node.required.filter((r: string) => r !== name);
          removed.push(`${p}.${name}`);
        } else {
          visit(child, `${p}.${name}`);
        }
      }
    }
    if (node.items) visit(node.items, `${p}[]`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${p}{}`);
  };
  visit(schema, at);
  return removed;
}

