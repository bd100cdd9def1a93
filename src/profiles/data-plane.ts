// How the gateway's data plane (the agentgateway proxy Deployment and Service the controller
// generates for a Gateway) runs and is exposed: the choices, and the facts behind them.

/**
 * How the gateway's data plane gets past OpenShift's pod security admission. The controller's
 * proxy container runs as the fixed UID 10101, which the default `restricted-v2` SCC refuses
 * (it assigns a UID from the namespace's range instead).
 */
export enum DataPlaneSecurity {
  /**
   * The reference article's way: a RoleBinding granting ClusterRole
   * `system:openshift:scc:nonroot-v2` to the data plane's ServiceAccount, so any non-root UID
   * (10101 included) is admitted for every pod that ServiceAccount runs.
   */
  SCC_GRANT = 'scc-grant',

  /**
   * No extra privilege: an AgentgatewayParameters object, referenced by the Gateway's
   * `spec.infrastructure.parametersRef`, whose Deployment overlay replaces the proxy
   * container's security context with the same settings minus the fixed UID, so
   * `restricted-v2` admits the pod and assigns it a UID from the namespace's range.
   */
  RESTRICTED_V2 = 'restricted-v2',
}

/** The type of the Service the controller creates in front of the gateway's data plane. */
export enum GatewayServiceType {
  /** An external load balancer (the controller's default); on bare metal its address stays pending. */
  LOAD_BALANCER = 'LoadBalancer',
  /** Reachable inside the cluster only; on OpenShift the Route exposes it. */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node, plus the cluster IP. */
  NODE_PORT = 'NodePort',
}

/**
 * What the profile's controller generates for a Gateway's data plane, read from its templates:
 * kgateway-dev/kgateway pkg/kgateway/helm/agentgateway/templates/_helpers.tpl and
 * pkg/kgateway/deployer/agentgateway_parameters.go @b4e125627177 (rhdev-2026-03, as recorded in
 * ../shared/reference/upstream-facts.md §3.2-3.3; the same labels and overlay code in later
 * stored versions of those files), agentgateway/agentgateway
 * controller/pkg/helm/agentgateway/templates/_helpers.tpl, service.yaml and
 * controller/pkg/deployer/strategicpatch/strategicpatch.go @163ea2146acb (upstream-2026-08).
 */
export interface DataPlaneFacts {
  /**
   * Pod label whose value is the Gateway's name, one of the three selector labels both
   * controllers put on the proxy pods (with `app.kubernetes.io/name` and
   * `app.kubernetes.io/instance`); NetworkPolicies select the data plane by it.
   */
  readonly gatewayNameLabel: string;
  /** Name of the proxy container in the generated Deployment (the overlay's merge key). */
  readonly container: string;
  /** The fixed UID the proxy container runs as (`securityContext.runAsUser`). */
  readonly fixedUid: number;
  /** The Service type the controller sets when no parameters say otherwise. */
  readonly defaultServiceType: GatewayServiceType;
  /** How the data plane gets past restricted-v2 on OpenShift when the caller does not say. */
  readonly defaultSecurity: DataPlaneSecurity;
}

/** ClusterRole of the SCC the article grants to the data plane's ServiceAccount. */
export const NONROOT_SCC_CLUSTER_ROLE = 'system:openshift:scc:nonroot-v2';
