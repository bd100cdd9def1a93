/**
 * A deep copy of a JSON-like value as the API server sees it before validation: what
 * `JSON.parse(JSON.stringify(value))` gives (undefined, functions and symbols dropped from
 * objects and null in arrays, non-finite numbers null), with every null member of an object
 * removed (a field set to null is unset). One pass and no intermediate string, iterative so depth
 * never costs stack: the JSON round trip it replaces was, at 10,000 models, a full
 * serialization of every object on the validation path.
 *
 * Values JSON would transform in its own way (`toJSON`, boxed primitives, bigint) are copied by
 * that round trip, so the result is the same for them too; a cycle throws as JSON.stringify does.
 */
export function nullFreeCopy(value: unknown): unknown {
  const top = leaf(value);
  // JSON.stringify gives no text for these, which JSON.parse then refuses.
  if (top === OMIT) throw new SyntaxError('no JSON value to copy');
  if (top !== CONTAINER) return top;
  // Objects nest a few levels: copy them recursively (no frames, no key strings for array
  // indexes); past FAST_DEPTH (deep data, or a cycle) start over with the iterative copy.
  try {
    return fastCopy(value as object, 0);
  } catch (err) {
    if (err !== TOO_DEEP) throw err;
  }
  return iterativeCopy(value as object);
}

/** Deepest level {@link fastCopy} recurses to. */
const FAST_DEPTH = 200;
const TOO_DEEP = Symbol('too deep');

/** What {@link iterativeCopy} gives, by recursion: visits values in the same order, so the same value throws first. */
function fastCopy(src: object, depth: number): object {
  if (depth > FAST_DEPTH) throw TOO_DEEP;
  if (Array.isArray(src)) {
    const dst: unknown[] = [];
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      const c = leaf(v);
      dst.push(c === CONTAINER ? fastCopy(v, depth + 1) : c === OMIT ? null : c);
    }
    return dst;
  }
  const dst: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const v = (src as Record<string, unknown>)[k];
    const c = leaf(v);
    if (c === OMIT || c === null) continue;
    const copy = c === CONTAINER ? fastCopy(v as object, depth + 1) : c;
    if (k === '__proto__') Object.defineProperty(dst, k, { value: copy, enumerable: true, writable: true, configurable: true });
    else dst[k] = copy;
  }
  return dst;
}

/** The copy without recursion: depth costs no stack, and a cycle throws as JSON.stringify does. */
function iterativeCopy(value: object): unknown {
  const root = empty(value as object);
  const stack: Frame[] = [frame(value as object, root)];
  const onPath = new Set<object>([value as object]);
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i >= f.keys.length) {
      stack.pop();
      onPath.delete(f.src);
      continue;
    }
    const k = f.keys[f.i++];
    const v = (f.src as any)[k];
    const c = leaf(v);
    if (c === CONTAINER) {
      if (onPath.has(v)) throw new TypeError('Converting circular structure to JSON');
      const dst = empty(v);
      put(f, k, dst);
      onPath.add(v);
      stack.push(frame(v, dst));
    } else if (f.array) {
      (f.dst as unknown[]).push(c === OMIT ? null : c);
    } else if (c !== OMIT && c !== null) {
      put(f, k, c);
    }
  }
  return root;
}

interface Frame {
  readonly src: object;
  readonly dst: object;
  readonly array: boolean;
  readonly keys: string[];
  i: number;
}

const OMIT = Symbol('omit');
const CONTAINER = Symbol('container');

function frame(src: object, dst: object): Frame {
  const array = Array.isArray(src);
  return { src, dst, array, keys: array ? Array.from({ length: (src as unknown[]).length }, (_, i) => String(i)) : Object.keys(src), i: 0 };
}

function empty(v: object): object {
  return Array.isArray(v) ? [] : {};
}

function put(f: Frame, k: string, v: unknown): void {
  if (f.array) (f.dst as unknown[]).push(v);
  else if (k === '__proto__') Object.defineProperty(f.dst, k, { value: v, enumerable: true, writable: true, configurable: true });
  else (f.dst as Record<string, unknown>)[k] = v;
}

/** A value copied as is, OMIT (JSON drops it), or CONTAINER (an array or plain object to walk). */
function leaf(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return OMIT;
    case 'bigint':
      return JSON.stringify(v); // throws, as the round trip did
    default:
      if (v === null) return null;
      if (typeof (v as any).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) {
        const text = JSON.stringify(v);
        if (text === undefined) return OMIT;
        return JSON.parse(text, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x).filter(([, y]) => y !== null)) : x));
      }
      return CONTAINER;
  }
}
