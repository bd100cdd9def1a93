import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize, Synthesis } from '../src/cli/synth';
import { BodyRoutingPolicy } from '../src/constructs/body-routing-policy';
import { ListingServer, nginxConf, shardNames } from '../src/constructs/listing-server';
import { OpenAiSurface } from '../src/constructs/openai-surface';
import { PROFILES, RoutingMode, StackProfile } from '../src/profiles/profiles';
import { BAD_REQUEST_BODY, ListedName, listedIds, MODEL_NOT_FOUND_BODY, modelPath, openAiShapeProblem } from '../src/util/openai';
import { chatCompletion } from '../src/verify/simulator/requests';
import { errorOf, find } from './helpers';

const GW = 'agentgateway-system/inference-gateway';
const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0';

/** Two models, an alias and a LoRA adapter, on Kubernetes. */
function catalog(profile: StackProfile, extra: Partial<CatalogSpec> = {}): CatalogSpec {
  return {
    profile,
    platform: 'kubernetes',
    models: [
      { name: QWEN, aliases: ['qwen'], loraAdapters: [{ name: 'qwen-sql', uri: 'hf://org/qwen-sql-lora' }] },
      { name: LLAMA },
    ],
    ...extra,
  } as CatalogSpec;
}

const run = (spec: CatalogSpec): Synthesis => synthesize(Catalog.fromSpec(spec));
const errors = (out: Synthesis) => out.verification.problems.filter((p) => p.severity === 'error');
const modelRoutes = (objects: any[]) => objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules.some((r: any) => (r.backendRefs ?? []).some((b: any) => b.kind === 'InferencePool')));
const directBody = (objects: any[], name: string) => find(objects, 'AgentgatewayPolicy', name).spec.traffic.directResponse;
/** The public names the model routes serve, in order (name mode: matched; map mode: the map's keys). */
const served = [QWEN, 'qwen', 'qwen-sql', LLAMA];

describe.each([
  [StackProfile.RHDEV_2026_03, RoutingMode.MAP],
  [StackProfile.UPSTREAM_2026_08, RoutingMode.NAME],
  [StackProfile.RHDEV_2026_03, RoutingMode.NAME],
  [StackProfile.UPSTREAM_2026_08, RoutingMode.MAP],
])('OpenAI surface under %s, routing %s', (profile, routing) => {
  const out = run(catalog(profile, { gateway: { routing } } as Partial<CatalogSpec>));
  const sim = out.verification.simulator;
  const created = PROFILES[profile].modelListing.created;

  it('verifies clean against the profile\'s schemas and CEL rules', () => {
    expect(errors(out)).toEqual([]);
  });

  it('GET /v1/models lists exactly the names the routes serve, in catalog order, the adapter with its parent', () => {
    const list = JSON.parse(directBody(out.objects, 'inference-gateway-models').body);
    expect(list.data.map((m: any) => m.id)).toEqual(served);
    expect(list.data.find((m: any) => m.id === 'qwen-sql')).toEqual({ id: 'qwen-sql', object: 'model', created, owned_by: 'Qwen', parent: QWEN });
    expect(list.data.find((m: any) => m.id === 'qwen')).toEqual({ id: 'qwen', object: 'model', created, owned_by: 'Qwen' });
    const d = sim.simulate(GW, { method: 'GET', path: '/v1/models' });
    expect(d.routed).toBe(false);
    expect(d.response?.status).toBe(200);
    expect(listedIds(d.response!.body)).toEqual(served);
    // every listed name routes to a pool: the list and the routes agree
    for (const id of listedIds(d.response!.body)!) expect(sim.simulate(GW, chatCompletion(id)).routed).toBe(true);
  });

  it('GET /v1/models/<id> answers each name with its own model; an unknown id gets 404 model_not_found', () => {
    for (const id of served) {
      const d = sim.simulate(GW, { method: 'GET', path: `/v1/models/${id}` });
      expect(d.response?.status).toBe(200);
      expect(JSON.parse(d.response!.body).id).toBe(id);
      expect(d.route).toBe(`llm-d/${OpenAiSurface.routeNameOf('inference-gateway', id)}`);
    }
    const unknown = sim.simulate(GW, { method: 'GET', path: '/v1/models/no/such' });
    expect(unknown.response).toEqual({ status: 404, body: MODEL_NOT_FOUND_BODY, policy: 'llm-d/inference-gateway-model-not-found' });
  });

  it('a known model still routes to its pool; an unknown one gets the 404, a non-JSON body or one without model the 400', () => {
    for (const id of served) {
      const d = sim.simulate(GW, chatCompletion(id));
      expect(d.routed).toBe(true);
      expect(d.response).toBeUndefined();
      expect(d.pool).toBe(id === LLAMA ? 'llm-d/vllm-tinyllama-11b-chat-v10' : 'llm-d/vllm-qwen3-06b');
    }
    expect(sim.simulate(GW, chatCompletion('gpt-4')).response?.status).toBe(404);
    expect(JSON.parse(sim.simulate(GW, chatCompletion('gpt-4')).response!.body).error.code).toBe('model_not_found');
    const post = (body: string) => sim.simulate(GW, { method: 'POST', path: '/v1/chat/completions', body });
    for (const body of ['model=qwen', '{"messages":[]}', '{"model":null}', '{"model":["a"]}', '']) {
      expect(post(body).response, body).toEqual({ status: 400, body: BAD_REQUEST_BODY, policy: 'llm-d/inference-gateway-bad-request' });
    }
    // a client cannot reach the 404 or a model by setting the status header itself
    expect(sim.simulate(GW, chatCompletion(QWEN, { [BodyRoutingPolicy.STATUS_HEADER]: 'unknown' })).routed).toBe(true);
    expect(post('{"messages":[]}').response?.status).toBe(400);
  });

  it('the error bodies parse as OpenAI errors; every direct response is OpenAI-shaped for its status', () => {
    expect(JSON.parse(MODEL_NOT_FOUND_BODY).error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
    expect(JSON.parse(BAD_REQUEST_BODY).error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: null });
    const policies = out.objects.filter((o) => o.kind === 'AgentgatewayPolicy' && o.spec.traffic?.directResponse);
    expect(policies.length).toBe(3 + served.length);
    for (const p of policies) expect(openAiShapeProblem(p.spec.traffic.directResponse.status, p.spec.traffic.directResponse.body)).toBeUndefined();
  });

  it('the OpenAI routes and policies live in the models\' namespace, parented to the Gateway with its namespace', () => {
    const own = out.objects.filter((o) => /^inference-gateway-(models|model-|bad-request)/.test(o.metadata.name));
    expect(own.every((o) => o.metadata.namespace === 'llm-d')).toBe(true);
    for (const r of own.filter((o) => o.kind === 'HTTPRoute')) {
      expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'agentgateway-system' }]);
      expect(r.spec.rules[0].filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'content-type', value: 'application/json' }] } }]);
    }
  });

  it('model routes match the status header exactly when the policy says they must (name mode), and then outrank the 404 route', () => {
    const headers = modelRoutes(out.objects).flatMap((r) => r.spec.rules.flatMap((x: any) => x.matches.map((m: any) => m.headers.map((h: any) => h.name))));
    const expected = routing === RoutingMode.NAME ? ['X-Gateway-Model-Name', BodyRoutingPolicy.STATUS_HEADER] : ['X-Gateway-Base-Model-Name'];
    for (const h of headers) expect(h).toEqual(expected);
    const notFound = find(out.objects, 'HTTPRoute', 'inference-gateway-model-not-found');
    expect(notFound.spec.rules[0].matches[0].headers).toEqual([{ type: 'Exact', name: BodyRoutingPolicy.STATUS_HEADER, value: routing === RoutingMode.NAME ? 'named' : 'unknown' }]);
  });
});

describe('map mode whose map falls back to the model field (too long for one expression)', () => {
  // 200 models with 60-character names: the map is above 16384 characters, every entry a name to itself.
  const names = Array.from({ length: 200 }, (_, i) => `organization-${String(i).padStart(3, '0')}/${'m'.repeat(40)}-${i}`);
  const out = run({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: names.map((name, i) => ({ name, pool: `m${i}` })) } as CatalogSpec);
  const sim = out.verification.simulator;

  it('routes on the model field, the model routes match the status header too, and the 404 route takes unknown names', () => {
    const policy = find(out.objects, 'AgentgatewayPolicy', 'inference-gateway-bbr');
    expect(policy.spec.traffic.transformation.request.set[0].value).toBe(BodyRoutingPolicy.MODEL_FIELD);
    expect(policy.spec.traffic.transformation.request.set[1].value).toContain('"named"');
    for (const r of modelRoutes(out.objects)) expect(r.spec.rules[0].matches[0].headers.map((h: any) => h.name)).toEqual(['X-Gateway-Base-Model-Name', BodyRoutingPolicy.STATUS_HEADER]);
    expect(errors(out)).toEqual([]);
    expect(sim.simulate(GW, chatCompletion(names[7])).pool).toBe('llm-d/m7');
    expect(sim.simulate(GW, chatCompletion('gpt-4')).response?.status).toBe(404);
    expect(sim.simulate(GW, { method: 'POST', path: '/v1/chat/completions', body: '{}' }).response?.status).toBe(400);
  });

  it('above the direct-response bound the listing is the static server\'s, which lists every name', () => {
    expect(out.chart.modelGateway.openAi.usesStaticServer).toBe(true);
    const listing = out.verification.simulations.find((s) => s.probe === 'listing')!;
    expect(listing.servedIds).toEqual(names);
    expect(out.objects.filter((o) => /^inference-gateway-model-[0-9a-f]{10}$/.test(o.metadata.name))).toEqual([]);
  });
});

describe('the static listing server', () => {
  it('takes over above 16 names: Deployment, Service and ConfigMaps in the models\' namespace, restricted, the route sending GET /v1/models and /v1/models/ to it', () => {
    const out = run({ profile: StackProfile.UPSTREAM_2026_08, platform: 'kubernetes', models: Array.from({ length: 17 }, (_, i) => ({ name: `org/model-${i}` })) } as CatalogSpec);
    expect(errors(out)).toEqual([]);
    const deploy = find(out.objects, 'Deployment', 'inference-gateway-models');
    const pod = deploy.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.image).toBe(PROFILES[StackProfile.UPSTREAM_2026_08].modelListing.staticServerImage);
      expect(c.image).not.toMatch(/:latest$/);
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      expect(c.resources.requests).toBeDefined();
    }
    expect(pod.containers[0].readinessProbe.httpGet.path).toBe('/healthz');
    const route = find(out.objects, 'HTTPRoute', 'inference-gateway-models');
    expect(route.spec.rules[0].backendRefs).toEqual([{ kind: 'Service', name: 'inference-gateway-models', port: 8080 }]);
    expect(route.spec.rules[0].matches.map((m: any) => [m.method, m.path.type, m.path.value])).toEqual([['GET', 'Exact', '/v1/models'], ['GET', 'PathPrefix', '/v1/models/']]);
    const data = find(out.objects, 'ConfigMap', 'inference-gateway-models-data-1').data;
    expect(Object.keys(data)).toEqual(['ids-000001.map', 'models-000001.jsonl']);
    expect(data['ids-000001.map'].split('\n')[16]).toBe('"/v1/models/org/model-16" 17;');
    // the gateway still answers errors itself
    expect(out.verification.simulator.simulate(GW, chatCompletion('gpt-4')).response?.status).toBe(404);
  });

  it('scales to 30,000 names: shards of at most 900 KiB, contiguous, in order, the same output twice', () => {
    const names: ListedName[] = Array.from({ length: 30000 }, (_, i) => ({ id: `organization-${i % 97}/model-with-a-longer-name-${i}`, base: `organization-${i % 97}/base`, adapter: i % 5 === 0 }));
    const shards = shardNames(names, 1);
    expect(shards.length).toBeGreaterThan(3);
    expect(shards.reduce((n, s) => n + s.count, 0)).toBe(30000);
    shards.forEach((s, i) => expect(s.first).toBe(i === 0 ? 1 : shards[i - 1].first + shards[i - 1].count));
    const synth = () => {
      const chart = Testing.chart();
      new ListingServer(chart, 'listing', { name: 'gw-models', namespace: 'llm-d', profile: StackProfile.UPSTREAM_2026_08 }).setNames(names, 1);
      return Testing.synth(chart);
    };
    const objects = synth();
    const maps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('gw-models-data-'));
    expect(maps.length).toBe(shards.length);
    for (const m of maps) expect(Object.values<string>(m.data).reduce((n, v) => n + Buffer.byteLength(v), 0)).toBeLessThanOrEqual(ListingServer.MAX_SHARD_BYTES);
    const ids = maps.flatMap((m) => Object.entries<string>(m.data).filter(([k]) => k.startsWith('models-')).flatMap(([, v]) => v.trim().split('\n').map((l) => JSON.parse(l).id)));
    expect(ids).toEqual(names.map((n) => n.id));
    const projected = find(objects, 'Deployment', 'gw-models').spec.template.spec.volumes.find((v: any) => v.name === 'parts').projected.sources;
    expect(projected.map((s: any) => s.configMap.name)).toEqual(maps.map((m) => m.metadata.name));
    expect(nginxConf(30000)).toContain('map_hash_max_size 65536;');
    expect(JSON.stringify(synth())).toBe(JSON.stringify(objects));
  });
});

describe('names the listing cannot serve, and names that collide', () => {
  it('percent-encodes names in the per-name path as clients send them, and refuses only names no path can carry', () => {
    const out = run({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: [{ name: QWEN, aliases: ['my model', '.', 'a#b'], pool: 'q' }] } as CatalogSpec);
    expect(errors(out)).toEqual([]);
    const path = (id: string) => find(out.objects, 'HTTPRoute', OpenAiSurface.routeNameOf('inference-gateway', id)).spec.rules[0].matches[0].path.value;
    expect([path('my model'), path('.'), path('a#b'), path(QWEN)]).toEqual(['/v1/models/my%20model', '/v1/models/%2E', '/v1/models/a%23b', `/v1/models/${QWEN}`]);
    const sim = out.verification.simulator;
    expect(JSON.parse(sim.simulate(GW, { method: 'GET', path: '/v1/models/my%20model' }).response!.body).id).toBe('my model');
    expect(modelPath('a/../b')).toBe('/v1/models/a/%2E%2E/b');
    expect(modelPath('a//b')).toBeUndefined();
    expect(errorOf(() => run({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: [{ name: 'org//x', pool: 'p' }] } as CatalogSpec)))
      .toContain("models[0]: model 'org//x': 'name' contains '//', an empty path segment, so no GET /v1/models/<name> path can carry it");
    expect(errorOf(() => run({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: [{ name: QWEN, aliases: ['/x'] }] } as CatalogSpec))).toContain("'aliases[0]' starts with '/'");
  });

  it('refuses a pool whose HTTPRoute would take the name of one of the gateway\'s own routes', () => {
    const msg = errorOf(() => run({ profile: StackProfile.RHDEV_2026_03, platform: 'kubernetes', models: [{ name: QWEN, pool: 'inference-gateway-bad-request' }] } as CatalogSpec));
    expect(msg).toContain("makes HTTPRoute 'inference-gateway-bad-request', the name of the gateway's own OpenAI route");
  });

  it('is deterministic: the same catalog gives byte-identical files, created from the profile, not a clock', () => {
    const a = run(catalog(StackProfile.RHDEV_2026_03));
    const b = run(catalog(StackProfile.RHDEV_2026_03));
    expect([...a.files]).toEqual([...b.files]);
    expect(JSON.parse(directBody(a.objects, 'inference-gateway-models').body).data[0].created).toBe(Date.UTC(2026, 2, 1) / 1000);
  });
});
