import { parse } from '@bufbuild/cel';

/** How a routing header's expression reads: a literal map indexed by the body's model, the model itself, or something else. */
export type RoutingForm = 'map' | 'identity' | 'other';

/** Reads a body-routing expression: a literal string map indexed by the body's model, or the model itself. */
export function readRoutingMap(expression: string): { form: RoutingForm; entries: [string, string][] } {
  let expr: any;
  try {
    expr = parse(expression).expr;
  } catch {
    return { form: 'other', entries: [] };
  }
  const isModel = (e: any): boolean => {
    if (e?.exprKind?.case === 'callExpr' && e.exprKind.value.function === 'string' && e.exprKind.value.args.length === 1) return isModel(e.exprKind.value.args[0]);
    return e?.exprKind?.case === 'selectExpr' && e.exprKind.value.field === 'model';
  };
  if (isModel(expr)) return { form: 'identity', entries: [] };
  const call = expr?.exprKind?.case === 'callExpr' ? expr.exprKind.value : undefined;
  const map = call?.function === '_[_]' && call.args[0]?.exprKind?.case === 'structExpr' ? call.args[0].exprKind.value : undefined;
  if (!map || map.messageName || !isModel(call.args[1])) return { form: 'other', entries: [] };
  const str = (e: any) => (e?.exprKind?.case === 'constExpr' && e.exprKind.value.constantKind.case === 'stringValue' ? e.exprKind.value.constantKind.value as string : undefined);
  const entries: [string, string][] = [];
  for (const entry of map.entries) {
    const k = str(entry.keyKind?.value);
    const v = str(entry.value);
    if (k === undefined || v === undefined) return { form: 'other', entries: [] };
    entries.push([k, v]);
  }
  return { form: 'map', entries };
}
