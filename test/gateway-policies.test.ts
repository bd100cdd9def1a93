import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { checkModelRateLimit } from '../src/constructs/checks/edge-checks';
import { problemSentence } from '../src/constructs/checks/problem';
import { MAX_REMOVED_HEADERS, removedClientHeaders } from '../src/constructs/header-hygiene';
import { PROFILES, RoutingMode, StackProfile } from '../src/profiles/profiles';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { chatCompletion } from '../src/verify/simulator/requests';
import { RoutingSimulator } from '../src/verify/simulator/simulator';

const QWEN = 'Qwen/Qwen3-0.6B';
const PROFILE_LIST = [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08];
const GW = 'agentgateway-system/inference-gateway';

const spec = (profile: StackProfile, gateway: Record<string, unknown> = {}, model: Record<string, unknown> = {}): CatalogSpec =>
  ({ profile, platform: 'kubernetes' as CatalogSpec['platform'], gateway, models: [{ name: QWEN, ...model }] } as CatalogSpec);
const named = (objects: any[], name: string) => objects.find((o) => o.metadata?.name === name);
const simulator = (objects: any[]) => new RoutingSimulator(new Model(new ObjectIndex(objects)));

describe('header hygiene: the body-routing policy removes client routing and scheduling headers', () => {
  for (const profile of PROFILE_LIST) {
    for (const mode of [RoutingMode.MAP, RoutingMode.NAME]) {
      it(`${profile}, ${mode} mode: removes the picker's headers and the other mode's routing header, never one it sets`, () => {
        const out = synthesize(Catalog.fromSpec(spec(profile, { routing: mode })));
        const request = named(out.objects, 'inference-gateway-bbr').spec.traffic.transformation.request;
        const removed: string[] = request.remove;
        const set: string[] = request.set.map((s: any) => s.name.toLowerCase());
        expect(removed.length).toBeLessThanOrEqual(MAX_REMOVED_HEADERS);
        for (const h of PROFILES[profile].endpointPicker.clientHeaders) expect(removed).toContain(h);
        expect(removed).toContain(mode === RoutingMode.MAP ? 'X-Gateway-Model-Name' : 'X-Gateway-Base-Model-Name');
        expect(removed.filter((r) => set.includes(r.toLowerCase()))).toEqual([]);
        expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(out.verification.problems.filter((p) => p.rule === 'gateway-client-headers-removed')).toEqual([]);
      });
    }
  }

  it('every profile\'s list fits the CRD\'s 16 names with the other mode\'s routing header', () => {
    for (const profile of PROFILE_LIST) {
      for (const mode of [RoutingMode.MAP, RoutingMode.NAME]) expect(removedClientHeaders(profile, mode, []).length).toBeLessThanOrEqual(MAX_REMOVED_HEADERS);
    }
  });

  for (const profile of PROFILE_LIST) {
    it(`${profile}: the simulator drops a spoofed scheduling or routing header and still routes the model`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile)));
      const sim = simulator(out.objects);
      const spoof = { 'x-gateway-destination-endpoint': '10.0.0.9:8000', 'X-Gateway-Inference-Fairness-Id': 'someone-else', 'x-llm-d-inference-objective': 'premium' };
      const d = sim.simulate(GW, chatCompletion(QWEN, spoof));
      expect(d.routed).toBe(true);
      expect(d.pool).toBe('llm-d/vllm-qwen3-06b');
      expect(d.headers['x-gateway-destination-endpoint']).toBeUndefined();
      expect(d.headers['x-gateway-inference-fairness-id']).toBeUndefined();
      expect(d.headers['x-llm-d-inference-objective']).toBeUndefined();
      expect(d.transformations.some((t) => t.includes('removed x-gateway-destination-endpoint sent by the client'))).toBe(true);
    });
  }
});

const JWT = { issuer: 'https://idp.example.com', audiences: ['maas'], jwksUri: 'https://idp.example.com/.well-known/jwks.json' };
const EDGE = { rateLimit: { requestsPerMinute: 600 }, maxRequestBodySize: '8Mi' };
const errorsOf = (out: { verification: { problems: readonly any[] } }) => out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error');
const synthError = (s: CatalogSpec): string => {
  try {
    synthesize(Catalog.fromSpec(s));
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('authentication: API keys or JWT on the Gateway, in the phase each profile allows', () => {
  for (const profile of PROFILE_LIST) {
    const phase = PROFILES[profile].edge.authPhase;
    it(`${profile}: API keys → <gw>-auth, Strict, ${phase}; the fairness id comes from the key's metadata, never the key`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile, { auth: { apiKeys: { secretRef: 'maas-keys', fairnessField: 'team' } }, ...EDGE })));
      expect(errorsOf(out)).toEqual([]);
      const auth = named(out.objects, 'inference-gateway-auth');
      expect(auth.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }]);
      expect(auth.spec.traffic.phase).toBe(phase);
      expect(auth.spec.traffic.apiKeyAuthentication).toEqual({ mode: 'Strict', secretRef: { name: 'maas-keys' } });
      // No Secret is emitted: users create it.
      expect(out.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const bbr = named(out.objects, 'inference-gateway-bbr').spec.traffic.transformation.request;
      // The PreRouting policy sets the routing header and the OpenAI error routes' status header first.
      const fairnessSets = phase === 'PreRouting' ? bbr.set.slice(2) : auth.spec.traffic.transformation.request.set;
      expect(fairnessSets.map((s: any) => s.name).sort()).toEqual([...PROFILES[profile].endpointPicker.fairnessHeaders].sort());
      for (const s of fairnessSets) expect(s.value).toBe('string(apiKey.team)');
      // What the policy sets it does not remove (agentgateway removes after it sets).
      const setNames = bbr.set.map((s: any) => s.name);
      expect(bbr.remove.filter((r: string) => setNames.includes(r))).toEqual([]);
      if (phase === 'PostRouting') for (const h of PROFILES[profile].endpointPicker.fairnessHeaders) expect(bbr.remove).toContain(h);
    });

    it(`${profile}: JWT providers → jwtAuthentication with the profile's remote JWKS shape; fairness id from the subject`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile, { auth: { jwt: [JWT] } })));
      expect(errorsOf(out)).toEqual([]);
      const provider = named(out.objects, 'inference-gateway-auth').spec.traffic.jwtAuthentication.providers[0];
      expect(provider.issuer).toBe(JWT.issuer);
      expect(provider.audiences).toEqual(['maas']);
      if (PROFILES[profile].edge.jwksRemote === 'uri') {
        expect(provider.jwks).toEqual({ remote: { uri: JWT.jwksUri } });
      } else {
        expect(provider.jwks.remote).toEqual({ backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'inference-gateway-jwks-1' }, jwksPath: '/.well-known/jwks.json' });
        expect(named(out.objects, 'inference-gateway-jwks-1').spec).toEqual({ static: { host: 'idp.example.com', port: 443 }, policies: { tls: { sni: 'idp.example.com' } } });
      }
    });

    it(`${profile}: the simulator refuses a request without a credential with agentgateway's 401; with one the model routes to its pool`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile, { auth: { apiKeys: { secretRef: 'maas-keys' } } })));
      const sim = simulator(out.objects);
      const refused = sim.simulate(GW, chatCompletion(QWEN));
      expect(refused.routed).toBe(false);
      expect(refused.response?.status).toBe(401);
      // agentgateway's own text (no pinned profile can shape it as an OpenAI error).
      expect(refused.response?.body).toBe('api key authentication failure: no API Key found');
      const ok = sim.simulate(GW, chatCompletion(QWEN, { Authorization: 'Bearer sk-anything' }));
      expect(ok.routed).toBe(true);
      expect(ok.pool).toBe('llm-d/vllm-qwen3-06b');
    });
  }

  it('API keys and JWT together are refused (both read the bearer token); a JWT provider needs an audience', () => {
    expect(synthError(spec(StackProfile.UPSTREAM_2026_08, { auth: { apiKeys: { secretRef: 'k' }, jwt: [JWT] } })))
      .toContain('gateway.auth: sets both apiKeys and jwt, which both read the Authorization bearer token');
    expect(synthError(spec(StackProfile.UPSTREAM_2026_08, { auth: { jwt: [{ ...JWT, jwksUri: 'ftp://x/y' }] } }))).toContain('gateway.auth.jwt[0].jwksUri');
  });
});

describe('quotas, timeouts and big prompts', () => {
  for (const profile of PROFILE_LIST) {
    it(`${profile}: gateway-wide and per-model request limits, per minute, each its own policy and target; the body buffer on the Gateway`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile, EDGE, { rateLimit: { requestsPerMinute: 60 } })));
      expect(errorsOf(out)).toEqual([]);
      const gw = named(out.objects, 'inference-gateway-limits');
      expect(gw.spec.targetRefs[0].kind).toBe('Gateway');
      expect(gw.spec.traffic).toEqual({ phase: 'PostRouting', rateLimit: { local: [{ requests: 600, unit: 'Minutes' }] } });
      const model = named(out.objects, 'vllm-qwen3-06b-limits');
      expect(model.metadata.namespace).toBe('llm-d');
      expect(model.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'vllm-qwen3-06b' }]);
      expect(model.spec.traffic.rateLimit.local).toEqual([{ requests: 60, unit: 'Minutes' }]);
      const frontend = named(out.objects, 'inference-gateway-frontend');
      expect(frontend.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }]);
      expect(frontend.spec.frontend.http.maxBufferSize).toBe(PROFILES[profile].edge.maxBufferSize === 'int32' ? 8 * 1024 * 1024 : '8Mi');
    });

    it(`${profile}: tokensPerMinute and streamIdleTimeout are refused with the reason`, () => {
      expect(synthError(spec(profile, { rateLimit: { tokensPerMinute: 1000 } }))).toContain(`gateway.rateLimit.tokensPerMinute: 1000 cannot be enforced under ${profile}: agentgateway counts tokens only for AI backends`);
      expect(synthError(spec(profile, {}, { rateLimit: { tokensPerMinute: 1000 } }))).toContain('models[0].rateLimit.tokensPerMinute: 1000 cannot be enforced');
      expect(synthError(spec(profile, { streamIdleTimeout: '60s' }))).toContain('gateway.streamIdleTimeout: 60s cannot be expressed');
    });
  }
});

describe('per-model access: an authorization policy on the model\'s routes', () => {
  it('API-key metadata values → <pool>-access, Allow, in the models\' namespace; the other model is untouched', () => {
    const out = synthesize(Catalog.fromSpec({
      profile: StackProfile.UPSTREAM_2026_08, platform: 'kubernetes', gateway: { auth: { apiKeys: { secretRef: 'maas-keys' } } },
      models: [{ name: QWEN, access: { apiKeys: { team: ['search', 'support'] } } }, { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' }],
    } as CatalogSpec));
    expect(errorsOf(out)).toEqual([]);
    const access = named(out.objects, 'vllm-qwen3-06b-access');
    expect(access.metadata.namespace).toBe('llm-d');
    expect(access.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'vllm-qwen3-06b' }]);
    expect(access.spec.traffic).toEqual({ phase: 'PostRouting', authorization: { action: 'Allow', policy: { matchExpressions: ['string(apiKey.team) in ["search", "support"]'] } } });
    expect(out.objects.filter((o) => o.metadata?.name?.endsWith('-access'))).toHaveLength(1);
  });

  it('JWT claims need gateway.auth.jwt; a value CEL would need escaping is refused', () => {
    expect(synthError({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: [{ name: QWEN, access: { jwtClaims: { groups: ['ml'] } } }] } as CatalogSpec))
      .toContain("models[0].access.jwtClaims: names JWT claims, but the gateway has no auth.jwt: set gateway auth.jwt, or use apiKeys");
    expect(synthError({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', gateway: { auth: { jwt: [JWT] } }, models: [{ name: QWEN, access: { jwtClaims: { groups: ['a"] || true || ["'] } } }] } as CatalogSpec))
      .toContain('models[0].access.jwtClaims.groups');
  });
});

/** A catalog using every edge key this part adds. */
const EDGE_CATALOG = (profile: StackProfile): CatalogSpec => ({
  profile, platform: 'openshift' as CatalogSpec['platform'],
  gateway: { auth: { apiKeys: { secretRef: 'maas-keys', fairnessField: 'team' } }, rateLimit: { requestsPerMinute: 1200 }, requestTimeout: '600s', maxRequestBodySize: '16Mi' },
  models: [
    { name: QWEN, rateLimit: { requestsPerMinute: 300 }, access: { apiKeys: { team: ['search'] } } },
    { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', rateLimit: { requestsPerMinute: 60 } },
  ],
} as CatalogSpec);

describe.each(PROFILE_LIST)('edge shape (auth, quotas, timeouts, body size) under %s', (profile) => {
  const out = synthesize(Catalog.fromSpec(EDGE_CATALOG(profile)));

  it('golden output, verified clean against the profile\'s schemas and CEL rules', async () => {
    expect(errorsOf(out)).toEqual([]);
    expect(out.verification.celRulesEvaluated).toBeGreaterThan(0);
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/edge-${profile}/${name}`);
  });

  it('the request timeout drives the routes and the OpenShift Route; no policy cuts earlier', () => {
    // The model routes (the gateway's own OpenAI answers have no backend to wait for).
    const modelRoutes = out.objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules.some((r: any) => (r.backendRefs ?? []).some((b: any) => b.kind === 'InferencePool')));
    expect(modelRoutes.length).toBeGreaterThan(0);
    for (const r of modelRoutes) for (const rule of r.spec.rules) expect(rule.timeouts.request).toBe('600s');
    expect(out.objects.find((o) => o.kind === 'Route').metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('600s');
    expect(out.verification.problems.filter((p) => ['policy-timeout-route', 'route-timeout', 'gateway-client-headers-removed'].includes(p.rule ?? ''))).toEqual([]);
  });
});

describe('per-model limits are per model', () => {
  it('a model whose names span several HTTPRoutes is refused a rateLimit (agentgateway keeps one bucket per targeted route)', () => {
    const [p] = checkModelRateLimit({ requestsPerMinute: 60 }, ['vllm-x', 'vllm-x-2'], StackProfile.UPSTREAM_2026_08);
    expect(problemSentence(p, "model 'x'")).toBe("model 'x': 'rateLimit' cannot be one per-model limit: the model's public names span 2 HTTPRoutes (vllm-x, vllm-x-2) and agentgateway keeps one bucket per targeted route, so the model would get 2 times the limit: serve fewer public names per model (at most 128 in name mode) or use routing: map");
    expect(checkModelRateLimit({ requestsPerMinute: 60 }, ['vllm-x'], StackProfile.UPSTREAM_2026_08)).toEqual([]);
    expect(checkModelRateLimit({ requestsPerMinute: 0 }, ['vllm-x'], StackProfile.RHDEV_2026_03).map((x) => x.path)).toEqual(['rateLimit.requestsPerMinute']);
  });
});
