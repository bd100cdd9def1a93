import { Simulation } from '../simulator/requests';
import { finding, Finding, Rule, RuleContext } from './rule';

const FIELD = 'spec.traffic.transformation';

const requestRule = (id: string, summary: string, remediation: string, rationale: string, judge: (s: Simulation) => Finding | undefined): Rule => ({
  id, summary, remediation, rationale, severity: 'error', category: 'routing', appliesTo: ['AgentgatewayPolicy'], phase: 'request',
  *check(ctx: RuleContext) {
    for (const s of ctx.simulations()) {
      // An outcome the simulator could not compute is not judged.
      if (s.decision.unsimulated) continue;
      const f = judge(s);
      if (f) yield f;
    }
  },
});

/** Simulated requests through each Gateway with a body-routing policy. */
export const REQUEST_RULES: Rule[] = [
  requestRule('request-model-routed', 'A chat completion for each public model name gets a route and a pool.',
    'Route every served name: add it to the routing map and give it an HTTPRoute.',
    'A listed model that gets no route answers 404 to every client.',
    (s) => (s.probe === 'model' && !s.decision.routed
      ? finding(s.policy, FIELD, `a chat completion for model '${s.model}' gets no route: ${s.decision.reason}`, 'route every served name') : undefined)),
  requestRule('request-model-pool', 'A chat completion for a model reaches a pool whose pods serve that model.',
    'Route the name to the pool that serves it.',
    'A request routed to pods that do not serve the model gets 404 from vLLM.',
    (s) => (s.probe === 'model' && s.servedByPool && !s.servedByPool.includes(s.model)
      ? finding(s.policy, FIELD, `a chat completion for model '${s.model}' reaches InferencePool ${s.decision.pool}, whose pods serve ${s.servedByPool.map((n) => `'${n}'`).join(', ')}`, 'route the name to the pool that serves it') : undefined)),
  requestRule('request-unknown-model-refused', 'A chat completion for a model nobody serves is not routed.',
    'Let only listed model names produce a routing header value.',
    'A catch-all route sends unknown names to some model\'s pods, which answer with a confusing 404, or worse, serve them.',
    (s) => (s.probe === 'unknown-model' && s.decision.routed
      ? finding(s.policy, FIELD, `a request for an unknown model is routed: ${s.decision.reason}`, 'let only listed model names produce a routing header value') : undefined)),
  requestRule('request-routing-header-not-spoofable', 'A client that sends the routing header itself cannot steer a request.',
    'Make the policy set the routing header in every case (a failed expression removes it).',
    'If the header survives from the client, anyone can pick a backend regardless of the model asked for.',
    (s) => (s.probe === 'spoofed-header' && s.decision.routed && s.decision.route !== s.unknownRoute
      ? finding(s.policy, FIELD, `a client-set ${s.spoofed!.header}: ${s.spoofed!.value} steers a request for an unknown model: ${s.decision.reason}`, `make the policy set ${s.spoofed!.header} in every case (a failed expression removes it)`) : undefined)),
];
