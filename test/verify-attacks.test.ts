import { dropOpenAiSurface } from './verify-fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';
import { formatProblem } from '../src/verify/report/problem';
import { VERIFY_IGNORE_ANNOTATION } from '../src/verify/rules/verify-ignore';
import { chatCompletion, UNKNOWN_MODEL, verifyObjects } from '../src/verify/verify';
import { DEFAULT_CATALOG, find, sharedValidator, withoutOwnWarning } from './helpers';

/** Attacks on the synthesized default output that `verify` must see through (issue 8). */
const GW = 'agentgateway-system/inference-gateway';
const QWEN = 'Qwen/Qwen3-0.6B';

let good: any[];
beforeAll(() => {
  good = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects;
});

const copy = (): any[] => JSON.parse(JSON.stringify(good));
const sourcesOf = (objects: any[], extra: number) => [...objects.slice(0, objects.length - extra).map((_, i) => `dist/all.yaml#${i + 1}`), ...Array.from({ length: extra }, (_, i) => `overlay/policy.yaml#${i + 1}`)];

/** The body-routing policy, redefined to let a client header pick the routing header. */
function clientHeaderPolicy(objects: any[]): any {
  const policy = JSON.parse(JSON.stringify(find(objects, 'AgentgatewayPolicy', 'inference-gateway-bbr')));
  policy.spec.traffic.transformation.request.set[0].value = 'request.headers["x-model"]';
  return policy;
}

describe('attack: a duplicate object replaces the real one', () => {
  it('reports the second AgentgatewayPolicy as a duplicate naming the first, and simulates the one applied (the last)', () => {
    const objects = copy();
    // without the gateway's own OpenAI routes: the tampered policy's header would tie with the model_not_found route
    dropOpenAiSurface(objects);
    const policyAt = objects.findIndex((o) => o.kind === 'AgentgatewayPolicy');
    objects.push(clientHeaderPolicy(objects));
    const r = verifyObjects(objects, sharedValidator(), 'default', { sources: sourcesOf(objects, 1) });
    expect(r.problems.filter((p) => p.rule === 'duplicate-object').map(formatProblem)).toEqual([
      `warning: overlay/policy.yaml#1: AgentgatewayPolicy ${GW.split('/')[0]}/inference-gateway-bbr: is also defined in dist/all.yaml#${policyAt + 1}: applied together, this one replaces it, and only this one is verified for wiring (keep one definition; for kustomize overlays, verify the output of kustomize build of each overlay)`,
    ]);
    // The graph holds the applied (last) definition only: one routing map, the client-header one.
    expect(r.model.routingMaps.get(GW)?.map((m) => m.expression)).toEqual(['request.headers["x-model"]', expect.stringContaining('? "known" : "unknown"')]);
    // The applied policy lets a client pick any model, whatever the body says...
    const spoofed = r.simulator.simulate(GW, chatCompletion(UNKNOWN_MODEL, { 'x-model': QWEN }));
    expect([spoofed.routed, spoofed.route]).toEqual([true, 'llm-d/vllm-qwen3-06b']);
    // ...and verify fails on it, naming the back door, instead of saying "no problems".
    expect(r.problems.some((p) => (p.severity ?? 'error') === 'error')).toBe(true);
    expect(r.problems.filter((p) => p.rule === 'policy-routing-header-from-body').map((p) => p.source)).toEqual(['overlay/policy.yaml#1']);
    // Even with that rule off, the simulated requests show the body no longer routes.
    const off = verifyObjects(objects, sharedValidator(), 'default', { sources: sourcesOf(objects, 1), disable: ['policy-routing-header-from-body'] });
    expect(off.problems.map(formatProblem).some((s) => s.includes(`a chat completion for model '${QWEN}' gets no route`))).toBe(true);
  });

  it('simulates the real policy when it is the one defined last', () => {
    const objects = copy();
    const real = objects.splice(objects.findIndex((o) => o.kind === 'AgentgatewayPolicy'), 1)[0];
    objects.push(clientHeaderPolicy([real]), real);
    const r = verifyObjects(objects, sharedValidator(), 'default', { sources: sourcesOf(objects, 2) });
    expect(withoutOwnWarning(r.problems.map(formatProblem))).toEqual([
      expect.stringContaining('overlay/policy.yaml#2: AgentgatewayPolicy agentgateway-system/inference-gateway-bbr: is also defined in overlay/policy.yaml#1'),
    ]);
    expect(r.model.routingMaps.get(GW)?.map((m) => m.expression)).toEqual(real.spec.traffic.transformation.request.set.map((x: any) => x.value));
    expect(r.simulator.simulate(GW, chatCompletion(UNKNOWN_MODEL, { 'x-model': QWEN })).routed).toBe(false);
    expect(r.simulations.filter((s) => s.probe === 'model').every((s) => s.decision.routed)).toBe(true);
  });
});

describe('attack: a route in another namespace takes a model\'s traffic', () => {
  /** An HTTPRoute in team-a, admitted by the listener (from: All), more specific than the model's. */
  const hijack = (annotations: Record<string, string> = {}) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'chat', namespace: 'team-a', annotations },
    spec: {
      parentRefs: [{ name: 'inference-gateway', namespace: 'agentgateway-system' }],
      rules: [{
        matches: [{ path: { type: 'Exact', value: '/v1/chat/completions' }, headers: [{ name: 'X-Gateway-Base-Model-Name', type: 'Exact', value: QWEN }] }],
        backendRefs: [{ name: 'prompt-logger', port: 8080 }],
      }],
    },
  });

  it('reports on the model\'s own route that the other route takes its requests, and the listener that let it in', () => {
    const r = verifyObjects([...copy(), hijack()], sharedValidator());
    const own = r.problems.filter((p) => p.rule === 'request-model-own-route');
    expect(own.map(formatProblem)).toEqual([
      `HTTPRoute llm-d/vllm-qwen3-06b: spec.rules[0].matches[0].headers[0].value: a chat completion for model '${QWEN}' is taken by HTTPRoute team-a/chat (rule 0), not by the model's own route llm-d/vllm-qwen3-06b: its match is more specific, so it receives the model's traffic (remove HTTPRoute team-a/chat or its match, and admit routes to the Gateway only from the model namespaces (allowedRoutes.namespaces.from: Selector or Same))`,
    ]);
    expect(r.problems.filter((p) => p.rule === 'gateway-listener-allows-all-namespaces')).toHaveLength(1);
    // The other model keeps its route.
    expect(r.simulations.find((s) => s.model.startsWith('TinyLlama'))?.decision.route).toBe('llm-d/vllm-tinyllama-11b');
  });

  it('cannot be hidden by a verify-ignore annotation on the hijacking route', () => {
    const r = verifyObjects([...copy(), hijack({ [VERIFY_IGNORE_ANNOTATION]: 'request-model-own-route: ours' })], sharedValidator());
    expect(r.problems.filter((p) => p.rule === 'request-model-own-route')).toHaveLength(1);
    expect(r.ignored).toEqual([]);
  });

  it('is not reported when the other route is less specific than the model\'s', () => {
    const route = hijack();
    route.spec.rules[0].matches = [{ path: { type: 'PathPrefix', value: '/v1/embeddings' } }] as any;
    const r = verifyObjects([...copy(), route], sharedValidator());
    expect(r.problems.filter((p) => p.rule === 'request-model-own-route')).toEqual([]);
    expect(r.simulations.find((s) => s.model === QWEN)?.decision.route).toBe('llm-d/vllm-qwen3-06b');
  });
});
