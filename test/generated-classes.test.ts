import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentgateway, agentgatewayV14, gatewayApi, gatewayApiV16, inference, inferenceV16, llmd, openshift } from '../src';
import { PROFILE_NAMES, PROFILES } from '../src/profiles/profiles';
import { SchemaValidator } from '../src/verify/schema/schema-validator';

let validator: SchemaValidator;
beforeAll(() => {
  validator = new SchemaValidator();
});

/** A chart with the minimal body-routing skeleton for one model, built from the generated classes. */
function minimalChart() {
  const chart = Testing.chart();
  const gateway = new gatewayApi.Gateway(chart, 'gateway', {
    metadata: { name: 'inference-gateway', namespace: 'agentgateway-system' },
    spec: {
      gatewayClassName: 'agentgateway-v2',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: gatewayApi.GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } } }],
    },
  });
  const policy = new agentgateway.AgentgatewayPolicy(chart, 'policy', {
    metadata: { name: 'body-based-routing', namespace: 'agentgateway-system' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }],
      traffic: {
        phase: agentgateway.AgentgatewayPolicySpecTrafficPhase.PRE_ROUTING,
        transformation: { request: { set: [{ name: 'X-Gateway-Base-Model-Name', value: '{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[json(request.body).model]' }] } },
      },
    },
  });
  const pool = new inference.InferencePool(chart, 'pool', {
    metadata: { name: 'vllm-qwen3-06b', namespace: 'llm-d' },
    spec: {
      selector: { matchLabels: { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/model': 'vllm-qwen3-06b' } },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { name: 'vllm-qwen3-06b-epp', port: { number: 9002 } },
    },
  });
  const route = new gatewayApi.HttpRoute(chart, 'route', {
    metadata: { name: 'vllm-qwen3-06b', namespace: 'llm-d' },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'agentgateway-system' }],
      rules: [{
        matches: [{
          path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' },
          headers: [{ type: gatewayApi.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: 'X-Gateway-Base-Model-Name', value: 'Qwen/Qwen3-0.6B' }],
        }],
        backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'vllm-qwen3-06b' }],
        timeouts: { request: '300s' },
      }],
    },
  });
  return { chart, gateway, policy, pool, route };
}

/** Problems of an object, optionally after editing its synthesized JSON as a hand-written manifest might. */
function problemsOf(obj: ApiObject, edit?: (m: any) => void): string[] {
  const manifest = obj.toJson();
  edit?.(manifest);
  return validator.validate(manifest).map((p) => `${p.field}: ${p.message}`);
}

describe('generated CRD classes', () => {
  it('synthesize a minimal Gateway, AgentgatewayPolicy, InferencePool and HTTPRoute that validate against the stored schemas', () => {
    // GIVEN
    const { chart } = minimalChart();

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests.map((m) => `${m.apiVersion}/${m.kind}`)).toEqual([
      'gateway.networking.k8s.io/v1/Gateway',
      'agentgateway.dev/v1alpha1/AgentgatewayPolicy',
      'inference.networking.k8s.io/v1/InferencePool',
      'gateway.networking.k8s.io/v1/HTTPRoute',
    ]);
    for (const m of manifests) expect(validator.validate(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
  });

  it('emit the fields the reference deployment depends on', () => {
    const { pool, route, policy } = minimalChart();
    expect(pool.toJson().spec).toEqual({
      selector: { matchLabels: { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/model': 'vllm-qwen3-06b' } },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { name: 'vllm-qwen3-06b-epp', port: { number: 9002 } },
    });
    expect(route.toJson().spec.parentRefs[0].namespace).toBe('agentgateway-system');
    expect(policy.toJson().spec.traffic.phase).toBe('PreRouting');
  });

  it('cannot express traffic.hostRewrite, which the pinned AgentgatewayPolicy CRD rejects', () => {
    // The generated type has no such field, and the typed mapper drops it even from a JSON patch.
    const { policy } = minimalChart();
    ApiObject.of(policy).addJsonPatch(JsonPatch.add('/spec/traffic/hostRewrite', { mode: 'Auto' }));
    expect(policy.toJson().spec.traffic).not.toHaveProperty('hostRewrite');
    // The stored schema keeps the upstream enum, so a hand-written hostRewrite is reported.
    expect(problemsOf(policy, (m) => { m.spec.traffic.hostRewrite = { mode: 'Auto' }; }))
      .toEqual(['spec.traffic.hostRewrite: must be one of "Auto", "None"']);
  });
});

describe('SchemaValidator', () => {
  it('reports an out-of-range InferencePool target port with its path', () => {
    const { pool } = minimalChart();
    ApiObject.of(pool).addJsonPatch(JsonPatch.replace('/spec/targetPorts/0/number', 70000));
    expect(problemsOf(pool)).toEqual(['spec.targetPorts[0].number: must be <= 65535']);
  });

  it('reports a missing required field', () => {
    const { pool } = minimalChart();
    ApiObject.of(pool).addJsonPatch(JsonPatch.remove('/spec/endpointPickerRef'));
    expect(problemsOf(pool)).toEqual(['spec.endpointPickerRef: required field is missing']);
  });

  it('reports enum violations with the allowed values', () => {
    const { route, policy } = minimalChart();
    ApiObject.of(route).addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/headers/0/type', 'Prefix'));
    ApiObject.of(policy).addJsonPatch(JsonPatch.replace('/spec/traffic/phase', 'Pre'));
    expect(problemsOf(route)).toEqual(['spec.rules[0].matches[0].headers[0].type: must be one of "Exact", "RegularExpression"']);
    expect(problemsOf(policy)).toEqual(['spec.traffic.phase: must be one of "PreRouting", "PostRouting"']);
  });

  it('reports unknown fields that the API server would silently prune', () => {
    const { route } = minimalChart();
    expect(problemsOf(route, (m) => { m.spec.rules[0].timeout = '300s'; })).toEqual([expect.stringMatching(/^spec\.rules\[0\]\.timeout: unknown field/)]);
  });

  it('validates metadata of custom resources against the core ObjectMeta schema', () => {
    const { pool } = minimalChart();
    expect(problemsOf(pool, (m) => { m.metadata.labels = { broken: 7 }; })).toEqual(['metadata.labels.broken: must be string']);
  });

  it('validates core kinds against the Kubernetes 1.30 definitions, GPU quantities included', () => {
    const chart = Testing.chart();
    const dep = new k8s.KubeDeployment(chart, 'dep', {
      metadata: { name: 'vllm', namespace: 'llm-d' },
      spec: {
        selector: { matchLabels: { app: 'vllm' } },
        template: {
          metadata: { labels: { app: 'vllm' } },
          spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.0.0', resources: { limits: { 'nvidia.com/gpu': k8s.Quantity.fromNumber(1) } } }] },
        },
      },
    });
    expect(problemsOf(dep)).toEqual([]);
    expect(problemsOf(dep, (m) => {
      m.spec.template.spec.containers[0].resource = m.spec.template.spec.containers[0].resources;
      delete m.spec.template.spec.containers[0].resources;
      delete m.spec.selector;
    }).sort()).toEqual([
      expect.stringMatching(/^spec\.selector: required field is missing/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.resource: unknown field/),
    ]);
  });

  it('reports duplicate keys in list-type map lists', () => {
    const { pool } = minimalChart();
    ApiObject.of(pool).addJsonPatch(JsonPatch.add('/spec/targetPorts/-', { number: 8000 }));
    // targetPorts is an atomic list in the CRD: its uniqueness is a CEL rule, not a list-map key.
    expect(problemsOf(pool)).toEqual(['spec.targetPorts: port number must be unique']);
    const { gateway } = minimalChart();
    ApiObject.of(gateway).addJsonPatch(JsonPatch.add('/spec/listeners/-', { name: 'http', protocol: 'HTTP', port: 8081 }));
    expect(problemsOf(gateway)).toEqual([expect.stringMatching(/^spec\.listeners: duplicate entry for key \(name\) = \["http"\] at index 1/)]);
  });

  it('evaluates CEL rules on the defaulted object and reports the upstream message', () => {
    // endpointPickerRef.kind defaults to Service, and a Service reference needs a port.
    const { pool, policy, route } = minimalChart();
    expect(problemsOf(pool, (m) => { delete m.spec.endpointPickerRef.port; }))
      .toEqual(["spec.endpointPickerRef: port is required when kind is 'Service' or unspecified (defaults to 'Service')"]);
    // PreRouting policies may only target a Gateway (or XListenerSet).
    expect(problemsOf(policy, (m) => { m.spec.targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }]; }))
      .toContain("spec: the 'traffic.phase=PreRouting' field can only target a Gateway or XListenerSet");
    // Rules that compare escaped property names (parentRefs[].namespace is __namespace__ in CEL).
    expect(problemsOf(route, (m) => { m.spec.parentRefs.push({ ...m.spec.parentRefs[0] }); }))
      .toEqual(['spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent']);
  });

  it('skips and counts transition rules (oldSelf), which need the previous object', () => {
    const v = new SchemaValidator();
    const gatewayClass = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'c' }, spec: { controllerName: 'example.com/gw' } };
    expect(v.validate(gatewayClass)).toEqual([]);
    expect(v.stats.skippedTransition).toBe(1);
  });

  it('accepts an OpenShift Route (whose upstream schema writes anyOf: null) and applies defaults first', () => {
    const chart = Testing.chart();
    const route = new openshift.Route(chart, 'route', {
      metadata: { name: 'inference-gateway', namespace: 'agentgateway-system' },
      spec: { to: { kind: openshift.RouteSpecToKind.SERVICE, name: 'inference-gateway' }, port: { targetPort: 8080 }, tls: { termination: openshift.RouteSpecTlsTermination.EDGE } },
    });
    expect(problemsOf(route)).toEqual([]);
  });

  it('treats an apiVersion/kind without a stored schema as an error, naming the known versions', () => {
    const problems = validator.validate({ apiVersion: 'inference.networking.k8s.io/v1alpha2', kind: 'InferencePool', metadata: { name: 'p' } });
    expect(problems).toEqual([{
      kind: 'InferencePool',
      object: 'p',
      field: 'apiVersion',
      message: 'no stored schema for inference.networking.k8s.io/v1alpha2/InferencePool; InferencePool is known as inference.networking.k8s.io/v1, inference.networking.x-k8s.io/v1alpha2',
      rule: 'schema',
    }]);
    expect(validator.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })[0].message)
      .toBe('no stored schema for example.com/v1/Widget; give its CustomResourceDefinition file to verify with --schemas <file>');
  });
});

/** One object of each kind generated for profile upstream-2026-08, wired as that stack wires them. */
function upstreamChart() {
  const chart = Testing.chart();
  const pool = new inferenceV16.InferencePool(chart, 'pool', {
    metadata: { name: 'vllm-qwen3-06b', namespace: 'llm-d' },
    spec: {
      selector: { matchLabels: { 'llm-d.ai/model': 'vllm-qwen3-06b' } },
      targetPorts: [{ number: 8000 }],
      appProtocol: inferenceV16.InferencePoolSpecAppProtocol.HTTP,
      endpointPickerRef: { name: 'vllm-qwen3-06b-epp', port: { number: 9002 } },
    },
  });
  const objective = new llmd.InferenceObjective(chart, 'objective', {
    metadata: { name: 'qwen3-critical', namespace: 'llm-d' },
    spec: { poolRef: { group: 'inference.networking.k8s.io', name: 'vllm-qwen3-06b' }, priority: 10 },
  });
  const rewrite = new llmd.InferenceModelRewrite(chart, 'rewrite', {
    metadata: { name: 'qwen3-alias', namespace: 'llm-d' },
    spec: {
      poolRef: { group: 'inference.networking.k8s.io', name: 'vllm-qwen3-06b' },
      rules: [{ matches: [{ model: { value: 'qwen' } }], targets: [{ modelRewrite: 'Qwen/Qwen3-0.6B', weight: 100 }] }],
    },
  });
  const listenerSet = new gatewayApiV16.ListenerSet(chart, 'listeners', {
    metadata: { name: 'models', namespace: 'agentgateway-system' },
    spec: {
      parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' },
      listeners: [{ name: 'models', protocol: 'HTTP', port: 8081 }],
    },
  });
  const model = new agentgatewayV14.AgentgatewayModel(chart, 'model', {
    metadata: { name: 'qwen3', namespace: 'agentgateway-system' },
    spec: { parentRefs: [{ name: 'inference-gateway' }], provider: agentgatewayV14.AgentgatewayModelSpecProvider.OPEN_AI },
  });
  const policy = new agentgatewayV14.AgentgatewayPolicy(chart, 'policy', {
    metadata: { name: 'body-based-routing', namespace: 'agentgateway-system' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }],
      traffic: { phase: agentgatewayV14.AgentgatewayPolicySpecTrafficPhase.PRE_ROUTING },
    },
  });
  return { chart, pool, objective, rewrite, listenerSet, model, policy };
}

describe('generated classes of profile upstream-2026-08 (submodules agentgatewayV14, gatewayApiV16, inferenceV16, llmd)', () => {
  const upstream = () => SchemaValidator.forSet('upstream-2026-08');

  it('synthesize one object of each new kind, each valid against the upstream-2026-08 schema set (CEL rules included)', () => {
    const manifests = Testing.synth(upstreamChart().chart);
    expect(manifests.map((m) => `${m.apiVersion}/${m.kind}`)).toEqual([
      'inference.networking.k8s.io/v1/InferencePool',
      'llm-d.ai/v1alpha2/InferenceObjective',
      'llm-d.ai/v1alpha2/InferenceModelRewrite',
      'gateway.networking.k8s.io/v1/ListenerSet',
      'agentgateway.dev/v1alpha1/AgentgatewayModel',
      'agentgateway.dev/v1alpha1/AgentgatewayPolicy',
    ]);
    const before = upstream().stats.evaluated;
    for (const m of manifests) expect(upstream().validate(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
    expect(upstream().stats.evaluated).toBeGreaterThan(before);
  });

  it('round-trip InferencePool spec.appProtocol (GAIE v1.6.0), which the article-era class and schema lack', () => {
    const { pool } = upstreamChart();
    expect(pool.toJson().spec.appProtocol).toBe('http');
    const h2c = { ...pool.toJson(), spec: { ...pool.toJson().spec, appProtocol: 'kubernetes.io/h2c' } };
    expect(upstream().validate(h2c)).toEqual([]);
    expect(upstream().validate({ ...h2c, spec: { ...h2c.spec, appProtocol: 'grpc' } }).map((p) => `${p.field}: ${p.message}`))
      .toEqual(['spec.appProtocol: must be one of "http", "kubernetes.io/h2c"']);
    expect(validator.validate(pool.toJson()).map((p) => p.field)).toEqual(['spec.appProtocol']);
  });

  it('every profile\'s InferencePool appProtocol is a value of the generated GAIE v1.6.0 enum', () => {
    const allowed: string[] = Object.values(inferenceV16.InferencePoolSpecAppProtocol);
    const used = PROFILE_NAMES.map((p) => PROFILES[p].poolAppProtocol).filter((v): v is string => v !== undefined);
    expect(used.length).toBeGreaterThan(0);
    for (const v of used) expect(allowed).toContain(v);
  });

  it('are judged by the CEL rules of their own CRDs', () => {
    const { listenerSet, model } = upstreamChart();
    const withTls = listenerSet.toJson();
    withTls.spec.listeners[0].tls = { mode: 'Terminate', certificateRefs: [{ name: 'cert' }] };
    expect(upstream().validate(withTls).map((p) => `${p.rule} ${p.field}: ${p.message}`))
      .toEqual(["cel spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"]);
    const noProvider = model.toJson();
    delete noProvider.spec.provider;
    expect(upstream().validate(noProvider).map((p) => `${p.rule} ${p.field}: ${p.message}`))
      .toEqual(['cel spec: exactly one of the fields in [provider virtualModel] must be set']);
  });

  it('have their URL and quantity CEL rules evaluated (Kubernetes URL and quantity libraries), not reported as unevaluable', () => {
    const { model, policy } = upstreamChart();
    const withBaseUrl = (baseURL: string) => {
      const m = model.toJson();
      m.spec.baseURL = baseURL;
      return upstream().validate(m).map((p) => `${p.rule} ${p.field}: ${p.message}`);
    };
    expect(withBaseUrl('http://vllm-qwen3-06b.llm-d.svc:8000/v1')).toEqual([]);
    expect(withBaseUrl('https://[2001:db8::1]:8443')).toEqual([]);
    for (const bad of ['ftp://vllm:8000', 'vllm:8000', '/v1/chat', 'http:///v1']) {
      expect(withBaseUrl(bad), bad).toEqual(['cel spec: baseURL must be an absolute http or https URL with a host']);
    }
    const frameSize = (size: number | string) => {
      const p = policy.toJson();
      p.spec = { targetRefs: p.spec.targetRefs, frontend: { http: { http2FrameSize: size } } };
      return upstream().validate(p).map((x) => `${x.rule} ${x.field}: ${x.message}`);
    };
    expect(frameSize(16384)).toEqual([]);
    expect(frameSize('16Ki')).toEqual([]);
    expect(frameSize('1.5Mi')).toEqual([]);
    expect(frameSize(16383)).toEqual(['cel spec.frontend.http.http2FrameSize: http2FrameSize must be at least 16384 bytes']);
    expect(frameSize('16k')).toEqual(['cel spec.frontend.http.http2FrameSize: http2FrameSize must be at least 16384 bytes']);
    expect(frameSize('2Mi')).toEqual(['cel spec.frontend.http.http2FrameSize: http2FrameSize must be at most 1677215 bytes']);
  });

  it('leave the article-era modules as they were: their kinds are not in the upstream-only submodules', () => {
    expect(Object.keys(llmd).filter((k) => /^Inference(Objective|ModelRewrite)$/.test(k)).sort()).toEqual(['InferenceModelRewrite', 'InferenceObjective']);
    expect(llmd.InferenceObjective.GVK.apiVersion).toBe('llm-d.ai/v1alpha2');
    expect(gatewayApiV16.ListenerSet.GVK.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(Object.keys(gatewayApiV16)).not.toContain('Gateway');
    expect(Object.keys(agentgatewayV14)).not.toContain('AgentgatewayBackend');
    expect(inference.InferencePool).not.toBe(inferenceV16.InferencePool);
    expect(agentgateway.AgentgatewayPolicy).not.toBe(agentgatewayV14.AgentgatewayPolicy);
  });
});
