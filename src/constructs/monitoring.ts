import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as monitoring from '../../imports/monitoring.coreos.com';
import { isDnsSubdomain } from './checks/gateway-checks';
import { Problem, problem, quoted } from './checks/problem';
import { grafanaDashboardJson } from './dashboard';
import { EndpointPicker } from './endpoint-picker';
import { patchedLast } from './final-patches';
import { monitoringScraper, ScraperIdentity } from './monitoring-scraper';
import { Names } from './names';
import { isLabelValue } from './ownership';
import { MonitoringOptions } from './monitoring-options';
import { Platform } from './platform';
import { ProfileMetrics } from '../profiles/profiles';

/** The monitoring settings, defaults applied. */
export interface MonitoringSettings {
  readonly enabled: boolean;
  readonly dashboards: boolean;
  readonly pickerMetricsAuth: boolean;
  readonly scrapeInterval: string;
  readonly scraper: ScraperIdentity;
  readonly monitorLabels: Record<string, string>;
}

/** Default scrape interval. */
export const DEFAULT_SCRAPE_INTERVAL = '30s';

/** A Prometheus duration (the monitoring.coreos.com `Duration` pattern, at most 16 characters, not zero). */
const DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A value as shown in a message: quoted, cut to 40 characters. */
function shown(value: string): string {
  return quoted(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Problems of monitoring options on `platform`; paths are relative to the options. */
export function checkMonitoringOptions(options: MonitoringOptions, platform: Platform): Problem[] {
  const out: Problem[] = [];
  const interval = options.scrapeInterval;
  if (interval !== undefined && (interval.length > 16 || !DURATION.test(interval) || !/[1-9]/.test(interval))) {
    out.push(problem('scrapeInterval', shown(interval), `must be a Prometheus duration such as '30s' or '1m', got ${shown(interval)}`));
  }
  for (const key of ['scraperNamespace', 'scraperServiceAccount'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (platform === Platform.OPENSHIFT) {
      out.push(problem(key, shown(value), 'applies only with platform kubernetes', 'on OpenShift user-workload monitoring always scrapes as prometheus-user-workload in openshift-user-workload-monitoring; remove it'));
    } else if (key === 'scraperNamespace' ? !Names.isNamespace(value) : !isDnsSubdomain(value)) {
      out.push(problem(key, shown(value), `must be a ${key === 'scraperNamespace' ? 'DNS-1123 label' : 'DNS-1123 subdomain'}, got ${shown(value)}`));
    }
  }
  for (const [k, v] of Object.entries(options.monitorLabels ?? {})) {
    if (k.length > 316 || !LABEL_KEY.test(k)) out.push(problem(`monitorLabels.${k.length > 40 ? `${k.slice(0, 40)}…` : k}`, shown(k), 'is not a valid label key'));
    else if (typeof v !== 'string' || !isLabelValue(v)) out.push(problem(`monitorLabels.${k}`, shown(String(v)), `is not a valid label value (at most 63 letters, digits, '-', '_' or '.'), got ${shown(String(v))}`));
  }
  return out;
}

/** The settings of `options` on `platform`, defaults applied. */
export function monitoringSettings(options: MonitoringOptions = {}, platform: Platform): MonitoringSettings {
  return {
    enabled: options.enabled ?? false,
    dashboards: options.dashboards ?? false,
    pickerMetricsAuth: options.pickerMetricsAuth ?? true,
    scrapeInterval: options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL,
    scraper: monitoringScraper(platform, { namespace: options.scraperNamespace, serviceAccount: options.scraperServiceAccount }),
    monitorLabels: { ...options.monitorLabels },
  };
}

/** The Prometheus label a pod annotation becomes in Kubernetes service discovery. */
export function podAnnotationMetaLabel(annotation: string): string {
  return `__meta_kubernetes_pod_annotation_${annotation.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The Prometheus label a pod label becomes in Kubernetes service discovery. */
export function podLabelMetaLabel(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * A cluster-scoped name unique per namespace and pool: `<namespace>-<pool>-<suffix>`, or when
 * longer than 253 characters cut and ended in 8 hex digits of a SHA-256 of the full name.
 */
export function clusterScopedName(namespace: string, pool: string, suffix: string): string {
  const full = `${namespace}-${pool}-${suffix}`;
  if (full.length <= 253) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 253 - hash.length - 1)}-${hash}`;
}

/** What {@link ModelMonitoring} watches. */
export interface ModelMonitoringProps {
  readonly namespace: string;
  readonly poolName: string;
  /** Labels selecting the pods that serve the API (multi-node: leaders only). */
  readonly servingSelector: Record<string, string>;
  /** Name of the vLLM container port serving the API and `/metrics`. */
  readonly servingPortName: string;
  /** Pod annotation carrying the raw model name. */
  readonly modelAnnotation: string;
  readonly picker: EndpointPicker;
  readonly settings: MonitoringSettings;
  readonly labels: Record<string, string>;
}

/**
 * The monitors of one model, in its namespace:
 * - PodMonitor `<pool>`: the pods serving the API (a multi-node model's group leaders: the
 *   `--headless` workers run no API server and so serve no `/metrics`), `/metrics` on the
 *   vLLM port; relabels `model` from the pod annotation holding the model name and `pool` from
 *   the pod label `app`.
 * - ServiceMonitor `<pool>-epp`: the picker Service's `http-metrics` port (9090), labelled
 *   `pool` too. With picker metrics authentication on (the default): ServiceAccount and
 *   `kubernetes.io/service-account-token` Secret `<pool>-epp-metrics-reader` whose token the
 *   monitor presents; ClusterRole and ClusterRoleBinding `<namespace>-<pool>-epp-metrics-auth`
 *   (the picker's ServiceAccount may create tokenreviews and subjectaccessreviews) and
 *   `<namespace>-<pool>-epp-metrics-reader` (`get` on `/metrics` for the reader and the
 *   scraper's ServiceAccount).
 */
export class ModelMonitoring extends Construct {
  public readonly podMonitor: monitoring.PodMonitor;
  public readonly pickerMonitor: monitoring.ServiceMonitor;
  /** Reader ServiceAccount, its token Secret and the picker's metrics RBAC: only with picker metrics authentication. */
  public readonly readerServiceAccount?: k8s.KubeServiceAccount;
  public readonly readerToken?: k8s.KubeSecret;
  public readonly clusterRoles: k8s.KubeClusterRole[] = [];
  public readonly clusterRoleBindings: k8s.KubeClusterRoleBinding[] = [];

  constructor(scope: Construct, id: string, props: ModelMonitoringProps) {
    super(scope, id);
    const { namespace, poolName, settings, picker } = props;
    const labels = { ...props.labels, ...settings.monitorLabels };
    const replace = (sourceLabel: string, targetLabel: string) => ({ action: monitoring.PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE, sourceLabels: [sourceLabel], targetLabel });

    this.podMonitor = new (patchedLast(monitoring.PodMonitor))(this, 'Server', {
      metadata: { name: poolName, namespace, labels },
      spec: {
        selector: { matchLabels: { ...props.servingSelector } },
        namespaceSelector: { matchNames: [namespace] },
        podMetricsEndpoints: [{
          port: props.servingPortName,
          path: '/metrics',
          interval: settings.scrapeInterval,
          relabelings: [replace(podAnnotationMetaLabel(props.modelAnnotation), 'model'), replace(podLabelMetaLabel('app'), 'pool')],
        }],
      },
    });

    const readerName = `${picker.name}-metrics-reader`;
    if (settings.pickerMetricsAuth) {
      this.readerServiceAccount = new (patchedLast(k8s.KubeServiceAccount))(this, 'Reader', { metadata: { name: readerName, namespace, labels: props.labels }, automountServiceAccountToken: false });
      this.readerToken = new (patchedLast(k8s.KubeSecret))(this, 'ReaderToken', {
        metadata: { name: readerName, namespace, labels: props.labels, annotations: { 'kubernetes.io/service-account.name': readerName } },
        type: 'kubernetes.io/service-account-token',
      });
      const grant = (id: string, suffix: string, rules: k8s.PolicyRule[], subjects: k8s.Subject[]) => {
        const name = clusterScopedName(namespace, poolName, suffix);
        this.clusterRoles.push(new (patchedLast(k8s.KubeClusterRole))(this, `${id}Role`, { metadata: { name, labels: props.labels }, rules }));
        this.clusterRoleBindings.push(new (patchedLast(k8s.KubeClusterRoleBinding))(this, `${id}Binding`, {
          metadata: { name, labels: props.labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
          subjects,
        }));
      };
      grant('Auth', 'epp-metrics-auth', [
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ], [{ kind: 'ServiceAccount', name: picker.name, namespace }]);
      grant('Reader', 'epp-metrics-reader', [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }], [
        { kind: 'ServiceAccount', name: readerName, namespace },
        { kind: 'ServiceAccount', name: settings.scraper.serviceAccount, namespace: settings.scraper.namespace },
      ]);
    }

    this.pickerMonitor = new (patchedLast(monitoring.ServiceMonitor))(this, 'Picker', {
      metadata: { name: picker.name, namespace, labels },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': picker.name, 'app.kubernetes.io/component': 'endpoint-picker' } },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{
          port: 'http-metrics',
          path: '/metrics',
          interval: settings.scrapeInterval,
          ...(settings.pickerMetricsAuth ? { authorization: { type: 'Bearer', credentials: { name: readerName, key: 'token' } } } : {}),
          relabelings: [{ action: monitoring.ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE, sourceLabels: ['__meta_kubernetes_service_label_app_kubernetes_io_instance'], targetLabel: 'pool' }],
        }],
      },
    });
  }
}

/** The label the Grafana dashboard sidecar (Grafana's Helm chart, kube-prometheus-stack) looks for, and its value. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

/**
 * ConfigMap `<gateway>-dashboard` in the models' namespace holding the gateway's Grafana
 * dashboard as `<gateway>.json`, labelled for the Grafana dashboard sidecar.
 */
export function addDashboardConfigMap(scope: Construct, id: string, props: { gatewayName: string; namespace: string; metrics: ProfileMetrics; labels: Record<string, string> }): k8s.KubeConfigMap {
  return new (patchedLast(k8s.KubeConfigMap))(scope, id, {
    metadata: { name: `${props.gatewayName}-dashboard`, namespace: props.namespace, labels: { ...props.labels, [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value } },
    data: { [`${props.gatewayName}.json`]: grafanaDashboardJson(props.metrics, props.gatewayName, props.namespace) },
  });
}
