import { k8s } from 'cdk8s-plus-30';
import { JsonPatch } from 'cdk8s';
import { loraArgs } from './lora-args';
import { ModelCacheClaim } from './model-cache';
import { CLAIM_MOUNT_ROOT, IMAGE_MOUNT_PATH, ModelSource, ModelSourceKind } from './model-source';
import { DEFAULT_TOKEN_KEY } from './checks/storage-checks';
import type { EndpointPickerResources } from './endpoint-picker';
import type { ModelServerProps } from './model-server';
import { Platform } from './platform';
import { quantityBytes } from './units';
import { Accelerator, ACCELERATOR_FACTS } from '../profiles/accelerator';
import { PROFILES, StackProfile } from '../profiles/profiles';

/** The `USER` vLLM runs as where the profile sets one (vLLM ≥ 0.20 needs a name under an arbitrary UID). */
const VLLM_USER = 'vllm';

/** Port vLLM listens on; the InferencePool's target port. */
export const VLLM_PORT = 8000;
/** Name of the vLLM container port (the API and `/metrics`): what a PodMonitor names. */
export const VLLM_PORT_NAME = 'http';
/** Where the Hugging Face cache (`HF_HOME`) is mounted. */
export const CACHE_PATH = '/model-cache';
/** Writable home directory for vLLM, Triton and torch caches. */
export const HOME_PATH = '/home/vllm';

/** What the ModelServer construct derived from its props before building the pod. */
export interface VllmPodInputs {
  readonly props: ModelServerProps;
  readonly profile: StackProfile;
  readonly platform: Platform;
  /** Accelerators per pod (0 for a CPU server). */
  readonly gpus: number;
  /** Extended resource requested, if any. */
  readonly gpuResource?: string;
  /** Size of the model cache volume. */
  readonly storage: string;
  /** Size limit of `/dev/shm`. */
  readonly sharedMemory: string;
  /** Startup budget in seconds. */
  readonly startupSeconds: number;
  readonly podLabels: Record<string, string>;
}

/** The pod template of a vLLM server: one `vllm` container, its volumes and its scheduling. */
export function vllmPodTemplate(inp: VllmPodInputs): k8s.PodTemplateSpec {
  const { props } = inp;
  const accelerator = props.accelerator ?? Accelerator.NVIDIA;
  const vendor = ACCELERATOR_FACTS[accelerator];
  const facts = PROFILES[inp.profile].modelServer;
  const storage = vllmVolumes(inp);
  return {
    metadata: { labels: inp.podLabels, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) },
    spec: {
      serviceAccountName: props.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 130,
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
        // The vLLM image defaults to root; plain Kubernetes needs an explicit non-root UID.
        // OpenShift assigns one from the namespace range, so none is fixed there.
        ...(inp.platform === Platform.KUBERNETES ? { runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 } : {}),
      },
      ...vllmScheduling(props, vendor.taintKey),
      containers: [{
        name: 'vllm',
        image: props.image ?? (accelerator === Accelerator.NVIDIA ? facts.image : facts.acceleratorImages[accelerator]),
        imagePullPolicy: 'IfNotPresent',
        command: ['vllm', 'serve'],
        args: vllmArgs(props),
        ports: [{ name: VLLM_PORT_NAME, containerPort: VLLM_PORT, protocol: 'TCP' }],
        env: vllmEnv(props, facts.userEnv),
        resources: vllmResources(inp),
        ...vllmProbes(facts.probes, inp.startupSeconds),
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
        },
        volumeMounts: storage.mounts,
      }],
      volumes: storage.volumes,
    },
  };
}

/** The `vllm serve` arguments: the model, its served names, the port, LoRA and parallelism flags. */
export function vllmArgs(props: ModelServerProps): string[] {
  return [
    modelArgument(props),
    '--served-model-name', props.servedModelName, ...props.extraServedNames ?? [],
    '--port', String(VLLM_PORT),
    ...loraArgs(props.loraModules ?? [], props.maxLoraRank),
    ...parallelArgs(props),
    ...tuningArgs(props),
    ...props.vllmArgs ?? [],
  ];
}

/** What vLLM is given as the model: the Hugging Face id (the served name when none), or the mounted weights' path. */
function modelArgument(props: ModelServerProps): string {
  const fallback = props.huggingFaceId ?? props.servedModelName;
  return props.source ? props.source.modelArgument(fallback) : fallback;
}

/** The container environment: writable HOME (and USER where the profile needs it), the cache, the token. */
export function vllmEnv(props: ModelServerProps, userEnv: boolean): k8s.EnvVar[] {
  return [
    { name: 'HOME', value: HOME_PATH },
    ...(userEnv ? [{ name: 'USER', value: VLLM_USER }] : []),
    { name: 'HF_HOME', value: CACHE_PATH },
    // Nothing to download (weights on a claim or in an image, adapters on claims): never reach the Hub.
    ...(downloadsNothing(props) ? [{ name: 'HF_HUB_OFFLINE', value: '1' }] : []),
    { name: 'VLLM_NO_USAGE_STATS', value: '1' },
    ...(props.hfTokenSecret
      ? [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: props.hfTokenSecret, key: props.hfTokenSecretKey ?? DEFAULT_TOKEN_KEY } } }]
      : []),
    ...(props.env ?? []).map((e) => ({ ...e })),
  ];
}

/** Whether neither the model nor any LoRA adapter is downloaded from the Hugging Face Hub. */
function downloadsNothing(props: ModelServerProps): boolean {
  return props.source !== undefined && !props.source.downloads && !(props.loraAdapterSources ?? []).some((s) => s.downloads);
}

/** Name of the volume of a model image. */
const IMAGE_VOLUME = 'model-image';

/**
 * The volumes of the pod and where the vLLM container mounts them: the Hugging Face cache (an
 * emptyDir, the `cache` claim, or the `pvc+hf://` claim), a writable HOME, `/dev/shm`, then each
 * claim holding the model or an adapter read-only at `/model-weights/<claim>` (`weights-<n>`, in
 * order of first use), and a model image read-only at `/model-image`.
 */
export function vllmVolumes(inp: VllmPodInputs): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const { props } = inp;
  const claims = readOnlyClaims(props);
  const image = props.source?.kind === ModelSourceKind.OCI_IMAGE;
  return {
    mounts: [
      { name: 'model-cache', mountPath: CACHE_PATH },
      { name: 'home', mountPath: HOME_PATH },
      { name: 'dshm', mountPath: '/dev/shm' },
      ...claims.map((claim, i) => ({ name: `weights-${i}`, mountPath: `${CLAIM_MOUNT_ROOT}/${claim}`, readOnly: true })),
      ...(image ? [{ name: IMAGE_VOLUME, mountPath: IMAGE_MOUNT_PATH, readOnly: true }] : []),
    ],
    volumes: [
      cacheVolume(props, inp.storage),
      { name: 'home', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(inp.sharedMemory) } },
      ...claims.map((claim, i) => ({ name: `weights-${i}`, persistentVolumeClaim: { claimName: claim, readOnly: true } })),
      // The image source is added by imageVolumePatches: Kubernetes 1.30 types have no `image` volume.
      ...(image ? [{ name: IMAGE_VOLUME }] : []),
    ],
  };
}

/** Whether the Hugging Face cache is on a claim (`cache`, `pvc+hf://`) rather than an emptyDir. */
function cacheOnClaim(props: ModelServerProps): boolean {
  return props.cache !== undefined || props.source?.kind === ModelSourceKind.HUGGING_FACE_ON_CLAIM;
}

/** The Hugging Face cache volume: the model's `cache` claim, the `pvc+hf://` claim, else a sized emptyDir. */
function cacheVolume(props: ModelServerProps, storage: string): k8s.Volume {
  if (props.cache) return { name: 'model-cache', persistentVolumeClaim: { claimName: ModelCacheClaim.nameFor(props.name) } };
  if (props.source?.kind === ModelSourceKind.HUGGING_FACE_ON_CLAIM) return { name: 'model-cache', persistentVolumeClaim: { claimName: props.source.claimName! } };
  return { name: 'model-cache', emptyDir: { sizeLimit: k8s.Quantity.fromString(storage) } };
}

/** The claims read by the model (`pvc://`) and its adapters, each once, in order of first use. */
function readOnlyClaims(props: ModelServerProps): string[] {
  const sources: ModelSource[] = [...(props.source ? [props.source] : []), ...props.loraAdapterSources ?? []];
  const claims = sources.filter((s) => s.kind === ModelSourceKind.PERSISTENT_VOLUME_CLAIM).map((s) => s.claimName!);
  return [...new Set(claims)];
}

/**
 * JSON patches that give the model image volume its `image` source (`reference`, pulled if not
 * present), for an object whose pod template is at `templatePath` (`/spec/template` of a
 * Deployment). None when the model is not an OCI image.
 */
export function imageVolumePatches(template: k8s.PodTemplateSpec, props: ModelServerProps, templatePath: string): JsonPatch[] {
  const at = (template.spec?.volumes ?? []).findIndex((v) => v.name === IMAGE_VOLUME);
  if (at < 0 || props.source?.imageReference === undefined) return [];
  return [JsonPatch.add(`${templatePath}/spec/volumes/${at}/image`, { reference: props.source.imageReference, pullPolicy: 'IfNotPresent' })];
}

/**
 * Requests and limits: accelerators, CPU and memory (each given one, else the profile's default
 * for the pod's accelerators or for a CPU server), ephemeral storage for the cache.
 */
export function vllmResources(inp: VllmPodInputs): k8s.ResourceRequirements {
  const accelerators = inp.gpuResource ? { [inp.gpuResource]: k8s.Quantity.fromNumber(inp.gpus) } : {};
  const sizes = withDefaultSizes(inp.props.resources, defaultServerSizes(inp.profile, inp.gpuResource ? inp.gpus : 0));
  return {
    // The node's disk holds the cache only when it is an emptyDir; a claim needs no ephemeral storage for it.
    requests: { ...accelerators, ...computeRequests(sizes), ...(cacheOnClaim(inp.props) ? {} : { 'ephemeral-storage': k8s.Quantity.fromString(inp.storage) }) },
    ...limitsOf(accelerators, sizes),
  };
}

/**
 * The profile's default CPU and memory of a vLLM container with `accelerators` accelerators
 * (per accelerator, multiplied) or none (a CPU server); undefined where the profile sets none.
 */
export function defaultServerSizes(profile: StackProfile, accelerators: number): EndpointPickerResources | undefined {
  const defaults = PROFILES[profile].modelServer.resources;
  if (!defaults) return undefined;
  if (accelerators === 0) {
    const c = defaults.cpuServer;
    return { cpu: c.cpuRequest, memory: c.memoryRequest, memoryLimit: c.memoryLimit };
  }
  const p = defaults.perAccelerator;
  return { cpu: scaled(p.cpuRequest, accelerators), memory: scaled(p.memoryRequest, accelerators), memoryLimit: scaled(p.memoryLimit, accelerators) };
}

/** A whole-number quantity with an optional binary suffix, times `n` (`16Gi` × 4 → `64Gi`). */
function scaled(quantity: string, n: number): string {
  const m = /^([0-9]+)([A-Za-z]*)$/.exec(quantity)!;
  return `${Number(m[1]) * n}${m[2]}`;
}

/**
 * The given sizes over the defaults: each given one wins; a given memory request without a
 * limit keeps its own limit (the request), not the default's.
 */
function withDefaultSizes(given: EndpointPickerResources | undefined, defaults: EndpointPickerResources | undefined): EndpointPickerResources | undefined {
  if (!defaults) return given;
  const g = given ?? {};
  // A given limit below the default request lowers the request to it (the kubelet refuses request > limit).
  const limitBelowDefault = g.memoryLimit !== undefined && (quantityBytes(g.memoryLimit) ?? 0) < (quantityBytes(defaults.memory!) ?? 0);
  return {
    cpu: g.cpu ?? defaults.cpu,
    memory: g.memory ?? (limitBelowDefault ? g.memoryLimit : defaults.memory),
    memoryLimit: g.memoryLimit ?? (g.memory !== undefined ? g.memory : defaults.memoryLimit),
  };
}

/** Startup, readiness and liveness probes on the profile's paths; startup sized to the budget. */
function vllmProbes(paths: { startup: string; readiness: string; liveness: string }, startupSeconds: number) {
  const probe = (path: string, periodSeconds: number, timeoutSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path, port: k8s.IntOrString.fromString('http') }, periodSeconds, timeoutSeconds, failureThreshold,
  });
  return {
    startupProbe: probe(paths.startup, 10, 5, Math.ceil(startupSeconds / 10)),
    readinessProbe: probe(paths.readiness, 5, 3, 3),
    livenessProbe: probe(paths.liveness, 10, 5, 3),
  };
}

/** Tolerations (the accelerator's taint, then the given ones), node selector and affinity. */
function vllmScheduling(props: ModelServerProps, taintKey: string | undefined): { tolerations?: k8s.Toleration[]; nodeSelector?: Record<string, string>; affinity?: k8s.Affinity } {
  return {
    ...tolerationsOf(taintKey, props.tolerations),
    ...(props.nodeSelector ? { nodeSelector: { ...props.nodeSelector } } : {}),
    ...(props.affinity ? { affinity: props.affinity } : {}),
  };
}

/** `--max-model-len` and `--gpu-memory-utilization`, each only when set. */
function tuningArgs(props: ModelServerProps): string[] {
  return [
    ...(props.maxModelLen !== undefined ? ['--max-model-len', String(props.maxModelLen)] : []),
    ...(props.gpuMemoryUtilization !== undefined ? ['--gpu-memory-utilization', String(props.gpuMemoryUtilization)] : []),
  ];
}

/** The vLLM parallelism flags of a pod, each only when its size is above 1 (so 1-GPU output is unchanged). */
function parallelArgs(props: ModelServerProps): string[] {
  const flags: Array<[string, number | undefined]> = [
    ['--tensor-parallel-size', props.tensorParallelSize],
    ['--pipeline-parallel-size', props.pipelineParallelSize],
    ['--data-parallel-size', props.dataParallelSize],
  ];
  return flags.flatMap(([flag, size]) => (size !== undefined && size > 1 ? [flag, String(size)] : []));
}

/** CPU and memory requests of the vLLM container, only those given. */
function computeRequests(r: EndpointPickerResources | undefined): Record<string, k8s.Quantity> {
  return {
    ...(r?.cpu !== undefined ? { cpu: k8s.Quantity.fromString(r.cpu) } : {}),
    ...(r?.memory !== undefined ? { memory: k8s.Quantity.fromString(r.memory) } : {}),
  };
}

/** Limits: the accelerators, and memory (its limit, else its request) when a size is given. */
function limitsOf(accelerators: Record<string, k8s.Quantity>, r: EndpointPickerResources | undefined): { limits?: Record<string, k8s.Quantity> } {
  const memory = r?.memoryLimit ?? r?.memory;
  const limits = { ...accelerators, ...(memory !== undefined ? { memory: k8s.Quantity.fromString(memory) } : {}) };
  return Object.keys(limits).length ? { limits } : {};
}

/** The accelerator's taint toleration, then the given ones; none for a CPU server without any. */
function tolerationsOf(taintKey: string | undefined, extra: readonly k8s.Toleration[] | undefined): { tolerations?: k8s.Toleration[] } {
  const all = [...(taintKey ? [{ key: taintKey, operator: 'Exists', effect: 'NoSchedule' }] : []), ...(extra ?? []).map((t) => ({ ...t }))];
  return all.length ? { tolerations: all } : {};
}
