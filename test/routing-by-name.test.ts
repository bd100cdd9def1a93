import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonPatch, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { publicNameCatalog } from '../bench/public-names';
import { Catalog } from '../src/catalog/catalog';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { BodyRoutingPolicy } from '../src/constructs/body-routing-policy';
import { checkRouteLimits, checkRoutingMode } from '../src/constructs/checks/routing-checks';
import { ModelGateway } from '../src/constructs/model-gateway';
import { Platform } from '../src/constructs/platform';
import { shardNames, shardRouteName } from '../src/constructs/route-shards';
import { PROFILES, RoutingMode, StackProfile } from '../src/profiles/profiles';
import { chatCompletion } from '../src/verify/simulator/requests';
import { RoutingSimulator } from '../src/verify/simulator/simulator';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { verifyObjects } from '../src/verify/verify';
import { errorOf, find, ROOT } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0';
const NAMED: CatalogModelSpec = {
  name: QWEN, aliases: ['qwen', 'qwen3-small'],
  loraAdapters: [{ name: 'qwen-sql', uri: 'hf://example-org/qwen-sql-lora' }, { name: 'qwen-chat-fr', uri: 'hf://example-org/qwen-fr-lora' }, { name: 'Qwen-Legal', uri: 'hf://example-org/qwen-legal-lora' }],
};
const PROFILE_LIST = [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08];

const spec = (models: CatalogModelSpec[], profile: StackProfile, routing?: RoutingMode): CatalogSpec =>
  ({ profile, platform: 'kubernetes' as CatalogSpec['platform'], ...(routing ? { gateway: { routing } } : {}), models });
const policySet = (objects: any[]) => objects.find((o) => o.kind === 'AgentgatewayPolicy').spec.traffic.transformation.request.set[0];
/** The models' HTTPRoutes (those sending to an InferencePool; not the gateway's own OpenAI routes). */
const routesOf = (objects: any[]) => objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules.some((r: any) => (r.backendRefs ?? []).some((b: any) => b.kind === 'InferencePool')));
/** Header values an HTTPRoute matches, in order. */
const matched = (route: any): string[] => route.spec.rules.flatMap((r: any) => r.matches.map((m: any) => m.headers[0].value));
const modelSims = (out: { verification: { simulations: readonly any[] } }) => out.verification.simulations.filter((s) => s.probe === 'model');

describe('routing mode: a profile fact, a typed prop and a catalog key', () => {
  it('defaults: rhdev-2026-03 keeps the article\'s map, upstream-2026-08 routes by name', () => {
    expect(PROFILES[StackProfile.RHDEV_2026_03].routingMode).toBe(RoutingMode.MAP);
    expect(PROFILES[StackProfile.UPSTREAM_2026_08].routingMode).toBe(RoutingMode.NAME);
    const rhdev = synthesize(Catalog.fromSpec(spec([{ name: QWEN }], StackProfile.RHDEV_2026_03)));
    expect(policySet(rhdev.objects)).toEqual({ name: 'X-Gateway-Base-Model-Name', value: `{\n  "${QWEN}": "${QWEN}"\n}[json(request.body).model]` });
    const upstream = synthesize(Catalog.fromSpec(spec([{ name: QWEN }], StackProfile.UPSTREAM_2026_08)));
    expect(policySet(upstream.objects)).toEqual({ name: 'X-Gateway-Model-Name', value: 'string(json(request.body).model)' });
  });

  it('the catalog key overrides the profile\'s default either way', () => {
    const map = synthesize(Catalog.fromSpec(spec([NAMED], StackProfile.UPSTREAM_2026_08, RoutingMode.MAP)));
    expect(policySet(map.objects).name).toBe(BodyRoutingPolicy.HEADER);
    expect(policySet(map.objects).value).toContain('"qwen": "Qwen/Qwen3-0.6B"');
    expect(matched(find(map.objects, 'HTTPRoute', 'vllm-qwen3-06b'))).toEqual([QWEN]);
    const name = synthesize(Catalog.fromSpec(spec([NAMED], StackProfile.RHDEV_2026_03, RoutingMode.NAME)));
    expect(policySet(name.objects)).toEqual({ name: BodyRoutingPolicy.NAME_HEADER, value: BodyRoutingPolicy.NAME_EXPRESSION });
  });

  it('the typed prop on ModelGateway\'s gateway options', () => {
    const mg = new ModelGateway(Testing.chart(), 'mg', { profile: StackProfile.RHDEV_2026_03, platform: Platform.KUBERNETES, gateway: { routing: RoutingMode.NAME } });
    mg.addModel({ name: QWEN, aliases: ['qwen'] });
    expect(mg.gateway.routingMode).toBe(RoutingMode.NAME);
    expect(mg.gateway.routingPolicy.expression).toBe('string(json(request.body).model)');
    expect(matched(mg.models[0].route.toJson())).toEqual([QWEN, 'qwen']);
  });

  it('fails when the mode is neither map nor name: the construct and the catalog schema', () => {
    expect(errorOf(() => new ModelGateway(Testing.chart(), 'mg', { gateway: { routing: 'regex' as RoutingMode } }))).toBe("gateway: 'routing' must be one of 'map', 'name', got 'regex'");
    expect(checkRoutingMode('name')).toEqual([]);
    expect(errorOf(() => synthesize(Catalog.fromSpec(spec([{ name: QWEN }], StackProfile.RHDEV_2026_03, 'regex' as RoutingMode))))).toContain('gateway.routing');
  });
});

describe.each(PROFILE_LIST)('routing by name under %s', (profile) => {
  const out = synthesize(Catalog.fromSpec(spec([NAMED, { name: LLAMA }], profile, RoutingMode.NAME)));

  it('golden output: the policy sets the requested name, the HTTPRoute matches every public name', async () => {
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/routing-name-${profile}/${name}`);
  });

  it('each model\'s HTTPRoute matches its name, aliases and adapters exactly, in that order, sending to its pool', () => {
    const route = find(out.objects, 'HTTPRoute', 'vllm-qwen3-06b');
    expect(matched(route)).toEqual([QWEN, 'qwen', 'qwen3-small', 'qwen-sql', 'qwen-chat-fr', 'Qwen-Legal']);
    // The second header outranks the model_not_found route, which matches the status header alone.
    const status = { type: 'Exact', name: 'X-Gateway-Model-Status', value: 'named' };
    for (const m of route.spec.rules[0].matches) expect(m).toEqual({ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: expect.any(String) }, status] });
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'vllm-qwen3-06b' }]);
    expect(matched(find(out.objects, 'HTTPRoute', 'vllm-tinyllama-11b-chat-v10'))).toEqual([LLAMA]);
  });

  it('verifies clean, and the simulator routes every name to its base pool', () => {
    expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const pools = Object.fromEntries(modelSims(out).map((s) => [s.model, s.decision.pool]));
    const q = 'llm-d/vllm-qwen3-06b';
    expect(pools).toEqual({ [QWEN]: q, 'qwen': q, 'qwen3-small': q, 'qwen-sql': q, 'qwen-chat-fr': q, 'Qwen-Legal': q, [LLAMA]: 'llm-d/vllm-tinyllama-11b-chat-v10' });
  });

  it('keeps clients from steering: a client-set header is overwritten, or removed when the body has no usable model', () => {
    const sim = new RoutingSimulator(new Model(new ObjectIndex(out.objects)));
    const gw = 'agentgateway-system/inference-gateway';
    const spoofed = { 'X-Gateway-Model-Name': 'qwen' };
    expect(sim.simulate(gw, chatCompletion('verify/no-such-model', spoofed)).routed).toBe(false);
    expect(sim.simulate(gw, chatCompletion(LLAMA, spoofed)).pool).toBe('llm-d/vllm-tinyllama-11b-chat-v10');
    for (const body of ['not json', '{}', '{"model":null}', '{"model":["qwen"]}']) {
      const d = sim.simulate(gw, { method: 'POST', path: '/v1/chat/completions', headers: spoofed, body });
      expect(d.routed, body).toBe(false);
      expect(d.headers['x-gateway-model-name'], body).toBeUndefined();
    }
  });
});

describe('sharding within Gateway API\'s HTTPRoute limits', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

  it('splits names into rules of at most 64 and routes of at most 128, in order', () => {
    const sizes = (n: number) => shardNames(names(n)).map((route) => route.map((rule) => rule.length));
    expect(sizes(0)).toEqual([]);
    expect(sizes(1)).toEqual([[1]]);
    expect(sizes(64)).toEqual([[64]]);
    expect(sizes(65)).toEqual([[64, 1]]);
    expect(sizes(128)).toEqual([[64, 64]]);
    expect(sizes(129)).toEqual([[64, 64], [1]]);
    expect(sizes(257)).toEqual([[64, 64], [64, 64], [1]]);
    expect(shardNames(names(129)).flat(2)).toEqual(names(129));
    expect([0, 1, 2].map((i) => shardRouteName('p', i))).toEqual(['p', 'p-2', 'p-3']);
  });

  it('a model with 129 public names gets HTTPRoutes <pool> (64 + 64 matches) and <pool>-2 (1), both verified against the schemas', () => {
    const out = synthesize(Catalog.fromSpec(publicNameCatalog(129, { profile: StackProfile.UPSTREAM_2026_08 })));
    const routes = routesOf(out.objects);
    expect(routes.map((r) => [r.metadata.name, r.spec.rules.map((x: any) => x.matches.length)])).toEqual([['model-0000', [64, 64]], ['model-0000-2', [1]]]);
    expect(routes.flatMap(matched)).toEqual(out.chart.modelGateway.models[0].publicNames);
    expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('the stored schemas enforce the limits: one more match in the first route fails its CEL rule (129 in a route)', () => {
    const out = synthesize(Catalog.fromSpec(publicNameCatalog(129, { profile: StackProfile.UPSTREAM_2026_08 })));
    const objects = structuredClone(out.objects);
    const [first, second] = routesOf(objects);
    first.spec.rules.push(second.spec.rules[0]);
    const problems = verifyObjects(objects.filter((o) => o !== second), undefined, 'default', { stack: { profile: StackProfile.UPSTREAM_2026_08 } }).problems;
    expect(problems.filter((p) => p.rule === 'schema-cel').map((p) => p.message)).toEqual([expect.stringContaining('the total number of matches across all rules in a route must be less than 128')]);
  });

  it('fails when a route exceeds a limit: 65 matches in one rule, 129 in a route, 17 rules (construct check)', () => {
    expect(checkRouteLimits('r', [64, 64])).toEqual([]);
    expect(checkRouteLimits('r', [65]).map((p) => p.message)).toEqual(["rule 0 of HTTPRoute 'r' has 65 matches, above the 64 Gateway API allows in one rule"]);
    expect(checkRouteLimits('r', [64, 64, 1]).map((p) => p.message)).toEqual(["HTTPRoute 'r' has 129 matches over its rules, above the 128 Gateway API allows in one route"]);
    expect(checkRouteLimits('r', Array(17).fill(1)).map((p) => p.message)).toEqual(["HTTPRoute 'r' has 17 rules, above the 16 Gateway API allows"]);
  });

  it('fails at synth when an escape-hatch override pushes a route over the limit', () => {
    const chart = Testing.chart();
    const mg = new ModelGateway(chart, 'mg', { platform: Platform.KUBERNETES, gateway: { routing: RoutingMode.NAME } });
    const m = mg.addModel({ name: QWEN });
    const match = { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: QWEN }] };
    m.route.addJsonPatch(JsonPatch.replace('/spec/rules/0/matches', Array(65).fill(match)));
    expect(errorOf(() => Testing.synth(chart))).toContain("rule 0 of HTTPRoute 'vllm-qwen3-06b' has 65 matches, above the 64 Gateway API allows in one rule: split the matches over more rules");
  });

  it('fails when a model\'s second HTTPRoute <pool>-2 would have the name of another model\'s pool', () => {
    const clash = publicNameCatalog(129, { profile: StackProfile.UPSTREAM_2026_08 });
    clash.models.push({ name: 'other/model', pool: 'model-0000-2' });
    expect(errorOf(() => synthesize(Catalog.fromSpec(clash)))).toContain("model 'scale-org/model-0000' has more than 128 public names, so it needs HTTPRoute 'model-0000-2' too, which is the name of model 'other/model''s pool and HTTPRoute: set another 'pool' on one of the two models");
    const fine = publicNameCatalog(129, { profile: StackProfile.UPSTREAM_2026_08 });
    fine.models.push({ name: 'other/model', pool: 'model-0000-3' });
    expect(() => synthesize(Catalog.fromSpec(fine))).not.toThrow();
  });

  it('fails when a public name is taken by another model: the clash names both owners', () => {
    const models = [{ name: QWEN, aliases: ['fast'] }, { name: LLAMA, loraAdapters: [{ name: 'fast', uri: 'hf://org/fast' }] }];
    expect(errorOf(() => synthesize(Catalog.fromSpec(spec(models, StackProfile.UPSTREAM_2026_08, RoutingMode.NAME)))))
      .toContain(`LoRA adapter 'fast' of model '${LLAMA}' clashes with alias 'fast' of model '${QWEN}'`);
  });

  it('fails in map mode when the map exceeds agentgateway\'s expression limit, naming the count, the limit and routing: name', () => {
    const message = errorOf(() => synthesize(Catalog.fromSpec(publicNameCatalog(1000, { profile: StackProfile.RHDEV_2026_03 }))));
    expect(message).toMatch(/the body-routing map for 1000 names \(992 of them aliases or LoRA adapters.*\) is \d+ characters, above the 16384 agentgateway accepts in one expression: set the gateway's routing to name/);
  });
});

describe.each([
  [StackProfile.UPSTREAM_2026_08, 129],
  [StackProfile.RHDEV_2026_03, 50],
])('10,000 public names under %s (%i names per model)', (profile, perModel) => {
  const catalog = publicNameCatalog(10_000, { profile, perModel, routing: RoutingMode.NAME });
  const out = synthesize(Catalog.fromSpec(catalog));
  const pools = new Map<string, string>();
  for (const m of catalog.models) for (const n of [m.name, ...m.aliases ?? [], ...(m.loraAdapters ?? []).map((a) => a.name)]) pools.set(n, `llm-d/${m.pool}`);

  it('synthesizes with no verification error (every CRD schema and CEL rule of the profile)', () => {
    expect(pools.size).toBe(10_000);
    expect(catalog.models).toHaveLength(Math.ceil(10_000 / perModel));
    expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('every HTTPRoute fits Gateway API\'s limits and every public name is matched exactly once', () => {
    const routes = routesOf(out.objects);
    for (const r of routes) {
      expect(r.spec.rules.length).toBeLessThanOrEqual(16);
      for (const rule of r.spec.rules) expect(rule.matches.length).toBeLessThanOrEqual(64);
      expect(matched(r).length).toBeLessThanOrEqual(128);
    }
    const all = routes.flatMap(matched);
    expect(all).toHaveLength(10_000);
    expect(new Set(all).size).toBe(10_000);
    expect(policySet(out.objects).value).toBe('string(json(request.body).model)');
  });

  it('the simulator routes every one of the 10,000 names to its base model\'s pool', () => {
    const sims = modelSims(out);
    expect(sims).toHaveLength(10_000);
    const wrong = sims.filter((s) => s.decision.pool !== pools.get(s.model)).map((s) => `${s.model} → ${s.decision.pool ?? s.decision.reason}`);
    expect(wrong).toEqual([]);
  });
});

describe('README "Thousands of model names"', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Thousands of model names'), readme.indexOf('## Profiles'));
  const block = /```yaml\n(# scale-catalog\.yaml\n[\s\S]*?)```/.exec(section)![1];

  it('the scale catalog creates the HTTPRoutes the section names, matching what it says', () => {
    const out = synthesize(Catalog.fromSpec(YAML.parse(block)));
    expect(routesOf(out.objects).map((r) => [r.metadata.name, r.spec.rules.length, matched(r)])).toEqual([
      ['vllm-qwen3-06b', 1, ['Qwen/Qwen3-0.6B', 'qwen', 'qwen-sql']],
      ['vllm-tinyllama-11b-chat-v10', 1, [LLAMA]],
    ]);
    expect(section).toContain('HTTPRoute\n`vllm-qwen3-06b` with one rule matching `Qwen/Qwen3-0.6B`, `qwen` and `qwen-sql`');
    expect(policySet(out.objects)).toEqual({ name: 'X-Gateway-Model-Name', value: 'string(json(request.body).model)' });
    expect(section).toContain('`X-Gateway-Model-Name` = `string(json(request.body).model)`');
  });
});
