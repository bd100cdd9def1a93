import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize, Synthesis } from '../src/cli/synth';
import { EndpointPicker } from '../src/constructs/endpoint-picker';
import { gatewayOnlyPolicy, ModelNetworkPolicies } from '../src/constructs/network-policies';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { verifyObjects } from '../src/verify/verify';
import { find, selects } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const BIG = 'Qwen/Qwen3-8B';
const errors = (out: Synthesis) => out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error');
const policies = (out: Synthesis) => out.objects.filter((o) => o.kind === 'NetworkPolicy');
const templateLabels = (o: any): Record<string, string>[] => (o.kind === 'Deployment'
  ? [o.spec.template.metadata.labels]
  : [o.spec.leaderWorkerTemplate.leaderTemplate.metadata.labels, o.spec.leaderWorkerTemplate.workerTemplate.metadata.labels]);

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('networkPolicies under %s', (profile) => {
  const out = synthesize(Catalog.fromSpec({
    profile, platform: 'kubernetes', namespace: 'team-a', gateway: { name: 'edge', namespace: 'gw' },
    models: [{ name: QWEN }, { name: BIG, nodes: 2, pipelineParallelSize: 2 }],
  } as CatalogSpec));
  const dataPlane = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw' } }, podSelector: { matchLabels: { [PROFILES[profile].dataPlane.gatewayNameLabel]: 'edge' } } };

  it('on by default: per model an ingress-only policy for the servers and one for the picker, named after the pool; verify is clean', () => {
    expect(policies(out).map((p) => p.metadata.name)).toEqual([
      'vllm-qwen3-06b-vllm-ingress', 'vllm-qwen3-06b-epp-ingress',
      'vllm-qwen3-8b-vllm-ingress', 'vllm-qwen3-8b-epp-ingress', 'vllm-qwen3-8b-group-ingress',
    ]);
    for (const p of policies(out)) {
      expect(p.metadata.namespace).toBe('team-a');
      expect(p.spec.policyTypes).toEqual(['Ingress']);
    }
    expect(errors(out)).toEqual([]);
  });

  it('the servers admit only the gateway data plane (its namespace by kubernetes.io/metadata.name, its pods by the Gateway label) and the pool\'s picker, on the pool\'s target port', () => {
    const policy = find(out.objects, 'NetworkPolicy', 'vllm-qwen3-06b-vllm-ingress');
    const pool = find(out.objects, 'InferencePool', 'vllm-qwen3-06b');
    const picker = find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp');
    expect(policy.spec.ingress).toEqual([{ from: [dataPlane, { podSelector: { matchLabels: picker.spec.selector.matchLabels } }], ports: [{ protocol: 'TCP', port: pool.spec.targetPorts[0].number }] }]);
    expect(selects(policy.spec.podSelector.matchLabels, find(out.objects, 'Deployment', 'vllm-qwen3-06b').spec.template.metadata.labels)).toBe(true);
    expect(selects(policy.spec.podSelector.matchLabels, picker.spec.template.metadata.labels)).toBe(false);
  });

  it('the picker admits only the data plane, on the pool\'s endpointPickerRef port; its metrics port stays closed while monitoring is off', () => {
    const policy = find(out.objects, 'NetworkPolicy', 'vllm-qwen3-06b-epp-ingress');
    const pool = find(out.objects, 'InferencePool', 'vllm-qwen3-06b');
    expect(policy.spec.ingress).toEqual([{ from: [dataPlane], ports: [{ protocol: 'TCP', port: pool.spec.endpointPickerRef.port.number }] }]);
    expect(JSON.stringify(policy)).not.toContain(String(EndpointPicker.METRICS_PORT));
    expect(selects(policy.spec.podSelector.matchLabels, find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.metadata.labels)).toBe(true);
  });

  it('a multi-node model\'s leader and workers reach each other on every port, and both are selected', () => {
    const group = find(out.objects, 'NetworkPolicy', 'vllm-qwen3-8b-group-ingress');
    const lws = find(out.objects, 'LeaderWorkerSet', 'vllm-qwen3-8b');
    expect(group.spec.ingress).toEqual([{ from: [{ podSelector: group.spec.podSelector }] }]);
    for (const labels of templateLabels(lws)) expect(selects(group.spec.podSelector.matchLabels, labels)).toBe(true);
    expect(policies(out).filter((p) => p.metadata.name === 'vllm-qwen3-06b-group-ingress')).toEqual([]);
  });

  it('verify sees the wiring: a policy that drops the data plane (or the picker) from the servers\' or the picker\'s policy is reported by networkpolicy-admits-gateway', () => {
    const strip = (name: string, keep: (peer: any) => boolean) => out.objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === name
      ? { ...o, spec: { ...o.spec, ingress: o.spec.ingress.map((r: any) => ({ ...r, from: r.from.filter(keep) })).filter((r: any) => r.from.length) } } : o));
    const judge = (objects: any[]) => verifyObjects(objects, undefined, 'team-a', { stack: { profile } }).problems.filter((p) => p.rule === 'networkpolicy-admits-gateway');
    expect(judge(out.objects)).toEqual([]);
    const noGateway = judge(strip('vllm-qwen3-06b-vllm-ingress', (peer) => !peer.namespaceSelector));
    expect(noGateway.map((p) => p.severity ?? 'error')).toEqual(['error']);
    expect(noGateway[0].message).toContain('no ingress rule of it admits the data plane of Gateway gw/edge on port 8000');
    expect(judge(strip('vllm-qwen3-06b-epp-ingress', () => false))[0].message).toContain('port 9002');
    const noPicker = judge(strip('vllm-qwen3-06b-vllm-ingress', (peer) => !!peer.namespaceSelector));
    expect(noPicker.map((p) => p.severity)).toEqual(['warning']);
  });

  it('networkPolicies: false emits none (the article, and the default catalog, which says so)', () => {
    const off = synthesize(Catalog.fromSpec({ profile, platform: 'kubernetes', networkPolicies: false, models: [{ name: QWEN }] } as CatalogSpec));
    expect(policies(off)).toEqual([]);
    const article = synthesize(Catalog.fromFile(`${__dirname}/../catalog/default.yaml`));
    expect(policies(article)).toEqual([]);
  });
});

describe('endpointPicker.replicas: picker high availability', () => {
  const ha = (profile: StackProfile, replicas?: number) => synthesize(Catalog.fromSpec({ profile, platform: 'kubernetes', endpointPicker: { replicas }, models: [{ name: QWEN }] } as CatalogSpec));

  it.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('%s: replicas 2 adds the leader-election flag, the liveness/readiness probe services and the Lease Role; verify is clean', (profile) => {
    const out = ha(profile, 2);
    const deployment = find(out.objects, 'Deployment', 'vllm-qwen3-06b-epp');
    const c = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(c.args).toContain('--ha-enable-leader-election');
    expect(c.livenessProbe.grpc.service).toBe('liveness');
    expect(c.readinessProbe.grpc.service).toBe('readiness');
    const role = find(out.objects, 'Role', 'vllm-qwen3-06b-epp-leader-election');
    expect(role.rules[0]).toEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
    const binding = find(out.objects, 'RoleBinding', 'vllm-qwen3-06b-epp-leader-election');
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: deployment.spec.template.spec.serviceAccountName, namespace: 'llm-d' }]);
    // Only the leader is ready: a budget would block draining its node.
    expect(out.objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name.endsWith('-epp'))).toEqual([]);
    expect(errors(out)).toEqual([]);
  });

  it('one replica (the default) keeps the chart\'s single-picker shape', () => {
    const c = find(ha(StackProfile.UPSTREAM_2026_08).objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0];
    expect(c.args).not.toContain('--ha-enable-leader-election');
    expect(c.livenessProbe.grpc.service).toBe('inference-extension');
  });

  it('out-of-range replicas are refused with one sentence (catalog schema and construct)', () => {
    expect(() => ha(StackProfile.UPSTREAM_2026_08, 6)).toThrow(/endpointPicker\.replicas/);
    expect(() => new EndpointPicker(Testing.chart(), 'epp', { poolName: 'p', namespace: 'ns', resources: { replicas: 0 } })).toThrow(/'resources.replicas' must be a whole number from 1 to 5, got 0/);
  });
});

describe('metrics scrapers (the monitoring hook): their peer reaches the servers\' port and the picker\'s metrics port only', () => {
  it('ModelNetworkPolicies with a scraper peer adds it to the serving rule and opens 9090 on the picker for it alone', () => {
    const scraper = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } };
    const chart = Testing.chart();
    const made = new ModelNetworkPolicies(chart, 'np', {
      poolName: 'p', namespace: 'ns', modelPodLabels: { app: 'p' }, servingPort: 8000, pickerPodLabels: { inferencepool: 'p-epp' },
      extProcPort: 9002, pickerMetricsPort: 9090, multiNode: false, metricsScrapers: [scraper],
      gateway: { name: 'gw', namespace: 'gw-ns', facts: PROFILES[StackProfile.UPSTREAM_2026_08].dataPlane },
    });
    const [serving, picker] = made.policies.map((p) => p.toJson());
    expect(serving.spec.ingress[0].from).toContainEqual(scraper);
    expect(picker.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw-ns' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } } }], ports: [{ protocol: 'TCP', port: 9002 }] },
      { from: [scraper], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
  });
});

describe('gatewayOnlyPolicy (for a server the gateway calls directly, such as a static <gateway>-models listing server)', () => {
  it.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('%s: only the data plane, on the one port, ingress only', (profile) => {
    const policy = gatewayOnlyPolicy(Testing.chart(), 'np', {
      name: 'inference-gateway-models', namespace: 'llm-d', podSelector: { app: 'inference-gateway-models' }, port: 8080,
      gateway: { name: 'inference-gateway', namespace: 'agentgateway-system', facts: PROFILES[profile].dataPlane },
    }).toJson();
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'inference-gateway-models' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agentgateway-system' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'inference-gateway' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });
});

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('the isolated, highly available shape under %s (OpenShift, restricted-v2, NetworkPolicies, two pickers per pool)', (profile) => {
  const out = synthesize(Catalog.fromSpec({
    profile, platform: 'openshift', gateway: { dataPlaneSecurity: 'restricted-v2' }, endpointPicker: { replicas: 2 },
    models: [{ name: QWEN }, { name: BIG, nodes: 2, pipelineParallelSize: 2 }],
  } as CatalogSpec));

  it('golden output, no verify error, and every model still routes to its pool', async () => {
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/isolated-${profile}/${name}`);
    expect(errors(out)).toEqual([]);
    for (const model of [QWEN, BIG]) {
      expect(out.verification.simulations.filter((s) => s.probe === 'model' && s.model === model).map((s) => s.decision.routed)).toEqual([true]);
    }
    expect(out.objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name === 'inference-gateway-scc')).toEqual([]);
    expect(find(out.objects, 'AgentgatewayParameters', 'inference-gateway').spec.service.spec.type).toBe('ClusterIP');
  });
});
