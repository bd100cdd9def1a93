import { KUBERNETES_DEFAULT_SCRAPER, NAMESPACE_NAME_LABEL, OPENSHIFT_USER_WORKLOAD_SCRAPER, ScraperIdentity } from '../profiles/monitoring';
import { Platform } from './platform';

export { NAMESPACE_NAME_LABEL };
export type { ScraperIdentity };

/**
 * The Prometheus that scrapes the models and pickers on `platform` (facts and sources:
 * src/profiles/monitoring.ts). On OpenShift it is always user-workload monitoring's; on
 * Kubernetes `namespace` and `serviceAccount` override kube-prometheus's defaults (and the pod
 * labels then name the Prometheus `prometheusName`, default `k8s`).
 */
export function monitoringScraper(platform: Platform, override: { namespace?: string; serviceAccount?: string; prometheusName?: string } = {}): ScraperIdentity {
  if (platform === Platform.OPENSHIFT) return OPENSHIFT_USER_WORKLOAD_SCRAPER;
  const d = KUBERNETES_DEFAULT_SCRAPER;
  return {
    namespace: override.namespace ?? d.namespace,
    serviceAccount: override.serviceAccount ?? d.serviceAccount,
    podLabels: override.prometheusName === undefined ? d.podLabels : { ...d.podLabels, 'app.kubernetes.io/instance': override.prometheusName },
  };
}

/**
 * A NetworkPolicy ingress peer for the scraper: its namespace by name and its pods by label.
 * For the isolation NetworkPolicies: allow this peer to the vLLM serving port and the picker's
 * metrics port (9090).
 */
export function scraperNetworkPolicyPeer(scraper: ScraperIdentity): { namespaceSelector: { matchLabels: Record<string, string> }; podSelector: { matchLabels: Record<string, string> } } {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: scraper.namespace } },
    podSelector: { matchLabels: { ...scraper.podLabels } },
  };
}
