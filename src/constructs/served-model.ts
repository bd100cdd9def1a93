import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as gatewayApi from '../../imports/gateway.networking.k8s.io';
import * as inference from '../../imports/inference.networking.k8s.io';
import { checkModelOptions, modelSubject } from './checks/model-checks';
import { Problem, problemText, throwIfAny } from './checks/problem';
import { checkPublicNames } from './checks/public-name-checks';
import { checkRouteLimits, checkRouteNameClash } from './checks/routing-checks';
import { EndpointPicker, EndpointPickerResources } from './endpoint-picker';
import { patchedLast } from './final-patches';
import { withPoolAppProtocol } from './pool-app-protocol';
import { InferenceGateway } from './inference-gateway';
import { servingSelector } from './leader-worker-set';
import { ModelServer } from './model-server';
import { matchStatusWhenNeeded } from './model-status-match';
import { LoraAdapter } from './lora';
import { ModelSource } from './model-source';
import { ModelCache } from './model-cache';
import { checkMonitoringOptions, ModelMonitoring, monitoringSettings } from './monitoring';
import { MonitoringOptions } from './monitoring-options';
import { VLLM_PORT_NAME } from './vllm-pod';
import { Names } from './names';
import { ANNOTATION_DOMAIN } from './ownership';
import { formatGatewayDuration } from './units';
import { checkModelRateLimit } from './checks/edge-checks';
import { modelRateLimitPolicy, RateLimit } from './gateway-edge';
import { checkModelAccess, ModelAccess, modelAccessPolicy } from './model-access';
import { Accelerator } from '../profiles/accelerator';
import { PROFILES, RoutingMode } from '../profiles/profiles';
import { shardNames, shardRouteName } from './route-shards';
import { RolloutStrategy } from '../profiles/rollout';

/** Annotation carrying the raw model name (label values cannot hold `/`). */
export const MODEL_ANNOTATION = `${ANNOTATION_DOMAIN}/model`;

const problemsOf = (problems: Problem[]) => problems.map((p) => problemText([p]));

/**
 * One model in the catalog.
 */
export interface ModelOptions {
  /**
   * The public model name: what clients send as `model`, vLLM's `--served-model-name`, the
   * routing map key and the HTTPRoute header value. Printable ASCII (it travels in an HTTP
   * header).
   */
  readonly name: string;

  /**
   * Where the weights come from.
   * @default ModelSource.huggingFace(name)
   */
  readonly source?: ModelSource;

  /**
   * Name of the InferencePool, HTTPRoute and model Deployment; the endpoint picker objects add
   * `-epp`. A DNS-1035 label of at most 59 characters.
   * @default - derived from the model name by Names.poolName
   */
  readonly pool?: string;

  /**
   * vLLM pods.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Size of the Hugging Face cache volume (a Kubernetes quantity).
   * @default '10Gi'
   */
  readonly storage?: string;

  /**
   * Secret holding key `HF_TOKEN`, for gated models.
   * @default - none
   */
  readonly hfTokenSecret?: string;

  /**
   * GPUs per vLLM pod; when given it must equal
   * tensorParallelSize × pipelineParallelSize × dataParallelSize.
   * @default - tensorParallelSize × pipelineParallelSize × dataParallelSize (1)
   */
  readonly gpus?: number;

  /**
   * The accelerator vendor: resource, taint toleration and default image.
   * @default Accelerator.NVIDIA
   */
  readonly accelerator?: Accelerator;

  /**
   * Extended resource name requested instead of the vendor's, e.g. `nvidia.com/mig-3g.40gb`.
   * @default - the accelerator's
   */
  readonly gpuResource?: string;

  /**
   * CPU and memory of the vLLM container; the memory limit defaults to the memory request.
   * @default - no CPU or memory request
   */
  readonly resources?: EndpointPickerResources;

  /**
   * Node selector of the vLLM pods.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Tolerations of the vLLM pods, after the accelerator's.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * vLLM `--tensor-parallel-size` (passed only when above 1).
   * @default 1
   */
  readonly tensorParallelSize?: number;

  /**
   * vLLM `--pipeline-parallel-size` (passed only when above 1).
   * @default 1
   */
  readonly pipelineParallelSize?: number;

  /**
   * vLLM `--data-parallel-size` (passed only when above 1).
   * @default 1
   */
  readonly dataParallelSize?: number;

  /**
   * Time vLLM may take to download and load the model.
   * @default Duration.minutes(30)
   */
  readonly startupTimeout?: Duration;

  /**
   * vLLM image.
   * @default - the gateway's profile's, Images.vllm(profile)
   */
  readonly image?: string;

  /**
   * Extra public names of this model: each is another `--served-model-name` of its vLLM and a
   * routing map entry to this model's pool. Unique across the gateway (case-sensitive), at most 64.
   * @default - none
   */
  readonly aliases?: string[];

  /**
   * LoRA adapters served on this model: vLLM gets `--enable-lora`, `--lora-modules name=path`
   * per adapter and `--max-loras` the number of adapters; each adapter name routes to this
   * model's pool. Names unique across the gateway, at most 64.
   * @default - none
   */
  readonly loraAdapters?: LoraAdapter[];

  /**
   * Highest LoRA rank among the adapters (`--max-lora-rank`); one of 1, 8, 16, 32, 64, 128, 256,
   * 320, 512. Only with loraAdapters.
   * @default - vLLM's default (16)
   */
  readonly maxLoraRank?: number;

  // Multi-node models (issue 10, part C).
  /**
   * Nodes one vLLM instance spans, from 1 to 64. Above 1 the model runs as a LeaderWorkerSet
   * (the LWS controller must be installed) of `replicas` groups of `nodes` pods: pipeline
   * parallel across the nodes (pipelineParallelSize defaults to nodes), tensor parallel within
   * one; `gpus` is per pod (node) and nodes × gpus must equal pipelineParallelSize ×
   * tensorParallelSize. The InferencePool selects the group leaders only.
   * @default 1
   */
  readonly nodes?: number;
  // Model storage, sources and secrets (issue 10, part B).
  /**
   * A PersistentVolumeClaim `<pool>-cache` created for the Hugging Face cache instead of the
   * emptyDir, so weights survive restarts. Only for hf:// sources, not with `storage`; more
   * than one replica needs `accessMode: ReadWriteMany`.
   * @default - an emptyDir of `storage`
   */
  readonly cache?: ModelCache;

  /**
   * The key of hfTokenSecret holding the token.
   * @default 'HF_TOKEN'
   */
  readonly hfTokenSecretKey?: string;
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

  /**
   * This model's own local rate limit (per gateway replica): an AgentgatewayPolicy
   * `<pool>-limits` on its HTTPRoute, so it never throttles another model.
   * @default - none
   */
  readonly rateLimit?: RateLimit;

  /**
   * Who may use this model (API-key metadata or JWT claims): an `authorization` policy
   * `<pool>-access` on its HTTPRoutes; needs the matching gateway `auth`.
   * @default - every authenticated caller
   */
  readonly access?: ModelAccess;
}


/**
 * Properties of a {@link ServedModel}.
 */
export interface ServedModelProps extends ModelOptions {
  /** Namespace of every object of this model. */
  readonly namespace: string;
  /** The gateway whose policy routes to this model; its profile is this model's. */
  readonly gateway: InferenceGateway;
  /**
   * Container sizes of the endpoint picker; each absent one is the profile's.
   * @default - the profile's
   */
  readonly endpointPickerResources?: EndpointPickerResources;
  /**
   * Labels on every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Monitors for this model's vLLM pods and endpoint picker (see {@link MonitoringOptions}).
   * @default - none
   */
  readonly monitoring?: MonitoringOptions;
}

/**
 * Everything one model needs behind the gateway, wired by construction: the routing map
 * entry, an HTTPRoute matching it, an InferencePool selecting exactly this model's vLLM pods
 * on the vLLM port, and the pool's endpoint picker.
 *
 * Creates, in `namespace` (`<pool>` defaults to `Names.poolName(name)`):
 * - InferencePool `<pool>`: selector `app: <pool>` (with `nodes` above 1 also the leader role
 *   label: only group leaders serve), target port 8000, picker `<pool>-epp:9002`
 *   (upstream-2026-08: `appProtocol: http`)
 * - HTTPRoute `<pool>`: parent the Gateway (with its namespace), `/` prefix, header
 *   `X-Gateway-Base-Model-Name` exactly `name`, backend the pool, request timeout. In name mode
 *   (the gateway's `routing`) the header is `X-Gateway-Model-Name` and the route matches every
 *   public name (name, aliases, adapters), 64 per rule and 128 per route, continued in
 *   HTTPRoutes `<pool>-2`, `<pool>-3`, … when a model has more than 128 names
 * - the endpoint picker objects `<pool>-epp` (see {@link EndpointPicker})
 * - Deployment (with `nodes` above 1: LeaderWorkerSet) and ServiceAccount `<pool>` serving the
 *   model with vLLM (see {@link ModelServer}); a PodDisruptionBudget `<pool>` above one replica
 *
 * and adds `name → name` to the gateway's routing policy, and `alias → name` and
 * `adapter → name` for each alias and LoRA adapter (the same HTTPRoute matches them all).
 *
 * @example
 * new ServedModel(chart, 'qwen', { name: 'Qwen/Qwen3-0.6B', namespace: 'llm-d', gateway });
 */
export class ServedModel extends Construct {
  /** The public model name. */
  public readonly modelName: string;
  /** The header value its HTTPRoute matches. */
  public readonly headerValue: string;
  /** Pool name (also HTTPRoute and Deployment name). */
  public readonly poolName: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Where the weights come from. */
  public readonly source: ModelSource;
  /** The InferencePool. */
  public readonly pool: inference.InferencePool;
  /** The (first) HTTPRoute. */
  public readonly route: gatewayApi.HttpRoute;
  /** The endpoint picker. */
  public readonly endpointPicker: EndpointPicker;
  /** The vLLM server. */
  public readonly server: ModelServer;
  /** Extra public names routed to this model (its aliases). */
  public readonly aliases: string[];
  /** LoRA adapters served on this model. */
  public readonly loraAdapters: LoraAdapter[];
  /**
   * Every HTTPRoute of this model: one in map mode; in name mode `<pool>`, `<pool>-2`, … with
   * at most 128 public names each.
   */
  public readonly routes: gatewayApi.HttpRoute[];
  /** The model's authorization policy, if it has an `access`. */
  public readonly accessPolicy?: ApiObject;
  /** The model's rate limit policy, if it has a `rateLimit`. */
  public readonly rateLimitPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: ServedModelProps) {
    super(scope, id);
    throwIfAny(checkModelOptions(props, props.namespace, props.gateway.profile), modelSubject(props.name));
    throwIfAny(checkPublicNames(props), modelSubject(props.name));
    this.modelName = props.name;
    this.headerValue = props.name;
    this.namespace = props.namespace;
    this.source = props.source ?? ModelSource.huggingFace(props.name);
    this.poolName = props.pool ?? Names.poolName(props.name);
    this.aliases = [...props.aliases ?? []];
    this.loraAdapters = (props.loraAdapters ?? []).map((a) => ({ name: a.name, uri: a.uri }));
    const adapterSources = this.loraAdapters.map((a) => ModelSource.fromUri(a.uri));

    const gateway = props.gateway;
    const platform = gateway.platform;
    const profile = gateway.profile;
    const poolAppProtocol = PROFILES[profile].poolAppProtocol;
    const labels = { ...props.labels, 'app.kubernetes.io/instance': this.poolName };
    const annotations = { [MODEL_ANNOTATION]: this.modelName };
    const selectorLabels = { app: this.poolName };

    this.pool = new (patchedLast(inference.InferencePool))(this, 'Resource', {
      metadata: { name: this.poolName, namespace: this.namespace, labels, annotations },
      spec: {
        selector: { matchLabels: servingSelector(selectorLabels, props.nodes) },
        targetPorts: [{ number: ModelServer.PORT }],
        endpointPickerRef: {
          name: EndpointPicker.nameFor(this.poolName),
          port: { number: EndpointPicker.EXT_PROC_PORT },
        },
      },
    });
    if (poolAppProtocol) withPoolAppProtocol(this.pool, poolAppProtocol);

    // Map mode: one route matching the base model (the policy maps every public name to it).
    // Name mode: routes matching every public name, sharded within Gateway API's limits.
    const byName = gateway.routingMode === RoutingMode.NAME;
    const matched = byName ? this.publicNames : [this.headerValue];
    this.routes = shardNames(matched).map((rules, i) => new (patchedLast(gatewayApi.HttpRoute))(this, i === 0 ? 'Route' : `Route${i + 1}`, {
      metadata: { name: shardRouteName(this.poolName, i), namespace: this.namespace, labels, annotations },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name, namespace: gateway.namespace }],
        rules: rules.map((values) => ({
          matches: values.map((value) => ({
            path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' },
            headers: [{ type: gatewayApi.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: gateway.routingPolicy.headerName, value }],
          })),
          backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: this.poolName }],
          timeouts: { request: formatGatewayDuration(gateway.requestTimeout) },
        })),
      },
    }));
    this.route = this.routes[0];
    // The OpenAI error routes (issue 11): known models outrank `model_not_found`.
    for (const r of this.routes) matchStatusWhenNeeded(r, gateway.routingPolicy);
    if (this.routes.length > 1) this.node.addValidation({ validate: () => problemsOf(checkRouteNameClash(this.modelName, this.routes.slice(1).map((r) => r.name), this.siblingPools())) });
    // Judged on the routes as rendered, so an escape-hatch override is held to the limits too.
    this.node.addValidation({
      validate: () => this.routes.flatMap((r) => checkRouteLimits(r.name, ((r.toJson().spec?.rules ?? []) as any[]).map((rule) => rule?.matches?.length ?? 0))).map((p) => problemText([p])),
    });

    if (props.rateLimit) {
      throwIfAny(checkModelRateLimit(props.rateLimit, this.routes.map((r) => r.name), profile), modelSubject(props.name));
      this.rateLimitPolicy = modelRateLimitPolicy(this, 'Limits', `${this.poolName}-limits`, this.namespace, this.routes.map((r) => r.name), props.rateLimit, labels);
    }

    if (props.access) {
      throwIfAny(checkModelAccess(props.access, gateway.edge.auth), modelSubject(props.name));
      this.accessPolicy = modelAccessPolicy(this, 'Access', `${this.poolName}-access`, this.namespace, this.routes.map((r) => r.name), props.access, labels);
    }

    this.endpointPicker = new EndpointPicker(this, 'EndpointPicker', {
      poolName: this.poolName,
      namespace: this.namespace,
      profile,
      platform,
      labels,
      resources: props.endpointPickerResources,
      loraAffinity: this.loraAdapters.length > 0,
      metricsEndpointAuth: props.monitoring?.pickerMetricsAuth,
    });

    this.server = new ModelServer(this, 'Server', {
      name: this.poolName,
      namespace: this.namespace,
      servedModelName: this.modelName,
      huggingFaceId: this.source.huggingFaceId,
      selectorLabels,
      replicas: props.replicas,
      storage: props.storage,
      hfTokenSecret: props.hfTokenSecret,
      gpus: props.gpus,
      accelerator: props.accelerator,
      gpuResource: props.gpuResource,
      resources: props.resources,
      nodeSelector: props.nodeSelector,
      tolerations: props.tolerations,
      tensorParallelSize: props.tensorParallelSize,
      pipelineParallelSize: props.pipelineParallelSize,
      dataParallelSize: props.dataParallelSize,
      startupTimeout: props.startupTimeout,
      image: props.image,
      // aliases and LoRA adapters (issue 10, part E)
      extraServedNames: this.aliases,
      loraModules: this.loraAdapters.map((a, i) => ({ name: a.name, path: adapterSources[i].modelArgument(a.name) })),
      maxLoraRank: props.maxLoraRank,
      nodes: props.nodes,
      // model storage, sources and secrets (issue 10, part B)
      source: this.source,
      cache: props.cache,
      hfTokenSecretKey: props.hfTokenSecretKey,
      loraAdapterSources: adapterSources,
      // vLLM tuning, environment, scheduling and rollout (issue 10, part F)
      maxModelLen: props.maxModelLen,
      gpuMemoryUtilization: props.gpuMemoryUtilization,
      env: props.env,
      vllmArgs: props.vllmArgs,
      affinity: props.affinity,
      rollout: props.rollout,
      profile,
      platform,
      labels,
      annotations,
    });

    // monitoring (issue 11, part 8)
    throwIfAny(checkMonitoringOptions(props.monitoring ?? {}, platform), 'monitoring');
    const monitored = monitoringSettings(props.monitoring, platform);
    if (monitored.enabled) {
      new ModelMonitoring(this, 'Monitoring', {
        namespace: this.namespace, poolName: this.poolName, servingSelector: this.server.servingSelector, servingPortName: VLLM_PORT_NAME,
        modelAnnotation: MODEL_ANNOTATION, picker: this.endpointPicker, settings: monitored, labels,
      });
    }

    gateway.routingPolicy.addRoute(this.modelName, this.headerValue);
    for (const alias of this.aliases) gateway.routingPolicy.addRoute(alias, this.headerValue);
    for (const adapter of this.loraAdapters) gateway.routingPolicy.addRoute(adapter.name, this.headerValue);
  }

  /** Pool names of the other models beside this one, with their model names. */
  private siblingPools(): Map<string, string> {
    const pools = new Map<string, string>();
    for (const c of this.node.scope?.node.children ?? []) if (c instanceof ServedModel && c !== this) pools.set(c.poolName, c.modelName);
    return pools;
  }

  /** Every name clients may send for this model, in order: the name, its aliases, its LoRA adapters. */
  public get publicNames(): string[] {
    return [this.modelName, ...this.aliases, ...this.loraAdapters.map((a) => a.name)];
  }
}
