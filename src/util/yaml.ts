import { loadAll, State } from 'js-yaml';
import { KUBERNETES_SCHEMA } from './yaml-schema';

export { KUBERNETES_SCHEMA, kubernetesFloat, kubernetesInt } from './yaml-schema';

/** Explicit bounds on what one YAML text may cost to read. */
export interface YamlLimits {
  /**
   * Most alias expansions per document: each alias of a list or mapping (`*name`, also as a
   * `<<` merge key's value) counts once, and again for every copy of it another alias makes,
   * so nested aliases weigh more. Aliases of plain values cost nothing and are not counted.
   */
  readonly maxAliases: number;
  /** Deepest nesting of mappings and lists in a document, aliases expanded. */
  readonly maxNesting: number;
}

/** Limits for Kubernetes manifests: CRD schemas nest about 40 levels deep, anchors are rare. */
export const MANIFEST_YAML_LIMITS: YamlLimits = { maxAliases: 100, maxNesting: 128 };

/** Why a YAML document cannot be read: its syntax, alias expansion, nesting, or an alias inside its own anchor. */
export type YamlProblem = 'syntax' | 'aliases' | 'nesting' | 'alias-cycle';

/** One document of a YAML stream, or why it cannot be read. */
export type YamlDocument = { readonly value: unknown; readonly error?: undefined; readonly fix?: undefined; readonly problem?: undefined }
  | { readonly value?: undefined; readonly error: string; readonly fix: string; readonly problem: YamlProblem };

const SYNTAX_FIX = 'fix the YAML syntax';

/** Thrown from the parse listener to stop reading at once. */
class TooDeep {}

/**
 * Every document of `text` read the way `kubectl` reads it ({@link KUBERNETES_SCHEMA}: YAML 1.1
 * booleans and integers, dates and `22:30` kept as strings, duplicate keys an error), each
 * within `limits`, or a sentence saying why it cannot be: a syntax error with its line and
 * column, nesting past `maxNesting` (stopped while reading, before the stack runs out), alias
 * expansion past `maxAliases` (aliases are never expanded: a "billion laughs" costs its own
 * size). Documents after the first unreadable one are not returned. Never throws.
 */
export function parseYamlDocuments(text: string, limits: YamlLimits): YamlDocument[] {
  let depth = 0;
  let state: (State & { documents: unknown[] }) | undefined;
  // Documents in which an alias names a list or mapping: only these need the walk below.
  const aliased = new Set<number>();
  const listener = (event: 'open' | 'close', s: State): void => {
    state = s as State & { documents: unknown[] };
    if (event === 'open') {
      // A node this deep sits in a collection deeper than the limit.
      if (++depth > limits.maxNesting + 1) throw new TooDeep();
      return;
    }
    if (s.kind === 'mapping' || s.kind === 'sequence') {
      if (depth > limits.maxNesting) throw new TooDeep();
    } else if (s.kind === null && s.result !== null && typeof s.result === 'object') {
      // An alias has no kind of its own; its value is the anchored collection itself.
      aliased.add(state.documents.length);
    }
    depth--;
  };
  let docs: unknown[];
  let failure: YamlDocument | undefined;
  try {
    docs = loadAll(text, null, { schema: KUBERNETES_SCHEMA, listener });
  } catch (err) {
    docs = state?.documents ?? [];
    failure = readFailure(err, limits);
  }
  const out = docs.map((value, i): YamlDocument => (aliased.has(i) && expansionProblem(value, limits)) || { value });
  if (failure) out.push(failure);
  return out;
}

function readFailure(err: unknown, limits: YamlLimits): YamlDocument {
  if (err instanceof TooDeep || (err instanceof RangeError && /call stack/i.test(err.message))) return nestingError(limits);
  return { error: `not valid YAML: ${located(err)}`, fix: SYNTAX_FIX, problem: 'syntax' };
}

/** A js-yaml error as one line with its 1-based line and column: `duplicated mapping key at line 7, column 3`. */
function located(err: unknown): string {
  const e = err as { reason?: string; mark?: { line: number; column: number } };
  if (typeof e?.reason === 'string' && e.mark) return `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
  return firstLine(err);
}

/**
 * Why the aliases in `root` cannot be allowed (too many copies, too deep once expanded, or an
 * alias inside its own anchor), or undefined. js-yaml returns an alias as the anchored object
 * itself, so `root` is a graph; this walks each object once and never expands anything.
 */
function expansionProblem(root: unknown, limits: YamlLimits): YamlDocument | undefined {
  const walk = new AliasWalk(limits);
  try {
    if (root !== null && typeof root === 'object') walk.visit(root, 1);
    return undefined;
  } catch (err) {
    if (err === AliasWalk.TOO_MANY) return aliasError(limits);
    if (err === AliasWalk.TOO_DEEP) return nestingError(limits);
    if (err === AliasWalk.CYCLE) {
      return { error: 'uses an alias inside its own anchor (&name ... *name), which never ends once expanded', fix: 'move the alias out of the anchored value', problem: 'alias-cycle' };
    }
    throw err;
  }
}

/** Size of an object's subtree once expanded: copies made by aliases in it, and its nesting. */
interface Expansion {
  readonly copies: number;
  readonly height: number;
}

class AliasWalk {
  static readonly TOO_MANY = Symbol('aliases');
  static readonly TOO_DEEP = Symbol('nesting');
  static readonly CYCLE = Symbol('cycle');

  private readonly done = new Map<object, Expansion>();
  private readonly open = new Set<object>();
  private copies = 0;

  constructor(private readonly limits: YamlLimits) {}

  /** Walks `node` (at nesting `depth`); the first time an object is met is its anchor, each later time an alias. */
  visit(node: object, depth: number): Expansion {
    if (depth > this.limits.maxNesting) throw AliasWalk.TOO_DEEP;
    this.open.add(node);
    let copies = 0;
    let height = 0;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child === null || typeof child !== 'object') continue;
      let sub = this.done.get(child);
      if (sub) {
        // An alias: one copy of the anchored value, with every copy its own aliases make.
        copies += 1 + sub.copies;
        this.copies += 1 + sub.copies;
        if (this.copies > this.limits.maxAliases) throw AliasWalk.TOO_MANY;
        if (depth + sub.height > this.limits.maxNesting) throw AliasWalk.TOO_DEEP;
      } else if (this.open.has(child)) {
        throw AliasWalk.CYCLE;
      } else {
        sub = this.visit(child, depth + 1);
        copies += sub.copies;
      }
      if (sub.height > height) height = sub.height;
    }
    this.open.delete(node);
    const result = { copies, height: height + 1 };
    this.done.set(node, result);
    return result;
  }
}

/** How deep mappings and lists nest in `value` (aliases expanded), counting no further than `max + 1`. */
export function nesting(value: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d]);
  }
  return deepest;
}

/**
 * The dotted path of the first number in `value` that JSON cannot hold (`.inf`, `.nan`), or
 * undefined. `kubectl` converts YAML to JSON before sending it, and fails on such a number.
 */
export function nonFiniteNumber(value: unknown, path: string = ''): string | undefined {
  // Nearly every document has none: look without building paths first.
  if (!hasNonFinite(value)) return undefined;
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return at || '(the document)';
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`]);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v).reverse()) stack.push([child, at ? `${at}.${k}` : k]);
    }
  }
  return undefined;
}

/** Whether `value` holds a number JSON cannot hold: the values {@link nonFiniteNumber} visits, without recursion or paths. */
function hasNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return true;
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push(v[i]);
      } else {
        for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

function aliasError(limits: YamlLimits): YamlDocument {
  return { error: `expands YAML aliases (*name) more than the limit of ${limits.maxAliases} (an alias bomb?)`, fix: 'write the values out instead of anchors and aliases', problem: 'aliases' };
}

function nestingError(limits: YamlLimits): YamlDocument {
  return { error: `nests mappings or lists more than ${limits.maxNesting} levels deep`, fix: 'flatten it: no Kubernetes object nests that deep', problem: 'nesting' };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
