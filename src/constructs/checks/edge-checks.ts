import { isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';
import { PROFILES, StackProfile } from '../../profiles/profiles';

/** API-key authentication settings {@link checkAuth} checks. */
export interface AuthSettings {
  readonly apiKeys?: { readonly secretRef: string; readonly fairnessField?: string };
  readonly jwt?: readonly { readonly issuer: string; readonly audiences: readonly string[]; readonly jwksUri: string }[];
}

/** Rate limit settings {@link checkRateLimit} checks. */
export interface RateLimitSettings {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

const METADATA_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const MAX_INT32 = 2147483647;

/** Problems of `auth`: a Secret name, providers agentgateway accepts, one credential kind. */
export function checkAuth(auth: AuthSettings | undefined): Problem[] {
  if (!auth) return [];
  const problems: Problem[] = [];
  if (auth.apiKeys) {
    if (!isDnsSubdomain(auth.apiKeys.secretRef ?? '')) problems.push(problem('auth.apiKeys.secretRef', quoted(String(auth.apiKeys.secretRef)), `must be a Secret name (lowercase DNS subdomain), got ${quoted(String(auth.apiKeys.secretRef))}`));
    const f = auth.apiKeys.fairnessField;
    if (f !== undefined && !METADATA_FIELD.test(f)) problems.push(problem('auth.apiKeys.fairnessField', quoted(f), `must be a key metadata field name (a CEL identifier of at most 63 letters, digits or _), got ${quoted(f)}`));
  }
  if (auth.jwt !== undefined) {
    if (!auth.jwt.length || auth.jwt.length > 64) problems.push(problem('auth.jwt', String(auth.jwt.length), `must list 1 to 64 providers, got ${auth.jwt.length}`));
    auth.jwt.slice(0, 64).forEach((p, i) => {
      if (typeof p.issuer !== 'string' || !p.issuer || p.issuer.length > 256) problems.push(problem(`auth.jwt[${i}].issuer`, quoted(String(p.issuer)), 'must be the issuer (the iss claim), 1 to 256 characters'));
      // agentgateway v1.5 checks aud as well as iss; an empty list would accept any audience.
      if (!Array.isArray(p.audiences) || !p.audiences.length || p.audiences.length > 64) problems.push(problem(`auth.jwt[${i}].audiences`, String(p.audiences?.length ?? 0), 'must list 1 to 64 audiences (the aud claim): without one any audience is accepted'));
      if (!jwksUrl(p.jwksUri)) problems.push(problem(`auth.jwt[${i}].jwksUri`, quoted(String(p.jwksUri)), `must be an http(s) URL with a host and a path, got ${quoted(String(p.jwksUri))}`, 'e.g. https://idp.example.com/.well-known/jwks.json'));
    });
  }
  if (auth.apiKeys && auth.jwt?.length) {
    problems.push(problem('auth', 'apiKeys and jwt', 'sets both apiKeys and jwt, which both read the Authorization bearer token and are each Strict, so no request could pass both', 'choose one'));
  }
  if (!auth.apiKeys && auth.jwt === undefined) problems.push(problem('auth', '{}', 'names no credential', 'set apiKeys.secretRef or jwt'));
  return problems;
}

/** The parts of a JWKS URL, or undefined when it is not an http(s) URL with a host. */
export function jwksUrl(uri: unknown): { https: boolean; host: string; port: number; path: string } | undefined {
  if (typeof uri !== 'string' || uri.length > 2000) return undefined;
  const m = /^(https?):\/\/([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:(\d{1,5}))?(\/.*)$/.exec(uri);
  if (!m) return undefined;
  const https = m[1] === 'https';
  const port = m[7] ? Number(m[7]) : https ? 443 : 80;
  if (port < 1 || port > 65535) return undefined;
  return { https, host: m[2], port, path: m[8] };
}

/**
 * Problems of a rate limit at `path`: whole numbers from 1, and no token limit (agentgateway
 * counts tokens only for AI backends, so a token limit on HTTPRoute→InferencePool traffic never
 * triggers in either pinned profile).
 */
export function checkRateLimit(path: string, limit: RateLimitSettings | undefined, profile: StackProfile): Problem[] {
  if (!limit) return [];
  const problems: Problem[] = [];
  for (const k of ['requestsPerMinute', 'tokensPerMinute'] as const) {
    const v = limit[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= MAX_INT32)) problems.push(problem(`${path}.${k}`, String(v), `must be a whole number from 1 to ${MAX_INT32}, got ${String(v)}`));
  }
  if (limit.tokensPerMinute !== undefined && !PROFILES[profile].edge.tokenLimitsOnPools) {
    problems.push(problem(`${path}.tokensPerMinute`, String(limit.tokensPerMinute),
      `${limit.tokensPerMinute} cannot be enforced under ${profile}: agentgateway counts tokens only for AI backends (AgentgatewayBackend ai, AgentgatewayModel), and models here are reached through HTTPRoute→InferencePool, which it treats as plain HTTP, so the limit would never trigger`,
      'use requestsPerMinute, or vLLM\'s own limits (--max-num-seqs, --max-model-len)'));
  }
  if (limit.requestsPerMinute === undefined && limit.tokensPerMinute === undefined) problems.push(problem(path, '{}', 'sets no limit', 'set requestsPerMinute'));
  return problems;
}

/** Problems of `streamIdleTimeout` under `profile`: refused where the CRD has none. */
export function checkStreamIdleTimeout(value: string | undefined, profile: StackProfile): Problem[] {
  if (value === undefined || PROFILES[profile].edge.streamIdleTimeout) return [];
  return [problem('streamIdleTimeout', value, `${value} cannot be expressed under ${profile}: its AgentgatewayPolicy has only timeouts.request (the whole request) and frontend.http.http1IdleTimeout (an unused connection), no stream idle timeout, and no other pinned profile has one`, 'remove it and size requestTimeout for the longest generation')];
}

const QUANTITY = /^([0-9]+)(Ki|Mi|Gi|k|M|G)?$/;
const UNIT: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 };

/** Bytes of a size quantity (`8Mi`, `10M`, `4096`), or undefined. */
export function quantityBytes(q: unknown): number | undefined {
  if (typeof q !== 'string' || q.length > 32) return undefined;
  const m = QUANTITY.exec(q);
  return m ? Number(m[1]) * UNIT[m[2] ?? ''] : undefined;
}

/** Problems of `maxRequestBodySize`: a quantity of 1 byte to what the profile's field holds. */
export function checkMaxRequestBodySize(size: string | undefined, profile: StackProfile): Problem[] {
  if (size === undefined) return [];
  const bytes = quantityBytes(size);
  const max = PROFILES[profile].edge.maxBufferSize === 'int32' ? MAX_INT32 : 4294967295;
  if (bytes === undefined || bytes < 1 || bytes > max) {
    return [problem('maxRequestBodySize', quoted(String(size)), `must be a size such as 8Mi or 64Mi, from 1 byte to ${max} bytes under ${profile}, got ${quoted(String(size))}`)];
  }
  return [];
}

/**
 * Problems of a model's `rateLimit` over its HTTPRoutes `routeNames`: agentgateway keeps one
 * bucket per policy target, so a model with several routes (name mode, over 128 public names)
 * would get one limit per route; refused rather than silently multiplied.
 */
export function checkModelRateLimit(limit: RateLimitSettings, routeNames: readonly string[], profile: StackProfile): Problem[] {
  const problems = checkRateLimit('rateLimit', limit, profile);
  if (routeNames.length > 1) {
    problems.push(problem('rateLimit', `${routeNames.length} HTTPRoutes`, `cannot be one per-model limit: the model's public names span ${routeNames.length} HTTPRoutes (${routeNames.join(', ')}) and agentgateway keeps one bucket per targeted route, so the model would get ${routeNames.length} times the limit`, 'serve fewer public names per model (at most 128 in name mode) or use routing: map'));
  }
  return problems;
}
