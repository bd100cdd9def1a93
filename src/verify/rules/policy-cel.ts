import { editDistance } from '../../util/text';
import { list } from '../model/object-access';
import { boundedParse, children } from '../simulator/cel-bounds';
import { AGENTGATEWAY_CEL_FUNCTIONS } from '../simulator/cel-functions';
import { usedRoutingMaps } from './routing-policy';
import { finding, Finding, Rule, RuleContext } from './rule';


export { AGENTGATEWAY_CEL_FUNCTIONS };

/** Names from other languages and their agentgateway CEL equivalent. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  tolower: 'lowerAscii', tolowercase: 'lowerAscii', lower: 'lowerAscii', toupper: 'upperAscii', touppercase: 'upperAscii', upper: 'upperAscii',
  strip: 'trim', len: 'size', length: 'size', parsejson: 'json', tojson: 'toJson', startswith: 'startsWith', endswith: 'endsWith',
};

/** The function to suggest instead of unknown `name`, if one is near enough. */
export function nearestFunction(name: string): string | undefined {
  const foreign = FOREIGN_NAMES[name.toLowerCase()];
  if (foreign) return foreign;
  const near = [...AGENTGATEWAY_CEL_FUNCTIONS].map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))[0];
  return near && near.d <= Math.max(1, Math.floor(name.length / 3)) ? near.k : undefined;
}

/** A CEL-valued field of an AgentgatewayPolicy transformation. */
interface CelField {
  readonly policy: any;
  readonly field: string;
  readonly expression: string;
  /** The header the field sets or adds, or `body`. */
  readonly target: string;
}

/** Every CEL expression in a policy's request and response transformations. */
function celFields(policy: any): CelField[] {
  const out: CelField[] = [];
  for (const dir of ['request', 'response'] as const) {
    const t = policy?.spec?.traffic?.transformation?.[dir];
    if (!t || typeof t !== 'object') continue;
    for (const op of ['set', 'add'] as const) {
      list(t[op]).forEach((s: any, i: number) => {
        if (typeof s?.value === 'string') out.push({ policy, field: `spec.traffic.transformation.${dir}.${op}[${i}].value`, expression: s.value, target: String(s.name) });
      });
    }
    if (typeof t.body === 'string') out.push({ policy, field: `spec.traffic.transformation.${dir}.body`, expression: t.body, target: 'body' });
  }
  return out;
}

/** Names of the functions an expression calls, in order of first call (operators excluded). */
export function calledFunctions(expr: any): string[] {
  const names = new Set<string>();
  const stack = [expr];
  while (stack.length) {
    const e = stack.pop();
    if (e?.exprKind?.case === 'callExpr' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.exprKind.value.function) && !e.exprKind.value.function.startsWith('_')) {
      names.add(e.exprKind.value.function);
    }
    stack.push(...children(e));
  }
  return [...names];
}

/** Parts of the request a client chooses freely, other than the body. */
const CLIENT_PARTS = ['headers', 'uri', 'path', 'pathAndQuery', 'host'];

/**
 * The first reference in `expr` to a client-chosen part of the request other than the body
 * (`request.headers`, `request.path`, ...) or to `variables` (which exposes them all), as written.
 */
export function clientReference(expr: any): string | undefined {
  const stack = [expr];
  const found: string[] = [];
  while (stack.length) {
    const e = stack.pop();
    const v = e?.exprKind?.value;
    if (e?.exprKind?.case === 'selectExpr' && v.operand?.exprKind?.case === 'identExpr' && v.operand.exprKind.value.name === 'request' && CLIENT_PARTS.includes(v.field)) {
      found.push(`request.${v.field}`);
    } else if (e?.exprKind?.case === 'identExpr' && v.name === 'variables') {
      found.push('variables');
    }
    stack.push(...children(e));
  }
  return found.sort()[0];
}

const ROUTING_EFFECT = 'the controller marks the policy PartiallyValid and never applies it';

/** AgentgatewayPolicies to check: every one not rejected by an earlier check. */
const policies = (ctx: RuleContext) => ctx.model.index.objects.filter((o) => o?.kind === 'AgentgatewayPolicy' && !ctx.rejected(o));

/** Findings on one CEL field: syntax, limits, unknown functions. */
function* checkField(f: CelField): Iterable<Finding> {
  const parsed = boundedParse(f.expression);
  if (!parsed.ok) {
    yield parsed.kind === 'syntax'
      ? finding(f.policy, f.field, `${parsed.reason}: ${ROUTING_EFFECT}, so ${f.target} is never set`, 'correct the expression; a literal string must be quoted inside it, e.g. \'"Qwen/Qwen3-0.6B"\'')
      : finding(f.policy, f.field, `the expression ${parsed.reason}: it is not simulated, and the gateway would spend that work on every request`, 'write the expression without nested comprehensions over request data, e.g. a literal map indexed by json(request.body).model');
    return;
  }
  for (const name of calledFunctions(parsed.expr).filter((n) => !AGENTGATEWAY_CEL_FUNCTIONS.has(n))) {
    const near = nearestFunction(name);
    const hint = near ? `use ${near}()` : 'use a function from agentgateway\'s CEL reference';
    yield finding(f.policy, f.field, `calls ${name}(), which agentgateway's CEL does not offer: the expression fails on every request and ${f.target} is removed`, hint, 'warning');
  }
}

/** CEL expressions in AgentgatewayPolicies: valid, bounded, and not steered by the client. */
export const POLICY_CEL_RULES: Rule[] = [
  {
    id: 'policy-transformation-cel',
    summary: 'Each transformation value of an AgentgatewayPolicy is valid CEL within the verifier\'s limits and calls only functions agentgateway offers.',
    severity: 'error',
    category: 'schema',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Correct the expression: quote literal strings inside it, balance brackets, use agentgateway\'s CEL functions.',
    rationale: 'The CRD takes any string, but the controller compiles each value as CEL: one that does not parse marks the policy PartiallyValid and its header is never set; an unknown function fails on every request and removes the header.',
    *check(ctx) {
      for (const policy of policies(ctx)) for (const f of celFields(policy)) yield* checkField(f);
    },
  },
  {
    id: 'policy-routing-header-from-body',
    summary: 'A header that HTTPRoutes match is derived from the request body (and identity), never from a client-chosen header, path or host.',
    severity: 'error',
    category: 'security',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Set the routing header from json(request.body).model only, e.g. a literal map indexed by string(json(request.body).model).',
    rationale: 'An expression that reads request.headers (e.g. an override header) lets any client pick the backend regardless of the model asked for: a back door around the routing map.',
    *check(ctx) {
      const seen = new Set<string>();
      for (const u of usedRoutingMaps(ctx.model)) {
        if (ctx.rejected(u.map.policy)) continue;
        const key = `${u.map.policy.metadata?.namespace}/${u.map.policy.metadata?.name}#${u.map.setIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const parsed = boundedParse(u.map.expression);
        if (!parsed.ok) continue;
        const ref = clientReference(parsed.expr);
        if (ref) {
          yield finding(u.map.policy, u.valueField, `sets ${u.map.header}, which HTTPRoutes match, from ${ref}: a client that sends it picks the route, whatever model the body asks for`, `derive ${u.map.header} from json(request.body).model only`);
        }
      }
    },
  },
];
