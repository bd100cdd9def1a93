import { Accelerator, ACCELERATOR_FACTS } from '../../profiles/accelerator';
import { PROFILES } from '../../profiles/profiles';
import { flagValue, templateContainers } from '../model/containers';
import { list } from '../model/object-access';
import { finding, Rule } from './rule';
import { isAcceleratorResource, isVllm } from './workload-parallelism';

/** An image reference without its tag or digest and without a `docker.io/` registry prefix. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return repo.replace(/^(docker\.io|index\.docker\.io)\//, '');
}

/** The vLLM image repositories the profile table pins, each with the accelerator it is built for. */
const KNOWN_REPOSITORIES: ReadonlyMap<string, Accelerator> = new Map(
  Object.values(PROFILES).flatMap((p) => Object.entries(p.modelServer.acceleratorImages)
    .map(([accelerator, image]) => [imageRepository(image), accelerator as Accelerator] as const)),
);

/** The accelerator an image is built for, when it is one of the pinned vLLM repositories. */
export function imageAccelerator(image: unknown): Accelerator | undefined {
  return typeof image === 'string' ? KNOWN_REPOSITORIES.get(imageRepository(image)) : undefined;
}

/** The accelerator resources a container claims (requests or limits). */
function claimedResources(c: any): string[] {
  const names = new Set<string>();
  for (const which of ['limits', 'requests']) {
    const r = c?.resources?.[which];
    if (r && typeof r === 'object') for (const k of Object.keys(r)) if (isAcceleratorResource(k)) names.add(k);
  }
  return [...names];
}

/** The resource an accelerator's pods request; MIG slices count as NVIDIA's. */
function vendorOf(resource: string): Accelerator | undefined {
  if (resource.startsWith('nvidia.com/')) return Accelerator.NVIDIA;
  return (Object.keys(ACCELERATOR_FACTS) as Accelerator[]).find((a) => ACCELERATOR_FACTS[a].resource === resource);
}

/**
 * vLLM containers whose image and accelerator request disagree: a CPU build that requests an
 * accelerator (it cannot use it, and holds it from other pods), or a GPU, TPU or Gaudi build
 * that requests another vendor's device. Only images of the repositories the profile table pins
 * are judged; any other image is left alone.
 */
export const VLLM_ACCELERATOR_IMAGE_RULE: Rule = {
  id: 'vllm-accelerator-image',
  summary: "A vLLM container's image is built for the accelerator it requests (a CPU image requests none).",
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: "Use the vLLM image built for the requested accelerator, or request the accelerator the image is built for; a CPU model requests none and runs vLLM's CPU image.",
  rationale: "vLLM's builds are per device: the CUDA image fails at start without a GPU, the CPU image cannot use one, and a ROCm image cannot drive an NVIDIA GPU.",
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        const built = imageAccelerator(c?.image);
        if (built === undefined) continue;
        const claimed = claimedResources(c);
        if (built === Accelerator.CPU) {
          if (claimed.length) {
            yield finding(t.owner, `${path}.resources`,
              `requests ${claimed.join(', ')}, but container '${c?.name ?? ''}' runs vLLM's CPU image ${String(c.image)}, which uses no accelerator`,
              'remove the accelerator request for a CPU model, or use the vLLM image of the accelerator');
          }
          continue;
        }
        const wanted = ACCELERATOR_FACTS[built].resource!;
        // No request at all is not judged: hand-written and test manifests often leave the device
        // to a runtime class, a webhook or a simulator, and the pod fails visibly at start.
        if (claimed.length === 0) continue;
        const other = claimed.find((r) => vendorOf(r) !== built);
        if (other !== undefined) {
          yield finding(t.owner, `${path}.resources`,
            `requests ${other}, but container '${c?.name ?? ''}' runs ${String(c.image)}, vLLM's ${built} build (it drives ${wanted})`,
            `use the vLLM image of the accelerator requested, or request ${wanted}`);
        }
      }
    }
  },
};

/**
 * vLLM containers that list LoRA adapters (`--lora-modules`) without `--enable-lora`: without
 * it vLLM serves none of them, so every adapter name routed to the pool fails.
 */
export const VLLM_LORA_ENABLED_RULE: Rule = {
  id: 'vllm-lora-modules-enabled',
  summary: 'A vLLM container that lists --lora-modules also passes --enable-lora.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: 'Add --enable-lora (and --max-loras at least the number of adapters) to the vLLM arguments.',
  rationale: 'LoRA support is off unless --enable-lora is given: the adapters of --lora-modules are then not served, and requests naming them fail.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        if (flagValue(argv, '--lora-modules') === undefined) continue;
        if (argv.some((a) => a === '--enable-lora' || a.startsWith('--enable-lora='))) continue;
        const field = list(c?.args).map(String).some((a) => a === '--lora-modules' || a.startsWith('--lora-modules=')) ? 'args' : 'command';
        yield finding(t.owner, `${path}.${field}`,
          `lists --lora-modules, but container '${c?.name ?? ''}' does not pass --enable-lora, so vLLM serves none of the adapters`,
          'add --enable-lora to the vLLM arguments');
      }
    }
  },
};
