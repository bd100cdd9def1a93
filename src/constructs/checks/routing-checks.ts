import { Problem, problem, quoted } from './problem';

/** Longest expression the pinned AgentgatewayPolicy CRD accepts in `set[].value`. */
export const MAX_EXPRESSION_LENGTH = 16384;

/** Problems of routing `publicName` again; `existing` is where it routes already, if anywhere. */
export function checkRouteAddition(publicName: string, existing: string | undefined): Problem[] {
  return existing === undefined ? [] : [problem('', quoted(publicName), `is already routed (to '${existing}')`, 'each name clients send must be unique')];
}

/** Problems of the routing map as synthesized: at least one entry, and an expression agentgateway accepts. */
export function checkRoutingMap(entries: number, expressionLength: number): Problem[] {
  if (entries === 0) return [problem('', '0', 'the body-routing policy has no entries', 'add a model')];
  if (expressionLength <= MAX_EXPRESSION_LENGTH) return [];
  return [problem('', `${expressionLength} characters`,
    `the body-routing map for ${entries} names is ${expressionLength} characters, above the ${MAX_EXPRESSION_LENGTH} agentgateway accepts in one expression`,
    'shorten model names or aliases, or split the models across gateways')];
}
