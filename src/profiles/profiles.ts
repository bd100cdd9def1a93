/**
 * Stack profiles: each a closed, pinned set of upstream versions, chosen as a whole. This file
 * is the one place every image, version and version-dependent fact of a profile lives; the
 * constructs emit from it and the verifier judges manifests by it. A third profile is a new
 * entry in {@link PROFILES} (and its schema set in cdk8s.yaml), not new code paths.
 *
 * Facts and sources: ../shared/reference/upstream-facts.md (the article's stack) and
 * ../shared/reference/upstream-2026-08.md (§5.2 compares the two object by object).
 */

import { Accelerator, ACCELERATOR_FACTS } from './accelerator';
import { DataPlaneFacts, DataPlaneSecurity, GatewayServiceType } from './data-plane';
import { RolloutStrategy } from './rollout';
import { RoutingMode } from './routing-mode';
import { OpenShiftVersion, StackProfile } from './stack-profile';

export { Accelerator, DataPlaneSecurity, GatewayServiceType, OpenShiftVersion, RolloutStrategy, RoutingMode, StackProfile };
export type { DataPlaneFacts };

/** The profile of new code that names none. */
export const DEFAULT_PROFILE = StackProfile.UPSTREAM_2026_08;

/** The Gateway API standard bundle each OpenShift release installs, and its schema set. */
export const OPENSHIFT_GATEWAY_API: Readonly<Record<OpenShiftVersion, { readonly version: string; readonly schemaSet: string }>> = {
  [OpenShiftVersion.V4_19]: { version: 'v1.2.1', schemaSet: 'gateway-api-v1.2.1' },
  [OpenShiftVersion.V4_20]: { version: 'v1.2.1', schemaSet: 'gateway-api-v1.2.1' },
  [OpenShiftVersion.V4_21]: { version: 'v1.3.0', schemaSet: 'gateway-api-v1.3.0' },
  [OpenShiftVersion.V4_22]: { version: 'v1.4.1', schemaSet: 'gateway-api-v1.4.1' },
  [OpenShiftVersion.V5_0]: { version: 'v1.4.1', schemaSet: 'gateway-api-v1.4.1' },
};

/**
 * The OpenShift releases whose pods may use image volumes (`volumes[].image`, the model images
 * of `oci://` sources) without a feature gate: those built on Kubernetes 1.35 or later, where
 * the `ImageVolume` feature is beta and on by default (alpha in 1.31, beta but off by default in
 * 1.33 and 1.34). Kubernetes docs: tasks/configure-pod-container/image-volumes (KEP-4639).
 */
export const IMAGE_VOLUME_OPENSHIFT: readonly OpenShiftVersion[] = [OpenShiftVersion.V4_22, OpenShiftVersion.V5_0];

/** The Kubernetes release from which image volumes are on by default. */
export const IMAGE_VOLUME_KUBERNETES = '1.35';

/** The oldest supported OpenShift release: what output must apply on when none is named. */
export const OLDEST_OPENSHIFT = OpenShiftVersion.V4_19;

/** Container resources as Kubernetes quantities. */
export interface ResourceSizes {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** What a profile's endpoint picker (EPP) is and how it is deployed. */
export interface EndpointPickerFacts {
  /** Which code line: the GAIE `epp` image, or llm-d-router's endpoint picker. */
  readonly line: 'gaie' | 'llm-d-router';
  readonly version: string;
  /** The pinned image. */
  readonly image: string;
  /** Image repositories (without tag) of this line. */
  readonly imageRepositories: readonly string[];
  /** apiVersion of the EndpointPickerConfig in the picker's ConfigMap. */
  readonly configApiVersion: string;
  /** Whether the config declares the data-layer plugins (metrics source and extractor). */
  readonly dataLayerPlugins: boolean;
  /** API groups whose InferenceObjective / InferenceModelRewrite the picker reads. */
  readonly objectiveGroups: readonly string[];
  /** One Role for everything, or the chart's split (`-sa` for pods, `-non-sa` for inference objects). */
  readonly roles: 'single' | 'split';
  /** Label key (value `<pool>-epp`) selecting the picker's pods. */
  readonly podSelectorLabel: string;
  /** Extra pod labels (beside the selector). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** `appProtocol` of the ext-proc Service port, if set. */
  readonly extProcAppProtocol?: string;
  /** Whether `--grpc-health-port` is passed explicitly. */
  readonly healthPortFlag: boolean;
  /** Log verbosity passed as `--v`, if the chart passes one. */
  readonly logVerbosity?: number;
  /** Default container resources, if the profile sets any. */
  readonly resources?: ResourceSizes;
  /** Flags that make this picker exit at start (deprecated-then-fatal or removed). */
  readonly fatalFlags: readonly string[];
  /** Flag prefixes that make this picker exit at start (removed families). */
  readonly fatalFlagPrefixes: readonly string[];
  /** Flags this picker still accepts but that a later one refuses. */
  readonly deprecatedFlags: readonly string[];
  /** Environment variables this picker no longer reads (set, they silently do nothing), with what replaced them. */
  readonly ignoredEnv: Readonly<Record<string, string>>;
  /** Older EndpointPickerConfig apiVersions this picker still loads, with a deprecation log. */
  readonly deprecatedConfigApiVersions: readonly string[];
  /** The scorer plugin a pool with LoRA adapters gets: type and weight in the default scheduling profile. */
  readonly loraAffinityScorer: { readonly type: string; readonly weight: number };
  /**
   * High availability: the flag that makes replicas elect a leader over a coordination.k8s.io
   * Lease (only the leader schedules and reports ready), and the gRPC health services the
   * chart probes with it (`liveness` passes on every replica, `readiness` on the leader only).
   */
  readonly leaderElection: { readonly flag: string; readonly livenessService: string; readonly readinessService: string };
  /**
   * The flag that turns off authentication of the picker's `/metrics` (port 9090). On by default
   * in both pinned pickers: the metrics server wraps `/metrics` in controller-runtime's
   * `filters.WithAuthenticationAndAuthorization` (a TokenReview of the bearer token, then a
   * SubjectAccessReview for verb `get` on the non-resource URL `/metrics`), so the picker's
   * ServiceAccount must be allowed to create both and the scraper's token to `get /metrics`.
   * Code read: gateway-api-inference-extension cmd/epp/runner/runner.go and
   * pkg/epp/server/options.go @v1.3.0 (616745e99b44); llm-d-router the same files @v0.10.0
   * (71f4f0999f95). The metrics are plain HTTP in both (no `--metrics-cert-dir` given).
   */
  readonly metricsAuthFlag: string;

  /**
   * Request headers this picker (or the gateway, after asking it) acts on when a client sends
   * them: scheduling hints, the objective and fairness id, a model rewrite, the chosen endpoint.
   * The body-routing policy removes every one of them (lowercase; at most 16 with the routing
   * header of the other mode, the CRD's limit for `remove`). See header-hygiene.ts for sources.
   */
  readonly clientHeaders: readonly string[];
  /** The fairness-id headers the picker reads (the gateway sets them from the caller's identity when auth is on). */
  readonly fairnessHeaders: readonly string[];
}

/** Default CPU and memory of a vLLM container: per accelerator of a GPU pod, and for a CPU-only pod. */
export interface ServerResourceDefaults {
  /** Multiplied by the accelerators of the pod. */
  readonly perAccelerator: ResourceSizes;
  /** A CPU-only server: the model runs on these cores and its KV cache lives in this memory. */
  readonly cpuServer: ResourceSizes;
}

/** What a profile's vLLM image is and how its server is deployed. */
export interface ModelServerFacts {
  readonly version: string;
  readonly image: string;
  /** Oldest vLLM version the profile supports. */
  readonly minVersion: string;
  /** Sets `USER` (vLLM ≥ 0.20 crashes at start under an arbitrary UID without it). */
  readonly userEnv: boolean;
  /** Paths of the startup, readiness and liveness probes. */
  readonly probes: { readonly startup: string; readonly readiness: string; readonly liveness: string };
  /** The default image per accelerator vendor (NVIDIA's is {@link image}). */
  readonly acceleratorImages: Record<Accelerator, string>;
  /**
   * How one vLLM instance spans the nodes of a LeaderWorkerSet group: `mp` — every pod runs
   * `vllm serve` with `--distributed-executor-backend mp --nnodes N --node-rank i --master-addr
   * <leader>`, the workers `--headless` (no API server), no Ray. Both pinned releases have it
   * (from {@link MULTI_NODE_MP_SINCE}); a profile pinning an older vLLM would need Ray instead.
   */
  readonly multiNodeBackend: 'mp';
  /** Default CPU and memory of the vLLM container, if the profile sets any. */
  readonly resources?: ServerResourceDefaults;
  /** How the Deployment replaces its pods when no rollout is chosen; absent: Kubernetes' default (no strategy written). */
  readonly rollout?: RolloutStrategy;
  /** Flags this vLLM no longer accepts (it exits at start on an unknown flag), with what replaced each. */
  readonly removedFlags: Readonly<Record<string, string>>;
}

/**
 * The first vLLM release that runs one server across nodes without Ray (`--nnodes`,
 * `--node-rank`, `--master-addr`, `--headless`): vllm-project/vllm#23691, merged November 2025;
 * docs/serving/parallelism_scaling.md, "Running vLLM with MultiProcessing".
 */
export const MULTI_NODE_MP_SINCE = 'v0.12.0';

/** A known defect of a profile's pinned CRDs: from which Kubernetes release they are refused, and what fixed it. */
export interface CrdDefect {
  /** Kubernetes minor release from which the API server refuses the CRDs. */
  readonly rejectedFromKubernetes: string;
  /** Why, in a few words. */
  readonly reason: string;
  /** The first release whose CRDs are accepted. */
  readonly fixedIn: string;
}

/** Every pinned fact of one profile. */
export interface ProfileFacts {
  readonly name: StackProfile;
  /** One line: what the profile is. */
  readonly summary: string;
  /** Directory under schemas/ holding the profile's schema set. */
  readonly schemaSet: string;
  readonly gatewayApiVersion: string;
  /** The Gateway API Inference Extension release of the InferencePool CRD. */
  readonly inferenceExtensionVersion: string;
  /** The agentgateway release (and chart) the profile installs. */
  readonly agentgateway: { readonly release: string; readonly chart: string; readonly crdCount: number; readonly crdDefect?: CrdDefect };
  /** The GatewayClass its agentgateway creates. */
  readonly gatewayClass: string;
  readonly controllerName: string;
  /** `spec.appProtocol` of each InferencePool, if set. */
  readonly poolAppProtocol?: string;
  readonly endpointPicker: EndpointPickerFacts;
  readonly modelServer: ModelServerFacts;
  /** API group of InferenceObjective and InferenceModelRewrite. */
  readonly objectiveGroup: string;
  /**
   * Kept only to reproduce a past deployment: a version below the profile's floor is reported as
   * a warning (a known defect of that era), where a current profile refuses it.
   */
  readonly frozen: boolean;
  /**
   * The gateway's routing mode when none is given: the article's CEL map (rhdev-2026-03,
   * reproduced byte for byte) or routing on the requested name (flat cost per request).
   */
  readonly routingMode: RoutingMode;
  /** The gateway's data plane as the profile's controller generates it. */
  readonly dataPlane: DataPlaneFacts;
  /** Prometheus metric names of the pinned vLLM and picker that the monitoring dashboard queries. */
  readonly metrics: ProfileMetrics;
  /** What the profile's agentgateway offers at the edge: authentication, limits, buffers. */
  readonly edge: EdgeFacts;
  /** What answers `GET /v1/models` and the OpenAI errors (issue 11). */
  readonly modelListing: ModelListingFacts;
}

/** What a profile's agentgateway data plane and AgentgatewayPolicy CRD offer at the edge. */
export interface EdgeFacts {
  /**
   * Phase of the Gateway policy that authenticates: `PreRouting` where the CRD allows
   * authentication there (it then runs before routing and before any direct response), else a
   * separate `PostRouting` policy on the Gateway (it runs after a route is chosen and before the
   * route's direct response or backend call).
   */
  readonly authPhase: 'PreRouting' | 'PostRouting';
  /** How `jwtAuthentication.providers[].jwks.remote` names the key set: a `uri`, or a `backendRef` plus `jwksPath`. */
  readonly jwksRemote: 'uri' | 'backendRef';
  /** `frontend.http.maxBufferSize`: an integer of bytes (`int32`), or a quantity (`8Mi`). */
  readonly maxBufferSize: 'int32' | 'quantity';
  /**
   * Whether a stream idle timeout exists in the AgentgatewayPolicy CRD (only `timeouts.request`
   * and the connection-level `frontend.http.http1IdleTimeout` do in both pinned CRDs).
   */
  readonly streamIdleTimeout: boolean;
  /**
   * Whether `rateLimit.local[].tokens` counts tokens of HTTPRoute→InferencePool traffic: no in
   * both pinned data planes, tokens are counted only for AI backends (AgentgatewayBackend ai /
   * AgentgatewayModel).
   */
  readonly tokenLimitsOnPools: boolean;
  /** CEL variables an authenticated request offers policies after authentication. */
  readonly identityVariables: readonly string[];
}

/**
 * Metric names (as Prometheus stores them: counters with `_total`, histograms without their
 * `_bucket`/`_sum`/`_count` suffix) of one profile's vLLM server and endpoint picker.
 */
export interface ProfileMetrics {
  /** vLLM, labelled `model_name` (the served name) and `engine`. */
  readonly vllm: {
    readonly requestSuccess: string;
    readonly promptTokens: string;
    readonly generationTokens: string;
    readonly timeToFirstToken: string;
    readonly interTokenLatency: string;
    readonly e2eLatency: string;
    readonly running: string;
    readonly waiting: string;
    readonly kvCacheUsage: string;
  };
  /** The endpoint picker: per request labelled `model_name` and `target_model_name`; per pool labelled `name` (the pool). */
  readonly picker: {
    readonly requests: string;
    readonly requestDuration: string;
    readonly inputTokens: string;
    readonly outputTokens: string;
    readonly poolKvCacheUtilization: string;
    readonly poolQueueSize: string;
    readonly readyEndpoints: string;
    readonly schedulerDuration: string;
  };
}

/**
 * vLLM's metrics of both pinned versions (vllm/v1/metrics/loggers.py; counters get `_total` in
 * the exposition). `vllm:kv_cache_usage_perc` from v0.10 (before: `vllm:gpu_cache_usage_perc`),
 * `vllm:inter_token_latency_seconds` replacing the deprecated `vllm:time_per_output_token_seconds`.
 */
const VLLM_METRICS: ProfileMetrics['vllm'] = {
  requestSuccess: 'vllm:request_success_total',
  promptTokens: 'vllm:prompt_tokens_total',
  generationTokens: 'vllm:generation_tokens_total',
  timeToFirstToken: 'vllm:time_to_first_token_seconds',
  interTokenLatency: 'vllm:inter_token_latency_seconds',
  e2eLatency: 'vllm:e2e_request_latency_seconds',
  running: 'vllm:num_requests_running',
  waiting: 'vllm:num_requests_waiting',
  kvCacheUsage: 'vllm:kv_cache_usage_perc',
};

/**
 * How a profile's gateway answers `GET /v1/models` and `/v1/models/{id}`: agentgateway direct
 * responses while the list fits one, else a small pinned static server.
 */
export interface ModelListingFacts {
  /**
   * `created` of every listed model (Unix seconds): the first day of the profile's month, so the
   * output never depends on a clock.
   */
  readonly created: number;
  /** The unprivileged nginx image of the static server (listens on 8080, runs as a non-root UID). */
  readonly staticServerImage: string;
  /** The profile's agentgateway's own model listing, if it has one, and why it is not used. */
  readonly nativeListing?: string;
}

/** The unprivileged nginx release both profiles pin for the static model-listing server. */
const LISTING_SERVER_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.29.4-alpine';

const DEPRECATED_METRIC_FLAGS = [
  '--total-queued-requests-metric', '--total-running-requests-metric', '--kv-cache-usage-percentage-metric',
  '--lora-info-metric', '--cache-info-metric',
];

/**
 * The scorer that sends a request for a LoRA adapter to a pod that has it loaded (or has room to
 * load it); the same plugin type in GAIE v1.3.0 and llm-d-router v0.10.0. Weight 2, as the
 * queue and kv-cache scorers of the default profile.
 */
const LORA_AFFINITY_SCORER = { type: 'lora-affinity-scorer', weight: 2 };

/**
 * Default vLLM sizes. Per GPU: 4 cores (tokenization, the API server, one worker process per
 * GPU) and 16Gi of host memory requested (weights pass through host memory while loading, plus
 * vLLM's 4GiB CPU swap space), limit 32Gi (room for the loading peak). A CPU-only server runs the
 * model on its cores and keeps weights and KV cache in host memory: 16 cores, 32Gi, limit 64Gi.
 * No CPU limit: throttling stalls token generation.
 */
const VLLM_RESOURCES: ServerResourceDefaults = {
  perAccelerator: { cpuRequest: '4', memoryRequest: '16Gi', memoryLimit: '32Gi' },
  cpuServer: { cpuRequest: '16', memoryRequest: '32Gi', memoryLimit: '64Gi' },
};

/** vLLM flags removed before both profiles' versions (v0.13.0, v0.26.0), with their replacement. */
const REMOVED_VLLM_FLAGS: Readonly<Record<string, string>> = {
  '--disable-log-requests': 'removed in vLLM 0.11 (request logging is off by default; --enable-log-requests turns it on)',
};

/**
 * Leader election of the endpoint picker, the same in GAIE v1.3.0 and llm-d-router v0.10.0: the
 * charts pass `--ha-enable-leader-election` when replicas > 1 and probe the `liveness` and
 * `readiness` gRPC services instead of `inference-extension`
 * (gateway-api-inference-extension config/charts/inferencepool/templates/epp-deployment.yaml and
 * cmd/epp/runner/health.go @a93ccb58ad27 = v1.3.0; llm-d-router
 * config/charts/routerlib/templates/_deployment.yaml and cmd/epp/runner/health.go @71f4f0999f95).
 */
const PICKER_LEADER_ELECTION = { flag: '--ha-enable-leader-election', livenessService: 'liveness', readinessService: 'readiness' };

/** The proxy pods' Gateway label, container and fixed UID: the same in both controllers' templates. */
const DATA_PLANE_COMMON = { gatewayNameLabel: 'gateway.networking.k8s.io/gateway-name', container: 'agentgateway', fixedUid: 10101, defaultServiceType: GatewayServiceType.LOAD_BALANCER };

/**
 * Request headers the GAIE v1.3.0 picker reads from the client's request (code reading of
 * kubernetes-sigs/gateway-api-inference-extension@616745e99b44: pkg/epp/metadata/consts.go,
 * pkg/epp/handlers/request.go, the slo_aware_router plugin's x-slo-* headers), the endpoint
 * agentgateway takes from the request after asking the picker (x-gateway-destination-endpoint,
 * crates/agentgateway/src/http/ext_proc.rs@v0.11.0: a client's value survives when the picker
 * sets none), and the llm-d names of the same fields, which v1.3.0 does not read but the next
 * picker does (removing them costs nothing and keeps a picker upgrade safe).
 */
const RHDEV_PICKER_HEADERS: readonly string[] = [
  'x-gateway-destination-endpoint',
  'x-gateway-inference-objective', 'x-gateway-inference-fairness-id', 'x-gateway-model-name-rewrite',
  'x-slo-ttft-ms', 'x-slo-tpot-ms',
  'x-llm-d-inference-objective', 'x-llm-d-inference-fairness-id', 'x-llm-d-model-name-rewrite',
  'x-llm-d-slo-ttft-ms', 'x-llm-d-slo-tpot-ms',
];

/**
 * Request headers the llm-d-router v0.10.0 picker reads from the client's request (code reading
 * of llm-d/llm-d-router@71f4f0999f95: pkg/epp/metadata/consts.go, both families of objective,
 * fairness id, model rewrite and SLO headers, and the x-llm-d-video-* token-estimate hints),
 * x-gateway-destination-endpoint (as above, agentgateway crates/agentgateway/src/http/ext_proc.rs
 * @163ea2146acb), and x-prefiller-host-port (pkg/common/routing/common.go: the prefill target
 * the P/D sidecar dials). 15 names; with the other mode's routing header 16, the CRD's limit.
 * Not listed: x-gateway-destination-endpoint-subset (the picker reads it from ext_proc metadata,
 * not from a header), x-encoder-hosts-ports, x-data-parallel-host-port and
 * x-kv-cache-source-host-port (read only by the P/D sidecar, which this library does not deploy;
 * the picker's own P/D handlers delete the prefill and encoder headers before setting them).
 */
const UPSTREAM_PICKER_HEADERS: readonly string[] = [
  // The same order as RHDEV_PICKER_HEADERS, so a profile change shows only what differs.
  ...RHDEV_PICKER_HEADERS,
  'x-llm-d-video-fps', 'x-llm-d-video-duration-seconds', 'x-llm-d-video-resolution',
  'x-prefiller-host-port',
];

/** The profiles, by name. */
export const PROFILES: Readonly<Record<StackProfile, ProfileFacts>> = {
  [StackProfile.RHDEV_2026_03]: {
    name: StackProfile.RHDEV_2026_03,
    summary: "the reference article's stack (March 2026): kgateway agentgateway v2.2.0-beta.3, GAIE v1.3.0 endpoint picker, vLLM v0.13.0",
    schemaSet: 'rhdev-2026-03',
    gatewayApiVersion: 'v1.4.1',
    inferenceExtensionVersion: 'v1.3.0',
    agentgateway: {
      release: 'kgateway v2.2.0-beta.3',
      chart: 'oci://ghcr.io/kgateway-dev/charts/agentgateway',
      crdCount: 3,
      // 15 unbounded matches() rules in the policy CRD, 17 in the backend CRD (upstream-2026-08.md §2.9).
      crdDefect: { rejectedFromKubernetes: '1.37', reason: 'CEL rules call matches() on strings without maxLength, over the CEL cost budget', fixedIn: 'agentgateway v1.4.0' },
    },
    gatewayClass: 'agentgateway-v2',
    controllerName: 'agentgateway.dev/agentgateway',
    endpointPicker: {
      line: 'gaie',
      version: 'v1.3.0',
      image: 'registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0',
      imageRepositories: ['registry.k8s.io/gateway-api-inference-extension/epp'],
      configApiVersion: 'inference.networking.x-k8s.io/v1alpha1',
      dataLayerPlugins: false,
      objectiveGroups: ['inference.networking.x-k8s.io'],
      roles: 'single',
      podSelectorLabel: 'inferencepool',
      podLabels: {},
      healthPortFlag: false,
      logVerbosity: 1,
      fatalFlags: [],
      fatalFlagPrefixes: [],
      deprecatedFlags: DEPRECATED_METRIC_FLAGS,
      ignoredEnv: {},
      deprecatedConfigApiVersions: [],
      loraAffinityScorer: LORA_AFFINITY_SCORER,
      leaderElection: PICKER_LEADER_ELECTION,
      metricsAuthFlag: '--metrics-endpoint-auth',
      clientHeaders: RHDEV_PICKER_HEADERS,
      fairnessHeaders: ['x-gateway-inference-fairness-id', 'x-llm-d-inference-fairness-id'],
    },
    modelServer: {
      // v0.13.0 exports `vllm:kv_cache_usage_perc`, the metric the v1.3.0 picker scrapes by
      // default (vLLM before 0.10 named it differently).
      version: 'v0.13.0',
      image: 'vllm/vllm-openai:v0.13.0',
      minVersion: 'v0.10.0',
      userEnv: false,
      probes: { startup: '/health', readiness: '/health', liveness: '/health' },
      // The llm-d guides' images of the article's date (upstream-facts.md §6.4); CPU: vLLM's
      // CPU release repository at the profile's vLLM version.
      acceleratorImages: {
        [Accelerator.NVIDIA]: 'vllm/vllm-openai:v0.13.0',
        [Accelerator.AMD]: 'ghcr.io/llm-d/llm-d-rocm:v0.5.1',
        [Accelerator.INTEL_GAUDI]: 'opea/vllm-gaudi:1.22.0',
        [Accelerator.GOOGLE_TPU]: 'vllm/vllm-tpu:v0.13.2-ironwood',
        [Accelerator.CPU]: 'public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.13.0',
      },
      // v0.13.0 is past v0.12.0: multi-node without Ray (no `ray start` wrapper).
      multiNodeBackend: 'mp',
      // The article's pods set no CPU or memory and no strategy; the frozen profile keeps them.
      removedFlags: REMOVED_VLLM_FLAGS,
    },
    objectiveGroup: 'inference.networking.x-k8s.io',
    frozen: true,
    routingMode: RoutingMode.MAP,
    // The article grants the nonroot-v2 SCC.
    dataPlane: { ...DATA_PLANE_COMMON, defaultSecurity: DataPlaneSecurity.SCC_GRANT },
    // GAIE v1.3.0 pkg/epp/metrics/metrics.go: subsystems inference_objective, inference_pool,
    // inference_extension.
    metrics: {
      vllm: VLLM_METRICS,
      picker: {
        requests: 'inference_objective_request_total',
        requestDuration: 'inference_objective_request_duration_seconds',
        inputTokens: 'inference_objective_input_tokens',
        outputTokens: 'inference_objective_output_tokens',
        poolKvCacheUtilization: 'inference_pool_average_kv_cache_utilization',
        poolQueueSize: 'inference_pool_average_queue_size',
        readyEndpoints: 'inference_pool_ready_pods',
        schedulerDuration: 'inference_extension_scheduler_e2e_duration_seconds',
      },
    },
    // kgateway v2.2.0-beta.3 CRD (../shared/crds): PreRouting's CEL message admits only extAuth,
    // transformation and extProc; jwks.remote has `uri`; maxBufferSize is an int32.
    // agentgateway v0.11.0 data plane (crates/agentgateway/src/proxy/httpproxy.rs@24d398f8a8aa):
    // route policies run jwt, api key, authorization, local rate limit, transformation, then
    // the direct response; token limits are checked only for AI backends.
    edge: { authPhase: 'PostRouting', jwksRemote: 'uri', maxBufferSize: 'int32', streamIdleTimeout: false, tokenLimitsOnPools: false, identityVariables: ['apiKey', 'jwt'] },
    modelListing: { created: Date.UTC(2026, 2, 1) / 1000, staticServerImage: LISTING_SERVER_IMAGE },
  },
  [StackProfile.UPSTREAM_2026_08]: {
    name: StackProfile.UPSTREAM_2026_08,
    summary: 'upstream as of August 2026: agentgateway v1.4.1, llm-d-router v0.10.0 endpoint picker, GAIE v1.6.0 InferencePool, Gateway API v1.6.1, vLLM v0.26.0',
    schemaSet: 'upstream-2026-08',
    gatewayApiVersion: 'v1.6.1',
    inferenceExtensionVersion: 'v1.6.0',
    agentgateway: { release: 'agentgateway v1.4.1', chart: 'oci://cr.agentgateway.dev/charts/agentgateway', crdCount: 4 },
    gatewayClass: 'agentgateway',
    controllerName: 'agentgateway.dev/agentgateway',
    poolAppProtocol: 'http',
    endpointPicker: {
      line: 'llm-d-router',
      version: 'v0.10.0',
      image: 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0',
      imageRepositories: ['ghcr.io/llm-d/llm-d-router-endpoint-picker'],
      configApiVersion: 'llm-d.ai/v1alpha1',
      dataLayerPlugins: true,
      objectiveGroups: ['llm-d.ai', 'inference.networking.x-k8s.io'],
      roles: 'split',
      podSelectorLabel: 'llm-d-router-gateway',
      podLabels: { 'llm-d.ai/igw-mode': 'llm-d-router-gateway' },
      extProcAppProtocol: 'kubernetes.io/h2c',
      healthPortFlag: true,
      // The llm-d-router chart's defaults; the chart refuses to render without requests.
      resources: { cpuRequest: '8', memoryRequest: '8Gi', memoryLimit: '16Gi' },
      fatalFlags: DEPRECATED_METRIC_FLAGS,
      fatalFlagPrefixes: ['--model-server-metrics-'],
      deprecatedFlags: [],
      ignoredEnv: { ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER: 'the flowControl feature gate in the EndpointPickerConfig (featureGates: [flowControl])' },
      deprecatedConfigApiVersions: ['inference.networking.x-k8s.io/v1alpha1'],
      loraAffinityScorer: LORA_AFFINITY_SCORER,
      leaderElection: PICKER_LEADER_ELECTION,
      metricsAuthFlag: '--metrics-endpoint-auth',
      clientHeaders: UPSTREAM_PICKER_HEADERS,
      fairnessHeaders: ['x-llm-d-inference-fairness-id', 'x-gateway-inference-fairness-id'],
    },
    modelServer: {
      // The version llm-d's guides pin with llm-d-router v0.10.0.
      version: 'v0.26.0',
      image: 'vllm/vllm-openai:v0.26.0',
      minVersion: 'v0.26.0',
      userEnv: true,
      probes: { startup: '/v1/models', readiness: '/v1/models', liveness: '/health' },
      // No newer vendor image than the article's is recorded in ../shared/reference for
      // AMD and CPU: vLLM's own ROCm and CPU images at the profile's vLLM version, as llm-d's
      // image components pin them (llm-d/llm-d guides/recipes/modelserver/components/images/
      // {amd,cpu}-vllm/release @ec40068fbf0b, the commit that pins vllm-openai v0.26.0).
      // TPU: llm-d's tpu-vllm release component (@029c5a39a57c; no v0.26.0 TPU pin is known).
      // Gaudi: no newer pin than the article's date is known; it repeats rhdev-2026-03's.
      acceleratorImages: {
        [Accelerator.NVIDIA]: 'vllm/vllm-openai:v0.26.0',
        [Accelerator.AMD]: 'docker.io/vllm/vllm-openai-rocm:v0.26.0',
        [Accelerator.INTEL_GAUDI]: 'opea/vllm-gaudi:1.22.0',
        [Accelerator.GOOGLE_TPU]: 'docker.io/vllm/vllm-tpu:v0.27.0',
        [Accelerator.CPU]: 'docker.io/vllm/vllm-openai-cpu:v0.26.0',
      },
      // What KServe's LeaderWorkerSet pipeline-parallel template runs (upstream-2026-08.md §2.7).
      multiNodeBackend: 'mp',
      resources: VLLM_RESOURCES,
      rollout: RolloutStrategy.NO_SURGE,
      removedFlags: REMOVED_VLLM_FLAGS,
    },
    objectiveGroup: 'llm-d.ai',
    frozen: false,
    routingMode: RoutingMode.NAME,
    // No cluster privilege for the gateway: the overlay llm-d's agentgateway OpenShift recipe
    // also ships (llm-d/llm-d guides/recipes/gateway/agentgateway-openshift, upstream-facts.md
    // §3.3). The nonroot-v2 grant admits any non-root UID for every pod of that ServiceAccount;
    // the overlay changes only the one container and leaves restricted-v2 in force.
    dataPlane: { ...DATA_PLANE_COMMON, defaultSecurity: DataPlaneSecurity.RESTRICTED_V2 },
    // llm-d-router v0.10.0 pkg/epp/metrics/llm_d_router_metrics.go: subsystem llm_d_epp (the
    // legacy inference_* names are still exported but deprecated).
    metrics: {
      vllm: VLLM_METRICS,
      picker: {
        requests: 'llm_d_epp_request_total',
        requestDuration: 'llm_d_epp_request_duration_seconds',
        inputTokens: 'llm_d_epp_request_input_tokens',
        outputTokens: 'llm_d_epp_request_output_tokens',
        poolKvCacheUtilization: 'llm_d_epp_average_kv_cache_utilization',
        poolQueueSize: 'llm_d_epp_average_queue_size',
        readyEndpoints: 'llm_d_epp_ready_endpoints',
        schedulerDuration: 'llm_d_epp_scheduler_e2e_duration_seconds',
      },
    },
    // agentgateway v1.4.1 CRD: PreRouting admits the authentications and authorization;
    // jwks.remote needs a backendRef and jwksPath; maxBufferSize is a quantity. Data plane
    // (crates/agentgateway/src/proxy/httpproxy.rs@163ea2146acb): gateway (PreRouting) policies
    // run jwt, api key, authorization, then the transformation, before a route is chosen.
    edge: { authPhase: 'PreRouting', jwksRemote: 'backendRef', maxBufferSize: 'quantity', streamIdleTimeout: false, tokenLimitsOnPools: false, identityVariables: ['apiKey', 'jwt'] },
    modelListing: {
      created: Date.UTC(2026, 7, 1) / 1000,
      staticServerImage: LISTING_SERVER_IMAGE,
      nativeListing: 'agentgateway v1.5 lists models natively only for AgentgatewayModel objects, which the map and name routing modes do not emit',
    },
  },
};

/** The facts of `profile`. */
export function profileFacts(profile: StackProfile): ProfileFacts {
  return PROFILES[profile];
}

/** Every profile name, in table order. */
export const PROFILE_NAMES: readonly StackProfile[] = Object.keys(PROFILES) as StackProfile[];

/** Whether `name` names a profile. */
export function isProfile(name: unknown): name is StackProfile {
  return typeof name === 'string' && (PROFILE_NAMES as readonly string[]).includes(name);
}

/** Whether `v` names a supported OpenShift release. */
export function isOpenShiftVersion(v: unknown): v is OpenShiftVersion {
  return typeof v === 'string' && Object.values(OpenShiftVersion).includes(v as OpenShiftVersion);
}

// ---- facts about images across profiles (used by verify) --------------------------------

/**
 * Images no longer published or renamed, with why and what replaces them. `severity`: `error`
 * in every profile, or `profile`: a warning (a known defect) in the profiles of `pinnedBy`,
 * which used the image, and an error in every other profile.
 */
export const RETIRED_IMAGES: readonly { readonly repository: string; readonly reason: string; readonly replacement: string; readonly severity: 'error' | 'profile'; readonly pinnedBy?: readonly StackProfile[] }[] = [
  {
    repository: 'registry.k8s.io/gateway-api-inference-extension/epp',
    reason: 'has no release after GAIE v1.5.0 (the endpoint picker moved to llm-d-router)',
    replacement: 'ghcr.io/llm-d/llm-d-router-endpoint-picker',
    severity: 'profile',
    pinnedBy: [StackProfile.RHDEV_2026_03],
  },
  {
    repository: 'ghcr.io/llm-d/llm-d-inference-scheduler',
    reason: 'is no longer publicly pullable (the scheduler became llm-d-router\'s endpoint picker)',
    replacement: 'ghcr.io/llm-d/llm-d-router-endpoint-picker',
    severity: 'error',
  },
  {
    repository: 'ghcr.io/llm-d/llm-d-routing-sidecar',
    reason: 'was renamed llm-d-router-disagg-sidecar in llm-d-router v0.9',
    replacement: 'ghcr.io/llm-d/llm-d-router-disagg-sidecar',
    severity: 'profile',
    pinnedBy: [StackProfile.RHDEV_2026_03],
  },
];

/** vLLM releases from which the server crashes at start under an arbitrary UID unless `USER` (or `TORCHINDUCTOR_CACHE_DIR`) is set. */
export const VLLM_ARBITRARY_UID_CRASH_FROM = 'v0.20.0';

/** Repositories of the upstream vLLM server image, whose tag is the vLLM version. */
export const VLLM_IMAGE_REPOSITORIES: readonly string[] = ['vllm/vllm-openai', 'docker.io/vllm/vllm-openai'];

/** The endpoint picker image line that became unpullable (llm-d's scheduler, before llm-d-router). */
export const RETIRED_PICKER_REPOSITORIES: readonly string[] = ['ghcr.io/llm-d/llm-d-inference-scheduler'];

/**
 * The API group of InferenceObjective and InferenceModelRewrite that llm-d-router (the endpoint
 * picker since GAIE v1.5) ignores once its own group's CRDs are installed, and the GAIE release
 * that removed its CRDs.
 */
export const SUPERSEDED_OBJECTIVE_GROUP = { group: 'inference.networking.x-k8s.io', by: 'llm-d.ai', crdsRemovedIn: 'GAIE v1.6.0', kinds: ['InferenceObjective', 'InferenceModelRewrite'] } as const;

/**
 * Endpoint picker flags that stopped working, by flag or flag prefix (`--model-server-metrics-`):
 * what happens when one is given and from which release, and what to do instead.
 */
export const PICKER_FLAG_HISTORY: readonly { readonly flags: readonly string[]; readonly prefix?: boolean; readonly breaks: string; readonly fix: string }[] = [
  {
    flags: DEPRECATED_METRIC_FLAGS,
    breaks: 'deprecated in GAIE v1.3.0 and fatal from GAIE v1.4.0 and in every llm-d-router release: the picker exits at start',
    fix: 'remove the flag and configure the metrics in the EndpointPickerConfig (the data-layer metrics-data-source and core-metrics-extractor plugins)',
  },
  {
    flags: ['--model-server-metrics-'],
    prefix: true,
    breaks: 'removed in llm-d-router v0.10.0: the picker exits at start on the unknown flag',
    fix: 'remove the flag and set scheme, path and insecureSkipVerify on the metrics-data-source plugin in the EndpointPickerConfig',
  },
];

/** Image tags that move (a new image under the same name): a profile pins versions, never these. */
export const ROLLING_IMAGE_TAGS: readonly string[] = ['latest', 'main', 'master', 'nightly', 'dev'];

/** The Kubernetes minor release from which CRDs whose CEL rules exceed the cost budget (e.g. matches() on a string without maxLength) are rejected. */
export const KUBERNETES_CEL_COST_ENFORCED_FROM = '1.37';

/**
 * Extended resource names of the accelerators a vLLM pod can request: NVIDIA, AMD, Intel
 * Gaudi and Google TPU. NVIDIA MIG slices (`nvidia.com/mig-<profile>`) match
 * {@link MIG_RESOURCE_PATTERN}.
 */
export const ACCELERATOR_RESOURCES: readonly string[] = Object.values(ACCELERATOR_FACTS).flatMap((f) => (f.resource ? [f.resource] : []));

/** NVIDIA Multi-Instance GPU slice resources, e.g. `nvidia.com/mig-3g.40gb`. */
export const MIG_RESOURCE_PATTERN = /^nvidia\.com\/mig-[0-9a-z.+-]+$/;
