import { checkNamespace, isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';

/** An HTTP header name as Gateway API accepts it in a route match (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/;

/** Longest expression the pinned AgentgatewayPolicy CRD accepts in `set[].value`. */
export const MAX_EXPRESSION_LENGTH = 16384;

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
    renamed > 0 ? 'remove or shorten aliases and adapter names, or split the models across gateways' : 'shorten model names or aliases, or split the models across gateways')];
}
