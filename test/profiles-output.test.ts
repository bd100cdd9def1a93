import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenShiftVersion } from '../src/profiles/stack-profile';
import { App, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { checkedObjects, manifestFiles, synthesize } from '../src/cli/synth';
import { EndpointPicker } from '../src/constructs/endpoint-picker';
import { ModelGateway } from '../src/constructs/model-gateway';
import { Platform } from '../src/constructs/platform';
import { Images } from '../src/constructs/versions';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { DEFAULT_CATALOG, find, ROOT, selects } from './helpers';

const UPSTREAM = StackProfile.UPSTREAM_2026_08;
const RHDEV = StackProfile.RHDEV_2026_03;
const POOLS = ['vllm-qwen3-06b', 'vllm-tinyllama-11b'];

/** The default catalog with `extra` in place of its keys. */
function defaultCatalog(extra: Partial<CatalogSpec> = {}): Catalog {
  const base = Catalog.fromFile(DEFAULT_CATALOG);
  return Catalog.fromSpec({ ...base.spec, ...extra }, base.source);
}

/** The objects of the default catalog under `profile` on `platform`. */
function objectsOf(profile: StackProfile, platform: Platform): any[] {
  return checkedObjects(defaultCatalog({ profile, platform }).addTo(new App(), 'model-gateway'));
}

const epp = (objects: any[], pool: string) => find(objects, 'Deployment', `${pool}-epp`, 'llm-d');
const vllm = (objects: any[], pool: string) => find(objects, 'Deployment', pool, 'llm-d').spec.template.spec.containers[0];

describe.each([Platform.OPENSHIFT, Platform.KUBERNETES])('default catalog under upstream-2026-08 on %s', (platform) => {
  const objects = objectsOf(UPSTREAM, platform);

  it('matches the golden files (one YAML file per namespace)', async () => {
    // On OpenShift this is what `synth --profile upstream-2026-08 --out dist` writes; the
    // Kubernetes variant is built in code from the same catalog with `platform: kubernetes`.
    const origin = platform === Platform.OPENSHIFT ? { out: 'dist', profile: UPSTREAM } : undefined;
    const files = manifestFiles(objects, origin);
    expect([...files.keys()]).toEqual(['agentgateway-system.yaml', 'llm-d.yaml']);
    for (const [name, content] of files) {
      await expect(content).toMatchFileSnapshot(`__snapshots__/upstream-2026-08-${platform}/${name}`);
    }
  });

  it('Gateway: class agentgateway, the class agentgateway v1.x creates', () => {
    expect(find(objects, 'Gateway', 'inference-gateway', 'agentgateway-system').spec.gatewayClassName).toBe('agentgateway');
  });

  it('InferencePool: appProtocol http, picker ref unchanged', () => {
    for (const pool of POOLS) {
      const spec = find(objects, 'InferencePool', pool, 'llm-d').spec;
      expect(spec.appProtocol).toBe('http');
      expect(spec.endpointPickerRef).toEqual({ name: `${pool}-epp`, port: { number: 9002 } });
    }
  });

  it('picker Deployment: llm-d-router image, chart labels selecting the pods, core args with --grpc-health-port and no removed flags, sized resources', () => {
    for (const pool of POOLS) {
      const d = epp(objects, pool);
      const c = d.spec.template.spec.containers[0];
      expect(c.image).toBe('ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0');
      expect(d.spec.selector.matchLabels).toEqual({ 'llm-d-router-gateway': `${pool}-epp` });
      expect(d.spec.template.metadata.labels).toEqual({ 'llm-d-router-gateway': `${pool}-epp`, 'llm-d.ai/igw-mode': 'llm-d-router-gateway' });
      expect(c.args).toEqual([
        '--pool-name', pool, '--pool-namespace', 'llm-d', '--pool-group', 'inference.networking.k8s.io',
        '--zap-encoder', 'json', '--config-file', '/config/default-plugins.yaml', '--grpc-health-port', '9003', '--tracing=false',
      ]);
      expect(c.args.filter((a: string) => /metric|secure-serving|^--v$/.test(a))).toEqual([]);
      // Nothing the profile's picker refuses at start (its table of fatal flags and prefixes).
      const facts = PROFILES[UPSTREAM].endpointPicker;
      expect(c.args.filter((a: string) => facts.fatalFlags.includes(a.split('=')[0]) || facts.fatalFlagPrefixes.some((f) => a.startsWith(f)))).toEqual([]);
      expect(c.resources).toEqual({ requests: { cpu: '8', memory: '8Gi' }, limits: { memory: '16Gi' } });
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
    }
  });

  it('picker ConfigMap: llm-d.ai/v1alpha1 config, the same scorer weights, and the metrics data source feeding the core extractor', () => {
    const config = YAML.parse(find(objects, 'ConfigMap', 'vllm-qwen3-06b-epp', 'llm-d').data['default-plugins.yaml']);
    expect(config.apiVersion).toBe('llm-d.ai/v1alpha1');
    expect(config.kind).toBe('EndpointPickerConfig');
    expect(config.plugins.map((p: any) => p.type)).toEqual(['queue-scorer', 'kv-cache-utilization-scorer', 'prefix-cache-scorer', 'metrics-data-source', 'core-metrics-extractor']);
    expect(config.plugins[3].parameters).toMatchObject({ scheme: 'http', path: '/metrics' });
    expect(config.dataLayer).toEqual({ sources: [{ pluginRef: 'metrics-data-source', extractors: [{ pluginRef: 'core-metrics-extractor' }] }] });
    expect(config.schedulingProfiles).toEqual([{ name: 'default', plugins: [
      { pluginRef: 'queue-scorer', weight: 2 }, { pluginRef: 'kv-cache-utilization-scorer', weight: 2 }, { pluginRef: 'prefix-cache-scorer', weight: 3 },
    ] }]);
  });

  it('picker RBAC: Role -sa for pods and -non-sa for pools and both groups\' objectives and rewrites, each bound to the picker\'s ServiceAccount', () => {
    const p = 'vllm-qwen3-06b-epp';
    expect(objects.filter((o) => o.kind === 'Role' && o.metadata.namespace === 'llm-d').map((o) => o.metadata.name)).toEqual([`${p}-sa`, `${p}-non-sa`, 'vllm-tinyllama-11b-epp-sa', 'vllm-tinyllama-11b-epp-non-sa']);
    expect(find(objects, 'Role', `${p}-sa`).rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] }]);
    expect(find(objects, 'Role', `${p}-non-sa`).rules).toEqual([
      { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['llm-d.ai'], resources: ['inferenceobjectives', 'inferencemodelrewrites'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['inference.networking.x-k8s.io'], resources: ['inferenceobjectives', 'inferencemodelrewrites'], verbs: ['get', 'watch', 'list'] },
    ]);
    for (const suffix of ['-sa', '-non-sa']) {
      const binding = find(objects, 'RoleBinding', `${p}${suffix}`);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${p}${suffix}` });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: p, namespace: 'llm-d' }]);
    }
    expect(epp(objects, 'vllm-qwen3-06b').spec.template.spec.serviceAccountName).toBe(p);
  });

  it('picker Service: grpc-ext-proc speaks h2c, and selects the picker pods', () => {
    const svc = find(objects, 'Service', 'vllm-qwen3-06b-epp', 'llm-d');
    expect(svc.spec.ports).toEqual([
      { name: 'grpc-ext-proc', protocol: 'TCP', port: 9002, appProtocol: 'kubernetes.io/h2c' },
      { name: 'http-metrics', protocol: 'TCP', port: 9090 },
    ]);
    expect(selects(svc.spec.selector, epp(objects, 'vllm-qwen3-06b').spec.template.metadata.labels)).toBe(true);
    expect(selects(svc.spec.selector, find(objects, 'Deployment', 'vllm-tinyllama-11b-epp').spec.template.metadata.labels)).toBe(false);
  });

  it('vLLM: v0.26.0 image, USER beside HOME, startup and readiness on /v1/models, liveness on /health', () => {
    for (const pool of POOLS) {
      const c = vllm(objects, pool);
      expect(c.image).toBe('vllm/vllm-openai:v0.26.0');
      expect(c.env.slice(0, 2)).toEqual([{ name: 'HOME', value: '/home/vllm' }, { name: 'USER', value: 'vllm' }]);
      expect([c.startupProbe.httpGet.path, c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual(['/v1/models', '/v1/models', '/health']);
    }
  });
});

describe('default catalog under rhdev-2026-03: the article\'s objects', () => {
  it.each([Platform.OPENSHIFT, Platform.KUBERNETES])('on %s: GAIE picker, one Role, no appProtocol, no resources, vLLM v0.13.0 without USER', (platform) => {
    const objects = objectsOf(RHDEV, platform);
    expect(find(objects, 'Gateway', 'inference-gateway').spec.gatewayClassName).toBe('agentgateway-v2');
    expect(find(objects, 'InferencePool', 'vllm-qwen3-06b').spec.appProtocol).toBeUndefined();
    const d = epp(objects, 'vllm-qwen3-06b');
    expect(d.spec.selector.matchLabels).toEqual({ inferencepool: 'vllm-qwen3-06b-epp' });
    expect(d.spec.template.spec.containers[0].image).toBe(Images.ENDPOINT_PICKER);
    expect(d.spec.template.spec.containers[0].args).toContain('--v');
    expect(d.spec.template.spec.containers[0].args).not.toContain('--grpc-health-port');
    expect(d.spec.template.spec.containers[0].resources).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.name)).toEqual(['vllm-qwen3-06b-epp', 'vllm-tinyllama-11b-epp']);
    expect(YAML.parse(find(objects, 'ConfigMap', 'vllm-qwen3-06b-epp').data['default-plugins.yaml']).apiVersion).toBe('inference.networking.x-k8s.io/v1alpha1');
    expect(find(objects, 'Service', 'vllm-qwen3-06b-epp').spec.ports[0].appProtocol).toBeUndefined();
    const c = vllm(objects, 'vllm-qwen3-06b');
    expect(c.image).toBe(Images.VLLM);
    expect(c.env.map((e: any) => e.name)).not.toContain('USER');
    expect(c.startupProbe.httpGet.path).toBe('/health');
  });

  it('on openshift: byte for byte the golden files from before profiles existed', () => {
    const files = manifestFiles(objectsOf(RHDEV, Platform.OPENSHIFT), { out: 'dist' });
    for (const [name, content] of files) {
      expect(content, name).toBe(fs.readFileSync(path.join(ROOT, 'test', '__snapshots__', 'default', name), 'utf8'));
    }
  });
});

describe('the profile on the constructs', () => {
  it('ModelGateway passes its profile to the gateway and every model; Images name each profile\'s images', () => {
    for (const profile of [RHDEV, UPSTREAM]) {
      const chart = Testing.chart();
      const mg = new ModelGateway(chart, 'mg', { profile, models: [{ name: 'a/b' }] });
      expect(mg.profile).toBe(profile);
      expect(mg.gateway.profile).toBe(profile);
      expect(mg.models[0].endpointPicker.profile).toBe(profile);
      expect(mg.models[0].server.profile).toBe(profile);
      const objects = Testing.synth(chart);
      expect(epp(objects, 'vllm-b').spec.template.spec.containers[0].image).toBe(Images.endpointPicker(profile));
      expect(vllm(objects, 'vllm-b').image).toBe(Images.vllm(profile));
    }
    expect(Images.endpointPicker(RHDEV)).toBe(Images.ENDPOINT_PICKER);
    expect(Images.vllm(RHDEV)).toBe(Images.VLLM);
    expect(Images.endpointPicker(UPSTREAM)).not.toBe(Images.ENDPOINT_PICKER);
  });

  it('without a profile the constructs deploy upstream-2026-08', () => {
    const mg = new ModelGateway(Testing.chart(), 'mg', { models: [{ name: 'a/b' }] });
    expect(mg.profile).toBe(UPSTREAM);
    expect(mg.gateway.className).toBe('agentgateway');
    const picker = new EndpointPicker(Testing.chart(), 'epp', { poolName: 'p', namespace: 'ns' });
    expect(picker.roles.map((r) => r.name)).toEqual(['p-epp-sa', 'p-epp-non-sa']);
    expect(picker.role.name).toBe('p-epp-non-sa');
  });

  it('a typed resources prop overrides the picker sizes; an image prop still wins over the profile\'s', () => {
    const picker = new EndpointPicker(Testing.chart(), 'epp', { poolName: 'p', namespace: 'ns', resources: { cpu: '1', memoryLimit: '9Gi' }, image: 'example.com/epp:v1' });
    const c = picker.deployment.toJson().spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '8Gi' }, limits: { memory: '9Gi' } });
    expect(c.image).toBe('example.com/epp:v1');
  });
});

describe('synth --profile upstream-2026-08 verifies clean against its schemas', () => {
  it.each([Platform.OPENSHIFT, Platform.KUBERNETES])('on %s: no errors, judged by the upstream-2026-08 schemas and CEL rules, and the files are the golden ones', async (platform) => {
    const out = synthesize(defaultCatalog({ platform }), undefined, 'dist', { profile: UPSTREAM });
    expect(out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
    // The one warning our output carries in every profile: the article's listener admits every namespace.
    expect(out.verification.problems.map((p) => p.rule)).toEqual(['gateway-listener-allows-all-namespaces']);
    expect(out.verification.stack).toMatchObject({ profile: UPSTREAM, chosenBy: 'flag', platform });
    expect(out.verification.celRulesEvaluated).toBeGreaterThan(0);
    if (platform === Platform.OPENSHIFT) {
      for (const name of ['agentgateway-system.yaml', 'llm-d.yaml']) {
        expect(out.files.get(name)).toBe(fs.readFileSync(path.join(ROOT, 'test', '__snapshots__', 'upstream-2026-08-openshift', name), 'utf8'));
      }
      await expect(out.files.get('ROUTING.md')).toMatchFileSnapshot('__snapshots__/upstream-2026-08-openshift/ROUTING.md');
    }
  });

  it.each(Object.values(OpenShiftVersion))('applies on OpenShift %s: nothing its Gateway API bundle lacks', (version) => {
    const out = synthesize(defaultCatalog({ platform: Platform.OPENSHIFT }), undefined, 'dist', { profile: UPSTREAM, openshiftVersion: version });
    expect(out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
    expect(out.verification.stack.openshiftVersion).toBe(version);
    expect(out.verification.rules).toContain('openshift-gateway-api-bundle');
  });
});
