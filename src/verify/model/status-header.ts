import { parse } from '@bufbuild/cel';

/**
 * The header the library's PreRouting policy sets for its OpenAI error routes (the constructs'
 * BodyRoutingPolicy.STATUS_HEADER; verify does not import the constructs).
 */
export const MODEL_STATUS_HEADER = 'X-Gateway-Model-Status';

/** Whether a header set by a policy is the model-status header: its name, and a `cond ? "a" : "b"` value. */
export function isStatusHeader(header: string, expression: string): boolean {
  return header.toLowerCase() === MODEL_STATUS_HEADER.toLowerCase() && statusValues(expression) !== undefined;
}

/**
 * The values of a header expression of the form `<condition> ? "<a>" : "<b>"` (both branches
 * string literals), such as the model-status header of the OpenAI error routes; undefined for
 * any other expression. Such a header says something about the request (a known model, a named
 * one), never which model: it is not a routing map.
 */
export function statusValues(expression: string): string[] | undefined {
  let expr: any;
  try {
    expr = parse(expression).expr;
  } catch {
    return undefined;
  }
  const call = expr?.exprKind?.case === 'callExpr' ? expr.exprKind.value : undefined;
  if (call?.function !== '_?_:_' || call.args.length !== 3) return undefined;
  const str = (e: any) => (e?.exprKind?.case === 'constExpr' && e.exprKind.value.constantKind.case === 'stringValue' ? e.exprKind.value.constantKind.value as string : undefined);
  const a = str(call.args[1]);
  const b = str(call.args[2]);
  return a === undefined || b === undefined ? undefined : [...new Set([a, b])];
}
