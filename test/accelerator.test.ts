import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { ModelServer } from '../src/constructs/model-server';
import { Accelerator, ACCELERATOR_FACTS } from '../src/profiles/accelerator';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { errorOf, find, ROOT } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const ALL_PROFILES = [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08];

/** The accelerator limits of a container (its memory limit, a profile default, left out). */
const acceleratorLimits = (c: any): Record<string, unknown> | undefined =>
  c.resources.limits && Object.fromEntries(Object.entries(c.resources.limits).filter(([k]) => k !== 'memory'));

/** The pod spec of a lone ModelServer built with `props`. */
function pod(props: Record<string, unknown>): any {
  const chart = new Chart(new App(), 'c');
  new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: QWEN, selectorLabels: { app: 'vllm-x' }, ...props });
  return find(chart.toJson(), 'Deployment', 'vllm-x').spec.template.spec;
}

describe('ModelServer accelerator', () => {
  for (const profile of ALL_PROFILES) {
    for (const accelerator of [Accelerator.AMD, Accelerator.INTEL_GAUDI, Accelerator.GOOGLE_TPU]) {
      it(`${profile} ${accelerator}: requests and tolerates the vendor's resource and runs the profile's image for it`, () => {
        const p = pod({ profile, accelerator, tensorParallelSize: 2 });
        const resource = ACCELERATOR_FACTS[accelerator].resource!;
        expect(acceleratorLimits(p.containers[0])).toEqual({ [resource]: 2 });
        expect(p.containers[0].resources.requests[resource]).toBe(2);
        expect(p.tolerations).toEqual([{ key: ACCELERATOR_FACTS[accelerator].taintKey, operator: 'Exists', effect: 'NoSchedule' }]);
        expect(p.containers[0].image).toBe(PROFILES[profile].modelServer.acceleratorImages[accelerator]);
      });
    }
  }

  it('nvidia is the default: nvidia.com/gpu, its taint, the profile image', () => {
    const p = pod({ profile: StackProfile.UPSTREAM_2026_08 });
    expect(acceleratorLimits(p.containers[0])).toEqual({ 'nvidia.com/gpu': 1 });
    expect(p.tolerations[0].key).toBe('nvidia.com/gpu');
    expect(p.containers[0].image).toBe(PROFILES[StackProfile.UPSTREAM_2026_08].modelServer.image);
  });

  it('gpuResource replaces the resource name (a MIG slice) and keeps the vendor taint', () => {
    const p = pod({ gpuResource: 'nvidia.com/mig-3g.40gb' });
    expect(acceleratorLimits(p.containers[0])).toEqual({ 'nvidia.com/mig-3g.40gb': 1 });
    expect(p.containers[0].resources.requests['nvidia.com/gpu']).toBeUndefined();
    expect(p.tolerations[0].key).toBe('nvidia.com/gpu');
  });

  it('cpu requests no accelerator, tolerates no GPU taint and runs the CPU image', () => {
    const p = pod({ profile: StackProfile.RHDEV_2026_03, accelerator: Accelerator.CPU });
    expect(p.containers[0].resources.limits).toBeUndefined();
    expect(Object.keys(p.containers[0].resources.requests)).toEqual(['ephemeral-storage']);
    expect(p.tolerations).toBeUndefined();
    expect(p.containers[0].image).toBe(PROFILES[StackProfile.RHDEV_2026_03].modelServer.acceleratorImages[Accelerator.CPU]);
  });

  it('fails when a cpu model asks for GPUs or parallelism, naming the field', () => {
    expect(errorOf(() => pod({ accelerator: Accelerator.CPU, gpus: 2 }))).toContain("'gpus' is set, but accelerator is 'cpu', which requests no accelerator: remove 'gpus'");
    expect(errorOf(() => pod({ accelerator: Accelerator.CPU, tensorParallelSize: 2 }))).toContain("'tensorParallelSize' is set, but accelerator is 'cpu'");
  });

  it('fails on an unknown accelerator or a malformed resource name, listing what is allowed', () => {
    expect(errorOf(() => pod({ accelerator: 'intel' }))).toContain("'accelerator' must be one of nvidia, amd, intel-gaudi, google-tpu, cpu, got 'intel'");
    expect(errorOf(() => pod({ gpuResource: 'mig-3g' }))).toContain("'gpuResource' must be an extended resource name <domain>/<name> outside kubernetes.io, got 'mig-3g'");
  });
});

describe('catalog accelerator keys (synth verifies the output against the profile schemas)', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an AMD model', { accelerator: 'amd', tensorParallelSize: 2 }, 'amd.com/gpu'],
    ['a MIG-profile model', { gpuResource: 'nvidia.com/mig-3g.40gb' }, 'nvidia.com/mig-3g.40gb'],
  ];
  for (const profile of ALL_PROFILES) {
    for (const [label, keys, resource] of cases) {
      it(`${profile}: ${label} requests ${resource} and verifies clean`, () => {
        const { objects } = synthesize(Catalog.fromSpec({ profile, models: [{ name: QWEN, ...keys }] } as CatalogSpec));
        const c = find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0];
        expect(Object.keys(acceleratorLimits(c)!)).toEqual([resource]);
      });
    }
    it(`${profile}: a CPU model requests no accelerator and verifies clean`, () => {
      const { objects } = synthesize(Catalog.fromSpec({ profile, models: [{ name: QWEN, accelerator: 'cpu' }] } as CatalogSpec));
      const c = find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0];
      expect(acceleratorLimits(c) ?? {}).toEqual({});
      expect(c.image).toBe(PROFILES[profile].modelServer.acceleratorImages[Accelerator.CPU]);
    });
  }

  it('the schema refuses an unknown accelerator, listing the allowed ones', () => {
    const msg = errorOf(() => Catalog.fromSpec({ models: [{ name: QWEN, accelerator: 'intel' }] } as unknown as CatalogSpec, 'test.yaml'));
    expect(msg).toContain('models[0].accelerator');
    expect(msg).toMatch(/nvidia.*amd.*intel-gaudi.*google-tpu.*cpu/);
  });

  it('fails when a cpu model sets gpus, under the model path', () => {
    expect(errorOf(() => Catalog.fromSpec({ models: [{ name: QWEN, accelerator: 'cpu', gpus: 1 }] } as CatalogSpec, 'test.yaml').addTo(new App(), 'x')))
      .toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'gpus' is set, but accelerator is 'cpu'");
  });
});

describe('README accelerator table', () => {
  it('states, per vendor, the resource, the taint and each profile\'s pinned default image as the profile table does', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\| `(nvidia|amd|intel-gaudi|google-tpu|cpu)` \|/.test(l));
    expect(rows).toHaveLength(Object.values(Accelerator).length);
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));
      const accelerator = cells[0] as Accelerator;
      const facts = ACCELERATOR_FACTS[accelerator];
      expect(cells[1]).toBe(facts.resource ?? 'none');
      expect(cells[2]).toBe(facts.taintKey ?? 'none');
      expect(cells[3]).toBe(PROFILES[StackProfile.RHDEV_2026_03].modelServer.acceleratorImages[accelerator]);
      expect(cells[4]).toBe(PROFILES[StackProfile.UPSTREAM_2026_08].modelServer.acceleratorImages[accelerator]);
    }
  });
});
