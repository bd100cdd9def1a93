import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-30';
import { EndpointPicker, EndpointPickerResources } from './endpoint-picker';
import { ModelServer } from './model-server';
import { GatewayOptions, InferenceGateway } from './inference-gateway';
import { checkCompositionOptions } from './checks/gateway-checks';
import { checkModelOptions, modelSubject } from './checks/model-checks';
import { addPublicNames, checkModelCount, checkModelInSet, MAX_MODELS, PoolOwner, poolOf, withoutRepeats } from './checks/model-set-checks';
import { problemText, throwIfAny } from './checks/problem';
import { checkPublicNames } from './checks/public-name-checks';
import { ownershipLabels, PART_OF_LABEL } from './ownership';
import { Platform } from './platform';
import { ModelNetworkPolicies } from './network-policies';
import { OpenAiSurface } from './openai-surface';
import { ModelOptions, ServedModel } from './served-model';
import { addDashboardConfigMap, checkMonitoringOptions, monitoringSettings } from './monitoring';
import { NAMESPACE_NAME_LABEL } from './monitoring-scraper';
import { MonitoringOptions } from './monitoring-options';
import { DEFAULT_PROFILE, PROFILES, StackProfile } from '../profiles/profiles';

/**
 * Properties of a {@link ModelGateway}.
 */
export interface ModelGatewayProps {
  /**
   * The shared gateway.
   * @default - `inference-gateway` in `agentgateway-system`, the profile's class, port 8080, 300s request timeout
   */
  readonly gateway?: GatewayOptions;

  /**
   * The stack profile: images, GatewayClass, and the objects and fields emitted for the
   * gateway and every model. `StackProfile.RHDEV_2026_03` reproduces the reference article.
   * @default StackProfile.UPSTREAM_2026_08
   */
  readonly profile?: StackProfile;

  /**
   * Container sizes of every model's endpoint picker; each absent one is the profile's.
   * @default - the profile's (upstream-2026-08: 8 CPU and 8Gi requested, 16Gi limit; rhdev-2026-03: none)
   */
  readonly endpointPickerResources?: EndpointPickerResources;

  /**
   * Target platform.
   * @default Platform.OPENSHIFT
   */
  readonly platform?: Platform;

  /**
   * Namespace of the models' objects.
   * @default 'llm-d'
   */
  readonly namespace?: string;

  /**
   * Models to serve; the same as calling {@link ModelGateway.addModel} for each, in order.
   * @default - none; add them with addModel()
   */
  readonly models?: ModelOptions[];

  /**
   * Labels on every object (metadata only, never selectors). `app.kubernetes.io/managed-by:
   * cdk8s-model-gateway` and `app.kubernetes.io/part-of` are always added; a caller's
   * `app.kubernetes.io/managed-by` is replaced.
   * @default - only those two
   */
  readonly labels?: Record<string, string>;

  /**
   * Value of the `app.kubernetes.io/part-of` label on every object.
   * @default - `labels['app.kubernetes.io/part-of']` when given, else the gateway name
   */
  readonly partOf?: string;

  /**
   * NetworkPolicies (ingress only) in the models' namespace, per model: only the gateway's data
   * plane reaches the model servers' port and the endpoint picker's ext-proc port, the picker
   * reaches its pool's servers, and the pods of a multi-node model reach each other.
   * @default true
   */
  readonly networkPolicies?: boolean;

  /**
   * Prometheus Operator monitors for every model's vLLM pods and endpoint picker, and a
   * Grafana dashboard (see {@link MonitoringOptions}).
   * @default - none (it needs the Prometheus Operator's CRDs)
   */
  readonly monitoring?: MonitoringOptions;
}

/**
 * Many models behind one OpenAI-compatible endpoint: the gateway with its body-routing
 * policy, and per model an HTTPRoute, an InferencePool, its endpoint picker and a vLLM
 * Deployment, all consistent by construction.
 *
 * Creates the objects of {@link InferenceGateway} once and of {@link ServedModel} per model.
 *
 * @example
 * const mg = new ModelGateway(chart, 'maas', { platform: Platform.KUBERNETES });
 * mg.addModel({ name: 'Qwen/Qwen3-0.6B' });
 */
export class ModelGateway extends Construct {
  /**
   * Most models one gateway serves (30,000). Synthesis and verification grow about linearly;
   * the limit bounds their time and memory (measured with the CLI on a 2-core machine: 10,000
   * models, 140,015 objects, synth in 37 s and 1.0 GiB peak RSS, verify of its output in 19 s;
   * 30,000 models, synth in 165 s and 2.7 GiB, verify in 95 s and 2.7 GiB).
   */
  public static readonly MAX_MODELS = MAX_MODELS;

  /** The gateway, its routing policy and (OpenShift) Route. */
  public readonly gateway: InferenceGateway;
  /** Namespace of the models. */
  public readonly namespace: string;
  /** Target platform. */
  public readonly platform: Platform;
  /** The stack profile of the gateway and every model. */
  public readonly profile: StackProfile;
  /** Labels on every object this composition creates (metadata only). */
  public readonly labels: Record<string, string>;
  /** `GET /v1/models` and the OpenAI errors the gateway answers itself (issue 11). */
  public readonly openAi: OpenAiSurface;
  private readonly pickerResources?: EndpointPickerResources;
  private readonly networkPolicies: boolean;
  private readonly monitoring?: MonitoringOptions;
  private readonly served: ServedModel[] = [];
  private readonly modelNames = new Set<string>();
  private readonly poolOwners = new Map<string, PoolOwner>();
  private readonly publicNames = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ModelGatewayProps = {}) {
    super(scope, id);
    this.platform = props.platform ?? Platform.OPENSHIFT;
    this.namespace = props.namespace ?? 'llm-d';
    this.profile = props.profile ?? DEFAULT_PROFILE;
    this.pickerResources = props.endpointPickerResources;
    this.networkPolicies = props.networkPolicies ?? true;
    const partOf = props.partOf ?? props.labels?.[PART_OF_LABEL] ?? props.gateway?.name ?? InferenceGateway.DEFAULT_NAME;
    throwIfAny(checkCompositionOptions({ platform: this.platform, namespace: this.namespace, partOf }));
    this.labels = ownershipLabels(partOf, props.labels);
    throwIfAny(checkMonitoringOptions(props.monitoring ?? {}, this.platform), 'monitoring');
    this.monitoring = props.monitoring;
    this.gateway = new InferenceGateway(this, 'Gateway', { ...props.gateway, profile: this.profile, platform: this.platform, labels: this.labels, modelNamespace: this.namespace });
    if (props.monitoring?.dashboards) {
      addDashboardConfigMap(this, 'Dashboard', { gatewayName: this.gateway.name, namespace: this.namespace, metrics: PROFILES[this.profile].metrics, labels: this.labels });
    }
    this.openAi = new OpenAiSurface(this, 'OpenAi', { gateway: this.gateway, namespace: this.namespace, labels: this.labels, networkPolicy: this.networkPolicies });
    for (const m of props.models ?? []) this.addModel(m);
    this.node.addValidation({ validate: () => checkModelCount(this.served.length).map((p) => problemText([p])) });
  }

  /** The models, in the order added. */
  public get models(): ServedModel[] {
    return [...this.served];
  }

  /**
   * Serves another model behind the gateway and returns what was created for it.
   */
  public addModel(options: ModelOptions): ServedModel {
    const own = checkPublicNames(options);
    const inSet = own.length ? own : checkModelInSet(options, { names: this.modelNames, pools: this.poolOwners, publicNames: this.publicNames });
    // Clashes with earlier models and the model's own option problems are reported together.
    throwIfAny(withoutRepeats(inSet, checkModelOptions(options, this.namespace)), modelSubject(options.name));
    const pool = poolOf(options);
    const model = new ServedModel(this, pool, { ...options, namespace: this.namespace, gateway: this.gateway, labels: this.labels, endpointPickerResources: this.pickerResources, monitoring: this.monitoring });
    if (this.networkPolicies) this.isolate(model, (options.nodes ?? 1) > 1, this.metricsScrapers());
    this.poolOwners.set(pool, { model: model.modelName, explicit: options.pool !== undefined });
    this.served.push(model);
    this.openAi.addModel(model);
    // The gateway's OpenAI routes come after the models in the output (cdk8s orders by dependencies).
    // One edge, from the surface's first object (its `model_not_found` route, created first and
    // never removed), gives the order a dependency of the whole surface gave: cdk8s writes the
    // model's objects when it reaches that route, and the surface's later objects after it. A
    // surface-wide dependency made cdk8s add one edge per (surface object, model object) pair.
    this.openAi.notFoundRoute.node.addDependency(model);
    this.modelNames.add(model.modelName);
    addPublicNames(options, this.publicNames);
    return model;
  }

  /**
   * The NetworkPolicy peers that scrape metrics: with monitoring on, every pod of the scraper's
   * namespace (by `kubernetes.io/metadata.name`; not by pod labels, which differ between
   * Prometheus installs, so a mismatch cannot silently stop scraping); none otherwise.
   */
  private metricsScrapers(): k8s.NetworkPolicyPeer[] {
    const m = monitoringSettings(this.monitoring, this.platform);
    return m.enabled ? [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: m.scraper.namespace } } }] : [];
  }

  /**
   * The model's NetworkPolicies. `metricsScrapers` is the hook for monitoring: the peers that
   * scrape vLLM's and the picker's metrics (none while monitoring is off).
   */
  private isolate(model: ServedModel, multiNode: boolean, metricsScrapers: k8s.NetworkPolicyPeer[] = []): ModelNetworkPolicies {
    const picker = model.endpointPicker;
    return new ModelNetworkPolicies(model, 'NetworkPolicies', {
      poolName: model.poolName,
      namespace: this.namespace,
      modelPodLabels: model.server.selectorLabels,
      servingPort: ModelServer.PORT,
      pickerPodLabels: picker.selectorLabels,
      extProcPort: EndpointPicker.EXT_PROC_PORT,
      pickerMetricsPort: EndpointPicker.METRICS_PORT,
      gateway: { name: this.gateway.name, namespace: this.gateway.namespace, facts: PROFILES[this.profile].dataPlane },
      multiNode,
      metricsScrapers,
      labels: { ...this.labels, 'app.kubernetes.io/instance': model.poolName },
    });
  }
}
