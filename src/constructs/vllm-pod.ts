import { k8s } from 'cdk8s-plus-30';
import { loraArgs } from './lora-args';
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
        ports: [{ name: 'http', containerPort: VLLM_PORT, protocol: 'TCP' }],
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
    props.huggingFaceId ?? props.servedModelName,
    '--served-model-name', props.servedModelName, ...props.extraServedNames ?? [],
    '--port', String(VLLM_PORT),
    ...loraArgs(props.loraModules ?? [], props.maxLoraRank),
    ...parallelArgs(props),
    ...tuningArgs(props),
    ...props.vllmArgs ?? [],
  ];
}

/** The container environment: writable HOME (and USER where the profile needs it), the cache, the token. */
export function vllmEnv(props: ModelServerProps, userEnv: boolean): k8s.EnvVar[] {
  return [
    { name: 'HOME', value: HOME_PATH },
    ...(userEnv ? [{ name: 'USER', value: VLLM_USER }] : []),
    { name: 'HF_HOME', value: CACHE_PATH },
    { name: 'VLLM_NO_USAGE_STATS', value: '1' },
    ...(props.hfTokenSecret
      ? [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: props.hfTokenSecret, key: 'HF_TOKEN' } } }]
      : []),
    ...(props.env ?? []).map((e) => ({ ...e })),
  ];
}

/** The volumes of the pod and where the vLLM container mounts them. */
export function vllmVolumes(inp: VllmPodInputs): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  return {
    mounts: [
      { name: 'model-cache', mountPath: CACHE_PATH },
      { name: 'home', mountPath: HOME_PATH },
      { name: 'dshm', mountPath: '/dev/shm' },
    ],
    volumes: [
      { name: 'model-cache', emptyDir: { sizeLimit: k8s.Quantity.fromString(inp.storage) } },
      { name: 'home', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(inp.sharedMemory) } },
    ],
  };
}

/**
 * Requests and limits: accelerators, CPU and memory (each given one, else the profile's default
 * for the pod's accelerators or for a CPU server), ephemeral storage for the cache.
 */
export function vllmResources(inp: VllmPodInputs): k8s.ResourceRequirements {
  const accelerators = inp.gpuResource ? { [inp.gpuResource]: k8s.Quantity.fromNumber(inp.gpus) } : {};
  const sizes = withDefaultSizes(inp.props.resources, defaultServerSizes(inp.profile, inp.gpuResource ? inp.gpus : 0));
  return {
    requests: { ...accelerators, ...computeRequests(sizes), 'ephemeral-storage': k8s.Quantity.fromString(inp.storage) },
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
