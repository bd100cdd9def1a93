import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { ModelServer } from '../src/constructs/model-server';
import { StackProfile } from '../src/profiles/profiles';
import { errorOf, find } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';

/** The pod spec of a lone ModelServer built with `props`. */
function pod(props: Record<string, unknown>): any {
  const chart = new Chart(new App(), 'c');
  new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: QWEN, selectorLabels: { app: 'vllm-x' }, ...props });
  return find(chart.toJson(), 'Deployment', 'vllm-x').spec.template.spec;
}

describe('ModelServer resources, nodeSelector and tolerations', () => {
  it('sets no CPU or memory when none is given under rhdev-2026-03 (the article\'s output unchanged)', () => {
    const r = pod({ profile: StackProfile.RHDEV_2026_03 }).containers[0].resources;
    expect(Object.keys(r.requests).sort()).toEqual(['ephemeral-storage', 'nvidia.com/gpu']);
    expect(Object.keys(r.limits)).toEqual(['nvidia.com/gpu']);
  });

  it('requests the given CPU and memory; the memory limit defaults to the request; no CPU limit', () => {
    const r = pod({ resources: { cpu: '8', memory: '64Gi' } }).containers[0].resources;
    expect(r.requests).toMatchObject({ cpu: '8', memory: '64Gi' });
    expect(r.limits).toEqual({ 'nvidia.com/gpu': 1, 'memory': '64Gi' });
    expect(pod({ resources: { memory: '64Gi', memoryLimit: '96Gi' } }).containers[0].resources.limits.memory).toBe('96Gi');
  });

  it('a CPU server gets a memory limit and no accelerator', () => {
    const r = pod({ accelerator: 'cpu', resources: { cpu: '16', memory: '32Gi' } }).containers[0].resources;
    expect(r.limits).toEqual({ memory: '32Gi' });
  });

  it('passes nodeSelector and tolerations through, after the accelerator toleration', () => {
    const p = pod({ nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'llm', effect: 'NoSchedule' }] });
    expect(p.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' });
    expect(p.tolerations.map((t: any) => t.key)).toEqual(['nvidia.com/gpu', 'dedicated']);
  });

  it('fails on a memory limit below the request or a malformed CPU, under resources.', () => {
    expect(errorOf(() => pod({ resources: { memory: '64Gi', memoryLimit: '32Gi' } }))).toContain("'resources.memoryLimit' '32Gi' is below 'memory' '64Gi'");
    expect(errorOf(() => pod({ resources: { cpu: 'lots' } }))).toContain("'resources.cpu' must be a CPU quantity");
  });
});

describe('catalog resources and tolerations', () => {
  for (const profile of [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08]) {
    it(`${profile}: sizes and tolerations reach the vLLM pod and verify clean`, () => {
      const spec = { profile, models: [{ name: QWEN, resources: { cpu: '4', memory: '16Gi' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] }] };
      const { objects } = synthesize(Catalog.fromSpec(spec as CatalogSpec));
      const p = find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec;
      expect(p.containers[0].resources.requests).toMatchObject({ cpu: '4', memory: '16Gi' });
      expect(p.tolerations.map((t: any) => t.key)).toEqual(['nvidia.com/gpu', 'dedicated']);
    });
  }

  it('fails on a memory limit below the request, under the model path', () => {
    const spec = { models: [{ name: QWEN, resources: { memory: '16Gi', memoryLimit: '8Gi' } }] } as CatalogSpec;
    expect(errorOf(() => Catalog.fromSpec(spec, 'test.yaml').addTo(new App(), 'x'))).toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'resources.memoryLimit' '8Gi' is below 'memory' '16Gi'");
  });
});
