/**
 * Who scrapes the metrics of the models and pickers, per platform: the facts the monitors, the
 * picker's metrics RBAC and the NetworkPolicies that must let the scraper in all rest on.
 *
 * - OpenShift user-workload monitoring (UWM): the cluster monitoring operator runs a Prometheus
 *   named `user-workload` in `openshift-user-workload-monitoring`, under the ServiceAccount
 *   `prometheus-user-workload`. It picks up PodMonitors and ServiceMonitors in every user
 *   namespace (no Prometheus CR of our own), once a cluster admin sets `enableUserWorkload: true`
 *   in the `cluster-monitoring-config` ConfigMap of `openshift-monitoring`.
 * - Plain Kubernetes with the Prometheus Operator: the default is kube-prometheus's Prometheus
 *   `k8s` in `monitoring`, ServiceAccount `prometheus-k8s`; any other install names its own
 *   (kube-prometheus-stack: `<release>-kube-prometheus-prometheus` in its release namespace), so
 *   both are options.
 *
 * Pod labels: the Prometheus Operator labels every Prometheus pod it runs
 * `app.kubernetes.io/name: prometheus` and `app.kubernetes.io/instance: <Prometheus name>` (also
 * `prometheus: <name>`), so a NetworkPolicy peer is the namespace (by its
 * `kubernetes.io/metadata.name` label, set by Kubernetes on every namespace) plus those pod
 * labels.
 */

/** Where the metrics scraper runs and as whom. */
export interface ScraperIdentity {
  /** Namespace of the Prometheus pods. */
  readonly namespace: string;
  /** ServiceAccount the Prometheus pods run as (the subject that must be allowed `get` on `/metrics`). */
  readonly serviceAccount: string;
  /** Labels of the Prometheus pods (a NetworkPolicy `podSelector`). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The Prometheus of OpenShift user-workload monitoring. */
export const OPENSHIFT_USER_WORKLOAD_SCRAPER: ScraperIdentity = {
  namespace: 'openshift-user-workload-monitoring',
  serviceAccount: 'prometheus-user-workload',
  podLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'user-workload' },
};

/** The default Prometheus on plain Kubernetes: kube-prometheus's `k8s` Prometheus. */
export const KUBERNETES_DEFAULT_SCRAPER: ScraperIdentity = {
  namespace: 'monitoring',
  serviceAccount: 'prometheus-k8s',
  podLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' },
};

/** The label that names a namespace (set by Kubernetes on every namespace since 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
