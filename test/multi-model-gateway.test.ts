import { beforeAll, describe, expect, it } from 'vitest';
import { OpenAiSurface } from '../src/constructs/openai-surface';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { synthesize, Synthesis } from '../src/cli/synth';
import { DEFAULT_CATALOG, find, podTemplates, selects, sharedValidator } from './helpers';

const MODELS = [
  { name: 'Qwen/Qwen3-0.6B', pool: 'vllm-qwen3-06b' },
  { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' },
];
const HEADER = 'X-Gateway-Base-Model-Name';

let out: Synthesis;
let objects: any[];
let evaluate: (expression: string, body: string) => unknown;

beforeAll(async () => {
  out = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator());
  objects = out.objects;
  const { Environment } = await import('@marcbachmann/cel-js');
  const env = new Environment().registerVariable('request', 'map').registerFunction('json(string): map', (s: string) => JSON.parse(s));
  evaluate = (expression, body) => env.evaluate(expression, { request: { body } });
});

describe('default catalog (the reference deployment)', () => {
  it('writes one YAML file per namespace and the routing report, matching the golden files', async () => {
    expect([...out.files.keys()]).toEqual(['agentgateway-system.yaml', 'llm-d.yaml', 'ROUTING.md']);
    for (const [name, content] of out.files) {
      await expect(content).toMatchFileSnapshot(`__snapshots__/default/${name}`);
    }
  });

  it('creates exactly the objects of the reference deployment, each explicitly named', () => {
    const perModel = (p: string) => [
      `InferencePool ${p}`, `HTTPRoute ${p}`,
      `ServiceAccount ${p}-epp`, `Role ${p}-epp`, `RoleBinding ${p}-epp`, `ConfigMap ${p}-epp`, `Deployment ${p}-epp`, `Service ${p}-epp`,
      `ServiceAccount ${p}`, `Deployment ${p}`,
    ].map((s) => s.replace(' ', ' llm-d/'));
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway agentgateway-system/inference-gateway',
      'AgentgatewayPolicy agentgateway-system/inference-gateway-bbr',
      'RoleBinding agentgateway-system/inference-gateway-scc',
      'Route agentgateway-system/inference-gateway',
      ...perModel('vllm-qwen3-06b'),
      ...perModel('vllm-tinyllama-11b'),
      // the gateway's own OpenAI answers (issue 11), after the models: 404, 400, the list, each model by id
      ...['inference-gateway-model-not-found', 'inference-gateway-bad-request', 'inference-gateway-models',
        OpenAiSurface.routeNameOf('inference-gateway', 'Qwen/Qwen3-0.6B'), OpenAiSurface.routeNameOf('inference-gateway', 'TinyLlama/TinyLlama-1.1B-Chat-v1.0')]
        .flatMap((n) => [`HTTPRoute llm-d/${n}`, `AgentgatewayPolicy llm-d/${n}`]),
    ]);
  });

  it('Gateway: agentgateway-v2 class, one HTTP listener on 8080 admitting routes from all namespaces', () => {
    expect(find(objects, 'Gateway', 'inference-gateway', 'agentgateway-system').spec).toEqual({
      gatewayClassName: 'agentgateway-v2',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: 'All' } } }],
    });
  });

  it('policy: PreRouting on the Gateway, setting the header from a CEL map in catalog order', () => {
    const policy = find(objects, 'AgentgatewayPolicy', 'inference-gateway-bbr', 'agentgateway-system');
    expect(policy.apiVersion).toBe('agentgateway.dev/v1alpha1');
    expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }]);
    expect(policy.spec.traffic.phase).toBe('PreRouting');
    const set = policy.spec.traffic.transformation.request.set;
    // the routing header, then the status header of the OpenAI error routes
    expect(set.map((s: any) => s.name)).toEqual([HEADER, 'X-Gateway-Model-Status']);
    expect(set[0].value).toBe([
      '{',
      '  "Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B",',
      '  "TinyLlama/TinyLlama-1.1B-Chat-v1.0": "TinyLlama/TinyLlama-1.1B-Chat-v1.0"',
      '}[json(request.body).model]',
    ].join('\n'));
  });

  it('CEL key = client model = --served-model-name, and CEL value = the HTTPRoute header value', () => {
    const expression = find(objects, 'AgentgatewayPolicy', 'inference-gateway-bbr').spec.traffic.transformation.request.set[0].value;
    for (const m of MODELS) {
      const routedTo = evaluate(expression, JSON.stringify({ model: m.name, messages: [] }));
      const route = find(objects, 'HTTPRoute', m.pool, 'llm-d');
      const headers = route.spec.rules[0].matches[0].headers;
      expect(headers).toEqual([{ type: 'Exact', name: HEADER, value: routedTo }]);
      const args: string[] = find(objects, 'Deployment', m.pool, 'llm-d').spec.template.spec.containers[0].args;
      expect(args[args.indexOf('--served-model-name') + 1]).toBe(m.name);
    }
    expect(() => evaluate(expression, JSON.stringify({ model: 'nonexistent' }))).toThrow();
  });

  it('HTTPRoute: parentRef names the Gateway with its namespace, / prefix, backend the pool, 300s', () => {
    for (const m of MODELS) {
      const spec = find(objects, 'HTTPRoute', m.pool, 'llm-d').spec;
      expect(spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'agentgateway-system' }]);
      expect(spec.rules).toHaveLength(1);
      expect(spec.rules[0].matches[0].path).toEqual({ type: 'PathPrefix', value: '/' });
      expect(spec.rules[0].backendRefs).toEqual([{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: m.pool }]);
      expect(spec.rules[0].timeouts).toEqual({ request: '300s' });
    }
  });

  it('pool selector matches this model\'s vLLM pods and no other pod, on the port vLLM listens on', () => {
    const pods = podTemplates(objects);
    for (const m of MODELS) {
      const pool = find(objects, 'InferencePool', m.pool, 'llm-d');
      const selected = pods.filter((p) => p.namespace === 'llm-d' && selects(pool.spec.selector.matchLabels, p.labels));
      expect(selected.map((p) => p.owner)).toEqual([`Deployment llm-d/${m.pool}`]);
      const ports = selected[0].spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.containerPort));
      expect(pool.spec.targetPorts).toEqual([{ number: 8000 }]);
      expect(ports).toContain(pool.spec.targetPorts[0].number);
      // The vLLM Deployment selects its own pods with the same labels.
      expect(find(objects, 'Deployment', m.pool, 'llm-d').spec.selector.matchLabels).toEqual(pool.spec.selector.matchLabels);
    }
  });

  it('endpointPickerRef names the EPP Service and port, whose pods run the picker for this pool', () => {
    for (const m of MODELS) {
      const ref = find(objects, 'InferencePool', m.pool, 'llm-d').spec.endpointPickerRef;
      expect(ref).toEqual({ name: `${m.pool}-epp`, port: { number: 9002 } });
      const svc = find(objects, 'Service', ref.name, 'llm-d');
      expect(svc.spec.ports).toEqual([
        { name: 'grpc-ext-proc', protocol: 'TCP', port: 9002 },
        { name: 'http-metrics', protocol: 'TCP', port: 9090 },
      ]);
      const epp = find(objects, 'Deployment', ref.name, 'llm-d');
      expect(selects(svc.spec.selector, epp.spec.template.metadata.labels)).toBe(true);
      const c = epp.spec.template.spec.containers[0];
      expect(c.image).toBe('registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0');
      expect(c.args).toEqual(['--pool-name', m.pool, '--pool-namespace', 'llm-d', '--pool-group', 'inference.networking.k8s.io',
        '--zap-encoder', 'json', '--config-file', '/config/default-plugins.yaml', '--v', '1', '--tracing=false']);
      expect(c.ports.map((p: any) => p.containerPort)).toEqual([9002, 9003, 9090]);
      expect(c.readinessProbe.grpc).toEqual({ port: 9003, service: 'inference-extension' });
      expect(c.livenessProbe.grpc).toEqual({ port: 9003, service: 'inference-extension' });
      expect(epp.spec.strategy).toEqual({ type: 'Recreate' });
      expect(epp.spec.template.spec.terminationGracePeriodSeconds).toBe(130);
      expect(epp.spec.template.spec.serviceAccountName).toBe(`${m.pool}-epp`);
    }
  });

  it('EPP RBAC: the Role grants what the picker reads, bound to its ServiceAccount', () => {
    const p = MODELS[0].pool;
    expect(find(objects, 'Role', `${p}-epp`, 'llm-d').rules).toEqual([
      { apiGroups: ['inference.networking.x-k8s.io'], resources: ['inferenceobjectives', 'inferencemodelrewrites'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] },
    ]);
    const rb = find(objects, 'RoleBinding', `${p}-epp`, 'llm-d');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${p}-epp` });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: `${p}-epp`, namespace: 'llm-d' }]);
  });

  it('EPP ConfigMap: queue 2, kv-cache utilization 2, prefix cache 3, mounted where --config-file points', () => {
    const p = MODELS[0].pool;
    const config = YAML.parse(find(objects, 'ConfigMap', `${p}-epp`, 'llm-d').data['default-plugins.yaml']);
    expect(config.kind).toBe('EndpointPickerConfig');
    expect(config.schedulingProfiles[0].plugins).toEqual([
      { pluginRef: 'queue-scorer', weight: 2 }, { pluginRef: 'kv-cache-utilization-scorer', weight: 2 }, { pluginRef: 'prefix-cache-scorer', weight: 3 },
    ]);
    const pod = find(objects, 'Deployment', `${p}-epp`, 'llm-d').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'plugins-config-volume', configMap: { name: `${p}-epp` } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'plugins-config-volume', mountPath: '/config' }]);
  });

  it('vLLM: real server, GPU, caches, /dev/shm, probes with a download budget, GPU toleration', () => {
    const pod = find(objects, 'Deployment', 'vllm-qwen3-06b', 'llm-d').spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toMatch(/^vllm\/vllm-openai:v\d+\.\d+\.\d+$/);
    expect(c.command).toEqual(['vllm', 'serve']);
    expect(c.args).toEqual(['Qwen/Qwen3-0.6B', '--served-model-name', 'Qwen/Qwen3-0.6B', '--port', '8000']);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(c.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(c.resources.requests['nvidia.com/gpu']).toBe(1);
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));
    expect(volumes[mounts['/model-cache']].emptyDir).toEqual({ sizeLimit: '10Gi' });
    expect(volumes[mounts['/dev/shm']].emptyDir.medium).toBe('Memory');
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(env.HF_HOME).toBe('/model-cache');
    expect(volumes[mounts[env.HOME]].emptyDir).toEqual({}); // writable HOME for arbitrary UIDs
    expect(c.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(1800);
    expect(c.readinessProbe.httpGet.path).toBe('/health');
    expect(c.livenessProbe.httpGet.path).toBe('/health');
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('every pod passes OpenShift restricted-v2: no fixed UID, non-root, no escalation, caps dropped, RuntimeDefault', () => {
    for (const p of podTemplates(objects)) {
      expect(p.spec.securityContext, p.owner).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of p.spec.containers) {
        expect(c.securityContext, p.owner).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
      }
      expect(JSON.stringify(p.spec), p.owner).not.toMatch(/runAsUser|privileged|hostPath|hostNetwork/);
    }
  });

  it('OpenShift: SCC binding for the data plane ServiceAccount named after the Gateway', () => {
    const rb = find(objects, 'RoleBinding', 'inference-gateway-scc', 'agentgateway-system');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:openshift:scc:nonroot-v2' });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'inference-gateway', namespace: 'agentgateway-system' }]);
  });

  it('OpenShift: Route to the gateway Service on 8080, edge TLS, Redirect, timeout not below the request timeout', () => {
    const route = find(objects, 'Route', 'inference-gateway', 'agentgateway-system');
    expect(route.metadata.annotations).toEqual({ 'haproxy.router.openshift.io/timeout': '300s' });
    expect(route.spec).toEqual({
      to: { kind: 'Service', name: 'inference-gateway', weight: 100 },
      port: { targetPort: 8080 },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    });
  });

  it('every object validates against the pinned schemas', () => {
    for (const o of objects) expect(sharedValidator().validate(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it('is deterministic: a second synthesis is byte-identical', () => {
    const again = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator());
    expect(again.files).toEqual(out.files);
  });
});
