import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize, Synthesis } from '../src/cli/synth';
import { EndpointPicker } from '../src/constructs/endpoint-picker';
import { Accelerator } from '../src/profiles/accelerator';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { find } from './helpers';

const AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'nvidia.com/gpu.product', operator: 'In', values: ['NVIDIA-L40S', 'NVIDIA-A100-SXM4-80GB'] }] }],
    },
  },
};

/** The shapes of issue 10 part F: one model each, golden in both profiles. */
const SHAPES: Record<string, CatalogModelSpec> = {
  'tp4': { name: 'Qwen/Qwen2.5-72B-Instruct', tensorParallelSize: 4, storage: '200Gi' },
  'amd': { name: 'meta-llama/Llama-3.1-8B-Instruct', accelerator: Accelerator.AMD },
  'mig': { name: 'Qwen/Qwen3-8B', gpuResource: 'nvidia.com/mig-3g.40gb' },
  'cpu': { name: 'Qwen/Qwen3-0.6B', accelerator: Accelerator.CPU },
  'tuned': {
    name: 'Qwen/Qwen3-8B',
    replicas: 2,
    maxModelLen: 16384,
    gpuMemoryUtilization: 0.85,
    vllmArgs: ['--enable-prefix-caching', '--kv-cache-dtype=fp8'],
    env: [{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }, { name: 'VLLM_API_KEY', secretKeyRef: { name: 'vllm-api-key', key: 'key' } }],
    nodeSelector: { 'node-pool': 'gpu' },
    affinity: AFFINITY,
    rollout: 'recreate' as any,
  },
};

const synthShape = (shape: string, profile: StackProfile): Synthesis =>
  synthesize(Catalog.fromSpec({ profile, platform: 'kubernetes', models: [SHAPES[shape]] } as CatalogSpec));
const vllm = (out: Synthesis): any => out.objects.find((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('vllm-') && !o.metadata.name.endsWith('-epp')).spec.template.spec;
const vllmName = (out: Synthesis): string => out.objects.find((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('vllm-') && !o.metadata.name.endsWith('-epp')).metadata.name;
const flag = (args: string[], name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const errors = (out: Synthesis) => out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error');
const defaults = (profile: StackProfile) => PROFILES[profile].modelServer.resources;

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('serving shapes under %s', (profile) => {
  const outs = Object.fromEntries(Object.keys(SHAPES).map((s) => [s, synthShape(s, profile)]));

  it.each(Object.keys(SHAPES))('golden output and a clean verify: %s', async (shape) => {
    const out = outs[shape];
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/${shape}-${profile}/${name}`);
    expect(errors(out)).toEqual([]);
    const model = SHAPES[shape].name;
    const routed = out.verification.simulations.filter((s) => s.probe === 'model' && s.model === model);
    expect(routed.map((s) => s.decision.routed)).toEqual([true]);
  });

  it('TP=4: four GPUs, --tensor-parallel-size 4, 16Gi /dev/shm; upstream sizes CPU and memory for four GPUs', () => {
    const pod = vllm(outs.tp4);
    const c = pod.containers[0];
    expect(flag(c.args, '--tensor-parallel-size')).toBe('4');
    expect(c.resources.limits['nvidia.com/gpu']).toBe(4);
    expect(pod.volumes.find((v: any) => v.name === 'dshm').emptyDir.sizeLimit).toBe('16Gi');
    if (defaults(profile)) expect([c.resources.requests.cpu, c.resources.requests.memory, c.resources.limits.memory]).toEqual(['16', '64Gi', '128Gi']);
    else expect(c.resources.requests.cpu).toBeUndefined();
  });

  it('AMD: amd.com/gpu requested and tolerated, the profile\'s ROCm image', () => {
    const pod = vllm(outs.amd);
    expect(pod.containers[0].resources.limits['amd.com/gpu']).toBe(1);
    expect(pod.tolerations).toEqual([{ key: 'amd.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.containers[0].image).toBe(PROFILES[profile].modelServer.acceleratorImages[Accelerator.AMD]);
  });

  it('MIG: one nvidia.com/mig-3g.40gb slice, no whole GPU, the NVIDIA taint tolerated', () => {
    const c = vllm(outs.mig).containers[0];
    expect(c.resources.limits['nvidia.com/mig-3g.40gb']).toBe(1);
    expect(c.resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(vllm(outs.mig).tolerations[0].key).toBe('nvidia.com/gpu');
  });

  it('CPU: no accelerator, the CPU image, no GPU toleration; upstream requests the CPU-server sizes', () => {
    const pod = vllm(outs.cpu);
    const c = pod.containers[0];
    expect(Object.keys(c.resources.requests).filter((k) => k.includes('/'))).toEqual([]);
    expect(c.image).toBe(PROFILES[profile].modelServer.acceleratorImages[Accelerator.CPU]);
    expect(pod.tolerations).toBeUndefined();
    const d = defaults(profile);
    if (d) expect([c.resources.requests.cpu, c.resources.limits.memory]).toEqual([d.cpuServer.cpuRequest, d.cpuServer.memoryLimit]);
  });

  it('tuned: the tuning flags then the extra flags, env after the library\'s, scheduling, Recreate and a PodDisruptionBudget', () => {
    const out = outs.tuned;
    const pod = vllm(out);
    const c = pod.containers[0];
    expect(c.args.slice(c.args.indexOf('--max-model-len'))).toEqual(['--max-model-len', '16384', '--gpu-memory-utilization', '0.85', '--enable-prefix-caching', '--kv-cache-dtype=fp8']);
    expect(c.env.slice(-2)).toEqual([{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }, { name: 'VLLM_API_KEY', valueFrom: { secretKeyRef: { name: 'vllm-api-key', key: 'key' } } }]);
    expect(pod.nodeSelector).toEqual({ 'node-pool': 'gpu' });
    expect(pod.affinity).toEqual(AFFINITY);
    const d = find(out.objects, 'Deployment', 'vllm-qwen3-8b');
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(find(out.objects, 'PodDisruptionBudget', 'vllm-qwen3-8b').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: d.spec.selector.matchLabels } });
  });

  it('the GPU shapes update without a spare GPU under upstream-2026-08; rhdev-2026-03 keeps the article\'s default strategy (not judged in the frozen profile)', () => {
    for (const shape of ['tp4', 'amd', 'mig']) {
      expect(find(outs[shape].objects, 'Deployment', vllmName(outs[shape])).spec.strategy?.rollingUpdate?.maxSurge).toBe(profile === StackProfile.UPSTREAM_2026_08 ? 0 : undefined);
      expect(outs[shape].verification.problems.filter((p) => p.rule === 'deployment-rollout-surge')).toEqual([]);
    }
    expect(outs.tuned.verification.problems.filter((p) => p.rule === 'deployment-rollout-surge' || p.rule === 'poddisruptionbudget-blocks-drain')).toEqual([]);
  });

  it('LoRA affinity: the picker of a model with adapters gets the lora-affinity-scorer with weight 2; the others do not', () => {
    const out = synthesize(Catalog.fromSpec({ profile, platform: 'kubernetes', models: [
      { name: 'Qwen/Qwen3-0.6B', loraAdapters: [{ name: 'qwen-sql', uri: 'hf://example-org/qwen-sql-lora' }] },
      { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' },
    ] } as CatalogSpec));
    const config = (pool: string): string => find(out.objects, 'ConfigMap', `${pool}-epp`).data[EndpointPicker.CONFIG_FILE];
    const withLora = config('vllm-qwen3-06b');
    expect(withLora).toMatch(/^apiVersion: (.*)$/m);
    expect(withLora.split('\n')[0]).toBe(`apiVersion: ${PROFILES[profile].endpointPicker.configApiVersion}`);
    expect(withLora).toContain('\n- type: lora-affinity-scorer\n');
    expect(withLora).toContain('\n  - pluginRef: lora-affinity-scorer\n    weight: 2\n');
    expect(config('vllm-tinyllama-11b-chat-v10')).not.toContain('lora-affinity-scorer');
    expect(errors(out)).toEqual([]);
  });
});
