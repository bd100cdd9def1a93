import { checkNamespace, isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';
import { RoutingMode } from '../../profiles/routing-mode';

/** An HTTP header name as Gateway API accepts it in a route match (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/;

/** Longest expression the pinned AgentgatewayPolicy CRD accepts in `set[].value`. */
export const MAX_EXPRESSION_LENGTH = 16384;

/** Gateway API's limits on one HTTPRoute (CRD `maxItems` and CEL rules, every pinned bundle). */
export const HTTPROUTE_LIMITS = {
  /** Matches in one rule (`spec.rules[].matches` maxItems). */
  matchesPerRule: 64,
  /** Matches over all rules of one route (the CRD's CEL rule on `spec.rules`). */
  matchesPerRoute: 128,
  /** Rules in one route (`spec.rules` maxItems). */
  rulesPerRoute: 16,
} as const;

/** The routing policy settings {@link checkRoutingPolicy} checks. */
export interface RoutingPolicySettings {
  readonly name: string;
  readonly namespace: string;
  readonly gatewayName: string;
  readonly headerName: string;
}

/** Problems of a routing policy's names: object names, the Gateway it targets, and the header it sets (an HTTP token). */
export function checkRoutingPolicy(s: RoutingPolicySettings): Problem[] {
  const problems: Problem[] = [];
  for (const [path, value] of [['name', s.name], ['gatewayName', s.gatewayName]] as const) {
    if (!isDnsSubdomain(value)) problems.push(problem(path, quoted(value), `must be an object name (lowercase DNS subdomain, at most 253 characters), got ${quoted(value)}`));
  }
  problems.push(...checkNamespace('namespace', s.namespace));
  if (!HEADER_NAME.test(s.headerName)) {
    problems.push(problem('headerName', quoted(s.headerName), `must be an HTTP header name (1 to 256 letters, digits or !#$%&'*+-.^_\`|~), got ${quoted(s.headerName)}`, 'e.g. X-Gateway-Base-Model-Name'));
  }
  return problems;
}

/** Problems of routing `publicName` again; `existing` is where it routes already, if anywhere. */
export function checkRouteAddition(publicName: string, existing: string | undefined): Problem[] {
  return existing === undefined ? [] : [problem('', quoted(publicName), `is already routed (to '${existing}')`, 'each name clients send must be unique')];
}

/**
 * Problems of the routing map as synthesized: at least one entry, and an expression agentgateway
 * accepts. `renamed` counts the entries whose public name is not the base model (aliases, LoRA
 * adapters): only those keep a long map from being replaced by the `model` field itself.
 */
export function checkRoutingMap(entries: number, expressionLength: number, renamed: number = 0): Problem[] {
  if (entries === 0) return [problem('', '0', 'the body-routing policy has no entries', 'add a model')];
  if (expressionLength <= MAX_EXPRESSION_LENGTH) return [];
  const why = renamed > 0 ? ` (${renamed} of them aliases or LoRA adapters, names other than their base model, so the policy cannot route on the model field unchanged)` : '';
  return [problem('', `${expressionLength} characters`,
    `the body-routing map for ${entries} names${why} is ${expressionLength} characters, above the ${MAX_EXPRESSION_LENGTH} agentgateway accepts in one expression`,
    renamed > 0 ? 'set the gateway\'s routing to name (catalog gateway.routing: name, RoutingMode.NAME), which routes on the requested name at any count, or remove aliases and adapters' : 'shorten model names or aliases, or split the models across gateways')];
}

/**
 * Problems of one HTTPRoute's shape against Gateway API's limits: `matchesPerRule[i]` is the
 * number of matches of rule i. The API server refuses a route over any of them.
 */
export function checkRouteLimits(route: string, matchesPerRule: readonly number[]): Problem[] {
  const problems: Problem[] = [];
  const { matchesPerRule: perRule, matchesPerRoute: perRoute, rulesPerRoute } = HTTPROUTE_LIMITS;
  if (matchesPerRule.length > rulesPerRoute) {
    problems.push(problem('spec.rules', `${matchesPerRule.length} rules`, `HTTPRoute ${quoted(route)} has ${matchesPerRule.length} rules, above the ${rulesPerRoute} Gateway API allows`, 'spread the matches over more HTTPRoutes'));
  }
  matchesPerRule.forEach((n, i) => {
    if (n > perRule) problems.push(problem(`spec.rules[${i}].matches`, `${n} matches`, `rule ${i} of HTTPRoute ${quoted(route)} has ${n} matches, above the ${perRule} Gateway API allows in one rule`, 'split the matches over more rules'));
  });
  const total = matchesPerRule.reduce((a, b) => a + b, 0);
  if (total > perRoute) {
    problems.push(problem('spec.rules', `${total} matches`, `HTTPRoute ${quoted(route)} has ${total} matches over its rules, above the ${perRoute} Gateway API allows in one route`, 'spread the matches over more HTTPRoutes'));
  }
  return problems;
}

/** Problems of a routing mode given by a caller that bypassed the types (JavaScript, a catalog). */
export function checkRoutingMode(mode: string | undefined): Problem[] {
  const allowed: string[] = Object.values(RoutingMode);
  if (mode === undefined || allowed.includes(mode)) return [];
  return [problem('routing', quoted(String(mode)), `must be one of ${allowed.map(quoted).join(', ')}, got ${quoted(String(mode))}`)];
}

/**
 * Problems of a model's extra HTTPRoutes (`<pool>-2`, …, routing by name) whose name is another
 * model's pool, and so its first HTTPRoute: `pools` maps each other pool name to its model.
 */
export function checkRouteNameClash(model: string, extraRoutes: readonly string[], pools: ReadonlyMap<string, string>): Problem[] {
  return extraRoutes.filter((r) => pools.has(r)).map((r) => problem('', quoted(r),
    `model '${model}' has more than 128 public names, so it needs HTTPRoute ${quoted(r)} too, which is the name of model '${pools.get(r)}''s pool and HTTPRoute`,
    `set another 'pool' on one of the two models`));
}
