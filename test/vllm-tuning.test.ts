import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { ModelServer } from '../src/constructs/model-server';
import { MANAGED_VLLM_FLAGS } from '../src/constructs/checks/vllm-args-checks';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { RolloutStrategy } from '../src/profiles/rollout';
import { errorOf, find } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const RHDEV = StackProfile.RHDEV_2026_03;
const UPSTREAM = StackProfile.UPSTREAM_2026_08;

/** The objects of a lone ModelServer built with `props`. */
function server(props: Record<string, unknown>): any[] {
  const chart = new Chart(new App(), 'c');
  new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: QWEN, selectorLabels: { app: 'vllm-x' }, ...props });
  return chart.toJson();
}
const deployment = (props: Record<string, unknown>): any => find(server(props), 'Deployment', 'vllm-x');
const container = (props: Record<string, unknown>): any => deployment(props).spec.template.spec.containers[0];
/** Errors of a catalog with one model `m` (plus the catalog-wide keys in `top`), as the CLI shows them. */
const catalogError = (m: Partial<CatalogModelSpec>, top: Partial<CatalogSpec> = {}): string =>
  errorOf(() => Catalog.fromSpec({ ...top, models: [{ name: QWEN, ...m }] } as CatalogSpec, 'test.yaml').addTo(new App(), 'x'));

describe('vLLM tuning keys: maxModelLen, gpuMemoryUtilization, vllmArgs, env, affinity', () => {
  it('passes maxModelLen and gpuMemoryUtilization as flags, then the extra flags last, in order', () => {
    const args: string[] = container({ maxModelLen: 32768, gpuMemoryUtilization: 0.85, vllmArgs: ['--enable-prefix-caching', '--kv-cache-dtype', 'fp8'] }).args;
    expect(args.slice(args.indexOf('--max-model-len'))).toEqual(['--max-model-len', '32768', '--gpu-memory-utilization', '0.85', '--enable-prefix-caching', '--kv-cache-dtype', 'fp8']);
  });

  it('adds no flag when the keys are absent', () => {
    const args: string[] = container({}).args;
    expect(args).not.toContain('--max-model-len');
    expect(args).not.toContain('--gpu-memory-utilization');
    expect(args[args.length - 1]).toBe('8000');
  });

  it('appends env after the library\'s own, a value or a Secret reference', () => {
    const env = container({ env: [{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }).env;
    expect(env.slice(-2)).toEqual([{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
    expect(env[0].name).toBe('HOME');
  });

  it('passes affinity through to the pod', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'nvidia.com/gpu.product', operator: 'In', values: ['NVIDIA-H100-80GB-HBM3'] }] }] } } };
    expect(deployment({ affinity }).spec.template.spec.affinity).toEqual(affinity);
    expect(deployment({}).spec.template.spec.affinity).toBeUndefined();
  });

  it.each([
    ['--served-model-name', ['--served-model-name', 'other'], "remove it and set the model's 'name and aliases' instead"],
    ['--port=9000 (the = form)', ['--port=9000'], 'remove it: --port is fixed so the InferencePool reaches vLLM'],
    ['-tp 2 (the short form)', ['-tp', '2'], "set the model's 'tensorParallelSize' instead"],
    ['--max-model-len', ['--max-model-len=4096'], "set the model's 'maxModelLen' instead"],
    ['--lora-modules', ['--lora-modules', 'a=b'], "set the model's 'loraAdapters' instead"],
  ])('fails when vllmArgs sets a managed flag: %s, listing the managed flags and the key', (_, vllmArgs, fix) => {
    const msg = errorOf(() => server({ vllmArgs }));
    expect(msg).toContain("'vllmArgs[0]'");
    expect(msg).toContain('which the library manages (--model, --served-model-name, --port, --host');
    expect(msg).toContain(fix);
  });

  it.each([RHDEV, UPSTREAM])('fails when vllmArgs sets a flag the %s profile\'s vLLM removed', (profile) => {
    expect(errorOf(() => server({ profile, vllmArgs: ['--disable-log-requests'] })))
      .toContain(`sets --disable-log-requests, which the ${profile} profile's vLLM ${PROFILES[profile].modelServer.version} does not accept: it was removed in vLLM 0.11`);
  });

  it('fails when vllmArgs starts with a bare value, expands $( or is too long', () => {
    expect(errorOf(() => server({ vllmArgs: ['other/model'] }))).toContain("'vllmArgs[0]' must be a flag such as --enable-prefix-caching, got 'other/model'");
    expect(errorOf(() => server({ vllmArgs: ['--api-key', '$(HF_TOKEN)'] }))).toContain("'vllmArgs[1]' must not contain '$('");
    expect(errorOf(() => server({ vllmArgs: Array(65).fill('--enable-prefix-caching') }))).toContain("'vllmArgs' has 65 items, at most 64 are allowed");
    // A negative number is a value, not a flag.
    expect(container({ vllmArgs: ['--seed', '-1'] }).args.slice(-2)).toEqual(['--seed', '-1']);
  });

  it('fails when env sets a variable the library manages, lists one twice, or has no value', () => {
    expect(errorOf(() => server({ env: [{ name: 'HF_HOME', value: '/x' }] }))).toContain("'env[0].name' is HF_HOME, which the library sets (HOME, USER, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, HF_TOKEN, VLLM_NO_USAGE_STATS)");
    expect(errorOf(() => server({ env: [{ name: 'HF_TOKEN', value: 'x' }] }))).toContain("set 'hfTokenSecret' instead");
    expect(errorOf(() => server({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }))).toContain("'env[1].name' 'A' is listed twice");
    expect(errorOf(() => server({ env: [{ name: 'A' }] }))).toContain("'A' must have exactly one of value and valueFrom");
    expect(errorOf(() => server({ env: [{ name: '1A', value: '1' }] }))).toContain("'env[0].name' must be a variable name");
  });

  it('fails when maxModelLen or gpuMemoryUtilization is out of range', () => {
    expect(errorOf(() => server({ maxModelLen: 0 }))).toContain("'maxModelLen' must be a whole number of tokens from 1 to 16777216, got 0");
    expect(errorOf(() => server({ maxModelLen: 1.5 }))).toContain("'maxModelLen' must be a whole number");
    expect(errorOf(() => server({ gpuMemoryUtilization: 0 }))).toContain("'gpuMemoryUtilization' must be a fraction above 0 and at most 1, got 0");
    expect(errorOf(() => server({ gpuMemoryUtilization: 1.2 }))).toContain('got 1.2');
  });

  it('fails when affinity has a key that is not a Kubernetes affinity field', () => {
    expect(errorOf(() => server({ affinity: { nodeAfinity: {} } }))).toContain("'affinity.nodeAfinity' is not a field of a Kubernetes pod affinity");
  });

  it('the managed flags include every flag the library writes', () => {
    const args: string[] = container({ tensorParallelSize: 2, maxModelLen: 1024, gpuMemoryUtilization: 0.5, loraModules: [{ name: 'a', path: 'o/a' }] }).args;
    for (const flag of args.filter((a) => a.startsWith('--'))) expect(Object.keys(MANAGED_VLLM_FLAGS)).toContain(flag);
  });
});

describe('catalog tuning keys, under the model path', () => {
  it('fails when a catalog vllmArgs entry contradicts a managed flag', () => {
    expect(catalogError({ vllmArgs: ['--served-model-name=foo'] })).toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'vllmArgs[0]' sets --served-model-name, which the library manages");
  });
  it('fails when a catalog env entry names a managed variable or has both value and secretKeyRef', () => {
    expect(catalogError({ env: [{ name: 'HOME', value: '/x' }] })).toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'env[0].name' is HOME, which the library sets");
    expect(catalogError({ env: [{ name: 'A', value: '1', secretKeyRef: { name: 's', key: 'k' } }] })).toContain("'A' must have exactly one of value and valueFrom");
  });
  it('fails when a catalog affinity has a misspelt key, or the schema finds a bad value', () => {
    expect(catalogError({ affinity: { nodeAffinity: { requiredDuringScheduling: {} } } })).toContain("'affinity.nodeAffinity.requiredDuringScheduling' is not a field of a Kubernetes pod affinity");
    expect(catalogError({ maxModelLen: 0 })).toContain('models[0].maxModelLen: got 0; must be >= 1');
    expect(catalogError({ gpuMemoryUtilization: 0 })).toContain("'gpuMemoryUtilization' must be a fraction above 0 and at most 1, got 0");
    expect(catalogError({ rollout: 'blue-green' as any })).toContain('models[0].rollout: got "blue-green"; must be one of "surge", "no-surge", "recreate"');
    expect(catalogError({ nodeSelector: { a: 1 as any } })).toContain('models[0].nodeSelector.a: got 1; must be a string');
  });
});

describe('default vLLM resources (profile facts)', () => {
  it('upstream-2026-08: 4 CPU and 16Gi requested, 32Gi limit per GPU; no CPU limit', () => {
    const r = container({ profile: UPSTREAM }).resources;
    expect(r.requests).toMatchObject({ 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': 1 });
    expect(r.limits).toEqual({ 'memory': '32Gi', 'nvidia.com/gpu': 1 });
  });

  it('upstream-2026-08: scales with the GPUs of the pod (TP=4: 16 CPU, 64Gi, limit 128Gi)', () => {
    const r = container({ profile: UPSTREAM, tensorParallelSize: 4 }).resources;
    expect(r.requests).toMatchObject({ cpu: '16', memory: '64Gi' });
    expect(r.limits.memory).toBe('128Gi');
  });

  it('upstream-2026-08: a CPU server gets the larger CPU-server defaults', () => {
    const r = container({ profile: UPSTREAM, accelerator: 'cpu' }).resources;
    expect(r.requests).toMatchObject({ cpu: '16', memory: '32Gi' });
    expect(r.limits).toEqual({ memory: '64Gi' });
  });

  it('given sizes win; a given memory request is also the limit; a given limit below the default request lowers it', () => {
    expect(container({ profile: UPSTREAM, resources: { cpu: '2' } }).resources.requests).toMatchObject({ cpu: '2', memory: '16Gi' });
    expect(container({ profile: UPSTREAM, resources: { memory: '64Gi' } }).resources.limits.memory).toBe('64Gi');
    const low = container({ profile: UPSTREAM, resources: { memoryLimit: '8Gi' } }).resources;
    expect([low.requests.memory, low.limits.memory]).toEqual(['8Gi', '8Gi']);
  });

  it('rhdev-2026-03 keeps the article\'s pod: no CPU or memory', () => {
    const r = container({ profile: RHDEV }).resources;
    expect(r.requests.cpu).toBeUndefined();
    expect(r.limits.memory).toBeUndefined();
  });
});

describe('rollouts and disruption budgets', () => {
  it('upstream-2026-08 updates without a spare GPU: RollingUpdate maxSurge 0, maxUnavailable 1', () => {
    expect(deployment({ profile: UPSTREAM }).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  it('rhdev-2026-03 writes no strategy (the article\'s Deployment), unless a rollout is chosen', () => {
    expect(deployment({ profile: RHDEV }).spec.strategy).toBeUndefined();
    expect(deployment({ profile: RHDEV, rollout: RolloutStrategy.NO_SURGE }).spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it.each([RHDEV, UPSTREAM])('%s: rollout recreate and surge', (profile) => {
    expect(deployment({ profile, rollout: RolloutStrategy.RECREATE }).spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment({ profile, rollout: RolloutStrategy.SURGE }).spec.strategy).toBeUndefined();
  });

  it('fails when the rollout is unknown, listing the allowed ones', () => {
    expect(errorOf(() => server({ rollout: 'blue-green' }))).toContain("'rollout' must be one of surge, no-surge, recreate, got 'blue-green'");
  });

  it.each([RHDEV, UPSTREAM])('%s: a PodDisruptionBudget <pool> with maxUnavailable 1 over the pool\'s pods, only above one replica', (profile) => {
    const objects = server({ profile, replicas: 3 });
    const pdb = find(objects, 'PodDisruptionBudget', 'vllm-x');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.namespace).toBe('ns');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'vllm-x' } } });
    expect(server({ profile, replicas: 1 }).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(server({ profile, replicas: 0 }).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('catalog env: a list or a mapping', () => {
  const envOf = (env: unknown): any[] => {
    const chart = Catalog.fromSpec({ models: [{ name: QWEN, env }] } as any, 'test.yaml').addTo(new App(), 'x');
    return find(chart.toJson(), 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].env;
  };

  it('takes a mapping of name to value, in key order, like the list form', () => {
    expect(envOf({ B: '2', A: '1' }).slice(-2)).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    expect(envOf([{ name: 'B', value: '2' }, { name: 'S', secretKeyRef: { name: 's', key: 'k' } }]).slice(-2))
      .toEqual([{ name: 'B', value: '2' }, { name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
  });

  it('fails with one line per fault: neither shape, a non-string value, too many entries, a managed name in the mapping', () => {
    expect(catalogError({ env: 'x' as any })).toContain('models[0].env: got "x"; must be a list or a mapping');
    expect(catalogError({ env: 'x' as any })).toContain('(1 problem)');
    expect(catalogError({ env: { A: 1 } as any })).toContain('models[0].env.A: got 1; must be a string');
    expect(catalogError({ env: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`A${i}`, 'x'])) })).toContain('models[0].env: got 65 entries; at most 64 are allowed');
    expect(catalogError({ env: { HF_TOKEN: 'secret' } })).toContain("'env[0].name' is HF_TOKEN, which the library sets");
  });
});
