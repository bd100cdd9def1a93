// The model catalog file format. These interfaces are the single source of
// catalog/catalog.schema.json (scripts/catalog-schema.ts generates it from them), so every
// rule a catalog file must follow is written here once, as a JSDoc tag:
// @pattern, @minimum, @maximum, @minLength, @maxLength, @minItems, @maxItems, @integer, @default.
// The top level also accepts a `$schema` key (a path or URL of the schema, for editors).
import { RouteSpecTlsInsecureEdgeTerminationPolicy } from '../../imports/route.openshift.io';
import { Platform } from '../constructs/platform';
import { CacheAccessMode } from '../constructs/model-cache';
import { Accelerator } from '../profiles/accelerator';
import { RoutingMode } from '../profiles/routing-mode';
import { AllowedRoutes } from '../constructs/allowed-routes';
import { RolloutStrategy } from '../profiles/rollout';
import { OpenShiftVersion, StackProfile } from '../profiles/stack-profile';
import { DataPlaneSecurity, GatewayServiceType } from '../profiles/data-plane';

/**
 * A model catalog: the file `cdk8s-model-gateway synth --catalog` reads (YAML or JSON).
 */
export interface CatalogSpec {
  /**
   * The stack profile: images, GatewayClass, and the objects and fields emitted.
   * rhdev-2026-03 reproduces the reference article; upstream-2026-08 is today's upstream.
   * @default "upstream-2026-08"
   */
  readonly profile?: StackProfile;

  /** The shared gateway. */
  readonly gateway?: CatalogGatewaySpec;

  /**
   * Target platform: `openshift` adds the SCC binding and a Route; `kubernetes` does not.
   * @default "openshift"
   */
  readonly platform?: Platform;

  /**
   * OpenShift release the output must apply on (only with platform openshift): its Gateway API
   * bundle decides which Gateway and HTTPRoute fields verify accepts.
   * @default "4.19"
   */
  readonly openshiftVersion?: OpenShiftVersion;

  /** Container sizes of every model's endpoint picker; each absent one is the profile's. */
  readonly endpointPicker?: CatalogEndpointPickerSpec;

  /**
   * Namespace of every model's objects (a DNS-1123 label).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   * @default "llm-d"
   */
  readonly namespace?: string;

  /**
   * The models, in the order of the routing map (at most 30,000 per gateway).
   * @minItems 1
   * @maxItems 30000
   */
  readonly models: CatalogModelSpec[];

  /**
   * NetworkPolicies in the models' namespace so that only the gateway's data plane reaches the
   * model servers and the endpoint pickers (and each picker its pool's servers, and the pods of
   * a multi-node model each other). Ingress only: egress (DNS, model downloads) is untouched.
   * @default true
   */
  readonly networkPolicies?: boolean;

  /**
   * Prometheus Operator monitors for every model's vLLM pods and endpoint picker, and a Grafana
   * dashboard. Off by default: the monitors need the Prometheus Operator CRDs (on OpenShift,
   * user-workload monitoring enabled by a cluster admin).
   */
  readonly monitoring?: CatalogMonitoringSpec;
}

/**
 * Monitoring of the models and their endpoint pickers.
 */
export interface CatalogMonitoringSpec {
  /**
   * Emit a PodMonitor per model (vLLM `/metrics`) and a ServiceMonitor per endpoint picker.
   * @default false
   */
  readonly enabled?: boolean;

  /**
   * Emit a ConfigMap with a Grafana dashboard, labelled `grafana_dashboard: "1"` for the Grafana sidecar.
   * @default false
   */
  readonly dashboards?: boolean;

  /**
   * Keep the endpoint pickers' metrics authentication on (TokenReview and SubjectAccessReview
   * of the scraper's token); false passes --metrics-endpoint-auth=false.
   * @default true
   */
  readonly pickerMetricsAuth?: boolean;

  /**
   * Scrape interval, a Prometheus duration such as 30s or 1m.
   * @pattern ^[0-9]{1,5}(ms|s|m|h)$
   * @default "30s"
   */
  readonly scrapeInterval?: string;

  /**
   * Namespace of the scraping Prometheus (platform kubernetes only).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   * @default "monitoring"
   */
  readonly scraperNamespace?: string;

  /**
   * ServiceAccount of the scraping Prometheus (platform kubernetes only).
   * @maxLength 253
   * @default "prometheus-k8s"
   */
  readonly scraperServiceAccount?: string;

  /**
   * Labels on every monitor, for a Prometheus whose selector needs them (kube-prometheus-stack: release).
   * @maxProperties 16
   */
  readonly monitorLabels?: Record<string, string>;
}

/**
 * The shared gateway.
 */
export interface CatalogGatewaySpec {
  /**
   * Gateway name (a DNS-1035 label of at most 59 characters, leaving room for '-bbr' and '-scc').
   * @pattern ^[a-z]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 59
   * @default "inference-gateway"
   */
  readonly name?: string;

  /**
   * Namespace of the Gateway, its routing policy and the OpenShift objects (a DNS-1123 label).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   * @default "agentgateway-system"
   */
  readonly namespace?: string;

  /**
   * GatewayClass name; defaults to the profile's (agentgateway under upstream-2026-08,
   * agentgateway-v2 under rhdev-2026-03).
   * @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$
   * @maxLength 253
   */
  readonly className?: string;

  /**
   * HTTP listener port (15000, 15020 and 15021 are reserved by agentgateway).
   * @integer
   * @minimum 1
   * @maximum 65535
   * @default 8080
   */
  readonly port?: number;

  /**
   * Request timeout of every model's HTTPRoute, a Gateway API duration such as 300s or 5m;
   * greater than 0 and at most 24h.
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   * @default "300s"
   */
  readonly requestTimeout?: string;

  /** The OpenShift Route exposing the gateway (ignored on kubernetes). */
  readonly route?: CatalogRouteSpec;

  /**
   * How requests are routed by their `model`: `map` (the article's CEL map of public names to
   * base models; at most about 400 names) or `name` (the requested name itself: constant cost
   * per request, HTTPRoutes matching every public name). Defaults to the profile's: map under
   * rhdev-2026-03, name under upstream-2026-08.
   */
  readonly routing?: RoutingMode;

  /**
   * Which namespaces' HTTPRoutes the gateway admits: same-namespace-as-models (default: only the
   * models' namespace, selected by its kubernetes.io/metadata.name label) or all (the article's).
   */
  readonly allowedRoutes?: AllowedRoutes;

  /**
   * OpenShift only: how the gateway's data plane (fixed UID 10101) gets past the restricted-v2
   * SCC: scc-grant (the article's RoleBinding to system:openshift:scc:nonroot-v2) or
   * restricted-v2 (an AgentgatewayParameters overlay that removes the fixed UID; no extra
   * privilege). Defaults to the profile's: scc-grant under rhdev-2026-03, restricted-v2 under
   * upstream-2026-08.
   */
  readonly dataPlaneSecurity?: DataPlaneSecurity;

  /**
   * Type of the gateway's data-plane Service: LoadBalancer (the controller's), ClusterIP or
   * NodePort. Defaults to ClusterIP on openshift (the Route fronts the gateway) and
   * LoadBalancer on kubernetes.
   */
  readonly serviceType?: GatewayServiceType;

  /**
   * Authentication on the Gateway: API keys (a Secret you create) or JWT providers, one of them;
   * a request without a valid credential gets 401. Off by default (the article has none).
   */
  readonly auth?: CatalogAuthSpec;

  /** Gateway-wide local rate limit (per gateway replica). */
  readonly rateLimit?: CatalogRateLimitSpec;

  /**
   * A stream idle timeout: no pinned profile's agentgateway has one, so it is refused with the
   * reason; size requestTimeout for the longest generation instead.
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly streamIdleTimeout?: string;

  /**
   * Largest request body the gateway buffers to read `model` (long prompts), a size such as 8Mi;
   * agentgateway's default is 2 MB.
   * @pattern ^[0-9]{1,10}(Ki|Mi|Gi|k|M|G)?$
   */
  readonly maxRequestBodySize?: string;
}

/**
 * Authentication on the gateway.
 */
export interface CatalogAuthSpec {
  /** API keys: Strict API-key authentication on the Gateway. */
  readonly apiKeys?: CatalogApiKeysSpec;
  /**
   * JWT providers: Strict JWT authentication on the Gateway.
   * @maxItems 64
   */
  readonly jwt?: CatalogJwtProviderSpec[];
}

/**
 * API keys, in a Secret of the gateway namespace that you create (never written by synth).
 */
export interface CatalogApiKeysSpec {
  /**
   * Name of the Secret: each data entry one key, the key itself or JSON {"key": ..., "metadata": {...}}.
   * @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$
   * @maxLength 253
   */
  readonly secretRef: string;
  /**
   * The key metadata field whose value becomes the endpoint picker's fairness id.
   * @pattern ^[A-Za-z_][A-Za-z0-9_]{0,62}$
   * @default "user"
   */
  readonly fairnessField?: string;
}

/**
 * One JWT issuer.
 */
export interface CatalogJwtProviderSpec {
  /**
   * The iss claim.
   * @maxLength 256
   */
  readonly issuer: string;
  /**
   * Accepted aud claims.
   * @minItems 1
   * @maxItems 64
   */
  readonly audiences: string[];
  /**
   * URL of the issuer's JSON Web Key Set.
   * @pattern ^https?://
   * @maxLength 2000
   */
  readonly jwksUri: string;
}

/**
 * A local rate limit, per minute.
 */
export interface CatalogRateLimitSpec {
  /**
   * Requests per minute; over it, 429.
   * @integer
   * @minimum 1
   * @maximum 2147483647
   */
  readonly requestsPerMinute?: number;
  /**
   * Tokens per minute: refused in every pinned profile (agentgateway counts tokens only for AI
   * backends, not HTTPRoute to InferencePool traffic).
   * @integer
   * @minimum 1
   * @maximum 2147483647
   */
  readonly tokensPerMinute?: number;
}

/**
 * Container sizes of the endpoint pickers.
 */
export interface CatalogEndpointPickerSpec {
  /**
   * CPU request: cores such as 8 or 0.5, or millicores such as 500m; above 0, at most 1024.
   * @pattern ^([0-9]{1,4}(\.[0-9]{1,3})?|[0-9]{1,7}m)$
   */
  readonly cpu?: string;

  /**
   * Memory request, a size such as 8Gi, from 64Mi to 1Ti.
   * @pattern ^([0-9]{1,15}(\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$
   */
  readonly memory?: string;

  /**
   * Memory limit, a size such as 16Gi, from 64Mi to 1Ti and at least the request.
   * @pattern ^([0-9]{1,15}(\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$
   */
  readonly memoryLimit?: string;

  /**
   * Replicas of every endpoint picker. Above 1 the pickers elect a leader (only the leader
   * schedules and is ready; the others take over when it goes), with the Role for the Lease.
   * @integer
   * @minimum 1
   * @maximum 5
   * @default 1
   */
  readonly replicas?: number;
}

/**
 * The OpenShift Route exposing the gateway.
 */
export interface CatalogRouteSpec {
  /**
   * Host name; the router assigns one when absent.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly host?: string;

  /**
   * Router timeout, a duration such as 300s; at least the gateway's requestTimeout, which is
   * also its default, and at most 24h.
   * @pattern ^([0-9]{1,5}(h|m|s|ms)){1,4}$
   */
  readonly timeout?: string;

  /**
   * What the Route does with plain-HTTP requests.
   * @default "Redirect"
   */
  readonly insecureEdgeTerminationPolicy?: RouteSpecTlsInsecureEdgeTerminationPolicy;
}

/**
 * One model.
 */
export interface CatalogModelSpec {
  /**
   * Public model name: what clients send as `model` and vLLM's --served-model-name.
   * Printable ASCII without leading or trailing spaces.
   * @pattern ^[!-~]([ -~]*[!-~])?$
   * @maxLength 256
   */
  readonly name: string;

  /**
   * Where the weights come from: hf://<organization>/<name> (downloaded into the cache),
   * pvc://<claim>/<path> (read-only from an existing claim, nothing downloaded),
   * pvc+hf://<claim>[/<organization>/<name>] (downloaded into a cache kept on an existing claim;
   * the model name is the id when none is given) or
   * oci://<registry>/<repository>:<tag>[@sha256:<digest>] (an image volume: Kubernetes 1.35 or
   * OpenShift 4.22 and later). Defaults to hf:// and the model name.
   * @pattern ^[a-z][a-z0-9+.-]*://
   * @maxLength 1024
   */
  readonly uri?: string;

  /**
   * Name of the InferencePool, HTTPRoute and vLLM Deployment (a DNS-1035 label of at most
   * 59 characters, leaving room for '-epp'). Defaults to 'vllm-' and the model name after its
   * last '/', lowercased, dots dropped.
   * @pattern ^[a-z]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 59
   */
  readonly pool?: string;

  /**
   * Number of vLLM pods.
   * @integer
   * @minimum 0
   * @maximum 1000
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Size of the model cache volume in bytes, such as 10Gi (suffix Ki, Mi, Gi, Ti, Pi, Ei or k,
   * M, G, T, P, E; no 'm'), from 1Gi to 64Ti.
   * @pattern ^([0-9]{1,15}(\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$
   * @default "10Gi"
   */
  readonly storage?: string;

  /**
   * Secret holding the Hugging Face token of gated models (a lowercase DNS subdomain); vLLM
   * gets it as HF_TOKEN from the key hfTokenSecretKey (HF_TOKEN by default).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly hfTokenSecret?: string;

  // Aliases and LoRA adapters (issue 10, part E).
  /**
   * More public names of this model: each is another --served-model-name of its vLLM and
   * routes to this model's pool. Unique across the catalog (case-sensitive); printable ASCII,
   * at most 256 characters each.
   * @maxItems 64
   */
  readonly aliases?: string[];

  /**
   * LoRA adapters served on this model (vLLM --enable-lora, --lora-modules, --max-loras);
   * each adapter name routes to this model's pool. Names unique across the catalog.
   * @maxItems 64
   */
  readonly loraAdapters?: CatalogLoraAdapterSpec[];

  /**
   * Highest LoRA rank among the adapters (vLLM --max-lora-rank): 1, 8, 16, 32, 64, 128, 256,
   * 320 or 512. Only with loraAdapters; vLLM's default when absent.
   * @integer
   * @minimum 1
   * @maximum 512
   */
  readonly maxLoraRank?: number;

  // --- parallelism (issue 10 part A) ---

  /**
   * GPUs per vLLM pod; when given it must equal tensorParallelSize × pipelineParallelSize ×
   * dataParallelSize. Defaults to that product (1).
   * @integer
   * @minimum 1
   * @maximum 64
   */
  readonly gpus?: number;

  /**
   * vLLM --tensor-parallel-size: GPUs each layer is split across.
   * @integer
   * @minimum 1
   * @maximum 64
   * @default 1
   */
  readonly tensorParallelSize?: number;

  /**
   * vLLM --pipeline-parallel-size: stages the layers are split into.
   * @integer
   * @minimum 1
   * @maximum 64
   * @default 1
   */
  readonly pipelineParallelSize?: number;

  /**
   * vLLM --data-parallel-size: model replicas inside one pod.
   * @integer
   * @minimum 1
   * @maximum 64
   * @default 1
   */
  readonly dataParallelSize?: number;

  /**
   * Accelerator vendor: the resource requested (nvidia.com/gpu, amd.com/gpu, habana.ai/gaudi,
   * google.com/tpu), the taint tolerated and the profile's image for it; cpu requests none.
   * @default "nvidia"
   */
  readonly accelerator?: Accelerator;

  /**
   * Extended resource requested instead of the vendor's, e.g. a MIG slice nvidia.com/mig-3g.40gb.
   * @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$
   * @maxLength 317
   */
  readonly gpuResource?: string;

  /**
   * CPU and memory of the vLLM container: requests; the memory limit defaults to the memory
   * request; no CPU limit. Absent: no CPU or memory request.
   */
  readonly resources?: CatalogEndpointPickerSpec;

  /**
   * Tolerations of the vLLM pods, after the accelerator's own.
   * @maxItems 64
   */
  readonly tolerations?: CatalogTolerationSpec[];
  // --- multi-node (issue 10 part C) ---

  /**
   * Nodes one vLLM instance spans. Above 1 the model runs as a LeaderWorkerSet (needs the LWS
   * controller) of `replicas` groups of `nodes` pods: pipeline parallel across the nodes
   * (pipelineParallelSize defaults to nodes and must be a multiple of it), tensor parallel
   * within one; gpus is per pod and nodes × gpus must equal pipelineParallelSize ×
   * tensorParallelSize. Only the group leaders serve the API (the pool selects them); no
   * dataParallelSize and no cpu accelerator.
   * @integer
   * @minimum 1
   * @maximum 64
   * @default 1
   */
  readonly nodes?: number;

  // --- model storage, sources and secrets (issue 10 part B) ---

  /**
   * A PersistentVolumeClaim <pool>-cache created for the Hugging Face cache (HF_HOME) instead of
   * the emptyDir, so weights survive restarts. Only for hf:// models and not with `storage`;
   * more than one replica needs accessMode ReadWriteMany.
   */
  readonly cache?: CatalogCacheSpec;

  /**
   * The key of hfTokenSecret holding the token.
   * @pattern ^[-._a-zA-Z0-9]+$
   * @maxLength 253
   * @default "HF_TOKEN"
   */
  readonly hfTokenSecretKey?: string;

  // --- vLLM tuning, environment, scheduling, rollout (issue 10 part F) ---

  /**
   * vLLM --max-model-len: the longest context (prompt and output tokens) of a request. Defaults
   * to the model's own context length.
   * @integer
   * @minimum 1
   * @maximum 16777216
   */
  readonly maxModelLen?: number;

  /**
   * vLLM --gpu-memory-utilization: the fraction of each GPU's memory vLLM may use, above 0 and
   * at most 1. Defaults to vLLM's (0.9).
   * @maximum 1
   */
  readonly gpuMemoryUtilization?: number;

  /**
   * Extra environment variables of the vLLM container, after the library's own: a list of
   * {name, value} or {name, secretKeyRef}, or a mapping of name to value; HOME, USER, HF_HOME,
   * HF_HUB_CACHE, HF_HUB_OFFLINE, HF_TOKEN and VLLM_NO_USAGE_STATS are the library's.
   * @maxItems 64
   * @maxProperties 64
   */
  readonly env?: CatalogEnvVarSpec[] | Record<string, string>;

  /**
   * Extra vllm serve flags, appended after the library's (--flag value or --flag=value). Flags
   * the library manages and flags the profile's vLLM removed are refused with the key to use.
   * @maxItems 64
   */
  readonly vllmArgs?: string[];

  /**
   * Node selector of the vLLM pods (label key to value), passed through.
   * @maxProperties 64
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Affinity of the vLLM pods, as in a pod spec (nodeAffinity, podAffinity, podAntiAffinity),
   * passed through; a key that is not a Kubernetes affinity field is refused.
   */
  readonly affinity?: Record<string, unknown>;

  /**
   * How the vLLM Deployment replaces its pods: surge (Kubernetes' default, needs a spare GPU),
   * no-surge (maxSurge 0, maxUnavailable 1: a 1-replica model is briefly down) or recreate.
   * Defaults to the profile's: no-surge under upstream-2026-08, surge under rhdev-2026-03.
   */
  readonly rollout?: RolloutStrategy;

  /** This model's own local rate limit: a policy on its HTTPRoute, so it never throttles another model. */
  readonly rateLimit?: CatalogRateLimitSpec;

  /**
   * Who may use this model: API keys by a metadata field's values, or JWTs by a claim's values
   * (others get 403); needs the matching gateway.auth.
   */
  readonly access?: CatalogAccessSpec;
}

/**
 * Who may use a model.
 */
export interface CatalogAccessSpec {
  /**
   * API-key metadata field to allowed values, e.g. {team: [search, support]}.
   * @maxProperties 16
   */
  readonly apiKeys?: Record<string, string[]>;
  /**
   * JWT claim to allowed values, e.g. {groups: [ml-users]}: a string claim equals one, a list claim contains one.
   * @maxProperties 16
   */
  readonly jwtClaims?: Record<string, string[]>;
}

/**
 * The claim created for a model's Hugging Face cache.
 */
export interface CatalogCacheSpec {
  /**
   * Size of the claim, such as 200Gi, from 1Gi to 64Ti.
   * @pattern ^([0-9]{1,15}(\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$
   */
  readonly size: string;

  /**
   * StorageClass of the claim; the cluster default when absent.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly storageClass?: string;

  /**
   * Access mode of the claim; more than one replica needs ReadWriteMany.
   * @default "ReadWriteOnce"
   */
  readonly accessMode?: CacheAccessMode;
}

/**
 * A LoRA adapter on a model.
 */
export interface CatalogLoraAdapterSpec {
  /**
   * Public name clients send as `model` (printable ASCII, no '=').
   * @pattern ^[!-~]([ -~]*[!-~])?$
   * @maxLength 256
   */
  readonly name: string;

  /**
   * Where the adapter comes from: hf://<organization>/<name> (downloaded) or
   * pvc://<claim>/<path> (read-only from an existing claim).
   * @pattern ^[a-z][a-z0-9+.-]*://
   * @maxLength 1024
   */
  readonly uri: string;
}

/**
 * An environment variable: a value, or a key of a Secret.
 */
export interface CatalogEnvVarSpec {
  /**
   * Variable name (letters, digits and '_', not starting with a digit).
   * @pattern ^[A-Za-z_][A-Za-z0-9_]*$
   * @maxLength 255
   */
  readonly name: string;

  /**
   * The value (give this or secretKeyRef).
   * @maxLength 32768
   */
  readonly value?: string;

  /** A key of a Secret in the models' namespace (give this or value). */
  readonly secretKeyRef?: CatalogSecretKeySpec;
}

/**
 * A key of a Secret.
 */
export interface CatalogSecretKeySpec {
  /**
   * Secret name (a lowercase DNS subdomain).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly name: string;

  /**
   * Key in the Secret.
   * @pattern ^[-._a-zA-Z0-9]+$
   * @maxLength 253
   */
  readonly key: string;
}

/**
 * A pod toleration, as in a Kubernetes pod spec.
 */
export interface CatalogTolerationSpec {
  /**
   * Taint key; absent with operator Exists tolerates every taint.
   * @maxLength 317
   */
  readonly key?: string;
  /** Exists or Equal. */
  readonly operator?: 'Exists' | 'Equal';
  /**
   * Taint value (with operator Equal).
   * @maxLength 63
   */
  readonly value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute; absent: all. */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * Seconds a NoExecute toleration lasts.
   * @integer
   * @minimum 0
   */
  readonly tolerationSeconds?: number;
}
