import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { catalogProblems } from '../src/catalog/catalog-checks';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { ModelGateway } from '../src/constructs/model-gateway';
import { Platform } from '../src/constructs/platform';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
import { verifyObjects } from '../src/verify/verify';
import { errorOf, find, selects } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'meta-llama/Llama-3.1-70B-Instruct';
const ANNOTATION = 'cdk8s-model-gateway.github.io/model';

/** A monitored shape: a one-pod model and a two-node (LeaderWorkerSet) model. */
export function monitoredSpec(profile: StackProfile, platform: Platform, monitoring: Record<string, unknown> = {}): CatalogSpec {
  return {
    profile, platform, namespace: 'team-a',
    monitoring: { enabled: true, dashboards: true, ...monitoring },
    models: [{ name: QWEN }, { name: LLAMA, nodes: 2, tensorParallelSize: 8 }],
  } as CatalogSpec;
}

const run = (spec: CatalogSpec) => synthesize(Catalog.fromSpec(spec));
const errors = (out: { verification: { problems: readonly any[] } }) => out.verification.problems.filter((p: any) => p.severity === 'error');
/** Pod templates of the vLLM workloads: a Deployment's, or a LeaderWorkerSet's leader and worker templates. */
function vllmPods(objects: any[], name: string): { role: string; labels: Record<string, string>; annotations: Record<string, string>; ports: any[] }[] {
  const of = (t: any, role: string) => ({ role, labels: t.metadata?.labels ?? {}, annotations: t.metadata?.annotations ?? {}, ports: t.spec.containers.find((c: any) => c.name === 'vllm').ports ?? [] });
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  if (d) return [of(d.spec.template, 'pod')];
  const lws = find(objects, 'LeaderWorkerSet', name);
  return [of(lws.spec.leaderWorkerTemplate.leaderTemplate, 'leader'), of(lws.spec.leaderWorkerTemplate.workerTemplate, 'worker')];
}

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('monitoring under %s', (profile) => {
  describe.each([Platform.OPENSHIFT, Platform.KUBERNETES])('on %s', (platform) => {
    const out = run(monitoredSpec(profile, platform));

    it('verifies with no error: every monitor, token Secret and RBAC object validates against the profile\'s schemas', () => {
      expect(errors(out)).toEqual([]);
      const kinds = out.objects.map((o) => o.kind);
      for (const kind of ['PodMonitor', 'ServiceMonitor', 'ClusterRole', 'ClusterRoleBinding', 'Secret', 'ConfigMap']) expect(kinds).toContain(kind);
      const validator = SchemaValidator.forSet(PROFILES[profile].schemaSet);
      const monitored = out.objects.filter((x) => x.apiVersion === 'monitoring.coreos.com/v1' || ['ClusterRole', 'ClusterRoleBinding', 'Secret'].includes(x.kind));
      expect(monitored.length).toBeGreaterThanOrEqual(12);
      for (const o of monitored) expect(validator.validate(o)).toEqual([]);
    });

    it('each PodMonitor selects its model\'s serving pods (leaders only when multi-node) on a port they name, in their namespace', () => {
      for (const [pool, serving] of [['vllm-qwen3-06b', ['pod']], ['vllm-llama-31-70b-instruct', ['leader']]] as [string, string[]][]) {
        const pm = find(out.objects, 'PodMonitor', pool, 'team-a');
        expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['team-a'] });
        const endpoint = pm.spec.podMetricsEndpoints[0];
        expect(endpoint.path).toBe('/metrics');
        const pods = vllmPods(out.objects, pool);
        const selected = pods.filter((p) => selects(pm.spec.selector.matchLabels, p.labels)).map((p) => p.role);
        expect(selected).toEqual(serving);
        for (const p of pods.filter((x) => serving.includes(x.role))) {
          const port = p.ports.find((x: any) => x.name === endpoint.port);
          expect(port?.containerPort).toBe(8000);
        }
      }
    });

    it('relabels model from the pod annotation holding the model name and pool from the pod label app', () => {
      const pm = find(out.objects, 'PodMonitor', 'vllm-qwen3-06b');
      const pod = vllmPods(out.objects, 'vllm-qwen3-06b')[0];
      expect(pod.annotations[ANNOTATION]).toBe(QWEN);
      expect(pm.spec.podMetricsEndpoints[0].relabelings).toEqual([
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_annotation_cdk8s_model_gateway_github_io_model'], targetLabel: 'model' },
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'pool' },
      ]);
      expect(pod.labels.app).toBe('vllm-qwen3-06b');
    });

    it('the picker ServiceMonitor selects the picker Service, on its http-metrics port (9090), with the reader token', () => {
      const sm = find(out.objects, 'ServiceMonitor', 'vllm-qwen3-06b-epp');
      const svc = find(out.objects, 'Service', 'vllm-qwen3-06b-epp');
      expect(selects(sm.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
      const others = out.objects.filter((o) => o.kind === 'Service' && o !== svc && selects(sm.spec.selector.matchLabels, o.metadata.labels));
      expect(others).toEqual([]);
      const endpoint = sm.spec.endpoints[0];
      expect(svc.spec.ports.find((p: any) => p.name === endpoint.port)?.port).toBe(9090);
      expect(endpoint.authorization).toEqual({ type: 'Bearer', credentials: { name: 'vllm-qwen3-06b-epp-metrics-reader', key: 'token' } });
      const secret = find(out.objects, 'Secret', 'vllm-qwen3-06b-epp-metrics-reader');
      expect(secret.type).toBe('kubernetes.io/service-account-token');
      expect(secret.data).toBeUndefined();
      expect(secret.metadata.annotations['kubernetes.io/service-account.name']).toBe('vllm-qwen3-06b-epp-metrics-reader');
      find(out.objects, 'ServiceAccount', 'vllm-qwen3-06b-epp-metrics-reader');
    });

    it('RBAC: the picker\'s ServiceAccount may create TokenReviews and SubjectAccessReviews; the reader and the scraper may get /metrics', () => {
      const picker = find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.serviceAccountName;
      expect(find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0].args.join(' ')).not.toContain('--metrics-endpoint-auth');
      const auth = find(out.objects, 'ClusterRoleBinding', 'team-a-vllm-qwen3-06b-epp-metrics-auth');
      expect(auth.subjects).toEqual([{ kind: 'ServiceAccount', name: picker, namespace: 'team-a' }]);
      const authRole = find(out.objects, 'ClusterRole', auth.roleRef.name);
      expect(authRole.rules).toEqual([
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ]);
      const reader = find(out.objects, 'ClusterRoleBinding', 'team-a-vllm-qwen3-06b-epp-metrics-reader');
      const scraper = platform === Platform.OPENSHIFT
        ? { name: 'prometheus-user-workload', namespace: 'openshift-user-workload-monitoring' }
        : { name: 'prometheus-k8s', namespace: 'monitoring' };
      expect(reader.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'vllm-qwen3-06b-epp-metrics-reader', namespace: 'team-a' },
        { kind: 'ServiceAccount', ...scraper },
      ]);
      expect(find(out.objects, 'ClusterRole', reader.roleRef.name).rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    });

    it('creates no Prometheus of its own (user-workload monitoring or the cluster\'s Prometheus scrapes)', () => {
      expect(out.objects.filter((o) => o.kind === 'Prometheus')).toEqual([]);
    });

    it('the dashboard ConfigMap is labelled for the Grafana sidecar and its JSON parses and queries only the profile\'s pinned metrics', () => {
      const cm = find(out.objects, 'ConfigMap', 'inference-gateway-dashboard', 'team-a');
      expect(cm.metadata.labels.grafana_dashboard).toBe('1');
      const dashboard = JSON.parse(cm.data['inference-gateway.json']);
      const exprs: string[] = dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
      expect(exprs.length).toBeGreaterThan(10);
      const facts = PROFILES[profile].metrics;
      const known = new Set<string>([...Object.values(facts.vllm), ...Object.values(facts.picker)]);
      const used = new Set(exprs.flatMap((e) => [...e.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1].replace(/_(bucket|sum|count)$/, ''))));
      expect([...used].filter((m) => !known.has(m))).toEqual([]);
      // Every panel family is there: requests, tokens, the three latencies, queue, KV cache, picker.
      for (const metric of [facts.vllm.requestSuccess, facts.vllm.generationTokens, facts.vllm.timeToFirstToken, facts.vllm.interTokenLatency, facts.vllm.e2eLatency, facts.vllm.waiting, facts.vllm.kvCacheUsage, facts.picker.requests, facts.picker.poolQueueSize]) {
        expect(used).toContain(metric);
      }
      const other = PROFILES[profile === StackProfile.RHDEV_2026_03 ? StackProfile.UPSTREAM_2026_08 : StackProfile.RHDEV_2026_03].metrics.picker.requests;
      expect(used).not.toContain(other);
      expect(exprs.every((e) => e.includes('namespace="team-a"'))).toBe(true);
    });
  });

  it('golden output: a one-pod and a two-node model, monitored with dashboards, on OpenShift (user-workload monitoring)', async () => {
    const out = run(monitoredSpec(profile, Platform.OPENSHIFT));
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/monitoring-${profile}/${name}`);
  });

  it('output is deterministic: two syntheses give the same files', () => {
    const a = run(monitoredSpec(profile, Platform.KUBERNETES));
    const b = run(monitoredSpec(profile, Platform.KUBERNETES));
    expect([...a.files.entries()]).toEqual([...b.files.entries()]);
  });

  it('pickerMetricsAuth: false passes --metrics-endpoint-auth=false and emits no token, reader or RBAC', () => {
    const out = run(monitoredSpec(profile, Platform.OPENSHIFT, { pickerMetricsAuth: false }));
    expect(errors(out)).toEqual([]);
    expect(find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0].args).toContain('--metrics-endpoint-auth=false');
    expect(out.objects.filter((o) => ['ClusterRole', 'ClusterRoleBinding', 'Secret'].includes(o.kind))).toEqual([]);
    expect(find(out.objects, 'ServiceMonitor', 'vllm-qwen3-06b-epp').spec.endpoints[0].authorization).toBeUndefined();
  });
});

describe('monitoring options', () => {
  it('is off by default: no monitor, no dashboard, the picker keeps its flags', () => {
    const out = run({ profile: StackProfile.UPSTREAM_2026_08, models: [{ name: QWEN }] } as CatalogSpec);
    expect(out.objects.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1' || o.kind === 'ClusterRole')).toEqual([]);
    expect(out.objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard)).toEqual([]);
  });

  it('dashboards alone emit only the dashboard', () => {
    const out = run({ profile: StackProfile.UPSTREAM_2026_08, monitoring: { dashboards: true }, models: [{ name: QWEN }] } as CatalogSpec);
    expect(out.objects.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
    find(out.objects, 'ConfigMap', 'inference-gateway-dashboard');
  });

  it('on Kubernetes takes the scraper, the interval and monitor labels (kube-prometheus-stack\'s release selector)', () => {
    const out = run(monitoredSpec(StackProfile.UPSTREAM_2026_08, Platform.KUBERNETES, {
      scraperNamespace: 'observability', scraperServiceAccount: 'kps-prometheus', scrapeInterval: '15s', monitorLabels: { release: 'kps' },
    }));
    expect(errors(out)).toEqual([]);
    expect(find(out.objects, 'ClusterRoleBinding', 'team-a-vllm-qwen3-06b-epp-metrics-reader').subjects[1]).toEqual({ kind: 'ServiceAccount', name: 'kps-prometheus', namespace: 'observability' });
    const pm = find(out.objects, 'PodMonitor', 'vllm-qwen3-06b');
    expect(pm.metadata.labels.release).toBe('kps');
    expect(pm.spec.podMetricsEndpoints[0].interval).toBe('15s');
    expect(find(out.objects, 'ServiceMonitor', 'vllm-qwen3-06b-epp').metadata.labels.release).toBe('kps');
  });

  it('refuses a scraper override on OpenShift, naming the key and what OpenShift uses', () => {
    const problems = catalogProblems(monitoredSpec(StackProfile.UPSTREAM_2026_08, Platform.OPENSHIFT, { scraperNamespace: 'monitoring' }));
    expect(problems).toEqual(["monitoring.scraperNamespace: applies only with platform kubernetes: on OpenShift user-workload monitoring always scrapes as prometheus-user-workload in openshift-user-workload-monitoring; remove it"]);
  });

  it('refuses a bad interval or label in one sentence each (construct and catalog alike)', () => {
    const app = Testing.app();
    const chart = Testing.chart();
    void app;
    const msg = errorOf(() => new ModelGateway(chart, 'mg', { platform: Platform.KUBERNETES, monitoring: { enabled: true, scrapeInterval: 'soon', monitorLabels: { 'bad key!': 'x' } } }));
    expect(msg).toContain("monitoring: 'scrapeInterval' must be a Prometheus duration such as '30s' or '1m', got 'soon'");
    expect(msg).toContain("'monitorLabels.bad key!' is not a valid label key");
    expect(msg.split('\n')).toHaveLength(2);
    expect(errorOf(() => new ModelGateway(Testing.chart(), 'mg', { monitoring: { scrapeInterval: '0s' } }))).toContain('scrapeInterval');
  });

  it('keeps cluster-scoped names distinct between two models and between two namespaces', () => {
    const names = (ns: string) => run({ ...monitoredSpec(StackProfile.UPSTREAM_2026_08, Platform.KUBERNETES), namespace: ns }).objects
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').map((o) => `${o.kind}/${o.metadata.name}`);
    const a = names('team-a');
    const b = names('team-b');
    expect(new Set(a).size).toBe(a.length);
    expect(a).toHaveLength(8);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
  });
});

describe('verify on monitored output', () => {
  const base = () => run(monitoredSpec(StackProfile.UPSTREAM_2026_08, Platform.KUBERNETES)).objects.map((o) => JSON.parse(JSON.stringify(o)));
  const rulesOf = (objects: any[]) => verifyObjects(objects, undefined, 'team-a', { stack: { profile: StackProfile.UPSTREAM_2026_08 } })
    .problems.filter((p: any) => p.severity !== 'warning').map((p: any) => p.rule);

  it('is clean as synthesized', () => {
    expect(rulesOf(base())).toEqual([]);
  });

  it('reports a picker whose ServiceAccount may not review tokens, and a reader that may not get /metrics', () => {
    const noReview = base().filter((o) => !(o.kind === 'ClusterRoleBinding' && o.metadata.name === 'team-a-vllm-qwen3-06b-epp-metrics-auth'));
    expect(rulesOf(noReview)).toEqual(['monitor-picker-metrics-auth']);
    const noReader = base().filter((o) => !(o.kind === 'ClusterRoleBinding' && o.metadata.name === 'team-a-vllm-qwen3-06b-epp-metrics-reader'));
    expect(rulesOf(noReader)).toEqual(['monitor-picker-metrics-auth']);
  });

  it('reports a PodMonitor naming a port the vLLM pods do not declare, and one selecting nothing', () => {
    const objects = base();
    find(objects, 'PodMonitor', 'vllm-qwen3-06b').spec.podMetricsEndpoints[0].port = 'metrics';
    find(objects, 'PodMonitor', 'vllm-llama-31-70b-instruct').spec.selector.matchLabels.app = 'vllm-llama';
    expect(rulesOf(objects).sort()).toEqual(['monitor-selects-targets', 'monitor-target-port']);
  });
});

describe('hostile monitoring input', () => {
  it('refuses an oversized label key or value in a bounded sentence, without echoing it whole', () => {
    const big = 'k'.repeat(10_000);
    const msg = errorOf(() => new ModelGateway(Testing.chart(), 'mg', { monitoring: { enabled: true, monitorLabels: { [big]: 'x', ok: 'v'.repeat(10_000) } } }));
    expect(msg.length).toBeLessThan(600);
    expect(msg.split('\n')).toHaveLength(2);
  });

  it('refuses a huge or malformed scrape interval', () => {
    for (const bad of ['9'.repeat(10_000) + 's', '30', '-1s', '1.5s']) {
      const msg = errorOf(() => new ModelGateway(Testing.chart(), 'mg', { monitoring: { scrapeInterval: bad } }));
      expect(msg).toContain("'scrapeInterval' must be a Prometheus duration");
      expect(msg.length).toBeLessThan(400);
    }
  });
});
