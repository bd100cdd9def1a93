import { describe, expect, it } from 'vitest';
import { monitoringScraper, scraperNetworkPolicyPeer } from '../src/constructs/monitoring-scraper';
import { Platform } from '../src/constructs/platform';

describe('the metrics scraper identity', () => {
  it('is OpenShift user-workload monitoring on OpenShift, whatever is overridden', () => {
    const s = monitoringScraper(Platform.OPENSHIFT, { namespace: 'x', serviceAccount: 'y' });
    expect(s.namespace).toBe('openshift-user-workload-monitoring');
    expect(s.serviceAccount).toBe('prometheus-user-workload');
    expect(s.podLabels['app.kubernetes.io/instance']).toBe('user-workload');
  });

  it('defaults to kube-prometheus on Kubernetes and takes overrides', () => {
    expect(monitoringScraper(Platform.KUBERNETES)).toMatchObject({ namespace: 'monitoring', serviceAccount: 'prometheus-k8s' });
    const s = monitoringScraper(Platform.KUBERNETES, { namespace: 'obs', serviceAccount: 'kps-prometheus', prometheusName: 'kps' });
    expect(s).toEqual({ namespace: 'obs', serviceAccount: 'kps-prometheus', podLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'kps' } });
  });

  it('gives a NetworkPolicy peer selecting the namespace by name and the Prometheus pods by label', () => {
    const peer = scraperNetworkPolicyPeer(monitoringScraper(Platform.OPENSHIFT));
    expect(peer.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'openshift-user-workload-monitoring' });
    expect(peer.podSelector.matchLabels['app.kubernetes.io/name']).toBe('prometheus');
  });
});
