import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkNamespace } from './checks/gateway-checks';
import { checkPoolName } from './checks/model-checks';
import { checkPickerResources } from './checks/picker-checks';
import { throwIfAny } from './checks/problem';
import { patchedLast } from './final-patches';
import { pickerConfig } from './picker-config';
import { Platform } from './platform';
import { DEFAULT_PROFILE, EndpointPickerFacts, PROFILES, StackProfile } from '../profiles/profiles';

/**
 * Container sizes of an endpoint picker. Each absent one is the profile's default.
 */
export interface EndpointPickerResources {
  /**
   * CPU request, such as `8`, `0.5` or `500m`.
   * @default - the profile's: 8 under upstream-2026-08, none under rhdev-2026-03
   */
  readonly cpu?: string;

  /**
   * Memory request, a size such as `8Gi`.
   * @default - the profile's: 8Gi under upstream-2026-08, none under rhdev-2026-03
   */
  readonly memory?: string;

  /**
   * Memory limit, a size such as `16Gi`; at least the request.
   * @default - the profile's: 16Gi under upstream-2026-08, none under rhdev-2026-03
   */
  readonly memoryLimit?: string;

  /**
   * Replicas of the picker, from 1 to 5. Above 1 the replicas elect a leader
   * (`--ha-enable-leader-election` and a Role for coordination.k8s.io Leases): only the leader
   * schedules and passes readiness, so the Service sends ext-proc calls to it alone, and a
   * standby takes over within the Lease's duration when it goes. No PodDisruptionBudget: only
   * the leader is ready, so any budget would block draining its node.
   * @default 1
   */
  readonly replicas?: number;
}

/**
 * Properties of an {@link EndpointPicker}.
 */
export interface EndpointPickerProps {
  /** Name of the InferencePool this picker serves; objects are named `<poolName>-epp`. */
  readonly poolName: string;

  /** Namespace of the pool and of every object created here. */
  readonly namespace: string;

  /**
   * The stack profile: which picker (image, flags, config format, RBAC, Service) is deployed.
   * @default StackProfile.UPSTREAM_2026_08
   */
  readonly profile?: StackProfile;

  /**
   * Endpoint picker image.
   * @default - the profile's, Images.endpointPicker(profile)
   */
  readonly image?: string;

  /**
   * Container CPU and memory requests and memory limit.
   * @default - the profile's (upstream-2026-08: 8 CPU and 8Gi requested, 16Gi limit; rhdev-2026-03: none)
   */
  readonly resources?: EndpointPickerResources;

  /**
   * Target platform; on Kubernetes the pod gets a fixed non-root UID, on OpenShift the
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
   * Adds the profile's LoRA affinity scorer (`lora-affinity-scorer`, weight 2) to the
   * scheduling profile, so a request for an adapter goes to a pod that has it loaded. Set for
   * the pools of models with LoRA adapters.
   * @default false
   */
  readonly loraAffinity?: boolean;

  /**
   * Whether the picker's `/metrics` (port 9090) requires a bearer token that may `get` the
   * non-resource URL `/metrics` (checked by TokenReview and SubjectAccessReview, the pinned
   * pickers' default). `false` passes `--metrics-endpoint-auth=false`: anyone who reaches port
   * 9090 reads the metrics.
   * @default true
   */
  readonly metricsEndpointAuth?: boolean;
}

/**
 * The endpoint picker (EPP) of one InferencePool, as its profile's chart renders it (the GAIE
 * v1.3.0 `inferencepool` chart under `rhdev-2026-03`, the llm-d-router v0.10.0 gateway chart
 * under `upstream-2026-08`), with a security context that OpenShift `restricted-v2` admits.
 *
 * Creates, in the pool's namespace, named `<poolName>-epp` unless said otherwise:
 * - ServiceAccount
 * - rhdev-2026-03: one Role (get/list/watch on pods, inferencepools, inferenceobjectives,
 *   inferencemodelrewrites) and its RoleBinding; upstream-2026-08: Role and RoleBinding
 *   `<poolName>-epp-sa` (pods) and `<poolName>-epp-non-sa` (inferencepools, and the
 *   objectives and rewrites of both llm-d.ai and inference.networking.x-k8s.io)
 * - replicas > 1: Role and RoleBinding `<poolName>-epp-leader-election` (leases: full; events:
 *   create, patch), as both charts render them
 * - ConfigMap with the `EndpointPickerConfig` (queue 2, kv-cache utilization 2, prefix cache
 *   3; upstream-2026-08 adds the metrics data source and extractor)
 * - Deployment (one replica unless `resources.replicas` says more, `Recreate`, 130 s grace,
 *   gRPC probes on 9003 (with leader election: the `liveness` and `readiness` services);
 *   upstream-2026-08 adds `--grpc-health-port` and sized resources)
 * - Service exposing ext-proc on 9002 (upstream-2026-08: `appProtocol: kubernetes.io/h2c`)
 *   and metrics on 9090
 *
 * @example
 * new EndpointPicker(chart, 'epp', { poolName: 'vllm-qwen3-06b', namespace: 'llm-d' });
 */
export class EndpointPicker extends Construct {
  /** gRPC ext-proc port the gateway calls; the InferencePool's `endpointPickerRef.port`. */
  public static readonly EXT_PROC_PORT = 9002;
  /** gRPC health port probed by the kubelet. */
  public static readonly HEALTH_PORT = 9003;
  /** Prometheus metrics port. */
  public static readonly METRICS_PORT = 9090;
  /** ConfigMap key and file name of the scheduling configuration. */
  public static readonly CONFIG_FILE = 'default-plugins.yaml';

  /** The name of the picker objects of pool `poolName`: `<poolName>-epp`. */
  public static nameFor(poolName: string): string {
    return `${poolName}-epp`;
  }

  /** Name shared by every object here: `<poolName>-epp`. */
  public readonly name: string;
  /** Namespace of every object here. */
  public readonly namespace: string;
  /** The stack profile deployed. */
  public readonly profile: StackProfile;
  /** Labels on the picker's pods. */
  public readonly podLabels: Record<string, string>;
  /** Labels of the Deployment and Service selectors (a subset of {@link podLabels}). */
  public readonly selectorLabels: Record<string, string>;

  /** The ServiceAccount the picker runs as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /**
   * The Role granting read access to the inference resources (under rhdev-2026-03 also to
   * pods; under upstream-2026-08 the `-non-sa` Role).
   */
  public readonly role: k8s.KubeRole;
  /** Binds {@link role} to {@link serviceAccount}. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** Every Role, in output order: one under rhdev-2026-03, `-sa` and `-non-sa` under upstream-2026-08. */
  public readonly roles: k8s.KubeRole[];
  /** Every RoleBinding, one per Role, in the same order. */
  public readonly roleBindings: k8s.KubeRoleBinding[];
  /** Replicas of the picker Deployment. */
  public readonly replicas: number;
  /** The scheduling configuration. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The picker Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service the InferencePool's `endpointPickerRef` names. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: EndpointPickerProps) {
    super(scope, id);
    throwIfAny([
      ...checkPoolName(props.poolName, 'poolName'),
      ...checkNamespace('namespace', props.namespace),
      ...checkPickerResources(props.resources ?? {}).map((p) => ({ ...p, path: `resources.${p.path}` })),
    ], 'endpoint picker');
    this.name = EndpointPicker.nameFor(props.poolName);
    this.namespace = props.namespace;
    this.profile = props.profile ?? DEFAULT_PROFILE;
    const facts = PROFILES[this.profile].endpointPicker;
    const platform = props.platform ?? Platform.OPENSHIFT;
    const labels = { ...props.labels, 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/component': 'endpoint-picker' };
    const metadata = (name: string = this.name) => ({ name, namespace: this.namespace, labels });
    this.selectorLabels = { [facts.podSelectorLabel]: this.name };
    this.podLabels = { ...this.selectorLabels, ...facts.podLabels };

    this.serviceAccount = new (patchedLast(k8s.KubeServiceAccount))(this, 'ServiceAccount', { metadata: metadata() });

    this.replicas = props.resources?.replicas ?? 1;
    const ha = this.replicas > 1;
    const rbac = [...roleGrants(facts), ...(ha ? [LEADER_ELECTION_GRANT] : [])].map((grant) => {
      const name = `${this.name}${grant.suffix}`;
      const role = new (patchedLast(k8s.KubeRole))(this, `Role${grant.id}`, { metadata: metadata(name), rules: grant.rules });
      const binding = new (patchedLast(k8s.KubeRoleBinding))(this, `RoleBinding${grant.id}`, {
        metadata: metadata(name),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
      });
      return { role, binding };
    });
    this.roles = rbac.map((r) => r.role);
    this.roleBindings = rbac.map((r) => r.binding);
    const readRoles = roleGrants(facts).length;
    this.role = this.roles[readRoles - 1];
    this.roleBinding = this.roleBindings[readRoles - 1];

    this.configMap = new (patchedLast(k8s.KubeConfigMap))(this, 'Config', {
      metadata: metadata(),
      data: { [EndpointPicker.CONFIG_FILE]: pickerConfig(facts, props.loraAffinity ?? false) },
    });

    const resources = containerResources(facts, props.resources);
    this.deployment = new (patchedLast(k8s.KubeDeployment))(this, 'Resource', {
      metadata: metadata(),
      spec: {
        replicas: this.replicas,
        // One active picker: its prefix-cache state is per process, and a rolling update
        // would keep the old replica alive next to the new one (with leader election, the old
        // leader would hold the Lease while the new pods wait).
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.selectorLabels },
        template: {
          metadata: { labels: { ...this.podLabels } },
          spec: {
            serviceAccountName: this.name,
            terminationGracePeriodSeconds: 130,
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
              // distroless nonroot; OpenShift assigns a UID from the namespace range instead
              ...(platform === Platform.KUBERNETES ? { runAsUser: 65532, runAsGroup: 65532 } : {}),
            },
            containers: [{
              name: 'epp',
              image: props.image ?? facts.image,
              imagePullPolicy: 'IfNotPresent',
              args: [...pickerArgs(facts, props.poolName, this.namespace, ha), ...(props.metricsEndpointAuth === false ? [`${facts.metricsAuthFlag}=false`] : [])],
              ports: [
                { name: 'grpc', containerPort: EndpointPicker.EXT_PROC_PORT },
                { name: 'grpc-health', containerPort: EndpointPicker.HEALTH_PORT },
                { name: 'metrics', containerPort: EndpointPicker.METRICS_PORT },
              ],
              // With leader election, `inference-extension` passes on the leader only: the
              // standbys would fail liveness and restart forever, so the chart probes the
              // `liveness` (every replica) and `readiness` (the leader) services instead.
              livenessProbe: { grpc: { port: EndpointPicker.HEALTH_PORT, service: ha ? facts.leaderElection.livenessService : 'inference-extension' }, initialDelaySeconds: 5, periodSeconds: 10 },
              readinessProbe: { grpc: { port: EndpointPicker.HEALTH_PORT, service: ha ? facts.leaderElection.readinessService : 'inference-extension' }, periodSeconds: 2 },
              ...(resources ? { resources } : {}),
              env: [
                { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                runAsNonRoot: true,
              },
              volumeMounts: [{ name: 'plugins-config-volume', mountPath: '/config' }],
            }],
            volumes: [{ name: 'plugins-config-volume', configMap: { name: this.name } }],
          },
        },
      },
    });

    this.service = new (patchedLast(k8s.KubeService))(this, 'Service', {
      metadata: metadata(),
      spec: {
        type: 'ClusterIP',
        selector: this.selectorLabels,
        ports: [
          { name: 'grpc-ext-proc', protocol: 'TCP', port: EndpointPicker.EXT_PROC_PORT, ...(facts.extProcAppProtocol ? { appProtocol: facts.extProcAppProtocol } : {}) },
          { name: 'http-metrics', protocol: 'TCP', port: EndpointPicker.METRICS_PORT },
        ],
      },
    });
  }
}

/** The picker's command-line arguments: the chart's core flags, the health port and verbosity when the profile passes them, leader election with several replicas, tracing off. */
function pickerArgs(facts: EndpointPickerFacts, poolName: string, namespace: string, ha: boolean): string[] {
  return [
    '--pool-name', poolName,
    '--pool-namespace', namespace,
    '--pool-group', 'inference.networking.k8s.io',
    '--zap-encoder', 'json',
    '--config-file', `/config/${EndpointPicker.CONFIG_FILE}`,
    ...(ha ? [facts.leaderElection.flag] : []),
    ...(facts.healthPortFlag ? ['--grpc-health-port', String(EndpointPicker.HEALTH_PORT)] : []),
    ...(facts.logVerbosity !== undefined ? ['--v', String(facts.logVerbosity)] : []),
    '--tracing=false',
  ];
}

/** One Role the picker needs: its name suffix, construct id suffix and rules. */
interface RoleGrant {
  readonly suffix: string;
  readonly id: string;
  readonly rules: k8s.PolicyRule[];
}

const READ = ['get', 'watch', 'list'];

/** The leader-election Role both charts render when replicas > 1: the Lease, and the events the election records. */
const LEADER_ELECTION_GRANT: RoleGrant = {
  suffix: '-leader-election',
  id: 'LeaderElection',
  rules: [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ],
};

/** The picker's Roles: one for everything, or the chart's split into pods (`-sa`) and inference objects (`-non-sa`). */
function roleGrants(facts: EndpointPickerFacts): RoleGrant[] {
  const objectives = facts.objectiveGroups.map((group) => ({ apiGroups: [group], resources: ['inferenceobjectives', 'inferencemodelrewrites'], verbs: READ }));
  const pools = { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: READ };
  const pods = { apiGroups: [''], resources: ['pods'], verbs: READ };
  if (facts.roles === 'single') return [{ suffix: '', id: '', rules: [...objectives, pools, pods] }];
  return [
    { suffix: '-sa', id: 'Pods', rules: [pods] },
    { suffix: '-non-sa', id: '', rules: [pools, ...objectives] },
  ];
}

/** The container's requests and limits: the profile's defaults, each overridden by `given`; undefined when neither sets any. */
function containerResources(facts: EndpointPickerFacts, given: EndpointPickerResources = {}): k8s.ResourceRequirements | undefined {
  const cpu = given.cpu ?? facts.resources?.cpuRequest;
  const memory = given.memory ?? facts.resources?.memoryRequest;
  const memoryLimit = given.memoryLimit ?? facts.resources?.memoryLimit;
  const requests: Record<string, k8s.Quantity> = {};
  if (cpu !== undefined) requests.cpu = k8s.Quantity.fromString(cpu);
  if (memory !== undefined) requests.memory = k8s.Quantity.fromString(memory);
  const limits: Record<string, k8s.Quantity> = memoryLimit !== undefined ? { memory: k8s.Quantity.fromString(memoryLimit) } : {};
  if (!Object.keys(requests).length && !Object.keys(limits).length) return undefined;
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}
