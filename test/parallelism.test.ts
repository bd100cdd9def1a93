import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { ModelServer } from '../src/constructs/model-server';
import { StackProfile } from '../src/profiles/profiles';
import { synthesize } from '../src/cli/synth';
import { errorOf, find } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const PROFILES = [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08];

/** The vLLM container of a lone ModelServer built with `props`. */
function server(props: Record<string, unknown>): any {
  const chart = new Chart(new App(), 'c');
  new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: QWEN, selectorLabels: { app: 'vllm-x' }, ...props });
  return find(chart.toJson(), 'Deployment', 'vllm-x').spec.template.spec;
}

/** The value after `flag` in `args`, or undefined. */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

describe('ModelServer parallelism', () => {
  it('passes no parallelism flag and requests 1 GPU with 8Gi /dev/shm by default (existing output unchanged)', () => {
    const pod = server({});
    expect(pod.containers[0].args.filter((a: string) => a.includes('parallel'))).toEqual([]);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.volumes.find((v: any) => v.name === 'dshm').emptyDir.sizeLimit).toBe('8Gi');
  });

  it('derives GPUs from tensor × pipeline × data parallel size and passes each flag above 1', () => {
    const pod = server({ tensorParallelSize: 2, pipelineParallelSize: 2, dataParallelSize: 2 });
    const args = pod.containers[0].args;
    expect([flag(args, '--tensor-parallel-size'), flag(args, '--pipeline-parallel-size'), flag(args, '--data-parallel-size')]).toEqual(['2', '2', '2']);
    expect(pod.containers[0].resources.requests['nvidia.com/gpu']).toBe(8);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(8);
  });

  it('sizes /dev/shm at 4Gi per GPU above 2 GPUs unless sharedMemory is given', () => {
    expect(server({ tensorParallelSize: 2 }).volumes.find((v: any) => v.name === 'dshm').emptyDir.sizeLimit).toBe('8Gi');
    expect(server({ tensorParallelSize: 4 }).volumes.find((v: any) => v.name === 'dshm').emptyDir.sizeLimit).toBe('16Gi');
    expect(server({ tensorParallelSize: 4, sharedMemory: '2Gi' }).volumes.find((v: any) => v.name === 'dshm').emptyDir.sizeLimit).toBe('2Gi');
  });

  it('accepts gpus equal to the product', () => {
    expect(server({ gpus: 4, tensorParallelSize: 4 }).containers[0].resources.limits['nvidia.com/gpu']).toBe(4);
  });

  it('fails when gpus disagrees with the parallelism, naming both numbers', () => {
    expect(errorOf(() => server({ gpus: 4 }))).toContain("'gpus' must equal tensorParallelSize × pipelineParallelSize × dataParallelSize = 1, got 4");
    expect(errorOf(() => server({ gpus: 6, tensorParallelSize: 4 }))).toContain('tensorParallelSize 4 does not divide gpus 6');
  });

  it('fails when a parallel size is not a whole number from 1 to 64', () => {
    expect(errorOf(() => server({ tensorParallelSize: 0 }))).toContain("'tensorParallelSize' must be a whole number from 1 to 64, got 0");
    expect(errorOf(() => server({ dataParallelSize: 1.5 }))).toContain("'dataParallelSize' must be a whole number from 1 to 64, got 1.5");
  });
});

describe('catalog parallelism keys', () => {
  for (const profile of PROFILES) {
    it(`${profile}: a TP=4 model synthesizes on 4 GPUs and verifies clean`, () => {
      // synthesize verifies against the profile's own schema set and throws on any error.
      const { objects, verification } = synthesize(Catalog.fromSpec({ profile, models: [{ name: 'Qwen/Qwen2.5-72B-Instruct', tensorParallelSize: 4 }] } as CatalogSpec));
      const pod = find(objects, 'Deployment', 'vllm-qwen25-72b-instruct').spec.template.spec;
      expect(flag(pod.containers[0].args, '--tensor-parallel-size')).toBe('4');
      expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(4);
      expect(verification.problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
    });
  }

  it('fails when gpus disagrees with the parallelism, under the model path', () => {
    const spec = { models: [{ name: QWEN, gpus: 3, tensorParallelSize: 2 }] } as CatalogSpec;
    expect(errorOf(() => Catalog.fromSpec(spec, 'test.yaml').addTo(new App(), 'x')))
      .toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'gpus' must equal tensorParallelSize × pipelineParallelSize × dataParallelSize = 2, got 3");
  });

  it('the schema refuses a parallel size of 0', () => {
    const spec = { models: [{ name: QWEN, tensorParallelSize: 0 }] } as CatalogSpec;
    expect(errorOf(() => Catalog.fromSpec(spec, 'test.yaml').addTo(new App(), 'x'))).toMatch(/tensorParallelSize/);
  });
});
