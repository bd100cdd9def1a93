import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { jwksUrl, quantityBytes } from './checks/edge-checks';
import { patchedLast } from './final-patches';
import { PROFILES, StackProfile } from '../profiles/profiles';

/** API-key authentication: the keys live in a Secret the user creates. */
export interface ApiKeyAuth {
  /**
   * Name of the Secret in the gateway namespace holding the keys: each data entry one key, either
   * the key itself or JSON `{"key": "...", "metadata": {...}}`. Never emitted by this library.
   */
  readonly secretRef: string;
  /**
   * The key metadata field whose value becomes the endpoint picker's fairness id (never the
   * key itself); a key without it gets no fairness id.
   * @default 'user'
   */
  readonly fairnessField?: string;
}

/** One JWT issuer whose tokens the gateway accepts. */
export interface JwtProvider {
  /** The `iss` claim. */
  readonly issuer: string;
  /** Accepted `aud` claims (at least one). */
  readonly audiences: string[];
  /** URL of the issuer's JSON Web Key Set, e.g. `https://idp.example.com/.well-known/jwks.json`. */
  readonly jwksUri: string;
}

/** Authentication on the gateway: API keys or JWTs (one of them). */
export interface GatewayAuth {
  /**
   * API keys (Strict: a request without a valid key gets 401).
   * @default - none
   */
  readonly apiKeys?: ApiKeyAuth;
  /**
   * JWT providers (Strict: a request without a valid token gets 401).
   * @default - none
   */
  readonly jwt?: JwtProvider[];
}

/** A local rate limit (per gateway replica), per minute. */
export interface RateLimit {
  /**
   * Requests per minute; over it requests get 429.
   * @default - no request limit
   */
  readonly requestsPerMinute?: number;
  /**
   * Tokens per minute: refused in every pinned profile (agentgateway counts tokens only for AI
   * backends, not for HTTPRoute→InferencePool traffic).
   * @default - no token limit
   */
  readonly tokensPerMinute?: number;
}

/** The default key metadata field of the fairness id. */
export const DEFAULT_FAIRNESS_FIELD = 'user';

/**
 * The CEL expression of the caller's identity for the picker's fairness id: the JWT subject, or
 * the API key's metadata field (agentgateway exposes key metadata flattened as `apiKey.<field>`,
 * crates/agentgateway/src/http/apikey.rs `Claims` @v0.11.0 and @163ea2146acb; the key itself is
 * `apiKey.key`, never used). A failing expression (no such claim or field) removes the header.
 */
export function identityExpression(auth: GatewayAuth): string {
  if (auth.jwt?.length) return 'string(jwt.sub)';
  return `string(apiKey.${auth.apiKeys?.fairnessField ?? DEFAULT_FAIRNESS_FIELD})`;
}

/** The fairness-id headers set from the identity, for `profile`. */
export function identityHeaders(profile: StackProfile, auth: GatewayAuth | undefined): { name: string; value: string }[] {
  if (!auth || (!auth.apiKeys && !auth.jwt?.length)) return [];
  return PROFILES[profile].endpointPicker.fairnessHeaders.map((name) => ({ name, value: identityExpression(auth) }));
}

/** What {@link GatewayEdge} attaches to. */
export interface GatewayEdgeProps {
  readonly profile: StackProfile;
  readonly gatewayName: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly auth?: GatewayAuth;
  readonly rateLimit?: RateLimit;
  readonly maxRequestBodySize?: string;
}

const POLICY = { apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayPolicy' };
const GATEWAY_REF = (name: string) => [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name }];

/**
 * The Gateway's edge policies (issue 11, parts 4-6), each an AgentgatewayPolicy in the gateway
 * namespace targeting the Gateway:
 * - `<gw>-auth`: API-key or JWT authentication, Strict. Phase per profile
 *   (PROFILES edge.authPhase): upstream-2026-08 PreRouting (its CRD allows authentication there;
 *   agentgateway authenticates before the transformation and before a route is chosen, so every
 *   route, direct responses included, is covered, and the body-routing policy sets the fairness
 *   id from the identity); rhdev-2026-03 PostRouting (its CRD's PreRouting message admits only
 *   extAuth, transformation and extProc): it runs once a route is chosen, before the route's
 *   direct response or backend, and its own transformation sets the fairness id.
 *   JWKS: rhdev `jwks.remote.uri`; upstream `jwks.remote.backendRef` to an AgentgatewayBackend
 *   `<gw>-jwks-<n>` (static host and port, TLS for https) plus `jwksPath`.
 * - `<gw>-limits`: `traffic.rateLimit.local` requests per minute (PostRouting: no profile's CRD
 *   allows rate limits in PreRouting). One target, so one bucket for the whole gateway.
 * - `<gw>-frontend`: `frontend.http.maxBufferSize` (Gateway only, no sectionName).
 */
export class GatewayEdge extends Construct {
  /** The authentication policy, if any. */
  public readonly authPolicy?: ApiObject;
  /** The gateway-wide rate limit policy, if any. */
  public readonly limitPolicy?: ApiObject;
  /** The frontend (body buffer) policy, if any. */
  public readonly frontendPolicy?: ApiObject;
  /** The authentication the Gateway requires, if any (models' `access` builds on it). */
  public readonly auth?: GatewayAuth;

  constructor(scope: Construct, id: string, props: GatewayEdgeProps) {
    super(scope, id);
    const facts = PROFILES[props.profile].edge;
    const metadata = (name: string) => ({ name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) });
    const auth = props.auth;
    this.auth = auth;
    if (auth && (auth.apiKeys || auth.jwt?.length)) {
      const traffic: Record<string, unknown> = { phase: facts.authPhase };
      if (auth.apiKeys) traffic.apiKeyAuthentication = { mode: 'Strict', secretRef: { name: auth.apiKeys.secretRef } };
      if (auth.jwt?.length) {
        traffic.jwtAuthentication = {
          mode: 'Strict',
          providers: auth.jwt.map((p, i) => ({ issuer: p.issuer, audiences: [...p.audiences], jwks: { remote: this.jwksRemote(props, facts.jwksRemote, p.jwksUri, i, metadata) } })),
        };
      }
      if (facts.authPhase === 'PostRouting') {
        // The fairness id from the identity, after authentication (see identityHeaders).
        traffic.transformation = { request: { set: identityHeaders(props.profile, auth) } };
      }
      this.authPolicy = new (patchedLast(ApiObject))(this, 'Auth', { ...POLICY, metadata: metadata(`${props.gatewayName}-auth`), spec: { targetRefs: GATEWAY_REF(props.gatewayName), traffic } });
    }
    if (props.rateLimit?.requestsPerMinute !== undefined) {
      this.limitPolicy = new (patchedLast(ApiObject))(this, 'Limits', {
        ...POLICY,
        metadata: metadata(`${props.gatewayName}-limits`),
        spec: { targetRefs: GATEWAY_REF(props.gatewayName), traffic: { phase: 'PostRouting', rateLimit: { local: [{ requests: props.rateLimit.requestsPerMinute, unit: 'Minutes' }] } } },
      });
    }
    if (props.maxRequestBodySize !== undefined) {
      const bytes = quantityBytes(props.maxRequestBodySize) ?? 0;
      this.frontendPolicy = new (patchedLast(ApiObject))(this, 'Frontend', {
        ...POLICY,
        metadata: metadata(`${props.gatewayName}-frontend`),
        spec: { targetRefs: GATEWAY_REF(props.gatewayName), frontend: { http: { maxBufferSize: facts.maxBufferSize === 'int32' ? bytes : props.maxRequestBodySize } } },
      });
    }
  }

  private jwksRemote(props: GatewayEdgeProps, form: 'uri' | 'backendRef', uri: string, i: number, metadata: (n: string) => object): Record<string, unknown> {
    if (form === 'uri') return { uri };
    const url = jwksUrl(uri)!;
    const name = `${props.gatewayName}-jwks-${i + 1}`;
    new (patchedLast(ApiObject))(this, `Jwks${i + 1}`, {
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayBackend',
      metadata: metadata(name),
      spec: { static: { host: url.host, port: url.port }, ...(url.https ? { policies: { tls: { sni: url.host } } } : {}) },
    });
    return { backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name }, jwksPath: url.path };
  }
}

/**
 * A model's rate limit: `<pool>-limits` in the model's namespace targeting its HTTPRoute.
 * agentgateway clones a policy per target and each copy builds its own bucket (controller
 * pkg/agentgateway/plugins/traffic_plugin.go `ClonePoliciesForTarget`, data plane
 * crates/agentgateway/src/http/localratelimit.rs, @163ea2146acb), so a model with several
 * routes is refused (see checkModelRateLimitRoutes) rather than given a limit per route.
 */
export function modelRateLimitPolicy(scope: Construct, id: string, name: string, namespace: string, routeNames: readonly string[], limit: RateLimit, labels?: Record<string, string>): ApiObject {
  return new (patchedLast(ApiObject))(scope, id, {
    ...POLICY,
    metadata: { name, namespace, ...(labels ? { labels: { ...labels } } : {}) },
    spec: {
      targetRefs: routeNames.map((r) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: r })),
      traffic: { phase: 'PostRouting', rateLimit: { local: [{ requests: limit.requestsPerMinute, unit: 'Minutes' }] } },
    },
  });
}
