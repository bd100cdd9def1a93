import * as fs from 'node:fs';
import { packageFile } from '../../util/package-files';

/**
 * The parsed CEL rules of the stored schema sets, written at build time (`npm run cel-rules`,
 * also run by `npm run import`) to {@link PARSED_RULES_FILE}, so the rules of the stored CRDs are
 * never parsed at run time; a user's CRD rule (not in the file) is parsed when first met.
 *
 * Only parsing is done ahead: a plan (what `plan()` of @bufbuild/cel 0.6.1 returns) is a tree of
 * closures over the environment's functions and cannot be written to a file, so each rule is
 * still planned once per process, from the stored tree.
 *
 * The file holds, for every rule and messageExpression text, the `expr` tree that `parse()` gives
 * (a `cel.expr.Expr` message: plain objects with `$typeName`, bigint ids, `{case, value}` oneofs)
 * in a compact form, {@link encodeExpr}: every object becomes `[shape, ...values]`, where a shape
 * (its keys, with its `$typeName` and oneof `case`) is stored once. {@link decodeExpr} rebuilds an equal tree (same keys in the
 * same order, same values), so planning it is planning what `parse()` gave.
 */
export const PARSED_RULES_FILE = 'generated/cel/parsed-rules.json';

/** Format version: a file of another version is ignored (every rule is then parsed at run time). */
export const PARSED_RULES_FORMAT = 1;

/** What {@link PARSED_RULES_FILE} holds. */
export interface ParsedRulesFile {
  readonly format: number;
  /** Shapes of the encoded objects; an encoded object names its shape by index. */
  readonly shapes: Shape[];
  /** Rule text → encoded `expr`, sorted by text. A text that does not parse is left out (parsed, and refused, at run time). */
  readonly rules: Record<string, unknown>;
}

/** Keys whose value is part of an object's shape rather than stored with each object. */
const SHAPE_KEYS = new Set(['$typeName', 'case']);
/** Starts an encoded bigint, bytes, odd number or escaped string. */
const TAG = '~';
const BIGINT = 'n';
const BYTES = 'b';
const DOUBLE = 'd';
const STRING = 's';
/** Marks an encoded array (an encoded object starts with its shape index, 0 or more). */
const ARRAY = -1;

/**
 * One shape: the object's keys in order, each a key whose value follows in the encoded object,
 * or `[key, value]` for a `$typeName` or oneof `case` value fixed by the shape.
 */
export type Shape = ReadonlyArray<string | readonly [string, string | null]>;

/**
 * `value` (a parsed CEL tree) in the compact form: objects as `[shape, ...values]` (shapes added
 * to `shapes`, found through `shapeIds`), arrays as `[-1, ...items]`, `undefined` as null,
 * bigints, bytes and non-finite or negative-zero numbers as `~<tag><text>` (a string starting
 * with `~` gets the tag `s`). Throws for a value a parse tree never holds (null, a function, a
 * class instance) and past 2,000 levels.
 */
export function encodeExpr(value: unknown, shapes: Shape[], shapeIds: Map<string, number>, depth: number = 0): unknown {
  if (depth > 2000) throw new Error('the tree nests too deeply to store');
  switch (typeof value) {
    case 'undefined': return null;
    case 'boolean': return value;
    case 'bigint': return `${TAG}${BIGINT}${value}`;
    case 'number': return Number.isFinite(value) && !Object.is(value, -0) ? value : `${TAG}${DOUBLE}${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string': return value.startsWith(TAG) ? `${TAG}${STRING}${value}` : value;
    case 'object': {
      if (value === null) throw new Error('a parsed CEL tree holds no null');
      if (value instanceof Uint8Array) return `${TAG}${BYTES}${Buffer.from(value).toString('base64')}`;
      if (Array.isArray(value)) return [ARRAY, ...value.map((v) => encodeExpr(v, shapes, shapeIds, depth + 1))];
      if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error('a parsed CEL tree holds plain objects only');
      const o = value as Record<string, unknown>;
      const shape: Shape = Object.keys(o).map((k) => (SHAPE_KEYS.has(k) && (typeof o[k] === 'string' || o[k] === undefined) ? [k, (o[k] as string | undefined) ?? null] as const : k));
      const shapeKey = JSON.stringify(shape);
      let id = shapeIds.get(shapeKey);
      if (id === undefined) {
        id = shapes.length;
        shapes.push(shape);
        shapeIds.set(shapeKey, id);
      }
      const out: unknown[] = [id];
      for (const k of shape) if (typeof k === 'string') out.push(encodeExpr(o[k], shapes, shapeIds, depth + 1));
      return out;
    }
    default: throw new Error(`a parsed CEL tree holds no ${typeof value}`);
  }
}

/** The tree {@link encodeExpr} encoded, with `shapes` from the same file. Throws on a malformed entry. */
export function decodeExpr(encoded: unknown, shapes: readonly Shape[], depth: number = 0): unknown {
  if (depth > 2000) throw new Error('the stored tree nests too deeply');
  if (encoded === null) return undefined;
  if (typeof encoded === 'string') {
    if (!encoded.startsWith(TAG)) return encoded;
    const tag = encoded[1];
    const text = encoded.slice(2);
    if (tag === BIGINT) return BigInt(text);
    if (tag === DOUBLE) return text === '-0' ? -0 : Number(text);
    if (tag === STRING) return text;
    if (tag === BYTES) return new Uint8Array(Buffer.from(text, 'base64'));
    throw new Error(`unknown tag ${JSON.stringify(tag)} in a stored CEL tree`);
  }
  if (!Array.isArray(encoded)) return encoded;
  const head = encoded[0];
  if (head === ARRAY) {
    const out = new Array(encoded.length - 1);
    for (let i = 1; i < encoded.length; i++) out[i - 1] = decodeExpr(encoded[i], shapes, depth + 1);
    return out;
  }
  const shape = typeof head === 'number' ? shapes[head] : undefined;
  if (!shape) throw new Error('a stored CEL tree names an unknown shape');
  const out: Record<string, unknown> = {};
  let next = 1;
  for (const k of shape) {
    if (typeof k === 'string') out[k] = decodeExpr(encoded[next++], shapes, depth + 1);
    else out[k[0]] = k[1] ?? undefined;
  }
  if (next !== encoded.length) throw new Error('a stored CEL tree does not fit its shape');
  return out;
}

/** The parsed rules of one {@link ParsedRulesFile}; a rule's tree is decoded when asked for (an evaluator asks once per rule). */
export class ParsedRules {
  /** The parsed rules shipped in the package ({@link PARSED_RULES_FILE}), or an empty set when the file is absent or of another format. */
  public static shipped(): ParsedRules {
    if (shippedRules === undefined) {
      let file: ParsedRulesFile | undefined;
      try {
        file = JSON.parse(fs.readFileSync(packageFile(PARSED_RULES_FILE), 'utf8'));
      } catch {
        file = undefined;
      }
      shippedRules = new ParsedRules(file);
    }
    return shippedRules;
  }

  private readonly shapes: readonly Shape[];
  private readonly rules: Record<string, unknown>;

  constructor(file: ParsedRulesFile | undefined) {
    const usable = file && file.format === PARSED_RULES_FORMAT && Array.isArray(file.shapes) && file.rules && typeof file.rules === 'object';
    this.shapes = usable ? file.shapes : [];
    this.rules = usable ? file.rules : {};
  }

  /** How many rules the file holds. */
  public get size(): number {
    return Object.keys(this.rules).length;
  }

  /**
   * A fresh copy of the stored `expr` tree of `text` (the caller may change it, as
   * `instrument()` does), or undefined when it was not stored (a user's CRD rule) or its entry
   * is damaged: the caller then parses the text, as for any rule not stored.
   */
  public expr(text: string): any {
    if (!Object.prototype.hasOwnProperty.call(this.rules, text)) return undefined;
    try {
      return decodeExpr(this.rules[text], this.shapes);
    } catch {
      return undefined;
    }
  }
}

let shippedRules: ParsedRules | undefined;

/**
 * The file's content for `texts` (each rule or messageExpression text once), each parsed with
 * `parse`: sorted by text, so the same texts give the same bytes. A text that does not parse, or
 * whose tree cannot be stored, is left out: it is parsed (and refused) at run time as before.
 */
export function parsedRulesFile(texts: Iterable<string>, parse: (text: string) => { expr?: unknown }): ParsedRulesFile {
  const shapes: Shape[] = [];
  const shapeIds = new Map<string, number>();
  const rules: Record<string, unknown> = {};
  for (const text of [...new Set(texts)].sort()) {
    let entry: unknown;
    try {
      const { expr } = parse(text);
      if (!expr) continue;
      // Shapes are added only for a tree that encodes completely.
      const trial = [...shapes];
      const trialIds = new Map(shapeIds);
      entry = encodeExpr(expr, trial, trialIds);
      shapes.splice(0, shapes.length, ...trial);
      for (const [k, v] of trialIds) shapeIds.set(k, v);
    } catch {
      continue;
    }
    rules[text] = entry;
  }
  return { format: PARSED_RULES_FORMAT, shapes, rules };
}

/** `file` as text: one line per shape and per rule, so a regeneration's diff shows which rules changed. */
export function parsedRulesText(file: ParsedRulesFile): string {
  const lines = [`{"format":${file.format},"shapes":[`];
  file.shapes.forEach((s, i) => lines.push(`${JSON.stringify(s)}${i < file.shapes.length - 1 ? ',' : ''}`));
  lines.push('],"rules":{');
  const entries = Object.entries(file.rules);
  entries.forEach(([text, e], i) => lines.push(`${JSON.stringify(text)}:${JSON.stringify(e)}${i < entries.length - 1 ? ',' : ''}`));
  lines.push('}}');
  return `${lines.join('\n')}\n`;
}
