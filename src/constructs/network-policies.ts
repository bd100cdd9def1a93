import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL } from './allowed-routes';
import { patchedLast } from './final-patches';
import { DataPlaneFacts } from '../profiles/data-plane';

// Isolation of the models' namespace (issue 11, feature 9). Design:
// - Ingress only. An ingress policy selecting a pod denies every other inbound connection to
//   it; egress stays open, so DNS, Hugging Face and image pulls need no exceptions.
// - One policy per protected workload ("concern"): reading one policy tells who may reach
//   those pods, and a model's policies come and go with the model. Every name is derived from
//   the pool's name, every selector from labels the constructs set, so output is deterministic.
// - Peers are selected by labels the API server or the controllers set: the gateway's namespace
//   by `kubernetes.io/metadata.name`, its proxy pods by `gateway.networking.k8s.io/gateway-name`
//   (see DataPlaneFacts).
// - The kubelet's probes come from the node, which NetworkPolicy always admits
//   (kubernetes.io/docs/concepts/services-networking/network-policies), so the policies need
//   no rule for them.

/** A peer admitted to metrics ports: the Prometheus (or other scraper) pods. */
type IngressPeer = k8s.NetworkPolicyPeer;

/** The gateway data plane a policy admits. */
export interface GatewayDataPlane {
  /** The Gateway's name (the proxy pods' `gateway.networking.k8s.io/gateway-name`). */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The profile's data-plane facts. */
  readonly facts: DataPlaneFacts;
}

/** The peer selecting the proxy pods of a Gateway, from any namespace by its name label. */
export function dataPlanePeer(gateway: GatewayDataPlane): IngressPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: gateway.namespace } },
    podSelector: { matchLabels: { [gateway.facts.gatewayNameLabel]: gateway.name } },
  };
}

/** One ingress rule: TCP on `ports` (every port when empty) from `from`. */
function ingress(from: IngressPeer[], ports: number[]): k8s.NetworkPolicyIngressRule {
  return { from, ...(ports.length ? { ports: ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) } : {}) };
}

/** Properties of one ingress-only NetworkPolicy. */
export interface IngressPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** The pods the policy protects. */
  readonly podSelector: Record<string, string>;
  /** Who may connect, on which TCP ports (every port when empty). */
  readonly rules: ReadonlyArray<{ readonly from: IngressPeer[]; readonly ports: number[] }>;
  readonly labels?: Record<string, string>;
}

/** An ingress-only NetworkPolicy: `podSelector` pods accept connections from `rules` only. */
export function ingressPolicy(scope: Construct, id: string, props: IngressPolicyProps): k8s.KubeNetworkPolicy {
  return new (patchedLast(k8s.KubeNetworkPolicy))(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
    spec: {
      podSelector: { matchLabels: { ...props.podSelector } },
      policyTypes: ['Ingress'],
      ingress: props.rules.filter((r) => r.from.length).map((r) => ingress(r.from, r.ports)),
    },
  });
}

/**
 * A policy letting only the gateway's data plane reach `podSelector` pods on `port`: for a
 * server the gateway calls directly, such as a static `<gateway>-models` listing server.
 */
export function gatewayOnlyPolicy(scope: Construct, id: string, props: { name: string; namespace: string; podSelector: Record<string, string>; port: number; gateway: GatewayDataPlane; labels?: Record<string, string> }): k8s.KubeNetworkPolicy {
  return ingressPolicy(scope, id, { ...props, rules: [{ from: [dataPlanePeer(props.gateway)], ports: [props.port] }] });
}

/** Properties of {@link ModelNetworkPolicies}. */
export interface ModelNetworkPoliciesProps {
  /** The pool's name: the policies are `<pool>-vllm-ingress`, `<pool>-epp-ingress`, `<pool>-group-ingress`. */
  readonly poolName: string;
  readonly namespace: string;
  /** Labels on every pod of the model (leader and workers of a multi-node model). */
  readonly modelPodLabels: Record<string, string>;
  /** The serving port the pool targets (also where vLLM exports `/metrics`). */
  readonly servingPort: number;
  /** Labels selecting the pool's endpoint picker pods. */
  readonly pickerPodLabels: Record<string, string>;
  readonly extProcPort: number;
  readonly pickerMetricsPort: number;
  readonly gateway: GatewayDataPlane;
  /** Whether the model spans nodes (a LeaderWorkerSet): its pods reach each other on every port. */
  readonly multiNode: boolean;
  /**
   * Who scrapes metrics (vLLM's on the serving port, the picker's on its metrics port): none
   * when monitoring is off, so no metrics ingress is opened.
   */
  readonly metricsScrapers?: IngressPeer[];
  readonly labels?: Record<string, string>;
}

/**
 * The NetworkPolicies of one model (see the design notes above):
 * - `<pool>-vllm-ingress`: the model's pods accept the gateway's data plane and the pool's
 *   endpoint picker (it reads the servers' metrics) on the serving port, and the metrics
 *   scrapers there when monitoring is on
 * - `<pool>-epp-ingress`: the picker accepts the data plane on its ext-proc port, and the
 *   metrics scrapers on its metrics port when monitoring is on
 * - multi-node only, `<pool>-group-ingress`: the model's pods accept each other on every port
 *   (the leader's rendezvous and NCCL/Gloo connections use ports chosen at run time)
 */
export class ModelNetworkPolicies extends Construct {
  /** The policies, in output order. */
  public readonly policies: k8s.KubeNetworkPolicy[];

  constructor(scope: Construct, id: string, props: ModelNetworkPoliciesProps) {
    super(scope, id);
    const gateway = dataPlanePeer(props.gateway);
    const scrapers = props.metricsScrapers ?? [];
    const picker: IngressPeer = { podSelector: { matchLabels: { ...props.pickerPodLabels } } };
    const common = { namespace: props.namespace, labels: props.labels };
    this.policies = [
      ingressPolicy(this, 'Serving', {
        ...common,
        name: `${props.poolName}-vllm-ingress`,
        podSelector: props.modelPodLabels,
        rules: [{ from: [gateway, picker, ...scrapers], ports: [props.servingPort] }],
      }),
      ingressPolicy(this, 'Picker', {
        ...common,
        name: `${props.poolName}-epp-ingress`,
        podSelector: props.pickerPodLabels,
        rules: [{ from: [gateway], ports: [props.extProcPort] }, { from: scrapers, ports: [props.pickerMetricsPort] }],
      }),
      ...(props.multiNode ? [ingressPolicy(this, 'Group', {
        ...common,
        name: `${props.poolName}-group-ingress`,
        podSelector: props.modelPodLabels,
        rules: [{ from: [{ podSelector: { matchLabels: { ...props.modelPodLabels } } }], ports: [] }],
      })] : []),
    ];
  }
}
