import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';
import { StackProfile } from '../src/profiles/stack-profile';
import { compareVersions, parseVersion } from '../src/util/version';
import { readManifests } from '../src/verify/input/manifests';
import { StackDeclaration } from '../src/verify/model/stack';
import { flagName } from '../src/verify/rules/endpoint-picker-profile';
import { CEL_COST_LIMITS, regexReceivers, unboundedRegexRules } from '../src/verify/rules/crd-cel-cost';
import { verifyObjects } from '../src/verify/verify';
import { DEFAULT_CATALOG, ROOT, sharedValidator } from './helpers';

/** The rules of this file (known defects, images and flags judged by the stack profile). */
const PROFILE_RULES = [
  'agentgateway-crds-kubernetes-version', 'inferenceobjective-superseded-group', 'gateway-class-profile', 'crd-cel-cost',
  'container-image-retired', 'container-image-pinned', 'endpoint-picker-flags', 'endpoint-picker-config-api-version',
  'vllm-image-version', 'vllm-openshift-arbitrary-uid',
];

/** Problems of `rule` (or of every profile rule) for `objects` under `stack`. */
function problems(objects: any[], stack: StackDeclaration = {}, rule?: string) {
  const result = verifyObjects(objects, sharedValidator(), 'default', { stack });
  return result.problems.filter((p) => (rule ? p.rule === rule : PROFILE_RULES.includes(p.rule ?? '')));
}

function picker(image: string, args: unknown, extra: Record<string, unknown> = {}, name: string = 'qwen-epp'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'llm-d' },
    spec: { selector: { matchLabels: { app: 'qwen-epp' } }, template: { metadata: { labels: { app: 'qwen-epp' } }, spec: { containers: [{ name: 'epp', image, args, ...extra }] } } },
  };
}

function vllm(image: string, container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'qwen', namespace: 'llm-d' },
    spec: { selector: { matchLabels: { app: 'qwen' } }, template: { metadata: { labels: { app: 'qwen' } }, spec: { ...pod, containers: [{ name: 'vllm', image, args: ['--port', '8000'], ...container }] } } },
  };
}

const UPSTREAM = { profile: StackProfile.UPSTREAM_2026_08 };
const RHDEV = { profile: StackProfile.RHDEV_2026_03 };
const CURRENT_PICKER = 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0';
const CORE_ARGS = ['--pool-name', 'qwen', '--pool-namespace', 'llm-d', '--config-file', '/config/default-plugins.yaml'];

describe('severity of each fixture of the profile rules', () => {
  // The fixture test checks a fail fixture gives a problem; here, that each gives the severity its profile calls for.
  const want: Record<string, 'error' | 'warning'> = {
    'endpoint-picker-flags/fail-fatal-metric-flag.yaml': 'error',
    'endpoint-picker-flags/fail-deprecated-metric-flag.yaml': 'warning',
    'endpoint-picker-flags/fail-model-server-metrics.yaml': 'error',
    'endpoint-picker-flags/fail-flow-control-env.yaml': 'warning',
    'endpoint-picker-config-api-version/fail-llm-d-config-on-article-picker.yaml': 'error',
    'endpoint-picker-config-api-version/fail-deprecated-config-on-current-picker.yaml': 'warning',
    'container-image-retired/fail-unpullable-scheduler.yaml': 'error',
    'container-image-retired/fail-renamed-sidecar.yaml': 'error',
    'container-image-retired/fail-article-picker-image.yaml': 'warning',
    'container-image-pinned/fail-latest-vllm.yaml': 'error',
    'vllm-image-version/fail-article-vllm-on-current-profile.yaml': 'error',
    'vllm-image-version/fail-old-vllm-on-article-profile.yaml': 'warning',
    'vllm-openshift-arbitrary-uid/fail-no-user.yaml': 'error',
    'agentgateway-crds-kubernetes-version/fail-article-crds.yaml': 'warning',
    'inferenceobjective-superseded-group/fail-legacy-objective.yaml': 'warning',
    'gateway-class-profile/fail-article-class-on-current-profile.yaml': 'error',
    'crd-cel-cost/fail-unbounded-duration.yaml': 'warning',
  };
  for (const [fixture, severity] of Object.entries(want)) {
    it(`${fixture}: ${severity}`, () => {
      const file = path.join(ROOT, 'test', 'rules', fixture);
      const text = fs.readFileSync(file, 'utf8');
      const profile = /^# profile: (.*)$/m.exec(text)?.[1] as StackProfile | undefined;
      const platform = /^# platform: (.*)$/m.exec(text)?.[1] as 'openshift' | undefined;
      const objects = readManifests(text, path.basename(file)).manifests.map((m) => m.obj);
      const found = problems(objects, { ...(profile ? { profile } : {}), ...(platform ? { platform } : {}) }, fixture.split('/')[0]);
      expect(found.map((p) => p.severity)).toEqual(found.map(() => severity));
      expect(found.length).toBeGreaterThan(0);
    });
  }
});

describe('endpoint picker flags', () => {
  it('reads --flag=value, --flag value and single-dash Go flags, in args and command', () => {
    for (const [args, command] of [
      [[...CORE_ARGS, '--kv-cache-usage-percentage-metric=vllm:kv_cache_usage_perc'], undefined],
      [[...CORE_ARGS, '--kv-cache-usage-percentage-metric', 'vllm:kv_cache_usage_perc'], undefined],
      [[...CORE_ARGS, '-kv-cache-usage-percentage-metric', 'vllm:kv_cache_usage_perc'], undefined],
      [CORE_ARGS, ['/epp', '--total-queued-requests-metric=vllm:num_requests_waiting']],
    ] as const) {
      const found = problems([picker(CURRENT_PICKER, args, command ? { command } : {})], UPSTREAM, 'endpoint-picker-flags');
      expect(found).toHaveLength(1);
      expect(found[0].severity).toBe('error');
      expect(found[0].field).toMatch(/^spec\.template\.spec\.containers\[0\]\.(args|command)\[\d+\]$/);
    }
  });

  it('reports each --model-server-metrics-* flag, once per flag', () => {
    const found = problems([picker(CURRENT_PICKER, [...CORE_ARGS, '--model-server-metrics-scheme=https', '--model-server-metrics-https-insecure-skip-verify', '--model-server-metrics-scheme=http'])], UPSTREAM, 'endpoint-picker-flags');
    expect(found.map((p) => p.message.split(' ')[1])).toEqual(['--model-server-metrics-scheme', '--model-server-metrics-https-insecure-skip-verify']);
  });

  it('leaves --model-server-metrics-* alone for the GAIE v1.3.0 picker, which has them', () => {
    expect(problems([picker('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0', [...CORE_ARGS, '--model-server-metrics-scheme=https'])], RHDEV, 'endpoint-picker-flags')).toEqual([]);
  });

  it('recognises a picker by --pool-name with --config-file or --config-text when its image is a private mirror', () => {
    const mirrored = picker('quay.io/acme/epp:v0.10.0', [...CORE_ARGS, '--kv-cache-usage-percentage-metric=x']);
    expect(problems([mirrored], UPSTREAM, 'endpoint-picker-flags')).toHaveLength(1);
    const text = picker('quay.io/acme/epp:v0.10.0', ['--pool-name', 'qwen', '--config-text', 'kind: EndpointPickerConfig', '--lora-info-metric=x']);
    expect(problems([text], UPSTREAM, 'endpoint-picker-flags')).toHaveLength(1);
    // Without a config flag another program's --pool-name is not taken for a picker.
    const other = picker('quay.io/acme/tool:v1', ['--pool-name', 'qwen', '--kv-cache-usage-percentage-metric=x']);
    expect(problems([other], UPSTREAM, 'endpoint-picker-flags')).toEqual([]);
  });

  it('does not crash on malformed containers', () => {
    const bad = [
      picker(CURRENT_PICKER, '${EPP_ARGS}', {}, 'a'),
      picker(CURRENT_PICKER, [null, 42, { a: 1 }, '--kv-cache-usage-percentage-metric'], {}, 'b'),
      picker(CURRENT_PICKER, CORE_ARGS, { env: 'ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER=true' }, 'c'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'llm-d' }, spec: { template: { spec: { containers: [null, 'epp', { image: 7 }] } } } },
    ];
    const result = verifyObjects(bad, sharedValidator(), 'default', { stack: UPSTREAM });
    // No rule stops on them; picker 'b' has args the schema refuses (null, 42, an object), so
    // it is rejected at once and its fatal flag is not reported as well (one finding per
    // malformed object); the others hold no flag to judge.
    expect(result.problems.filter((p) => /could not finish/.test(p.message))).toEqual([]);
    expect(result.problems.filter((p) => PROFILE_RULES.includes(p.rule ?? ''))).toEqual([]);
    expect(result.problems.some((p) => p.name === 'b' && (p.rule ?? '').startsWith('schema'))).toBe(true);
    // Schema-valid args get the finding.
    const valid = problems([picker(CURRENT_PICKER, ['--pool-name', 'q', '--config-file', '/c', '--kv-cache-usage-percentage-metric'], {}, 'd')], UPSTREAM);
    expect(valid.map((p) => `${p.rule}: ${p.field}`)).toEqual(['endpoint-picker-flags: spec.template.spec.containers[0].args[4]']);
  });

  it('bounds the arguments it reads', () => {
    const many = [...CORE_ARGS, ...Array.from({ length: 5000 }, (_, i) => `--v=${i}`), '--kv-cache-usage-percentage-metric=x'];
    expect(problems([picker(CURRENT_PICKER, many)], UPSTREAM, 'endpoint-picker-flags')).toEqual([]);
  });

  it('judges an inline --config-text like a ConfigMap, in both flag forms', () => {
    const config = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n  - type: queue-scorer\n';
    const old = 'registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0';
    for (const args of [['--pool-name', 'qwen', '--config-text', config], ['--pool-name', 'qwen', `--config-text=${config}`]]) {
      const found = problems([picker(old, args)], RHDEV, 'endpoint-picker-config-api-version');
      expect(found.map((p) => [p.severity, p.field])).toEqual([['error', 'spec.template.spec.containers[0].args']]);
      expect(problems([picker(CURRENT_PICKER, args)], UPSTREAM, 'endpoint-picker-config-api-version')).toEqual([]);
    }
  });

  it('names flags as written, without values', () => {
    expect(flagName('--a=b')).toBe('--a');
    expect(flagName('-a')).toBe('--a');
    expect(flagName('--a=--b')).toBe('--a');
    expect(flagName('value')).toBeUndefined();
    expect(flagName('--')).toBeUndefined();
  });
});

describe('images', () => {
  it('reads the vLLM version through a digest and a docker.io prefix, and ignores other registries', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(problems([vllm(`vllm/vllm-openai:v0.13.0@${digest}`)], UPSTREAM, 'vllm-image-version')).toHaveLength(1);
    expect(problems([vllm('docker.io/vllm/vllm-openai:v0.25.1')], UPSTREAM, 'vllm-image-version')).toHaveLength(1);
    expect(problems([vllm('docker.io/vllm/vllm-openai:v0.26.0')], UPSTREAM, 'vllm-image-version')).toEqual([]);
    expect(problems([vllm('localhost:5000/vllm/vllm-openai:v0.13.0')], UPSTREAM, 'vllm-image-version')).toEqual([]);
    // An unrendered template variable is not judged as an untagged image.
    expect(problems([picker('$E2E_IMAGE', CORE_ARGS), vllm('{{ .Values.image }}')], UPSTREAM, 'container-image-pinned')).toEqual([]);
    // A digest pins the image even under a moving tag.
    expect(problems([vllm(`vllm/vllm-openai:latest@${digest}`)], UPSTREAM, 'container-image-pinned')).toEqual([]);
    expect(problems([vllm('vllm/vllm-openai:nightly')], UPSTREAM, 'container-image-pinned')).toHaveLength(1);
    // Images of other programs may use any tag.
    expect(problems([vllm('busybox:latest')], UPSTREAM, 'container-image-pinned')).toEqual([]);
  });

  it('judges no profile mismatch when nothing chose the profile, or when the objects show two (profile-consistent\'s finding)', () => {
    const old = vllm('vllm/vllm-openai:v0.13.0');
    const byDefault = verifyObjects([old, picker(CURRENT_PICKER.replace('ghcr.io/llm-d/llm-d-router-endpoint-picker', 'quay.io/acme/epp'), [...CORE_ARGS, '--lora-info-metric=x'], { env: [{ name: 'ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER', value: 'true' }] })], sharedValidator());
    expect(byDefault.stack.chosenBy).toBe('default');
    expect(byDefault.problems.filter((p) => PROFILE_RULES.includes(p.rule ?? ''))).toEqual([]);
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'llm-d' }, spec: { gatewayClassName: 'agentgateway', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] } };
    const single = verifyObjects([old, gateway], sharedValidator());
    expect(single.problems.filter((p) => p.rule === 'vllm-image-version').map((p) => p.severity)).toEqual(['error']);
    const mixed = verifyObjects([old, gateway, picker('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0', CORE_ARGS)], sharedValidator());
    expect(mixed.stack.profile).toBe(StackProfile.UPSTREAM_2026_08);
    expect(mixed.problems.filter((p) => p.rule === 'vllm-image-version' || p.rule === 'container-image-retired')).toEqual([]);
  });

  it('compares versions numerically', () => {
    expect(compareVersions(parseVersion('v0.9.2')!, parseVersion('v0.10.0')!)).toBeLessThan(0);
    expect(parseVersion('0.26.1-cu129')).toEqual([0, 26, 1]);
    expect(parseVersion('v0.26')).toEqual([0, 26, 0]);
    expect(parseVersion('latest')).toBeUndefined();
    expect(parseVersion('v1.2.3.4')).toBeUndefined();
  });
});

describe('vLLM on OpenShift (arbitrary UID)', () => {
  const openshift = { ...UPSTREAM, platform: 'openshift' as const };
  it('is judged only on OpenShift and from vLLM v0.20', () => {
    expect(problems([vllm('vllm/vllm-openai:v0.26.0')], UPSTREAM, 'vllm-openshift-arbitrary-uid')).toEqual([]);
    expect(problems([vllm('vllm/vllm-openai:v0.20.0')], openshift, 'vllm-openshift-arbitrary-uid')).toHaveLength(1);
    expect(problems([vllm('vllm/vllm-openai:v0.19.1')], openshift, 'vllm-openshift-arbitrary-uid')).toEqual([]);
  });
  it('accepts TORCHINDUCTOR_CACHE_DIR, a fixed runAsUser, or an envFrom it cannot read', () => {
    expect(problems([vllm('vllm/vllm-openai:v0.26.0', { env: [{ name: 'TORCHINDUCTOR_CACHE_DIR', value: '/tmp/torch' }] })], openshift, 'vllm-openshift-arbitrary-uid')).toEqual([]);
    expect(problems([vllm('vllm/vllm-openai:v0.26.0', {}, { securityContext: { runAsUser: 1001 } })], openshift, 'vllm-openshift-arbitrary-uid')).toEqual([]);
    expect(problems([vllm('vllm/vllm-openai:v0.26.0', { envFrom: [{ secretRef: { name: 'vllm-env' } }] })], openshift, 'vllm-openshift-arbitrary-uid')).toEqual([]);
    // A ConfigMap in the manifests is read: one without USER does not help.
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vllm-env', namespace: 'llm-d' }, data: { HF_HOME: '/cache' } };
    expect(problems([cm, vllm('vllm/vllm-openai:v0.26.0', { envFrom: [{ configMapRef: { name: 'vllm-env' } }] })], openshift, 'vllm-openshift-arbitrary-uid')).toHaveLength(1);
    expect(problems([cm, vllm('vllm/vllm-openai:v0.26.0', { envFrom: [{ configMapRef: { name: 'vllm-env' }, prefix: 'US' }] })], openshift, 'vllm-openshift-arbitrary-uid')).toHaveLength(1);
  });
});

describe('GatewayClass of another profile', () => {
  const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'gw' }, spec: { gatewayClassName: 'agentgateway-v2', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] } };
  it('is reported only when the profile was declared (detected: the class is a sign of the profile, profile-consistent judges mixes)', () => {
    expect(problems([gateway], UPSTREAM, 'gateway-class-profile')).toHaveLength(1);
    expect(problems([gateway, picker(CURRENT_PICKER, CORE_ARGS), picker(CURRENT_PICKER, CORE_ARGS)], {}, 'gateway-class-profile')).toEqual([]);
    expect(problems([gateway], RHDEV, 'gateway-class-profile')).toEqual([]);
    // The other way round: kgateway's v2.2.0-beta.3 chart creates only agentgateway-v2.
    const current = { ...gateway, spec: { ...gateway.spec, gatewayClassName: 'agentgateway' } };
    expect(problems([current], RHDEV, 'gateway-class-profile').map((p) => p.message)).toEqual([expect.stringContaining("whose GatewayClass is 'agentgateway-v2'")]);
  });
});

describe('agentgateway CRDs of rhdev-2026-03 on Kubernetes 1.37', () => {
  const policy = { apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayPolicy', metadata: { name: 'p', namespace: 'gw' }, spec: {} };
  it('is reported once per set, and left to crd-cel-cost when the manifests carry the CRDs', () => {
    expect(problems([policy, { ...policy, metadata: { name: 'q', namespace: 'gw' } }], RHDEV, 'agentgateway-crds-kubernetes-version')).toHaveLength(1);
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'agentgatewaypolicies.agentgateway.dev' }, spec: { group: 'agentgateway.dev', names: { kind: 'AgentgatewayPolicy', plural: 'agentgatewaypolicies' }, scope: 'Namespaced', versions: [] } };
    expect(problems([crd, policy], RHDEV, 'agentgateway-crds-kubernetes-version')).toEqual([]);
  });
});

describe('CRD CEL cost (regex over unbounded strings)', () => {
  /** A CRD built from one of the project's stored schemas (descriptions stripped, rules and bounds kept). */
  function storedCrd(file: string, set: string = 'rhdev-2026-03'): any {
    const s = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', set, 'crds', file), 'utf8'));
    return {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${s.plural}.${s.group}` },
      spec: { group: s.group, names: { kind: s.kind, plural: s.plural }, scope: s.scope, versions: s.versions.map((v: any) => ({ name: v.name, served: v.served, storage: v.storage, schema: { openAPIV3Schema: v.schema } })) },
    };
  }
  it('finds none in the agentgateway v1.4.1 CRDs of upstream-2026-08 (bounded since agentgateway v1.4.0)', () => {
    for (const f of ['agentgateway.dev_agentgatewaypolicies.json', 'agentgateway.dev_agentgatewaybackends.json', 'agentgateway.dev_agentgatewaymodels.json', 'agentgateway.dev_agentgatewayparameters.json']) {
      expect(unboundedRegexRules(storedCrd(f, 'upstream-2026-08')).found, f).toEqual([]);
    }
  });

  it('counts the rules upstream counted in the pinned agentgateway CRDs and none in Gateway API', () => {
    expect(unboundedRegexRules(storedCrd('agentgateway.dev_agentgatewaypolicies.json')).found).toHaveLength(15);
    expect(unboundedRegexRules(storedCrd('agentgateway.dev_agentgatewaybackends.json')).found).toHaveLength(17);
    for (const f of ['gateway.networking.k8s.io_gateways.json', 'gateway.networking.k8s.io_httproutes.json', 'gateway.networking.k8s.io_grpcroutes.json', 'route.openshift.io_routes.json']) {
      expect(unboundedRegexRules(storedCrd(f)).found, f).toEqual([]);
    }
  });

  it('finds the receivers of method, function and macro forms', () => {
    expect(regexReceivers("self.value.matches(r\"^a$\")")).toEqual(['self.value']);
    expect(regexReceivers("matches(self, '^a$')")).toEqual(['self']);
    expect(regexReceivers("self.all(h, h.matches('^a$')) && self.x.find('b') != ''")).toEqual(['h', 'self.x']);
  });

  it('names the path of an unbounded list item checked in a macro', () => {
    const schema = { type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: "self.all(h, h.matches('^[a-z.]+$'))" }] } } };
    const r = unboundedRegexRules({ spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: schema } } } }] } });
    expect(r.found.map((f) => f.path)).toEqual(['spec.hosts[*]']);
    schema.properties.hosts.items = { type: 'string', maxLength: 253 } as any;
    expect(unboundedRegexRules({ spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: schema } } } }] } }).found).toEqual([]);
  });

  it('stops at its limits on a hostile schema', () => {
    let deep: any = { type: 'string', 'x-kubernetes-validations': [{ rule: "matches(self, 'a')" }] };
    for (let i = 0; i < CEL_COST_LIMITS.maxDepth + 10; i++) deep = { type: 'object', properties: { a: deep } };
    const r = unboundedRegexRules({ spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: deep } }] } });
    expect(r.truncated).toBe(true);
    expect(r.found).toEqual([]);
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: CEL_COST_LIMITS.maxNodes + 5 }, (_, i) => [`f${i}`, { type: 'string' }])) };
    expect(unboundedRegexRules({ spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: wide } }] } }).truncated).toBe(true);
    expect(unboundedRegexRules({ spec: { versions: '${VERSIONS}' } })).toEqual({ found: [], truncated: false });
    // Many long rules: read up to the character budget, each in linear time.
    const long = 'self.a' + '.a'.repeat(7000) + ".matches('x')";
    const rules = { type: 'object', properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, { type: 'string', 'x-kubernetes-validations': [{ rule: long }] }])) };
    expect(unboundedRegexRules({ spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: rules } }] } }).truncated).toBe(true);
    expect(regexReceivers(`matches(${'a.'.repeat(8000)}`)).toEqual([]);
  });
});

describe('the default catalog (rhdev-2026-03)', () => {
  it('synthesizes with its known defects as warnings only: the article\'s picker image and agentgateway CRDs', () => {
    const out = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator());
    const mine = out.verification.problems.filter((p) => PROFILE_RULES.includes(p.rule ?? ''));
    expect(out.verification.stack.profile).toBe(StackProfile.RHDEV_2026_03);
    expect(mine.map((p) => `${p.severity} ${p.rule} ${p.kind} ${p.name}`).sort()).toEqual([
      'warning agentgateway-crds-kubernetes-version AgentgatewayPolicy inference-gateway-bbr',
      'warning container-image-retired Deployment vllm-qwen3-06b-epp',
      'warning container-image-retired Deployment vllm-tinyllama-11b-epp',
    ]);
  });
});
