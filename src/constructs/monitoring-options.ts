/**
 * Prometheus Operator monitors for every model's vLLM pods and endpoint picker, and a Grafana
 * dashboard. Off by default: the monitors need the Prometheus Operator's CRDs
 * (monitoring.coreos.com), which OpenShift ships and plain Kubernetes may not.
 */
export interface MonitoringOptions {
  /**
   * Emit the monitors (and, when the picker's metrics need it, their RBAC and token).
   * @default false
   */
  readonly enabled?: boolean;

  /**
   * Emit a ConfigMap holding a Grafana dashboard (labelled `grafana_dashboard: "1"` for the
   * Grafana dashboard sidecar) in the models' namespace.
   * @default false
   */
  readonly dashboards?: boolean;

  /**
   * Keep the endpoint pickers' metrics authentication on (their default): the picker checks the
   * scraper's bearer token with a TokenReview and a SubjectAccessReview for `get /metrics`.
   * `false` passes `--metrics-endpoint-auth=false` to every picker: port 9090 is then open to
   * anyone who reaches it (keep NetworkPolicies on).
   * @default true
   */
  readonly pickerMetricsAuth?: boolean;

  /**
   * How often Prometheus scrapes each target, a Prometheus duration such as `30s` or `1m`.
   * @default '30s'
   */
  readonly scrapeInterval?: string;

  /**
   * Namespace of the Prometheus that scrapes (platform kubernetes only: on OpenShift it is
   * always user-workload monitoring's, `openshift-user-workload-monitoring`).
   * @default 'monitoring' (kube-prometheus)
   */
  readonly scraperNamespace?: string;

  /**
   * ServiceAccount of that Prometheus (platform kubernetes only; on OpenShift
   * `prometheus-user-workload`). It is allowed `get` on the pickers' `/metrics`.
   * @default 'prometheus-k8s' (kube-prometheus)
   */
  readonly scraperServiceAccount?: string;

  /**
   * Labels on every PodMonitor and ServiceMonitor, for a Prometheus whose monitor selector
   * needs them (kube-prometheus-stack: `release: <release name>`).
   * @default - the objects' usual labels only
   */
  readonly monitorLabels?: Record<string, string>;
}
