import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Catalog } from '../src/catalog/catalog';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { StackProfile } from '../src/profiles/profiles';
import { render, synthesize } from '../src/cli/synth';
import { loadManifestDir, parseManifests } from '../src/verify/input/manifests';
import { formatProblem } from '../src/verify/report/problem';
import { chatCompletion, verifyObjects } from '../src/verify/verify';
import { DEFAULT_CATALOG, find, isOwnOutputWarning, OWN_OUTPUT_WARNING, ROOT, sharedValidator, withoutOwnWarning } from './helpers';
import { dropOpenAiSurface, FIXTURES } from './verify-fixtures';

const GW = 'agentgateway-system/inference-gateway';
const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0';

let good: any[];
beforeAll(() => {
  good = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects;
});

/** The default output with one deliberate fault. */
function broken(mutate: (objects: any[]) => void): any[] {
  const objects = JSON.parse(JSON.stringify(good));
  mutate(objects);
  return objects;
}

/** Problems, minus the warning every variant of the default output has (the listener admits All). */
function problemsOf(objects: any[]): string[] {
  return withoutOwnWarning(verifyObjects(objects, sharedValidator()).problems.map(formatProblem));
}

const policyOf = (o: any[]) => find(o, 'AgentgatewayPolicy', 'inference-gateway-bbr');
const routingValue = (o: any[]) => policyOf(o).spec.traffic.transformation.request.set[0];

describe('verify: the default output', () => {
  it('verifies clean, evaluating CEL rules and simulating every model, an unknown one and a spoofed header', () => {
    const r = verifyObjects(good, sharedValidator());
    expect(withoutOwnWarning(r.problems.map(formatProblem))).toEqual([]);
    expect(r.problems.map(formatProblem).filter((s) => s.includes(OWN_OUTPUT_WARNING))).toHaveLength(1);
    expect(r.problems.map(formatProblem).every(isOwnOutputWarning)).toBe(true);
    // 24 of the article, 10 of the OpenAI surface (5 HTTPRoutes and their direct-response policies).
    expect(r.objects).toBe(34);
    expect(r.celRulesEvaluated).toBeGreaterThan(50);
    expect(r.simulations.map((s) => [s.request, s.expect, s.decision.routed])).toEqual([
      [`POST /v1/chat/completions model=${QWEN}`, 'route', true],
      [`POST /v1/chat/completions model=${LLAMA}`, 'route', true],
      ['POST /v1/chat/completions model=verify/no-such-model', 'no-route', false],
      [`POST /v1/chat/completions model=verify/no-such-model X-Gateway-Base-Model-Name: ${QWEN}`, 'no-route', false],
      ['GET /v1/models', 'no-route', false],
      [`GET /v1/models/${QWEN}`, 'no-route', false],
      [`GET /v1/models/${LLAMA}`, 'no-route', false],
      ['GET /v1/models/verify/no-such-model', 'no-route', false],
      ['POST /v1/chat/completions body=not JSON', 'no-route', false],
      ['POST /v1/chat/completions body={"messages":[]}', 'no-route', false],
    ]);
    expect(r.simulations.map((s) => s.decision.response?.status)).toEqual([undefined, undefined, 404, 404, 200, 200, 200, 404, 400, 400]);
  });
});

describe('verify: broken manifests, one fault each', () => {
  for (const f of FIXTURES) {
    it(`reports ${f.name}`, () => {
      expect(problemsOf(broken(f.mutate))).toEqual([f.problem]);
    });
  }

  it('accepts a cross-namespace backend once a ReferenceGrant allows it', () => {
    const objects = broken((o) => {
      const route = find(o, 'HTTPRoute', 'vllm-qwen3-06b');
      route.metadata.namespace = 'routes';
      route.spec.rules[0].backendRefs[0].namespace = 'llm-d';
      o.push({
        apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'routes-to-pools', namespace: 'llm-d' },
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'routes' }], to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool' }] },
      });
    });
    expect(problemsOf(objects)).toEqual([]);
  });

  it('catches a policy that lets a client-set header steer routing', () => {
    const objects = broken((o) => {
      routingValue(o).value = `'x-gateway-base-model-name' in request.headers ? request.headers['x-gateway-base-model-name'] : {"${QWEN}": "${QWEN}", "${LLAMA}": "${LLAMA}"}[json(request.body).model]`;
    });
    expect(problemsOf(objects)).toEqual([
      // Reported statically (rule policy-routing-header-from-body), so the simulated spoof is not repeated.
      `AgentgatewayPolicy ${GW}-bbr: spec.traffic.transformation.request.set[0].value: sets X-Gateway-Base-Model-Name, which HTTPRoutes match, from request.headers: a client that sends it picks the route, whatever model the body asks for (derive X-Gateway-Base-Model-Name from json(request.body).model only)`,
    ]);
  });

  it('catches a catch-all route that serves unknown models', () => {
    const objects = broken((o) => {
      const route = find(o, 'HTTPRoute', 'vllm-qwen3-06b');
      route.spec.rules.push({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: route.spec.rules[0].backendRefs });
      // without the gateway's own model_not_found route, which would answer the unknown model first
      dropOpenAiSurface(o);
    });
    expect(problemsOf(objects)).toEqual([
      `AgentgatewayPolicy ${GW}-bbr: spec.traffic.transformation: a request for an unknown model is routed: HTTPRoute llm-d/vllm-qwen3-06b rule 1 → InferencePool llm-d/vllm-qwen3-06b → Deployment llm-d/vllm-qwen3-06b port 8000 (picker vllm-qwen3-06b-epp:9002) (let only listed model names produce a routing header value)`,
    ]);
  });
});

describe('verify: upstream Helm chart output', () => {
  // The GAIE inferencepool chart renders the HTTPRoute without parentRefs[].namespace; the
  // reference deployment patches it in by hand. These manifests have that chart's shape.
  const chartShaped = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: vllm-qwen3-06b, namespace: llm-d}
spec:
  parentRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: inference-gateway}]
  rules:
  - backendRefs: [{group: inference.networking.k8s.io, kind: InferencePool, name: vllm-qwen3-06b}]
    matches:
    - path: {type: PathPrefix, value: /}
      headers: [{type: Exact, name: X-Gateway-Base-Model-Name, value: Qwen/Qwen3-0.6B}]
    timeouts: {request: 300s}
`;

  it('reports the chart\'s HTTPRoute as never attaching, naming the fix', () => {
    const objects = broken((o) => {
      const i = o.indexOf(find(o, 'HTTPRoute', 'vllm-qwen3-06b'));
      o.splice(i, 1, parseManifests(chartShaped, 'chart.yaml')[0].obj);
    });
    expect(problemsOf(objects)).toEqual([
      "HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace, which means the route's own namespace 'llm-d'; the Gateway is in 'agentgateway-system', so the route never attaches (set namespace: agentgateway-system)",
    ]);
  });

  // The renders themselves live outside the repository (../shared); checked when present.
  const renders = path.join(ROOT, '..', 'shared', 'reference', 'upstream-render');
  it.runIf(fs.existsSync(renders))('reports the real upstream renders as broken for the missing parentRef namespace', () => {
    const objects = [
      ...good.filter((o) => o.metadata.namespace === 'agentgateway-system'),
      ...fs.readdirSync(renders).filter((f) => /^(pool|ms)-.*[^s]\.yaml$/.test(f) && !f.endsWith('-values.yaml'))
        .flatMap((f) => parseManifests(fs.readFileSync(path.join(renders, f), 'utf8'), f).map((m) => m.obj)),
    ];
    const problems = verifyObjects(objects, sharedValidator(), 'llm-d').problems.map(formatProblem);
    for (const route of ['vllm-qwen3-06b', 'vllm-tinyllama-11b']) {
      expect(problems).toContain(`HTTPRoute llm-d/${route}: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace, which means the route's own namespace 'llm-d'; the Gateway is in 'agentgateway-system', so the route never attaches (set namespace: agentgateway-system)`);
    }
  });
});

describe('routing simulator', () => {
  const sim = () => verifyObjects(good, sharedValidator()).simulator;

  it('routes each model to its own pool, port and picker', () => {
    for (const [model, pool] of [[QWEN, 'vllm-qwen3-06b'], [LLAMA, 'vllm-tinyllama-11b']]) {
      const d = sim().simulate(GW, chatCompletion(model));
      expect(d).toMatchObject({ routed: true, route: `llm-d/${pool}`, rule: 0, pool: `llm-d/${pool}`, pods: [`Deployment llm-d/${pool}`], port: 8000, endpointPicker: `${pool}-epp:9002` });
      expect(d.headers['x-gateway-base-model-name']).toBe(model);
    }
  });

  it('gives "no route" with the reason for an unknown model, a non-JSON body and a GET without body', () => {
    const unknown = sim().simulate(GW, chatCompletion('gpt-4'));
    expect(unknown.routed).toBe(false);
    expect(unknown.reason).toBe('HTTPRoute llm-d/inference-gateway-model-not-found rule 0 is answered by AgentgatewayPolicy llm-d/inference-gateway-model-not-found: 404');
    expect(unknown.transformations).toEqual([
      `AgentgatewayPolicy ${GW}-bbr removed X-Gateway-Base-Model-Name: its expression failed (field not found: gpt-4)`,
      `AgentgatewayPolicy ${GW}-bbr set X-Gateway-Model-Status: unknown`,
    ]);
    const notJson = sim().simulate(GW, { method: 'POST', path: '/v1/chat/completions', body: 'model=Qwen/Qwen3-0.6B' });
    expect(notJson.routed).toBe(false);
    expect(notJson.transformations[0]).toMatch(/removed X-Gateway-Base-Model-Name: its expression failed \(.*JSON/);
    expect(notJson.response?.status).toBe(400);
    const get = sim().simulate(GW, { method: 'GET', path: '/v1/models' });
    expect(get.routed).toBe(false);
    expect(get.response?.status).toBe(200);
    // Without the gateway's own routes, a request no route matches is a bare route miss.
    const bare = verifyObjects(broken(dropOpenAiSurface), sharedValidator()).simulator.simulate(GW, chatCompletion('gpt-4'));
    expect(bare.reason).toMatch(/no rule of the 2 HTTPRoute\(s\) attached to Gateway .* matches/);
  });

  it('does not let a client-set routing header steer a request', () => {
    const spoofed = sim().simulate(GW, chatCompletion('gpt-4', { 'X-Gateway-Base-Model-Name': QWEN }));
    expect(spoofed.routed).toBe(false);
    expect(spoofed.headers).not.toHaveProperty('x-gateway-base-model-name');
    // and a valid body wins over a header naming another model
    const overwritten = sim().simulate(GW, chatCompletion(LLAMA, { 'X-Gateway-Base-Model-Name': QWEN }));
    expect(overwritten.pool).toBe('llm-d/vllm-tinyllama-11b');
  });

  it('applies Gateway API precedence: exact path over prefix, then more header matches', () => {
    const objects = broken((o) => {
      const route = find(o, 'HTTPRoute', 'vllm-tinyllama-11b');
      const rule = route.spec.rules[0];
      route.spec.rules.push({ ...rule, matches: [{ path: { type: 'Exact', value: '/v1/completions' }, headers: rule.matches[0].headers }] });
    });
    const s = verifyObjects(objects, sharedValidator()).simulator;
    expect(s.simulate(GW, { ...chatCompletion(LLAMA), path: '/v1/completions' }).rule).toBe(1);
    expect(s.simulate(GW, chatCompletion(LLAMA)).rule).toBe(0);
  });
});

describe('verify CLI input', () => {
  it('loads every YAML and JSON file under a directory, skipping empty documents and flattening Lists', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'verify-load-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), '---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'sub', 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }] }));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a manifest');
    expect(loadManifestDir(dir).map((m) => `${path.relative(dir, m.source)} ${m.obj.metadata.name}`)).toEqual(['a.yaml#2 a', 'sub/b.json#1 b']);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('synth refuses output that fails verification', () => {
  it('throws with the problem instead of rendering, when an escape hatch breaks the wiring', () => {
    const chart = new MultiModelGateway(new App({ outdir: 'unused' }), 'c', { profile: StackProfile.RHDEV_2026_03, models: [{ name: QWEN }] });
    ApiObject.of(chart.modelGateway.models[0]).addJsonPatch(JsonPatch.replace('/spec/targetPorts/0/number', 8200));
    expect(() => render(chart, sharedValidator())).toThrow(
      'the synthesized manifests fail verification, nothing written:\n  InferencePool llm-d/vllm-qwen3-06b: spec.targetPorts[0].number: no container of Deployment llm-d/vllm-qwen3-06b declares port 8200');
  });

  it('reports a chart without models before verifying', () => {
    expect(() => render(new MultiModelGateway(new App({ outdir: 'unused' }), 'c'), sharedValidator())).toThrow(/^the model gateway is incomplete:\n .*no models: add at least one with addModel\(\)/);
  });
});
