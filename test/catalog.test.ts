import { App, Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { Platform } from '../src/constructs/platform';
import { checkedObjects } from '../src/cli/synth';
import { StackProfile } from '../src/profiles/profiles';
import { DEFAULT_CATALOG, errorOf, find, isOwnOutputProblem, synth } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';

/** Objects a one-model catalog with `extra` merged in builds (construct checks run; verify is tested elsewhere). */
function objectsOf(extra: Partial<CatalogSpec> = {}, model: Record<string, unknown> = {}): any[] {
  return checkedObjects(Catalog.fromSpec({ models: [{ name: QWEN, ...model }], ...extra } as CatalogSpec).addTo(new App(), 'x'));
}

/** The message of a catalog that must be rejected, from parsing through building. */
function rejection(spec: unknown): string {
  return errorOf(() => Catalog.fromSpec(spec as CatalogSpec, 'test.yaml').addTo(new App(), 'x'));
}

describe('documented defaults (minimal catalog: one model name)', () => {
  const objects = objectsOf();

  it('profile: upstream-2026-08 (class agentgateway, the llm-d-router picker), port 8080', () => {
    const gw = find(objects, 'Gateway', 'inference-gateway', 'agentgateway-system');
    expect(gw.spec.gatewayClassName).toBe('agentgateway');
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0].image).toBe('ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0');
    expect(gw.spec.listeners[0].port).toBe(8080);
  });

  it('request timeout: 300s on the HTTPRoute', () => {
    expect(find(objects, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].timeouts).toEqual({ request: '300s' });
  });

  it('platform: openshift (Route present; the profile\'s restricted-v2 overlay and a ClusterIP Service instead of the SCC binding)', () => {
    expect(objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name === 'inference-gateway-scc')).toEqual([]);
    const params = find(objects, 'AgentgatewayParameters', 'inference-gateway', 'agentgateway-system');
    expect(params.spec.deployment.spec.template.spec.containers[0].securityContext).not.toHaveProperty('runAsUser');
    expect(params.spec.service.spec.type).toBe('ClusterIP');
    expect(find(objects, 'Route', 'inference-gateway').spec.tls.termination).toBe('edge');
  });

  it('route: Redirect for plain HTTP, router timeout equal to the request timeout', () => {
    const route = find(objects, 'Route', 'inference-gateway');
    expect(route.spec.tls.insecureEdgeTerminationPolicy).toBe('Redirect');
    expect(route.metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('300s');
    expect(route.spec).not.toHaveProperty('host');
  });

  it('namespace: llm-d for every model object', () => {
    const modelObjects = objects.filter((o) => o.metadata.namespace !== 'agentgateway-system');
    // Pool, route, picker (ServiceAccount, two Roles and RoleBindings, ConfigMap, Deployment, Service), vLLM Deployment and ServiceAccount,
    // the two NetworkPolicies (networkPolicies defaults to true), and the gateway's OpenAI answers: HTTPRoute and AgentgatewayPolicy
    // for the list, the one model, the 404 and the 400.
    expect(modelObjects.length).toBe(14 + 8);
    expect(new Set(modelObjects.map((o) => o.metadata.namespace))).toEqual(new Set(['llm-d']));
  });

  it('uri: hf://<name>, so vLLM loads the model named in the catalog', () => {
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].args[0]).toBe(QWEN);
  });

  it('pool: derived from the model name (vllm-qwen3-06b)', () => {
    expect(find(objects, 'InferencePool', 'vllm-qwen3-06b').spec.selector.matchLabels).toEqual({ app: 'vllm-qwen3-06b' });
  });

  it('replicas: 1', () => {
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.replicas).toBe(1);
  });

  it('storage: 10Gi cache volume, also requested as ephemeral storage', () => {
    const pod = find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'model-cache').emptyDir).toEqual({ sizeLimit: '10Gi' });
    expect(pod.containers[0].resources.requests['ephemeral-storage']).toBe('10Gi');
  });

  it('hfTokenSecret: none, so no HF_TOKEN variable', () => {
    const env = find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.name)).not.toContain('HF_TOKEN');
  });
});

describe('catalog keys change the output', () => {
  it('hfTokenSecret becomes HF_TOKEN from that Secret', () => {
    const env = find(objectsOf({}, { hfTokenSecret: 'llm-d-hf-token' }), 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'llm-d-hf-token', key: 'HF_TOKEN' } } });
  });

  it('uri, pool, replicas and storage are applied', () => {
    const objects = objectsOf({}, { uri: 'hf://Qwen/Qwen3-0.6B-FP8', pool: 'qwen', replicas: 3, storage: '40Gi' });
    const dep = find(objects, 'Deployment', 'qwen');
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.template.spec.containers[0].args.slice(0, 3)).toEqual(['Qwen/Qwen3-0.6B-FP8', '--served-model-name', QWEN]);
    expect(dep.spec.template.spec.volumes[0].emptyDir.sizeLimit).toBe('40Gi');
    expect(find(objects, 'InferencePool', 'qwen').spec.endpointPickerRef.name).toBe('qwen-epp');
    expect(find(objects, 'HTTPRoute', 'qwen').spec.rules[0].backendRefs[0].name).toBe('qwen');
  });

  it('replicas: 0 is allowed (model declared but scaled down), with a warning that its requests fail', () => {
    const { objects, verification } = synth({ profile: StackProfile.RHDEV_2026_03, models: [{ name: QWEN, replicas: 0 }] } as CatalogSpec);
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.replicas).toBe(0);
    expect(verification.problems.filter((p) => !isOwnOutputProblem(p)).map((p) => [p.rule, p.severity, `${p.kind} ${p.name}`])).toEqual([['inferencepool-no-replicas', 'warning', 'Deployment vllm-qwen3-06b']]);
  });

  it('gateway keys move the Gateway, its policy target, SCC subject, Route and the routes\' parentRefs', () => {
    const objects = objectsOf({ namespace: 'models', gateway: { name: 'maas', namespace: 'gw', className: 'agentgateway-maas', port: 9090, requestTimeout: '10m', route: { host: 'maas.apps.example.com', timeout: '15m', insecureEdgeTerminationPolicy: 'None' as any } } });
    const gw = find(objects, 'Gateway', 'maas', 'gw');
    expect(gw.spec.gatewayClassName).toBe('agentgateway-maas');
    expect(gw.spec.listeners[0].port).toBe(9090);
    expect(find(objects, 'AgentgatewayPolicy', 'maas-bbr', 'gw').spec.targetRefs[0].name).toBe('maas');
    expect(find(objects, 'Gateway', 'maas', 'gw').spec.infrastructure.parametersRef.name).toBe(find(objects, 'AgentgatewayParameters', 'maas', 'gw').metadata.name);
    expect(find(objects, 'NetworkPolicy', 'vllm-qwen3-06b-vllm-ingress', 'models').spec.ingress[0].from[0]).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'maas' } } });
    const scc = find(objectsOf({ namespace: 'models', gateway: { name: 'maas', namespace: 'gw', dataPlaneSecurity: 'scc-grant' as any } }), 'RoleBinding', 'maas-scc', 'gw');
    expect(scc.subjects[0]).toEqual({ kind: 'ServiceAccount', name: 'maas', namespace: 'gw' });
    const route = find(objects, 'Route', 'maas', 'gw');
    expect(route.spec.host).toBe('maas.apps.example.com');
    expect(route.spec.to.name).toBe('maas');
    expect(route.spec.port.targetPort).toBe(9090);
    expect(route.spec.tls.insecureEdgeTerminationPolicy).toBe('None');
    expect(route.metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('900s');
    const httpRoute = find(objects, 'HTTPRoute', 'vllm-qwen3-06b', 'models');
    expect(httpRoute.spec.parentRefs[0]).toMatchObject({ name: 'maas', namespace: 'gw' });
    expect(httpRoute.spec.rules[0].timeouts.request).toBe('600s');
  });

  it('platform kubernetes: no Route, no SCC binding, fixed non-root UIDs', () => {
    const objects = objectsOf({ platform: Platform.KUBERNETES });
    expect(objects.map((o) => o.kind)).not.toContain('Route');
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name)).toEqual(['vllm-qwen3-06b-epp-sa', 'vllm-qwen3-06b-epp-non-sa']);
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001 });
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
  });

  it('models keep catalog order in the routing map', () => {
    const names = ['b/zeta', 'a/alpha', 'c/mid'];
    const objects = objectsOf({ gateway: { routing: 'map' as any }, models: names.map((name) => ({ name })) });
    const expression: string = find(objects, 'AgentgatewayPolicy', 'inference-gateway-bbr').spec.traffic.transformation.request.set[0].value;
    expect([...expression.matchAll(/^ {2}"([^"]+)"/gm)].map((m) => m[1])).toEqual(names);
  });
});

describe('bad catalogs: a clear error naming the field, the value and what is allowed', () => {
  it('fails when the model list is empty', () => {
    expect(rejection({ models: [] })).toBe("catalog 'test.yaml' is invalid (1 problem):\n  models: got 0 item(s); must have at least 1");
    expect(rejection({})).toContain('models: required key is missing');
  });

  it('fails when two models have the same name', () => {
    expect(rejection({ models: [{ name: QWEN }, { name: QWEN, pool: 'other' }] }))
      .toContain(`models[1]: model '${QWEN}' is listed twice: each public model name must be unique`);
  });

  it('fails when two models derive the same pool name, saying which key to set', () => {
    expect(rejection({ models: [{ name: 'org-a/Llama-3' }, { name: 'org-b/llama-3' }] }))
      .toContain("models[1]: model 'org-b/llama-3': 'pool' 'vllm-llama-3' (derived from the name) is also the pool of model 'org-a/Llama-3': set 'pool' on one of them");
    expect(rejection({ models: [{ name: 'a/x', pool: 'vllm-y' }, { name: 'b/y' }] }))
      .toContain("models[1]: model 'b/y': 'pool' 'vllm-y' is already used by model 'a/x': set a different 'pool'");
  });

  it('fails when a pool name is not DNS-1035 or leaves no room for its suffixes', () => {
    expect(rejection({ models: [{ name: QWEN, pool: 'Qwen3.06b' }] }))
      .toContain('models[0].pool: got "Qwen3.06b"; must match ^[a-z]([-a-z0-9]*[a-z0-9])?$');
    const long = `p${'x'.repeat(59)}`;
    expect(rejection({ models: [{ name: QWEN, pool: long }] }))
      .toContain(`models[0].pool: got "${long}" (60 characters); must be at most 59 characters`);
  });

  it('fails on invalid namespace names', () => {
    expect(rejection({ namespace: 'LLM_D', models: [{ name: QWEN }] })).toContain('namespace: got "LLM_D"; must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
    expect(rejection({ gateway: { namespace: 'gw-' }, models: [{ name: QWEN }] })).toContain('gateway.namespace: got "gw-"; must match');
  });

  it('fails on ports out of range and ports agentgateway reserves', () => {
    expect(rejection({ gateway: { port: 70000 }, models: [{ name: QWEN }] })).toContain('gateway.port: got 70000; must be <= 65535');
    expect(rejection({ gateway: { port: 0 }, models: [{ name: QWEN }] })).toContain('gateway.port: got 0; must be >= 1');
    for (const port of [15000, 15020, 15021]) {
      expect(rejection({ gateway: { port }, models: [{ name: QWEN }] }))
        .toContain(`gateway.port: ${port} is reserved by agentgateway (15000, 15020, 15021): choose another, e.g. 8080`);
    }
  });

  it('fails when replicas < 0 or not a whole number', () => {
    expect(rejection({ models: [{ name: QWEN }, { name: 'b/c', replicas: -1 }] })).toContain('models[1].replicas: got -1; must be >= 0');
    expect(rejection({ models: [{ name: QWEN, replicas: 1.5 }] })).toContain('models[0].replicas: got 1.5; must be an integer');
  });

  it('fails on malformed quantities and durations', () => {
    expect(rejection({ models: [{ name: QWEN, storage: '10 GB' }] })).toContain('models[0].storage: got "10 GB"; must match');
    expect(rejection({ gateway: { requestTimeout: '5 minutes' }, models: [{ name: QWEN }] })).toContain('gateway.requestTimeout: got "5 minutes"; must match');
    expect(rejection({ gateway: { route: { timeout: '1d' } }, models: [{ name: QWEN }] })).toContain('gateway.route.timeout: got "1d"; must match');
    expect(rejection({ gateway: { requestTimeout: '0s' }, models: [{ name: QWEN }] })).toContain('gateway.requestTimeout: must be greater than 0s, got 0s');
  });

  it('fails when the OpenShift Route timeout is below the request timeout', () => {
    expect(rejection({ gateway: { requestTimeout: '600s', route: { timeout: '5m' } }, models: [{ name: QWEN }] }))
      .toContain("gateway.route.timeout: 300s is below 'requestTimeout' 600s: the OpenShift router would cut responses the HTTPRoute still allows; raise it to at least 600s");
  });

  it('fails on an unknown platform, listing the allowed ones', () => {
    expect(rejection({ platform: 'aws', models: [{ name: QWEN }] })).toContain('platform: got "aws"; must be one of "openshift", "kubernetes"');
  });

  it('fails on unknown keys, suggesting the intended one', () => {
    expect(rejection({ models: [{ name: QWEN, replica: 2 }] }))
      .toContain("models[0].replica: unknown key (did you mean 'replicas'?); allowed keys: name, uri, pool, replicas, storage, hfTokenSecret");
    expect(rejection({ gateways: {}, models: [{ name: QWEN }] })).toContain("gateways: unknown key (did you mean 'gateway'?)");
  });

  it('fails on wrong types', () => {
    expect(rejection({ models: [{ name: QWEN, replicas: 'two' }] })).toContain('models[0].replicas: got "two"; must be an integer');
    expect(rejection({ models: { name: QWEN } })).toContain('models: got {"name":"Qwen/Qwen3-0.6B"}; must be a list');
  });

  it('fails on model names that cannot be an HTTP header value, and on unsupported URIs', () => {
    expect(rejection({ models: [{ name: 'bad\nname' }] })).toContain('models[0].name: got "bad\\nname"; must match');
    expect(rejection({ models: [{ name: QWEN, uri: 's3://bucket/qwen' }] })).toContain("models[0]: model 'Qwen/Qwen3-0.6B': 'uri' must use one of the schemes hf://, pvc://, pvc+hf://, oci:// (s3:// is not supported here), got 's3://bucket/qwen'");
    expect(rejection({ models: [{ name: QWEN, uri: 'Qwen/Qwen3-0.6B' }] })).toContain('models[0].uri: got "Qwen/Qwen3-0.6B"; must match ^[a-z][a-z0-9+.-]*://');
  });

  it('reports every problem at once: schema problems together, then gateway and model rules together', () => {
    const msg = rejection({ platform: 'aws', gateway: { port: 70000 }, models: [{ name: QWEN, replicas: -1 }] });
    expect(msg).toMatch(/^catalog 'test.yaml' is invalid \(3 problems\):/);
    expect(rejection({ gateway: { port: 15000, requestTimeout: '600s', route: { timeout: '5m' } }, models: [{ name: 'a/x' }, { name: 'b/x' }] })).toBe([
      "catalog 'test.yaml' is invalid (3 problems):",
      '  gateway.port: 15000 is reserved by agentgateway (15000, 15020, 15021): choose another, e.g. 8080',
      "  gateway.route.timeout: 300s is below 'requestTimeout' 600s: the OpenShift router would cut responses the HTTPRoute still allows; raise it to at least 600s",
      "  models[1]: model 'b/x': 'pool' 'vllm-x' (derived from the name) is also the pool of model 'a/x': set 'pool' on one of them",
    ].join('\n'));
  });

  it('fails on text that is not YAML, or holds more than one document', () => {
    expect(errorOf(() => Catalog.parse('models: [', 'bad.yaml'))).toMatch(/^catalog 'bad.yaml' is not valid YAML or JSON:/);
    expect(errorOf(() => Catalog.parse('models: []\n---\nmodels: []', 'two.yaml'))).toBe("catalog 'two.yaml' must hold exactly one YAML document, found 2");
    expect(errorOf(() => Catalog.parse('models: [{name: a}]\nmodels: []', 'dup.yaml'))).toBe("catalog 'dup.yaml' is not valid YAML or JSON:\n  duplicated mapping key at line 2, column 1");
  });
});

describe('construct API checks (the same rules without a catalog)', () => {
  it('rejects a second model with the same name, eagerly', () => {
    const chart = new MultiModelGateway(Testing.app(), 'c', { models: [{ name: QWEN }] });
    expect(() => chart.addModel({ name: QWEN, pool: 'x' })).toThrow(`model '${QWEN}' is listed twice`);
  });

  it('reports a chart without models at synthesis', () => {
    const app = Testing.app();
    new MultiModelGateway(app, 'c');
    expect(() => app.synth()).toThrow(/no models: add at least one with addModel\(\)/);
  });

  it('rejects negative replicas, bad storage and too short startup budgets', () => {
    const chart = new MultiModelGateway(Testing.app(), 'c');
    expect(() => chart.addModel({ name: 'a/b', replicas: -2 })).toThrow("model 'a/b': 'replicas' must be a whole number from 0 to 1000, got -2");
    expect(() => chart.addModel({ name: 'a/c', storage: 'lots' })).toThrow("model 'a/c': 'storage' must be a size in bytes from 1Gi to 64Ti such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got 'lots'");
    expect(() => chart.addModel({ name: 'a/d', startupTimeout: Duration.seconds(5) })).toThrow("model 'a/d': 'startupTimeout' must be at least 10s, got 5s");
  });

  it('returns what addModel made, with its computed names as escape hatches', () => {
    const chart = new MultiModelGateway(Testing.app(), 'c');
    const m = chart.addModel({ name: QWEN });
    expect(m.poolName).toBe('vllm-qwen3-06b');
    expect(m.endpointPicker.service.name).toBe('vllm-qwen3-06b-epp');
    expect(m.server.selectorLabels).toEqual({ app: 'vllm-qwen3-06b' });
    expect(chart.modelGateway.gateway.routingPolicy.entries).toEqual([{ publicName: QWEN, baseModel: QWEN }]);
  });
});

describe('profile keys: profile, openshiftVersion, endpointPicker', () => {
  it('profile picks the whole stack: class, picker and vLLM images follow it', () => {
    const rhdev = objectsOf({ profile: StackProfile.RHDEV_2026_03 });
    const upstream = objectsOf({ profile: StackProfile.UPSTREAM_2026_08 });
    const image = (objects: any[], name: string) => find(objects, 'Deployment', name).spec.template.spec.containers[0].image;
    expect(find(rhdev, 'Gateway', 'inference-gateway').spec.gatewayClassName).toBe('agentgateway-v2');
    expect(image(rhdev, 'vllm-qwen3-06b-epp')).toBe('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0');
    expect(image(rhdev, 'vllm-qwen3-06b')).toBe('vllm/vllm-openai:v0.13.0');
    expect(find(upstream, 'Gateway', 'inference-gateway').spec.gatewayClassName).toBe('agentgateway');
    expect(image(upstream, 'vllm-qwen3-06b')).toBe('vllm/vllm-openai:v0.26.0');
  });

  it('refuses a className that is the other profile\'s class, naming the field, the value and the fix', () => {
    expect(rejection({ profile: 'upstream-2026-08', gateway: { className: 'agentgateway-v2' }, models: [{ name: QWEN }] })).toBe(
      "catalog 'test.yaml' is invalid (1 problem):\n  gateway.className: 'agentgateway-v2' is the GatewayClass of profile 'rhdev-2026-03' and is never programmed by agentgateway v1.4.1, which creates 'agentgateway': use className 'agentgateway' (or leave it out), or choose profile 'rhdev-2026-03'");
    expect(rejection({ profile: 'rhdev-2026-03', gateway: { className: 'agentgateway' }, models: [{ name: QWEN }] })).toContain("gateway.className: 'agentgateway' is the GatewayClass of profile 'upstream-2026-08'");
    // A class of one's own is the user's business.
    expect(find(objectsOf({ gateway: { className: 'my-class' } }), 'Gateway', 'inference-gateway').spec.gatewayClassName).toBe('my-class');
  });

  it('refuses an unknown profile or OpenShift release with the allowed values, and a release on kubernetes', () => {
    expect(rejection({ profile: 'upstream-2026-09', models: [{ name: QWEN }] })).toContain('profile: got "upstream-2026-09"; must be one of "rhdev-2026-03", "upstream-2026-08"');
    expect(rejection({ openshiftVersion: '4.18', models: [{ name: QWEN }] })).toContain('openshiftVersion: got "4.18"; must be one of "4.19", "4.20", "4.21", "4.22", "5.0"');
    expect(rejection({ platform: 'kubernetes', openshiftVersion: '4.21', models: [{ name: QWEN }] })).toBe(
      "catalog 'test.yaml' is invalid (1 problem):\n  openshiftVersion: '4.21' names an OpenShift release, but platform is 'kubernetes': remove it, or set platform: openshift");
    expect(objectsOf({ platform: Platform.OPENSHIFT, openshiftVersion: '4.21' as any }).length).toBeGreaterThan(0);
    // Unquoted in YAML, 4.20 is the number 4.2: one sentence saying to quote it.
    expect(errorOf(() => Catalog.parse('openshiftVersion: 4.20\nmodels:\n  - name: a/b\n', 'c.yaml'))).toBe(
      'catalog \'c.yaml\' is invalid (1 problem):\n  openshiftVersion: got the number 4.2; quote the release, such as "4.20" (unquoted, YAML reads 4.20 as 4.2)');
    expect(Catalog.parse('openshiftVersion: "4.20"\nmodels:\n  - name: a/b\n').spec.openshiftVersion).toBe('4.20');
  });

  it('endpointPicker sizes override the profile\'s, each alone; bad sizes are refused under their path', () => {
    const epp = (extra: Partial<CatalogSpec>) => find(objectsOf(extra), 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0];
    expect(epp({}).resources).toEqual({ requests: { cpu: '8', memory: '8Gi' }, limits: { memory: '16Gi' } });
    expect(epp({ endpointPicker: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' } }).resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
    expect(epp({ endpointPicker: { cpu: '2' } }).resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '16Gi' } });
    expect(epp({ profile: StackProfile.RHDEV_2026_03 }).resources).toBeUndefined();
    expect(epp({ profile: StackProfile.RHDEV_2026_03, endpointPicker: { memory: '512Mi' } }).resources).toEqual({ requests: { memory: '512Mi' } });
    expect(rejection({ endpointPicker: { memory: '4Gi', memoryLimit: '2Gi' }, models: [{ name: QWEN }] })).toBe(
      "catalog 'test.yaml' is invalid (1 problem):\n  endpointPicker.memoryLimit: '2Gi' is below 'memory' '4Gi': the kubelet would refuse the pod; raise it to at least 4Gi");
    expect(rejection({ endpointPicker: { cpu: '0' }, models: [{ name: QWEN }] })).toContain("endpointPicker.cpu: must be a CPU quantity above 0 and at most 1024 cores, such as 8, 0.5 or 500m, got '0'");
    expect(rejection({ endpointPicker: { cpu: 'lots' }, models: [{ name: QWEN }] })).toContain('endpointPicker.cpu: got "lots"; must match');
    expect(rejection({ endpointPicker: { gpu: '1' }, models: [{ name: QWEN }] })).toContain('endpointPicker.gpu: unknown key');
  });

  it('the embedded default catalog states profile rhdev-2026-03', () => {
    expect(Catalog.fromFile(DEFAULT_CATALOG).spec.profile).toBe('rhdev-2026-03');
  });
});
