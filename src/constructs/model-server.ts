import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { throwIfAny } from './checks/problem';
import { modelSubject } from './checks/model-checks';
import { gpusPerPod } from './checks/parallelism-checks';
import { checkServerSettings, defaultSharedMemory, DEFAULT_STARTUP_TIMEOUT, DEFAULT_STORAGE, MAX_REPLICAS, MAX_STORAGE, MIN_SHARED_MEMORY, MIN_STORAGE } from './checks/server-checks';
import { patchedLast } from './final-patches';
import { isMultiNode, MAX_NODES, pipelineStages } from './checks/multi-node-checks';
import { MULTI_NODE_ROLE_LABEL, servingSelector, vllmLeaderWorkerSet } from './leader-worker-set';
import { LoraModule } from './lora';
import { EndpointPickerResources } from './endpoint-picker';
import { Platform } from './platform';
import { CACHE_PATH, HOME_PATH, imageVolumePatches, VLLM_PORT, vllmPodTemplate } from './vllm-pod';
import { ModelCache, ModelCacheClaim } from './model-cache';
import { ModelSource } from './model-source';
import { checkStorageSettings } from './checks/storage-checks';
import { addDisruptionBudget, deploymentStrategy } from './rollout';
import { Accelerator, ACCELERATOR_FACTS } from '../profiles/accelerator';
import { DEFAULT_PROFILE, StackProfile } from '../profiles/profiles';
import { RolloutStrategy } from '../profiles/rollout';

/**
 * Properties of a {@link ModelServer}.
 */
export interface ModelServerProps {
  /** Name of the Deployment and its ServiceAccount. */
  readonly name: string;

  /** Namespace of the Deployment. */
  readonly namespace: string;

  /**
   * The public model name: vLLM `--served-model-name`, which clients send as `model`.
   */
  readonly servedModelName: string;

  /**
   * Hugging Face repository id vLLM loads, e.g. `Qwen/Qwen3-0.6B`.
   * @default - the served model name
   */
  readonly huggingFaceId?: string;

  /**
   * Labels that select this server's pods; the InferencePool uses the same set.
   * They are added to the pod labels and form the Deployment selector.
   */
  readonly selectorLabels: Record<string, string>;

  /**
   * Number of pods, from 0 to {@link ModelServer.MAX_REPLICAS}.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Size of the writable Hugging Face cache (an emptyDir), a size in bytes from 1Gi to 64Ti. The
   * pod also requests this much ephemeral storage so it lands on a node that has it.
   * @default '10Gi'
   */
  readonly storage?: string;

  /**
   * Size limit of the memory-backed `/dev/shm` volume, from 64Mi to 64Ti.
   * @default - '8Gi' up to 2 GPUs, then 4Gi per GPU (16Gi for 4 GPUs)
   */
  readonly sharedMemory?: string;

  /**
   * Name of a Secret with key `HF_TOKEN`, for gated models.
   * @default - no token
   */
  readonly hfTokenSecret?: string;

  /**
   * GPUs per pod (`nvidia.com/gpu`); when given it must equal
   * tensorParallelSize × pipelineParallelSize × dataParallelSize.
   * @default - tensorParallelSize × pipelineParallelSize × dataParallelSize (1)
   */
  readonly gpus?: number;

  /**
   * The accelerator vendor: the resource requested, the taint tolerated and the default image.
   * `Accelerator.CPU` requests no accelerator and runs vLLM's CPU image.
   * @default Accelerator.NVIDIA
   */
  readonly accelerator?: Accelerator;

  /**
   * Extended resource name requested instead of the vendor's, e.g. a MIG slice
   * `nvidia.com/mig-3g.40gb`.
   * @default - the accelerator's (`nvidia.com/gpu` for NVIDIA)
   */
  readonly gpuResource?: string;

  /**
   * CPU and memory of the vLLM container (shape of {@link EndpointPickerResources}: `cpu`,
   * `memory`, `memoryLimit`). Given values become requests; the memory limit defaults to the
   * memory request, and no CPU limit is set (a CPU limit throttles tokenization).
   * @default - no CPU or memory request (the pod is BestEffort for CPU and memory)
   */
  readonly resources?: EndpointPickerResources;

  /**
   * Node selector of the pods, passed through.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Tolerations added after the accelerator's own, passed through.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * vLLM `--tensor-parallel-size`: GPUs each layer is split across (passed only when above 1).
   * @default 1
   */
  readonly tensorParallelSize?: number;

  /**
   * vLLM `--pipeline-parallel-size`: stages the layers are split into (passed only when above 1).
   * @default 1
   */
  readonly pipelineParallelSize?: number;

  /**
   * vLLM `--data-parallel-size`: model replicas inside the pod (passed only when above 1).
   * @default 1
   */
  readonly dataParallelSize?: number;

  /**
   * How long vLLM may take to download and load the model before the kubelet restarts it.
   * @default Duration.minutes(30)
   */
  readonly startupTimeout?: Duration;

  /**
   * The stack profile: the vLLM image, its environment and its probes.
   * @default StackProfile.UPSTREAM_2026_08
   */
  readonly profile?: StackProfile;

  /**
   * vLLM image.
   * @default - the profile's image for the accelerator
   */
  readonly image?: string;

  /**
   * Target platform: on Kubernetes pods get a fixed non-root UID; on OpenShift the
   * restricted-v2 SCC assigns one.
   * @default Platform.OPENSHIFT
   */
  readonly platform?: Platform;

  /**
   * Labels added to every object's metadata.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to every object's metadata.
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  // Aliases and LoRA adapters (issue 10, part E).
  /**
   * More names vLLM serves the model under (after servedModelName in `--served-model-name`).
   * @default - none
   */
  readonly extraServedNames?: string[];

  /**
   * LoRA adapters vLLM serves (`--enable-lora`, `--lora-modules`, `--max-loras`).
   * @default - none
   */
  readonly loraModules?: LoraModule[];

  /**
   * `--max-lora-rank`, only with loraModules.
   * @default - vLLM's default
   */
  readonly maxLoraRank?: number;

  // Multi-node models (issue 10, part C).
  /**
   * Nodes one vLLM instance spans, from 1 to 64. Above 1 the server is a LeaderWorkerSet (the
   * LWS controller must be installed) of `replicas` groups of `nodes` pods: pipeline parallel
   * across the nodes (`pipelineParallelSize` defaults to `nodes`), tensor parallel within one
   * (`gpus` per pod defaults to tensorParallelSize × pipelineParallelSize / nodes); only the
   * leader of each group serves the API.
   * @default 1
   */
  readonly nodes?: number;
  // Model storage, sources and secrets (issue 10, part B).
  /**
   * Where the weights come from: vLLM is given its Hugging Face id (huggingFaceId, else the
   * served model name, when the source names none) or the path of its mounted claim or image.
   * @default - ModelSource.huggingFace(huggingFaceId ?? servedModelName)
   */
  readonly source?: ModelSource;

  /**
   * A PersistentVolumeClaim `<name>-cache` created for the Hugging Face cache (`HF_HOME`)
   * instead of the emptyDir, so weights survive restarts. Not with `storage`.
   * @default - an emptyDir of `storage`
   */
  readonly cache?: ModelCache;

  /**
   * The key of hfTokenSecret holding the token.
   * @default 'HF_TOKEN'
   */
  readonly hfTokenSecretKey?: string;

  /**
   * Sources of the LoRA adapters (same order as loraModules): the claims of `pvc://` adapters
   * are mounted read-only.
   * @default - none
   */
  readonly loraAdapterSources?: ModelSource[];
  // vLLM tuning, environment, scheduling and rollout (issue 10, part F).
  /**
   * vLLM `--max-model-len`: the longest context (prompt and output tokens) a request may use,
   * from 1 to 16777216. Lower it to fit the KV cache of a long-context model on fewer GPUs.
   * @default - the model's own context length
   */
  readonly maxModelLen?: number;

  /**
   * vLLM `--gpu-memory-utilization`: the fraction of each GPU's memory vLLM may use, above 0
   * and at most 1.
   * @default - vLLM's (0.9)
   */
  readonly gpuMemoryUtilization?: number;

  /**
   * Extra environment variables of the vLLM container, after the library's own (HOME, USER,
   * HF_HOME, HF_TOKEN, VLLM_NO_USAGE_STATS, which cannot be set here), each a value or a
   * `valueFrom` reference such as a Secret key.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];

  /**
   * Extra `vllm serve` flags, appended after the library's. Flags the library manages
   * (`--served-model-name`, `--port`, the LoRA and parallelism flags, `--max-model-len`,
   * `--gpu-memory-utilization`, ...) and flags the profile's vLLM removed are refused, in both
   * the `--flag value` and `--flag=value` forms; at most 64 entries.
   * @default - none
   */
  readonly vllmArgs?: string[];

  /**
   * Affinity of the vLLM pods, passed through.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * How the Deployment replaces its pods on an update.
   * @default - the profile's: RolloutStrategy.NO_SURGE under upstream-2026-08 (no spare GPU
   * needed); Kubernetes' default rolling update (RolloutStrategy.SURGE) under rhdev-2026-03
   */
  readonly rollout?: RolloutStrategy;
}

/**
 * A vLLM server for one model: a GPU Deployment (a LeaderWorkerSet when it spans several nodes)
 * and the ServiceAccount it runs as.
 *
 * The pod serves the OpenAI API on port 8000 (`http`), requests `nvidia.com/gpu`, tolerates
 * the `nvidia.com/gpu` taint, keeps the Hugging Face cache on a sized emptyDir, mounts a
 * memory-backed `/dev/shm`, gives vLLM a writable `HOME` (and, under upstream-2026-08, a `USER`:
 * OpenShift runs it under an arbitrary UID), and probes it as the profile says (`/health`;
 * upstream-2026-08: startup and readiness on `/v1/models`, liveness on `/health`) with a
 * startup budget long enough to download the model. Its
 * security context is admitted by OpenShift `restricted-v2`: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, no fixed UID on OpenShift.
 *
 * Creates, in `namespace`:
 * - ServiceAccount `<name>` (no API token mounted)
 * - Deployment `<name>` (upstream-2026-08: rollout maxSurge 0, maxUnavailable 1; see `rollout`),
 *   or with `nodes` above 1 a LeaderWorkerSet `<name>` (groups of `nodes` pods: a leader serving
 *   the API and headless workers, see {@link ModelServerProps.nodes})
 * - PodDisruptionBudget `<name>` (maxUnavailable 1, over every pod of the model), when replicas
 *   (Deployment pods or LeaderWorkerSet groups) is above 1
 *
 * @example
 * new ModelServer(chart, 'qwen', {
 *   name: 'vllm-qwen3-06b', namespace: 'llm-d',
 *   servedModelName: 'Qwen/Qwen3-0.6B', selectorLabels: { app: 'vllm-qwen3-06b' },
 * });
 */
export class ModelServer extends Construct {
  /** Port vLLM listens on; the InferencePool's target port. */
  public static readonly PORT = VLLM_PORT;
  /** Where the Hugging Face cache (`HF_HOME`) is mounted. */
  public static readonly CACHE_PATH = CACHE_PATH;
  /** Writable home directory for vLLM, Triton and torch caches. */
  public static readonly HOME_PATH = HOME_PATH;
  /** Extended resource name of the GPUs requested. */
  public static readonly GPU_RESOURCE = 'nvidia.com/gpu';
  /** Most pods per model: more is almost surely a typo (each pod holds at least one GPU). */
  public static readonly MAX_REPLICAS = MAX_REPLICAS;
  /** Smallest model cache: the smallest useful models need about a gigabyte. */
  public static readonly MIN_STORAGE = MIN_STORAGE;
  /** Largest model cache or shared memory volume. */
  public static readonly MAX_STORAGE = MAX_STORAGE;
  /** Smallest `/dev/shm`: the 64Mi container default is what the volume replaces. */
  public static readonly MIN_SHARED_MEMORY = MIN_SHARED_MEMORY;
  /**
   * Label naming a multi-node pod's part in its group: `leader` (serves the API; the pool
   * selects it) or `worker`.
   */
  public static readonly ROLE_LABEL = MULTI_NODE_ROLE_LABEL;
  /** Most nodes one vLLM instance spans. */
  public static readonly MAX_NODES = MAX_NODES;

  /** Deployment and ServiceAccount name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The public model name vLLM serves. */
  public readonly servedModelName: string;
  /** The labels that select this server's pods. */
  public readonly selectorLabels: Record<string, string>;
  /** Every label on the pods (a superset of {@link selectorLabels}). */
  public readonly podLabels: Record<string, string>;
  /** Container port vLLM listens on. */
  public readonly port: number;
  /** Pod replicas. */
  public readonly replicas: number;
  /** Accelerators per pod (0 for a CPU server). */
  public readonly gpus: number;
  /** The stack profile deployed. */
  public readonly profile: StackProfile;
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The vLLM Deployment; none for a model spanning several nodes (see {@link workload}). */
  public readonly deployment?: k8s.KubeDeployment;
  /** Nodes one vLLM instance spans (pods per group; 1: a Deployment). */
  public readonly nodes: number;
  /**
   * The labels that select the pods serving the API: {@link selectorLabels}, and for a
   * multi-node model the leader role (workers serve no API).
   */
  public readonly servingSelector: Record<string, string>;
  /** The workload running vLLM: the Deployment, or the LeaderWorkerSet of a multi-node model. */
  public readonly workload: ApiObject;
  /**
   * The claim holding the Hugging Face cache, when `cache` is given.
   * @default - none
   */
  public readonly cacheClaim?: ModelCacheClaim;
  /** The PodDisruptionBudget `<name>` (maxUnavailable 1), for more than one replica (pod or group). */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: ModelServerProps) {
    super(scope, id);
    throwIfAny(checkServerSettings(props), modelSubject(props.servedModelName));
    throwIfAny(checkStorageSettings(props), modelSubject(props.servedModelName));
    this.name = props.name;
    this.namespace = props.namespace;
    this.servedModelName = props.servedModelName;
    this.port = ModelServer.PORT;
    this.replicas = props.replicas ?? 1;
    const accelerator = props.accelerator ?? Accelerator.NVIDIA;
    const vendor = ACCELERATOR_FACTS[accelerator];
    const gpuResource = props.gpuResource ?? vendor.resource;
    this.gpus = gpuResource ? gpusPerPod(props) : 0;
    const storage = props.storage ?? DEFAULT_STORAGE;
    const shm = props.sharedMemory ?? defaultSharedMemory(this.gpus);
    const startup = props.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT;
    const platform = props.platform ?? Platform.OPENSHIFT;
    this.profile = props.profile ?? DEFAULT_PROFILE;

    const startupSeconds = startup.toSeconds({ integral: false });

    this.selectorLabels = { ...props.selectorLabels };
    this.podLabels = {
      'app.kubernetes.io/name': 'vllm',
      'app.kubernetes.io/instance': this.name,
      'app.kubernetes.io/component': 'model-server',
      'llm-d.ai/inference-serving': 'true',
      ...this.selectorLabels,
    };
    const metadata = {
      name: this.name,
      namespace: this.namespace,
      labels: { ...props.labels, 'app.kubernetes.io/name': 'vllm', 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/component': 'model-server' },
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
    };
    this.serviceAccount = new (patchedLast(k8s.KubeServiceAccount))(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    if (props.cache) {
      this.cacheClaim = new ModelCacheClaim(this, 'Cache', { serverName: this.name, namespace: this.namespace, cache: props.cache, labels: metadata.labels, annotations: props.annotations });
    }

    this.nodes = props.nodes ?? 1;
    this.servingSelector = servingSelector(this.selectorLabels, this.nodes);
    // A multi-node group runs its pipeline stages across the nodes: vLLM gets the stages.
    const podProps = isMultiNode(props) ? { ...props, pipelineParallelSize: pipelineStages(props) } : props;
    const template = vllmPodTemplate({
      props: podProps, profile: this.profile, platform, gpus: this.gpus, gpuResource,
      storage, sharedMemory: shm, startupSeconds, podLabels: this.podLabels,
    });
    if (isMultiNode(props)) {
      // Seam: a multi-node model is a LeaderWorkerSet (its own rollout, group restarts); the
      // Deployment below, and what is added to it, does not apply.
      this.workload = vllmLeaderWorkerSet(this, 'Resource', { metadata, replicas: this.replicas, nodes: this.nodes, template });
      // An image volume (oci:// model) is mounted by the leader and every worker.
      this.workload.addJsonPatch(
        ...imageVolumePatches(template, props, '/spec/leaderWorkerTemplate/leaderTemplate'),
        ...imageVolumePatches(template, props, '/spec/leaderWorkerTemplate/workerTemplate'),
      );
      // Above one group, node drains evict one pod at a time: a group whose pod goes is recreated
      // whole, so at most one group is down for a drain.
      this.disruptionBudget = addDisruptionBudget(this, { name: this.name, replicas: this.replicas, selectorLabels: this.selectorLabels, metadata });
      return;
    }
    this.deployment = new (patchedLast(k8s.KubeDeployment))(this, 'Resource', {
      metadata,
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: this.selectorLabels },
        ...deploymentStrategy(props.rollout, this.profile),
        template,
      },
    });
    ApiObject.of(this.deployment).addJsonPatch(...imageVolumePatches(template, props, '/spec/template'));
    this.workload = this.deployment;
    this.disruptionBudget = addDisruptionBudget(this, { name: this.name, replicas: this.replicas, selectorLabels: this.selectorLabels, metadata });
  }
}
