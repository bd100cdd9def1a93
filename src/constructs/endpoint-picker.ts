import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkNamespace } from './checks/gateway-checks';
import { checkPoolName } from './checks/model-checks';
import { throwIfAny } from './checks/problem';
import { patchedLast } from './final-patches';
import { Platform } from './platform';
import { Images } from './versions';

/**
 * Properties of an {@link EndpointPicker}.
 */
export interface EndpointPickerProps {
  /** Name of the InferencePool this picker serves; objects are named `<poolName>-epp`. */
  readonly poolName: string;

  /** Namespace of the pool and of every object created here. */
  readonly namespace: string;

  /**
   * Endpoint picker image.
   * @default Images.ENDPOINT_PICKER
   */
  readonly image?: string;

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
}

/**
 * The endpoint picker (EPP) of one InferencePool, as the GAIE v1.3.0 `inferencepool` chart
 * renders it, with a security context that OpenShift `restricted-v2` admits.
 *
 * Creates, all named `<poolName>-epp` in the pool's namespace:
 * - ServiceAccount
 * - Role (get/list/watch on pods, inferencepools, inferenceobjectives, inferencemodelrewrites)
 *   and RoleBinding to the ServiceAccount
 * - ConfigMap with the `EndpointPickerConfig` (queue 2, kv-cache utilization 2, prefix cache 3)
 * - Deployment (one replica, `Recreate`, 130 s grace, gRPC probes on 9003)
 * - Service exposing ext-proc on 9002 and metrics on 9090
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
  /** Labels on the picker's pods and the Service selector. */
  public readonly podLabels: Record<string, string>;

  /** The ServiceAccount the picker runs as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The Role granting read access to pods and inference resources. */
  public readonly role: k8s.KubeRole;
  /** Binds {@link role} to {@link serviceAccount}. */
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The scheduling configuration. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The picker Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service the InferencePool's `endpointPickerRef` names. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: EndpointPickerProps) {
    super(scope, id);
    throwIfAny([...checkPoolName(props.poolName, 'poolName'), ...checkNamespace('namespace', props.namespace)], 'endpoint picker');
    this.name = EndpointPicker.nameFor(props.poolName);
    this.namespace = props.namespace;
    const platform = props.platform ?? Platform.OPENSHIFT;
    const labels = { ...props.labels, 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/component': 'endpoint-picker' };
    const metadata = { name: this.name, namespace: this.namespace, labels };
    this.podLabels = { inferencepool: this.name };

    this.serviceAccount = new (patchedLast(k8s.KubeServiceAccount))(this, 'ServiceAccount', { metadata });

    this.role = new (patchedLast(k8s.KubeRole))(this, 'Role', {
      metadata,
      rules: [
        { apiGroups: ['inference.networking.x-k8s.io'], resources: ['inferenceobjectives', 'inferencemodelrewrites'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] },
      ],
    });

    this.roleBinding = new (patchedLast(k8s.KubeRoleBinding))(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
    });

    this.configMap = new (patchedLast(k8s.KubeConfigMap))(this, 'Config', {
      metadata,
      data: { [EndpointPicker.CONFIG_FILE]: SCHEDULING_CONFIG },
    });

    this.deployment = new (patchedLast(k8s.KubeDeployment))(this, 'Resource', {
      metadata,
      spec: {
        replicas: 1,
        // One active picker: its prefix-cache state is per process, and a rolling update
        // would keep the old replica alive next to the new one.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.podLabels },
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
              image: props.image ?? Images.ENDPOINT_PICKER,
              imagePullPolicy: 'IfNotPresent',
              args: [
                '--pool-name', props.poolName,
                '--pool-namespace', this.namespace,
                '--pool-group', 'inference.networking.k8s.io',
                '--zap-encoder', 'json',
                '--config-file', `/config/${EndpointPicker.CONFIG_FILE}`,
                '--v', '1',
                '--tracing=false',
              ],
              ports: [
                { name: 'grpc', containerPort: EndpointPicker.EXT_PROC_PORT },
                { name: 'grpc-health', containerPort: EndpointPicker.HEALTH_PORT },
                { name: 'metrics', containerPort: EndpointPicker.METRICS_PORT },
              ],
              livenessProbe: { grpc: { port: EndpointPicker.HEALTH_PORT, service: 'inference-extension' }, initialDelaySeconds: 5, periodSeconds: 10 },
              readinessProbe: { grpc: { port: EndpointPicker.HEALTH_PORT, service: 'inference-extension' }, periodSeconds: 2 },
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
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: this.podLabels,
        ports: [
          { name: 'grpc-ext-proc', protocol: 'TCP', port: EndpointPicker.EXT_PROC_PORT },
          { name: 'http-metrics', protocol: 'TCP', port: EndpointPicker.METRICS_PORT },
        ],
      },
    });
  }
}

// The GAIE v1.3.0 chart's default scheduling profile.
const SCHEDULING_CONFIG = `apiVersion: inference.networking.x-k8s.io/v1alpha1
kind: EndpointPickerConfig
plugins:
- type: queue-scorer
- type: kv-cache-utilization-scorer
- type: prefix-cache-scorer
schedulingProfiles:
- name: default
  plugins:
  - pluginRef: queue-scorer
    weight: 2
  - pluginRef: kv-cache-utilization-scorer
    weight: 2
  - pluginRef: prefix-cache-scorer
    weight: 3
`;
