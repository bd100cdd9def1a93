/**
 * Explicit bounds on evaluating a CEL rule, after the API server's: it refuses a rule whose
 * estimated cost is too high and stops one whose runtime cost passes a per-call limit
 * (1,000,000) or the per-object budget (10,000,000). Offline we check the expression's size
 * and shape before planning it, and count comprehension iterations (each at least one unit
 * of the API server's cost) while it runs, stopping at the same numbers.
 */

/** Longest rule expression planned (the API server's request size bounds it; 10,000 characters is ample for real rules). */
export const MAX_CEL_EXPRESSION_LENGTH = 10_000;
/** Deepest expression tree (cel-go's parser stops at 250 nested levels too). */
export const MAX_CEL_AST_DEPTH = 250;
/** Deepest nesting of comprehensions (`map`, `all`, `exists`...) inside one another's loop: each level multiplies the cost. */
export const MAX_CEL_COMPREHENSION_NESTING = 4;
/** Cost units one evaluation may spend: the API server's per-call limit. */
export const CEL_PER_CALL_LIMIT = 1_000_000;
/** Cost units all rules of one object may spend together: the API server's runtime budget per custom resource. */
export const CEL_PER_OBJECT_BUDGET = 10_000_000;

/** Name of the function wrapped around each comprehension's loop condition to count iterations. */
export const STEP_FUNCTION = '__verify_cel_step';

/** Why `expression` may not be planned (length), or undefined. */
export function expressionLengthProblem(expression: string): string | undefined {
  if (expression.length > MAX_CEL_EXPRESSION_LENGTH) return `is ${expression.length} characters long, over the limit of ${MAX_CEL_EXPRESSION_LENGTH}`;
  return undefined;
}

/**
 * Why the parsed expression `expr` (a `cel.expr.Expr`) is too deep to evaluate safely, or
 * undefined. Walks the tree without recursion.
 */
export function shapeProblem(expr: any): string | undefined {
  const stack: Array<[any, number, number]> = [[expr, 1, 0]];
  while (stack.length) {
    const [e, depth, loops] = stack.pop()!;
    if (!e || typeof e !== 'object') continue;
    if (depth > MAX_CEL_AST_DEPTH) return `nests more than ${MAX_CEL_AST_DEPTH} levels deep`;
    if (loops > MAX_CEL_COMPREHENSION_NESTING) return `nests comprehensions (map, all, exists, filter) more than ${MAX_CEL_COMPREHENSION_NESTING} deep, so its cost grows as the ${loops}th power of the list sizes`;
    for (const [child, nested] of children(e)) stack.push([child, depth + 1, loops + (nested ? 1 : 0)]);
  }
  return undefined;
}

/** The sub-expressions of `e`, each with whether it runs once per iteration of `e`. */
function children(e: any): Array<[any, boolean]> {
  const v = e.exprKind?.value;
  switch (e.exprKind?.case) {
    case 'callExpr': return [...(v.target ? [[v.target, false] as [any, boolean]] : []), ...(v.args ?? []).map((a: any) => [a, false] as [any, boolean])];
    case 'selectExpr': return [[v.operand, false]];
    case 'listExpr': return (v.elements ?? []).map((a: any) => [a, false]);
    case 'structExpr': return (v.entries ?? []).flatMap((en: any) => [[en.keyKind?.value, false], [en.value, false]] as Array<[any, boolean]>);
    case 'comprehensionExpr': return [[v.iterRange, false], [v.accuInit, false], [v.loopCondition, true], [v.loopStep, true], [v.result, false]];
    default: return [];
  }
}

/**
 * Wraps each comprehension's loop condition in a call to {@link STEP_FUNCTION}, in place, so
 * every iteration is counted; returns `expr`. Ids of the added nodes are past `firstId`.
 */
export function instrument(expr: any, firstId: bigint): any {
  let id = firstId;
  const stack: any[] = [expr];
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== 'object') continue;
    for (const [child] of children(e)) stack.push(child);
    if (e.exprKind?.case === 'comprehensionExpr') {
      const c = e.exprKind.value;
      c.loopCondition = {
        $typeName: 'cel.expr.Expr',
        id: ++id,
        exprKind: { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: STEP_FUNCTION, args: [c.loopCondition] } },
      };
    }
  }
  return expr;
}

/** Cost spent by one object's rules, and by the current call. */
export class CelBudget {
  private perObject = 0;
  private perCall = 0;
  /** Why the last call stopped (`undefined` while within limits). */
  public exceeded?: string;

  /** Starts counting a new object. */
  public resetObject(): void {
    this.perObject = 0;
    this.exceeded = undefined;
  }

  /** Starts counting a new call (one rule on one value). */
  public resetCall(): void {
    this.perCall = 0;
    if (this.perObject <= CEL_PER_OBJECT_BUDGET) this.exceeded = undefined;
  }

  /** Cost units the current call has spent so far. */
  public get callSteps(): number {
    return this.perCall;
  }

  /**
   * Counts a call that spent `steps` units without passing a limit before (a passing
   * evaluation remembered for an equal value), leaving the budget as that evaluation would
   * have: true. False, and nothing counted, when those units would now pass the per-object
   * budget: the caller then evaluates for real, which stops where the API server would.
   */
  public charge(steps: number): boolean {
    if (this.perObject + steps > CEL_PER_OBJECT_BUDGET || steps > CEL_PER_CALL_LIMIT) return false;
    this.perCall = steps;
    this.perObject += steps;
    this.exceeded = undefined;
    return true;
  }

  /** Counts one iteration; false once a limit is passed (the loop then stops with an error). */
  public step(): boolean {
    this.perCall++;
    this.perObject++;
    if (this.perCall > CEL_PER_CALL_LIMIT) this.exceeded = `ran past the per-call cost limit of ${CEL_PER_CALL_LIMIT} (the API server stops it too)`;
    else if (this.perObject > CEL_PER_OBJECT_BUDGET) this.exceeded = `ran past the cost budget of ${CEL_PER_OBJECT_BUDGET} for one object's rules (the API server stops it too)`;
    return this.exceeded === undefined;
  }
}
