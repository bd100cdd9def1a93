import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem, problem, quoted } from './checks/problem';
import { patchedLast } from './final-patches';
import type { GatewayAuth } from './gateway-edge';

/**
 * Who may use a model: API keys by a metadata field's values, or JWTs by a claim's values. A
 * request matching any listed value is allowed; any other authenticated request gets 403.
 */
export interface ModelAccess {
  /**
   * API-key metadata field → allowed values, e.g. `{ team: ['search', 'support'] }` (the key's
   * JSON metadata in the Secret; read as `apiKey.<field>`).
   * @default - none
   */
  readonly apiKeys?: Record<string, string[]>;
  /**
   * JWT claim → allowed values, e.g. `{ groups: ['ml-users'] }`; a string claim must equal a
   * value, a list claim must contain one.
   * @default - none
   */
  readonly jwtClaims?: Record<string, string[]>;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const CLAIM = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
const VALUE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,256}$/;

/** Problems of `access` given the gateway's `auth`: names and values CEL can quote, and the credential kind the gateway checks. */
export function checkModelAccess(access: ModelAccess | undefined, auth: GatewayAuth | undefined): Problem[] {
  if (!access) return [];
  const problems: Problem[] = [];
  const entries = (m: Record<string, string[]> | undefined) => Object.entries(m ?? {});
  const keys = entries(access.apiKeys);
  const claims = entries(access.jwtClaims);
  if (!keys.length && !claims.length) problems.push(problem('access', '{}', 'lists no API-key field or JWT claim', 'list who may use the model, or remove access'));
  for (const [kind, list, name] of [['apiKeys', keys, FIELD], ['jwtClaims', claims, CLAIM]] as const) {
    if (list.length > 16) problems.push(problem(`access.${kind}`, String(list.length), `must list at most 16 names, got ${list.length}`));
    for (const [k, values] of list.slice(0, 16)) {
      if (!name.test(k)) problems.push(problem(`access.${kind}`, quoted(k), `has name ${quoted(k)}, which is not ${kind === 'apiKeys' ? 'a metadata field name (a CEL identifier)' : 'a claim name (printable ASCII without quotes or backslashes)'}`));
      if (!Array.isArray(values) || !values.length || values.length > 64) problems.push(problem(`access.${kind}.${k}`, String(Array.isArray(values) ? values.length : values), 'must list 1 to 64 values'));
      else for (const v of values) if (typeof v !== 'string' || !VALUE.test(v)) problems.push(problem(`access.${kind}.${k}`, quoted(String(v)), `has value ${quoted(String(v))}: values are 1 to 256 printable ASCII characters without quotes or backslashes`));
    }
  }
  if (keys.length && !auth?.apiKeys) problems.push(problem('access.apiKeys', keys.map(([k]) => k).join(', '), 'names API-key metadata, but the gateway has no auth.apiKeys', 'set gateway auth.apiKeys, or use jwtClaims'));
  if (claims.length && !auth?.jwt?.length) problems.push(problem('access.jwtClaims', claims.map(([k]) => k).join(', '), 'names JWT claims, but the gateway has no auth.jwt', 'set gateway auth.jwt, or use apiKeys'));
  return problems;
}

/** The authorization expressions of `access`: any true allows (values are checked to need no escaping). */
export function accessExpressions(access: ModelAccess): string[] {
  const list = (values: string[]) => `[${values.map((v) => `"${v}"`).join(', ')}]`;
  const out: string[] = [];
  for (const [field, values] of Object.entries(access.apiKeys ?? {})) out.push(`string(apiKey.${field}) in ${list(values)}`);
  for (const [claim, values] of Object.entries(access.jwtClaims ?? {})) {
    out.push(`jwt["${claim}"] in ${list(values)}`);
    out.push(`${list(values)}.exists(v, v in jwt["${claim}"])`);
  }
  return out;
}

/**
 * `<pool>-access`: a PostRouting `authorization` policy (Allow) in the model's namespace on its
 * HTTPRoutes. It runs after the Gateway's authentication (route policies: authentication, then
 * authorization; crates/agentgateway/src/proxy/httpproxy.rs @v0.11.0 and @163ea2146acb), so
 * `apiKey` and `jwt` are set; a request matching no expression gets 403.
 */
export function modelAccessPolicy(scope: Construct, id: string, name: string, namespace: string, routeNames: readonly string[], access: ModelAccess, labels?: Record<string, string>): ApiObject {
  return new (patchedLast(ApiObject))(scope, id, {
    apiVersion: 'agentgateway.dev/v1alpha1',
    kind: 'AgentgatewayPolicy',
    metadata: { name, namespace, ...(labels ? { labels: { ...labels } } : {}) },
    spec: {
      targetRefs: routeNames.map((r) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: r })),
      traffic: { phase: 'PostRouting', authorization: { action: 'Allow', policy: { matchExpressions: accessExpressions(access) } } },
    },
  });
}
