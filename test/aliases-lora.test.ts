import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { catalogProblems } from '../src/catalog/catalog-checks';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { BodyRoutingPolicy } from '../src/constructs/body-routing-policy';
import { ModelGateway } from '../src/constructs/model-gateway';
import { StackProfile } from '../src/profiles/profiles';
import { servedModelNames } from '../src/verify/model/containers';
import { errorOf, find } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0';
const ADAPTERS = [
  { name: 'qwen-sql', uri: 'hf://example-org/qwen-sql-lora' },
  { name: 'qwen-chat-fr', uri: 'hf://example-org/qwen-fr-lora' },
  { name: 'Qwen-Legal', uri: 'hf://example-org/qwen-legal-lora' },
];
const NAMED: CatalogModelSpec = { name: QWEN, aliases: ['qwen', 'qwen3-small'], loraAdapters: ADAPTERS };

function spec(models: CatalogModelSpec[], profile: StackProfile = StackProfile.RHDEV_2026_03): CatalogSpec {
  return { profile, platform: 'kubernetes' as any, models };
}
const vllmArgs = (objects: any[], pool: string): string[] =>
  find(objects, 'Deployment', pool).spec.template.spec.containers.find((c: any) => c.name === 'vllm').args;
const routingExpression = (objects: any[]): string =>
  objects.find((o) => o.kind === 'AgentgatewayPolicy').spec.traffic.transformation.request.set[0].value;

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('aliases and LoRA adapters under %s', (profile) => {
  const out = synthesize(Catalog.fromSpec(spec([NAMED, { name: LLAMA }], profile)));

  it('golden output: a model with two aliases and three LoRA adapters beside a plain one', async () => {
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/names-${profile}/${name}`);
  });

  it('passes every alias to vLLM as another --served-model-name value, after the model name', () => {
    const args = vllmArgs(out.objects, 'vllm-qwen3-06b');
    const at = args.indexOf('--served-model-name');
    expect(args.slice(at + 1, at + 4)).toEqual([QWEN, 'qwen', 'qwen3-small']);
    expect(args.filter((a) => a === '--served-model-name')).toHaveLength(1);
  });

  it('serves the adapters: --enable-lora, --lora-modules name=<HF repository id>, --max-loras the number of adapters', () => {
    const args = vllmArgs(out.objects, 'vllm-qwen3-06b');
    expect(args).toContain('--enable-lora');
    const at = args.indexOf('--lora-modules');
    expect(args.slice(at + 1, at + 4)).toEqual(['qwen-sql=example-org/qwen-sql-lora', 'qwen-chat-fr=example-org/qwen-fr-lora', 'Qwen-Legal=example-org/qwen-legal-lora']);
    expect(args[args.indexOf('--max-loras') + 1]).toBe('3');
    expect(args).not.toContain('--max-lora-rank');
  });

  it('leaves a model without aliases or adapters as before', () => {
    const args = vllmArgs(out.objects, 'vllm-tinyllama-11b-chat-v10');
    expect(args.slice(args.indexOf('--served-model-name') + 1, args.indexOf('--served-model-name') + 3)).toEqual([LLAMA, '--port']);
    expect(args).not.toContain('--enable-lora');
  });

  it('maps every alias and adapter to the base model in the routing map (the base HTTPRoute matches them)', () => {
    const routes = out.chart.modelGateway.gateway.routingPolicy.entries;
    expect(routes).toEqual([
      { publicName: QWEN, baseModel: QWEN },
      { publicName: 'qwen', baseModel: QWEN },
      { publicName: 'qwen3-small', baseModel: QWEN },
      ...ADAPTERS.map((a) => ({ publicName: a.name, baseModel: QWEN })),
      { publicName: LLAMA, baseModel: LLAMA },
    ]);
    if (profile === StackProfile.RHDEV_2026_03) {
      expect(routingExpression(out.objects)).toContain('"Qwen-Legal": "Qwen/Qwen3-0.6B"');
    } else {
      // upstream-2026-08 routes on the requested name: the model's HTTPRoute matches each public name.
      expect(routingExpression(out.objects)).toBe(BodyRoutingPolicy.NAME_EXPRESSION);
      const matched = find(out.objects, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules.flatMap((r: any) => r.matches.map((m: any) => m.headers[0].value));
      expect(matched).toEqual([QWEN, 'qwen', 'qwen3-small', ...ADAPTERS.map((a) => a.name)]);
    }
    // one HTTPRoute per model; the gateway's own OpenAI routes (list, 404, 400, one per name: 7 names) besides
    expect(out.objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules[0].backendRefs?.[0]?.kind === 'InferencePool')).toHaveLength(2);
    expect(out.objects.filter((o) => o.kind === 'HTTPRoute')).toHaveLength(2 + 3 + 7);
  });

  it('verifies clean, and the simulator routes every alias and adapter to the base pool', () => {
    expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const routed = Object.fromEntries(out.verification.simulations.filter((s) => s.probe === 'model').map((s) => [s.model, s.decision.pool]));
    const qwenPool = 'llm-d/vllm-qwen3-06b';
    expect(routed).toEqual({
      [QWEN]: qwenPool, 'qwen': qwenPool, 'qwen3-small': qwenPool,
      'qwen-sql': qwenPool, 'qwen-chat-fr': qwenPool, 'Qwen-Legal': qwenPool,
      [LLAMA]: 'llm-d/vllm-tinyllama-11b-chat-v10',
    });
  });

  it('verify counts every served name of the pod: base, aliases and adapters', () => {
    const d = find(out.objects, 'Deployment', 'vllm-qwen3-06b');
    const t = { containers: d.spec.template.spec.containers } as any;
    expect(servedModelNames(t)).toEqual([QWEN, 'qwen', 'qwen3-small', 'qwen-sql', 'qwen-chat-fr', 'Qwen-Legal']);
  });
});

describe('aliases and adapters: rules (synth and catalog)', () => {
  const fails = (models: CatalogModelSpec[]) => errorOf(() => synthesize(Catalog.fromSpec(spec(models))));

  it('sets --max-lora-rank only when given', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ ...NAMED, maxLoraRank: 64 }])));
    const args = vllmArgs(out.objects, 'vllm-qwen3-06b');
    expect(args[args.indexOf('--max-lora-rank') + 1]).toBe('64');
  });

  it('names compare exactly: an alias differing only in case is a different public name', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ name: QWEN, aliases: ['qwen/qwen3-0.6b'] }])));
    expect(out.chart.modelGateway.gateway.routingPolicy.entries.map((e) => e.publicName)).toEqual([QWEN, 'qwen/qwen3-0.6b']);
  });

  it('fails when an alias of one model is another model\'s name, naming both owners', () => {
    const models = [{ name: QWEN }, { name: LLAMA, aliases: [QWEN] }];
    expect(catalogProblems(spec(models))).toEqual([
      `models[1]: model '${LLAMA}' has the public name '${QWEN}' already taken: alias '${QWEN}' of model '${LLAMA}' clashes with model '${QWEN}': each name clients send must be unique across the catalog`,
    ]);
    expect(fails(models)).toContain(`alias '${QWEN}' of model '${LLAMA}' clashes with model '${QWEN}'`);
  });

  it('reports a name clash and the same model\'s own option problems together (catalog and construct)', () => {
    const models = [{ name: QWEN }, { name: LLAMA, aliases: [QWEN], gpus: 4, tensorParallelSize: 2 }];
    const lines = catalogProblems(spec(models));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`alias '${QWEN}' of model '${LLAMA}' clashes with model '${QWEN}'`);
    expect(lines[1]).toMatch(/^models\[1\]: .*'gpus'/);
    const mg = new ModelGateway(Testing.chart(), 'mg', { models: [{ name: QWEN }] });
    const message = errorOf(() => mg.addModel({ name: LLAMA, aliases: [QWEN], gpus: 4, tensorParallelSize: 2 }));
    expect(message).toContain(`clashes with model '${QWEN}'`);
    expect(message).toContain("'gpus'");
  });

  it('reports a malformed public name and the same model\'s other option problems together', () => {
    const lines = catalogProblems(spec([{ name: QWEN, aliases: ['--port'], gpus: 4, tensorParallelSize: 2 }]));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("'aliases[0]' must not start with '-'");
    expect(lines[1]).toMatch(/^models\[0\]: .*'gpus'/);
    const message = errorOf(() => new ModelGateway(Testing.chart(), 'mg', { models: [{ name: QWEN, aliases: ['--port'], gpus: 4, tensorParallelSize: 2 }] }));
    expect(message).toContain("'aliases[0]'");
    expect(message).toContain("'gpus'");
  });

  it('fails when an adapter of one model has the name of an alias of another', () => {
    const models = [{ name: QWEN, aliases: ['assistant'] }, { name: LLAMA, loraAdapters: [{ name: 'assistant', uri: 'hf://org/a' }] }];
    expect(fails(models)).toContain(`LoRA adapter 'assistant' of model '${LLAMA}' clashes with alias 'assistant' of model '${QWEN}'`);
  });

  it('fails when a model lists the same public name twice (alias equal to an adapter)', () => {
    const models = [{ name: QWEN, aliases: ['x'], loraAdapters: [{ name: 'x', uri: 'hf://org/x' }] }];
    expect(fails(models)).toContain("has the public name 'x' twice: alias 'x' of model 'Qwen/Qwen3-0.6B' and LoRA adapter 'x' of model 'Qwen/Qwen3-0.6B'");
  });

  it('fails on an adapter URI with another scheme, listing the form allowed', () => {
    const models = [{ name: QWEN, loraAdapters: [{ name: 'a', uri: 's3://bucket/a' }] }];
    expect(catalogProblems(spec(models))).toEqual([
      "models[0]: 'loraAdapters[0].uri' must use one of the schemes hf://, pvc:// (s3:// is not supported here), got 's3://bucket/a': use hf://<organization>/<name> or pvc://<claim>/<path>".replace("models[0]: ", `models[0]: model '${QWEN}': `),
    ]);
  });

  it('fails on an adapter name with \'=\' (vLLM splits name=path) and on an alias starting with \'-\'', () => {
    expect(fails([{ name: QWEN, loraAdapters: [{ name: 'a=b', uri: 'hf://org/a' }] }])).toContain("'loraAdapters[0].name' must not contain '='");
    expect(fails([{ name: QWEN, aliases: ['--port'] }])).toContain("'aliases[0]' must not start with '-'");
  });

  it('fails on a LoRA rank vLLM does not accept, and on a rank without adapters', () => {
    expect(fails([{ ...NAMED, maxLoraRank: 12 }])).toContain("'maxLoraRank' must be one of 1, 8, 16, 32, 64, 128, 256, 320, 512");
    expect(fails([{ name: QWEN, maxLoraRank: 16 }])).toContain("'maxLoraRank' is set but the model lists no loraAdapters");
  });

  it('fails on more aliases than allowed: the catalog schema and the construct', () => {
    const aliases = Array.from({ length: 65 }, (_, i) => `a${i}`);
    expect(fails([{ name: QWEN, aliases }])).toContain('models[0].aliases: got 65 items; at most 64 are allowed');
    expect(errorOf(() => new ModelGateway(Testing.chart(), 'mg', { models: [{ name: QWEN, aliases }] }))).toBe(`model '${QWEN}': 'aliases' must list at most 64 aliases, got 65: serve the extra names from another model entry`);
  });

  it('the TypeScript API: a clash across addModel calls names both owners, and a ServedModel exposes its names', () => {
    const mg = new ModelGateway(Testing.chart(), 'mg');
    const qwen = mg.addModel({ name: QWEN, aliases: ['qwen'], loraAdapters: [{ name: 'sql', uri: 'hf://org/sql' }] });
    expect(qwen.aliases).toEqual(['qwen']);
    expect(qwen.loraAdapters).toEqual([{ name: 'sql', uri: 'hf://org/sql' }]);
    expect(errorOf(() => mg.addModel({ name: LLAMA, loraAdapters: [{ name: 'qwen', uri: 'hf://org/q' }] })))
      .toBe(`model '${LLAMA}' has the public name 'qwen' already taken: LoRA adapter 'qwen' of model '${LLAMA}' clashes with alias 'qwen' of model '${QWEN}': each name clients send must be unique across the catalog`);
  });
});

describe('the 16,384-character CEL limit with aliases', () => {
  const longNames = (n: number) => Array.from({ length: n }, (_, i) => `org/model-${i}-${'x'.repeat(200)}`);

  it('an identity map above the limit still routes on the model field unchanged', () => {
    const chart = Testing.chart();
    const policy = new BodyRoutingPolicy(chart, 'p', { name: 'p', namespace: 'gw', gatewayName: 'g' });
    for (const n of longNames(80)) policy.addRoute(n, n);
    expect(policy.expression).toBe(BodyRoutingPolicy.MODEL_FIELD);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  it('fails when one alias makes the long map no identity, counting the aliases and naming the fix', () => {
    const chart = Testing.chart();
    const policy = new BodyRoutingPolicy(chart, 'p', { name: 'p', namespace: 'gw', gatewayName: 'g' });
    const names = longNames(80);
    for (const n of names) policy.addRoute(n, n);
    policy.addRoute('fast', names[0]);
    expect(policy.expression.length).toBeGreaterThan(BodyRoutingPolicy.MAX_EXPRESSION_LENGTH);
    expect(errorOf(() => Testing.synth(chart))).toContain('the body-routing map for 81 names (1 of them aliases or LoRA adapters, names other than their base model, so the policy cannot route on the model field unchanged)');
  });
});
