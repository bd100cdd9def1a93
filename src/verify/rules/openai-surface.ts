import { GATEWAY_API, HTTPROUTE, POLICY } from '../model/model';
import { Simulation } from '../simulator/requests';
import { listedIds, openAiShapeProblem } from '../../util/openai';
import { finding, Rule, RuleContext } from './rule';

const quoteList = (ids: readonly string[], max = 5) => `${ids.slice(0, max).map((n) => `'${n}'`).join(', ')}${ids.length > max ? ` and ${ids.length - max} more` : ''}`;

/** The object a simulated answer is reported on: the answering policy, else the route taken, else the routing policy. */
function answerObject(ctx: RuleContext, s: Simulation): any {
  const d = s.decision;
  if (d.response) {
    const [ns, name] = d.response.policy.split('/');
    const p = ctx.model.index.get(POLICY, ns, name);
    if (p) return p;
  }
  if (d.route) {
    const [ns, name] = d.route.split('/');
    const r = ctx.model.index.get(HTTPROUTE, ns, name);
    if (r) return r;
  }
  return s.policy;
}

/** What a simulated request got, in words. */
function outcome(s: Simulation): string {
  const d = s.decision;
  if (d.response) return `HTTP ${d.response.status} from AgentgatewayPolicy ${d.response.policy}`;
  return d.routed ? `routed (${d.reason})` : `no answer of the gateway's own (${d.reason})`;
}

function* simulated(ctx: RuleContext): Iterable<Simulation> {
  for (const s of ctx.simulations()) if (!s.decision.unsimulated) yield s;
}

/** Whether an AgentgatewayPolicy's direct response is meant as JSON: a body that opens like JSON, or a target route that sets a JSON content-type. */
function meantAsJson(ctx: RuleContext, policy: any, body: string): boolean {
  if (/^\s*[[{]/.test(body)) return true;
  const ns = policy.metadata?.namespace;
  for (const ref of Array.isArray(policy.spec?.targetRefs) ? policy.spec.targetRefs : []) {
    if (ref?.kind !== 'HTTPRoute' || (ref.group ?? GATEWAY_API) !== GATEWAY_API) continue;
    const route = ctx.model.index.get(HTTPROUTE, ns, ref.name);
    for (const rule of Array.isArray(route?.spec?.rules) ? route.spec.rules : []) {
      for (const f of Array.isArray(rule?.filters) ? rule.filters : []) {
        for (const h of [...(f?.responseHeaderModifier?.set ?? []), ...(f?.responseHeaderModifier?.add ?? [])]) {
          if (String(h?.name).toLowerCase() === 'content-type' && /json/i.test(String(h?.value))) return true;
        }
      }
    }
  }
  return false;
}

/** `GET /v1/models`, `/v1/models/{id}` and the OpenAI errors the gateway answers itself (issue 11). */
export const OPENAI_SURFACE_RULES: Rule[] = [
  {
    id: 'request-model-list-complete',
    summary: 'GET /v1/models lists exactly the public model names the Gateway\'s HTTPRoutes serve.',
    severity: 'error',
    category: 'routing',
    appliesTo: ['AgentgatewayPolicy', 'HTTPRoute'],
    phase: 'request',
    remediation: 'List every served name in the model list, and list no name no route serves.',
    rationale: 'Clients (Open WebUI, SDKs) offer what GET /v1/models lists: a served model missing from it is invisible, and a listed model no route serves fails every request.',
    *check(ctx) {
      for (const s of simulated(ctx)) {
        if (s.probe !== 'listing' || !s.expectIds) continue;
        const d = s.decision;
        const ids = d.response ? (d.response.status === 200 ? listedIds(d.response.body) : undefined) : s.servedIds;
        if (!ids) {
          yield finding(answerObject(ctx, s), d.response ? 'spec.traffic.directResponse.body' : '', `GET /v1/models gets no model list: ${outcome(s)}`, 'answer GET /v1/models with the list of the served names');
          continue;
        }
        const listed = new Set(ids);
        const served = new Set(s.expectIds);
        const missing = s.expectIds.filter((n) => !listed.has(n));
        const extra = [...listed].filter((n) => !served.has(n));
        const field = d.response ? 'spec.traffic.directResponse.body' : 'data';
        if (missing.length) yield finding(answerObject(ctx, s), field, `the model list of GET /v1/models does not name ${quoteList(missing)}, which HTTPRoutes of Gateway ${d.gateway} serve`, 'list every served public name');
        if (extra.length) yield finding(answerObject(ctx, s), field, `the model list of GET /v1/models names ${quoteList(extra)}, which no HTTPRoute of Gateway ${d.gateway} serves: requests for it fail`, 'remove the name from the list, or serve it');
      }
    },
  },
  {
    id: 'request-model-by-id',
    summary: 'GET /v1/models/<name> answers 200 with that one model for every name the gateway answers directly.',
    severity: 'error',
    category: 'routing',
    appliesTo: ['AgentgatewayPolicy', 'HTTPRoute'],
    phase: 'request',
    remediation: 'Give each public name a GET /v1/models/<name> answer with its own model object.',
    rationale: 'SDKs retrieve a model by id before using it; a wrong or missing answer makes them refuse a served model.',
    *check(ctx) {
      for (const s of simulated(ctx)) {
        if (s.probe !== 'model-by-id' || !s.decision.response) continue;
        const r = s.decision.response;
        const ids = r.status === 200 ? listedIds(r.body) : undefined;
        if (!ids || ids.length !== 1 || ids[0] !== s.model) {
          yield finding(answerObject(ctx, s), 'spec.traffic.directResponse', `GET /v1/models/${s.model} gets HTTP ${r.status} with ${ids ? `the model(s) ${quoteList(ids)}` : 'no model object'}, not model '${s.model}'`, `answer 200 with {"id":"${s.model}","object":"model",...}`);
        }
      }
    },
  },
  {
    id: 'agentgatewaypolicy-direct-response-openai',
    summary: 'A JSON direct response is valid JSON in OpenAI\'s shape for its status: a model or model list for 2xx, an error object otherwise.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['AgentgatewayPolicy'],
    remediation: 'Write the body as OpenAI does: {"object":"list","data":[...]} or a model object for 200, {"error":{"message":..,"type":..}} for errors.',
    rationale: 'OpenAI clients parse every answer: a body that is not JSON, or an error without error.message, surfaces as a client crash instead of the reason.',
    *check(ctx) {
      for (const p of ctx.model.index.all(POLICY)) {
        const dr = p?.spec?.traffic?.directResponse;
        if (!dr || typeof dr.body !== 'string' || ctx.rejected(p)) continue;
        if (!meantAsJson(ctx, p, dr.body)) continue;
        const why = openAiShapeProblem(Number(dr.status), dr.body);
        if (why) yield finding(p, 'spec.traffic.directResponse.body', `the HTTP ${dr.status} body ${why}, so OpenAI clients cannot read it`, Number(dr.status) < 300 ? 'answer a model or {"object":"list","data":[...]}' : 'answer {"error":{"message":"...","type":"invalid_request_error","param":null,"code":null}}');
      }
    },
  },
  {
    id: 'request-openai-error-answered',
    summary: 'Where the Gateway answers OpenAI errors itself, an unknown model gets 404, an unknown id 404, and a body that is not JSON or has no model 400.',
    severity: 'error',
    category: 'routing',
    appliesTo: ['AgentgatewayPolicy'],
    phase: 'request',
    remediation: 'Let the 404 route match the status value the PreRouting policy gives unknown names, and keep the 400 catch-all (PathPrefix /, no header).',
    rationale: 'A 404 route whose header value the policy never produces never answers: unknown models fall to the 400 or to agentgateway\'s bare route miss, and clients cannot tell a typo from a broken request.',
    *check(ctx) {
      for (const s of simulated(ctx)) {
        if (s.expectStatus === undefined || s.probe === 'listing' || s.probe === 'model-by-id') continue;
        const got = s.decision.response?.status;
        if (got === s.expectStatus || s.decision.routed) continue;
        // A static listing server answers ids it does not list with its own 404.
        if (s.probe === 'unknown-by-id' && s.servedIds && !s.servedIds.includes(s.model)) continue;
        yield finding(s.policy, 'spec.traffic.transformation.request.set', `${s.request} gets ${outcome(s)}, not the ${s.expectStatus} OpenAI error`,
          s.expectStatus === 404 ? 'make the 404 route match the status header value this policy gives unknown names' : 'keep a catch-all route (PathPrefix /, no header match) answering 400');
      }
    },
  },
];

