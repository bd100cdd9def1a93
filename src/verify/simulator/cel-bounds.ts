import { parse } from '@bufbuild/cel';

/**
 * Explicit limits on the CEL expressions of AgentgatewayPolicies, checked before an expression
 * is planned or evaluated, so a hostile expression (deep nesting, nested `map` calls over large
 * lists) is reported instead of hanging or exhausting memory.
 */
export const CEL_LIMITS = {
  /** Longest expression read (the CRD allows 16384 characters; larger ones are refused by the schema check too). */
  maxLength: 256 * 1024,
  /** Deepest bracket nesting in the text, checked before parsing. */
  maxNesting: 64,
  /** Deepest syntax tree (operators chained without brackets count too). */
  maxDepth: 128,
  /** Most syntax-tree nodes. */
  maxNodes: 100_000,
  /** Largest estimated evaluation cost, in steps (the API server's per-call limit for CRD rules is 1,000,000). */
  maxCost: 1_000_000,
  /** Largest request body the simulator evaluates an expression on, in bytes. */
  maxBody: 64 * 1024,
} as const;

/**
 * Elements a list or map computed from request data may hold, for the cost estimate: a JSON list
 * needs at least two bytes per element, so a body of `maxBody` bytes holds at most this many.
 */
export const DYNAMIC_SIZE = CEL_LIMITS.maxBody / 2;

/** An expression within the limits, with its syntax tree. */
export interface BoundedExpression {
  readonly ok: true;
  readonly expr: any;
  /** Estimated worst-case evaluation cost, in steps. */
  readonly cost: number;
}

/** An expression refused: why, as a clause (`is 300000 characters long, over 262144`), and whether it is a limit or a syntax error. */
export interface RefusedExpression {
  readonly ok: false;
  readonly reason: string;
  readonly kind: 'limit' | 'syntax';
}

/** Deepest nesting of `(`, `[` and `{` outside string literals (a linear scan, no parser). */
export function bracketNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === '\'') quote = c;
    else if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** Children of a syntax-tree node. */
export function children(e: any): any[] {
  const v = e?.exprKind?.value;
  switch (e?.exprKind?.case) {
    case 'selectExpr': return [v.operand];
    case 'callExpr': return [v.target, ...v.args].filter((x) => x !== undefined);
    case 'listExpr': return [...v.elements];
    case 'structExpr': return v.entries.flatMap((en: any) => [en.keyKind?.case === 'mapKey' ? en.keyKind.value : undefined, en.value]).filter((x: any) => x !== undefined);
    case 'comprehensionExpr': return [v.iterRange, v.accuInit, v.loopCondition, v.loopStep, v.result].filter((x) => x !== undefined);
    default: return [];
  }
}

/** Node count and depth of a tree, stopping as soon as either limit is passed. */
function measure(root: any): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [any, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, d);
    if (nodes > CEL_LIMITS.maxNodes || depth > CEL_LIMITS.maxDepth) break;
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return { nodes, depth };
}

/**
 * Worst-case size of the list or map `e` evaluates to: a literal's element count, a `map` or
 * `filter` the size of its range, a concatenation the sum, anything read from the request
 * `dynamic`.
 */
function sizeOf(e: any, dynamic: number): number {
  const v = e?.exprKind?.value;
  switch (e?.exprKind?.case) {
    case 'listExpr': return v.elements.length;
    case 'structExpr': return v.entries.length;
    case 'comprehensionExpr': return sizeOf(v.iterRange, dynamic);
    case 'callExpr': return v.function === '_+_' && v.args.length === 2 ? sizeOf(v.args[0], dynamic) + sizeOf(v.args[1], dynamic) : dynamic;
    default: return dynamic;
  }
}

/**
 * Estimated worst-case cost of evaluating `e`, in steps: one per node, a comprehension (`map`,
 * `filter`, `all`, `exists`, ...) its loop body once per element of its range, a concatenation
 * of list literals or comprehension results one per element copied (a loop appending to its
 * accumulator, a variable, is linear in practice and not counted again). Capped at ten times
 * `CEL_LIMITS.maxCost`.
 */
export function estimateCost(e: any, dynamic: number = DYNAMIC_SIZE): number {
  const cap = (n: number) => Math.min(n, CEL_LIMITS.maxCost * 10);
  const v = e?.exprKind?.value;
  const sum = (items: any[]) => items.reduce((s, c) => s + estimateCost(c, dynamic), 0);
  switch (e?.exprKind?.case) {
    case 'comprehensionExpr': {
      const n = sizeOf(v.iterRange, dynamic);
      const loop = estimateCost(v.loopCondition, dynamic) + estimateCost(v.loopStep, dynamic);
      return cap(1 + sum([v.iterRange, v.accuInit, v.result]) + n * loop);
    }
    case 'callExpr': {
      const copied = v.function === '_+_' && v.args.length === 2
        ? v.args.filter((a: any) => ['listExpr', 'comprehensionExpr'].includes(a?.exprKind?.case)).reduce((s: number, a: any) => s + sizeOf(a, dynamic), 0)
        : 0;
      return cap(1 + copied + sum(children(e)));
    }
    default:
      return cap(1 + sum(children(e)));
  }
}

/**
 * Parses `expression` under {@link CEL_LIMITS}: length and bracket nesting are checked on the
 * text, node count and depth on the tree, then the estimated cost. Never throws.
 */
export function boundedParse(expression: string): BoundedExpression | RefusedExpression {
  let result = parsed.get(expression);
  if (!result) {
    if (parsed.size >= MEMO_SIZE || memoChars + expression.length > MEMO_CHARS) {
      parsed.clear();
      memoChars = 0;
    }
    result = parseUnderLimits(expression);
    parsed.set(expression, result);
    memoChars += expression.length;
  }
  return result;
}

/** Expressions parsed so far (the simulator and several rules read the same ones). */
const parsed = new Map<string, BoundedExpression | RefusedExpression>();
let memoChars = 0;
/** Most expressions, and most characters of them, remembered; the memo is emptied when either is reached. */
const MEMO_SIZE = 256;
const MEMO_CHARS = 2 * 1024 * 1024;

function parseUnderLimits(expression: string): BoundedExpression | RefusedExpression {
  if (expression.length > CEL_LIMITS.maxLength) return { ok: false, kind: 'limit', reason: `is ${expression.length} characters long, over the limit of ${CEL_LIMITS.maxLength}` };
  const nesting = bracketNesting(expression);
  if (nesting > CEL_LIMITS.maxNesting) return { ok: false, kind: 'limit', reason: `nests brackets ${nesting} deep, over the limit of ${CEL_LIMITS.maxNesting}` };
  let expr: any;
  try {
    expr = parse(expression).expr;
  } catch (err) {
    return { ok: false, kind: 'syntax', reason: `is not valid CEL (${firstLine(err)})` };
  }
  const { nodes, depth } = measure(expr);
  if (nodes > CEL_LIMITS.maxNodes) return { ok: false, kind: 'limit', reason: `has more than ${CEL_LIMITS.maxNodes} syntax nodes, over the limit` };
  if (depth > CEL_LIMITS.maxDepth) return { ok: false, kind: 'limit', reason: `nests operators more than ${CEL_LIMITS.maxDepth} deep, over the limit` };
  const cost = estimateCost(expr);
  if (cost > CEL_LIMITS.maxCost) return { ok: false, kind: 'limit', reason: `has an estimated cost of ${cost >= CEL_LIMITS.maxCost * 10 ? `over ${CEL_LIMITS.maxCost * 10}` : cost} steps per request (nested comprehensions over lists of up to ${DYNAMIC_SIZE} elements), over the limit of ${CEL_LIMITS.maxCost}` };
  return { ok: true, expr, cost };
}

/** First line of an error's message, without the parser's position marker lines. */
function firstLine(err: unknown): string {
  const line = String((err as Error)?.message ?? err).split('\n')[0].trim();
  return line.replace(/^<input>:(\d+):(\d+):\s*/, (_, l, c) => `line ${l}, column ${c}: `);
}
