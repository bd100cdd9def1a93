import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { RULES } from '../src/verify/rules/registry';
import { Simulation } from '../src/verify/simulator/requests';
import { verifyObjects, VerifyResult } from '../src/verify/verify';
import { isOwnOutputProblem, ROOT, sharedValidator } from './helpers';

/**
 * Every refusal or misroute of a simulated request is a rule result: a request-phase rule
 * reports it, or an earlier rule already reported an error (then request rules do not run).
 */
const RULES_DIR = path.join(ROOT, 'test', 'rules');
const BASE = path.join(RULES_DIR, 'request-model-routed', 'pass-one-model.yaml');
const REQUEST_RULES = new Set(RULES.filter((r) => r.phase === 'request').map((r) => r.id));

const load = (file: string) => YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o != null);
const verify = (objects: any[]) => verifyObjects(objects, sharedValidator(), 'default');

/** Whether a simulated request came out other than expected. */
function wrong(s: Simulation): boolean {
  if (s.expect === 'no-route') return s.probe === 'spoofed-header' ? s.decision.routed && s.decision.route !== s.unknownRoute : s.decision.routed;
  return !s.decision.routed || (s.servedByPool !== undefined && !s.servedByPool.includes(s.model));
}

/** The rule ids that account for the wrong simulations of a result. */
function accounted(result: VerifyResult): { wrong: number; reportedBy: string[]; earlierError: boolean } {
  const earlierError = result.problems.some((p) => p.severity === 'error' && !REQUEST_RULES.has(p.rule ?? ''));
  const reportedBy = [...new Set(result.problems.map((p) => p.rule ?? '').filter((r) => REQUEST_RULES.has(r)))].sort();
  return { wrong: result.simulations.filter(wrong).length, reportedBy, earlierError };
}

describe('simulated outcomes map to rule ids', () => {
  it('over every rule fixture: a wrong simulated outcome is reported by a request rule or follows an earlier error', () => {
    const files = fs.readdirSync(RULES_DIR).flatMap((d) => fs.readdirSync(path.join(RULES_DIR, d)).map((f) => path.join(RULES_DIR, d, f)));
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const assume = [...text.matchAll(/^# assume: (.*)$/gm)].map((m) => m[1].trim());
      const result = verifyObjects(load(file), sharedValidator(), 'default', { assume });
      const a = accounted(result);
      if (a.wrong === 0) continue;
      checked++;
      expect(a.earlierError || a.reportedBy.length > 0, `${path.relative(ROOT, file)}: ${a.wrong} wrong simulation(s) and no rule reports them`).toBe(true);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('a matching rule with no InferencePool backend: request-model-routed, naming the rule', () => {
    const objects = load(BASE);
    const route = objects.find((o) => o.kind === 'HTTPRoute');
    route.spec.rules[0].backendRefs = [{ name: 'vllm-qwen3-06b', port: 8000 }];
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'vllm-qwen3-06b', namespace: 'llm-d' }, spec: { selector: { app: 'vllm-qwen3-06b' }, ports: [{ port: 8000 }] } });
    const result = verify(objects);
    expect(result.problems.map((p) => p.rule)).toContain('request-model-routed');
    expect(result.problems.find((p) => p.rule === 'request-model-routed')?.message).toContain('HTTPRoute llm-d/vllm-qwen3-06b rule 0 matches but has no InferencePool backend');
  });

  it('a more specific route takes a readable map\'s model to pods that do not serve it: the simulation shows the wrong pool and a rule reports it', () => {
    const objects = load(path.join(RULES_DIR, 'request-model-pool', 'pass-each-model-its-pool.yaml'));
    const policy = objects.find((o) => o.kind === 'AgentgatewayPolicy');
    policy.spec.traffic.transformation.request.set[0].value = '{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B", "TinyLlama/TinyLlama-1.1B-Chat-v1.0": "TinyLlama/TinyLlama-1.1B-Chat-v1.0"}[string(json(request.body).model)]';
    // A second rule on the TinyLlama route: exact chat path plus Qwen's header, so it wins for Qwen.
    const tiny = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'vllm-tinyllama-11b');
    tiny.spec.rules.push({
      matches: [{ path: { type: 'Exact', value: '/v1/chat/completions' }, headers: [{ name: 'X-Gateway-Base-Model-Name', value: 'Qwen/Qwen3-0.6B' }] }],
      backendRefs: tiny.spec.rules[0].backendRefs,
    });
    const result = verify(objects);
    const errors = result.problems.filter((p) => p.severity === 'error');
    // The static rule sees the second route's pool too; the simulated request confirms the misroute.
    expect(errors.map((p) => p.rule)).toContain('policy-routing-map-served');
    const qwen = result.simulations.find((s) => s.probe === 'model' && s.model === 'Qwen/Qwen3-0.6B');
    expect(qwen?.decision.pool).toBe('llm-d/vllm-tinyllama-11b');
    expect(qwen && wrong(qwen)).toBe(true);
  });

  it('the clean stack: every simulation as expected and no request rule reports', () => {
    const result = verify(load(BASE));
    expect(result.simulations.map((s) => `${s.probe} ${s.decision.routed}`)).toEqual(['model true', 'unknown-model false', 'spoofed-header false']);
    expect(accounted(result)).toEqual({ wrong: 0, reportedBy: [], earlierError: false });
  });
});

describe('simulator fidelity: agentgateway CEL functions', () => {
  const withExpression = (expression: string, headerValue: string) => {
    const objects = load(BASE);
    objects.find((o) => o.kind === 'AgentgatewayPolicy').spec.traffic.transformation.request.set[0].value = expression;
    objects.find((o) => o.kind === 'HTTPRoute').spec.rules[0].matches[0].headers[0].value = headerValue;
    return verify(objects);
  };

  it('runs the strings extension agentgateway offers (lowerAscii): the model is routed, and nothing is reported', () => {
    const result = withExpression('string(json(request.body).model).lowerAscii()', 'qwen/qwen3-0.6b');
    expect(result.simulations.find((s) => s.probe === 'model')?.decision.routed).toBe(true);
    // The base stack's listener admits routes from all namespaces: that warning only.
    expect(result.problems.filter((p) => !isOwnOutputProblem(p))).toEqual([]);
    expect(result.problems.map((p) => `${p.severity} ${p.rule}`)).toContain('warning gateway-listener-allows-all-namespaces');
  });

  it('a function agentgateway offers but the simulator lacks (default): the requests are marked not simulated and no request rule judges them', () => {
    const result = withExpression('{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[default(json(request.body).model, "")]', 'Qwen/Qwen3-0.6B');
    const model = result.simulations.find((s) => s.probe === 'model');
    expect(model?.decision.unsimulated).toContain('calls default(), which agentgateway offers and the simulator does not implement');
    expect(result.problems.filter((p) => REQUEST_RULES.has(p.rule ?? ''))).toEqual([]);
  });

  it('a function nobody offers (toLower) is still a failed expression: the request gets no route and is reported', () => {
    const result = withExpression('{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[string(json(request.body).model.toLower())]', 'Qwen/Qwen3-0.6B');
    expect(result.simulations.find((s) => s.probe === 'model')?.decision.unsimulated).toBeUndefined();
    expect(result.problems.filter((p) => !isOwnOutputProblem(p)).map((p) => p.rule)).toEqual(['policy-transformation-cel', 'request-model-routed']);
  });
});
