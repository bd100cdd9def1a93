import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { verifyChart } from '../examples/verify-chart';
import { MultiModelGateway, StackProfile } from '../src';
import { render } from '../src/cli/synth';
import { Verifier } from '../src/verify/verifier';
import { formatProblem } from '../src/verify/report/problem';
import { verifyObjects } from '../src/verify/verify';
import { isOwnOutputWarning, OWN_OUTPUT_WARNING, ROOT, sharedValidator, withoutOwnWarning } from './helpers';

const PARENT_REF_PROBLEM = /^HTTPRoute llm-d\/vllm-qwen3-06b: spec\.parentRefs\[0\]\.namespace: names Gateway 'inference-gateway' without a namespace.*\(set namespace: agentgateway-system\)$/;

/** Two models; with `broken`, the first model's HTTPRoute parentRef loses the Gateway's namespace through the escape hatch. */
function chart(app: App = Testing.app(), broken = false): MultiModelGateway {
  const c = new MultiModelGateway(app, 'maas', { profile: StackProfile.RHDEV_2026_03 });
  const qwen = c.addModel({ name: 'Qwen/Qwen3-0.6B' });
  c.addModel({ name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' });
  if (broken) ApiObject.of(qwen.route).addJsonPatch(JsonPatch.remove('/spec/parentRefs/0/namespace'));
  return c;
}

const brokenChart = () => chart(Testing.app(), true);

describe('Verifier (library API)', () => {
  it('verifyChart: a sound chart has no error (and no listener warning: it admits the models\' namespace only), every simulated request behaves, and the routing report is what synth writes', () => {
    const c = chart();
    const report = Verifier.verifyChart(c);
    expect(withoutOwnWarning(report.problems.map((p) => p.text))).toEqual([]);
    expect(report.problems.map((p) => p.text).filter((t) => t.includes(OWN_OUTPUT_WARNING))).toHaveLength(0);
    expect(report.problems.every((p) => isOwnOutputWarning(p.text))).toBe(true);
    expect(report.ok).toBe(true);
    expect(report.objects).toBe(c.toJson().length);
    expect(report.kinds.InferencePool).toBe(2);
    expect(report.celRulesEvaluated).toBeGreaterThan(0);
    // Two models, an unknown one and a spoofed header; then what the gateway answers itself (list, 2 by id, unknown id, not JSON, no model).
    expect(report.simulations.map((s) => [s.expectRouted, s.routed])).toEqual([[true, true], [true, true], ...Array(8).fill([false, false])]);
    expect(report.routingReport).toBe(render(chart(), sharedValidator()).files.get('ROUTING.md'));
    expect(Verifier.routingReport(c.toJson())).toBe(report.routingReport);
  });

  it('verifyChart: a parentRef broken through the escape hatch is reported with the CLI text and its parts', () => {
    const report = Verifier.verifyChart(brokenChart());
    expect(report.ok).toBe(false);
    expect(withoutOwnWarning(report.problems.map((x) => x.text))).toHaveLength(1);
    const [p] = report.problems.filter((x) => !isOwnOutputWarning(x.text));
    expect(p.text).toMatch(PARENT_REF_PROBLEM);
    expect(p).toMatchObject({ kind: 'HTTPRoute', namespace: 'llm-d', name: 'vllm-qwen3-06b', field: 'spec.parentRefs[0].namespace', fix: 'set namespace: agentgateway-system' });
    // Exactly what the CLI's verifier says about the same objects.
    expect(report.problems.map((x) => x.text)).toEqual(verifyObjects(brokenChart().toJson(), sharedValidator()).problems.map(formatProblem));
  });

  it('disable, enable and verify-ignore work as on the CLI; warnings do not make ok false', () => {
    // With the static rule off, the simulated request still finds the model unreachable.
    const errorsOf = (r: { problems: { rule: string; severity: string }[] }) => r.problems.filter((p) => p.severity === 'error').map((p) => p.rule);
    expect(errorsOf(Verifier.verifyChart(brokenChart(), { disable: ['httproute-parent-namespace'] }))).toEqual(['request-model-routed']);
    expect(Verifier.verifyChart(brokenChart(), { disable: ['httproute-parent-namespace', 'request-model-routed'] }).ok).toBe(true);
    expect(() => Verifier.verifyChart(brokenChart(), { disable: ['no-such-rule'] })).toThrow("unknown rule 'no-such-rule'");
    const ignoring = brokenChart();
    ApiObject.of(ignoring.node.findAll().map((c) => c as any).find((c) => c.kind === 'HTTPRoute' && c.name === 'vllm-qwen3-06b'))
      .metadata.addAnnotation('cdk8s-model-gateway.github.io/verify-ignore', 'httproute-parent-namespace: attached by the platform team');
    const r = Verifier.verifyChart(ignoring);
    expect(errorsOf(r)).toEqual(['request-model-routed']);
    expect(r.ignored.map((p) => [p.rule, p.severity, p.ignoredBecause])).toEqual([['httproute-parent-namespace', 'error', 'attached by the platform team']]);
    // A second pool over the same pods, routed nothing: a warning only.
    const app = Testing.app();
    const c = chart(app);
    const pool = c.toJson().find((o: any) => o.kind === 'InferencePool');
    const warned = Verifier.verifyManifests([...c.toJson(), { ...pool, metadata: { ...pool.metadata, name: 'canary' } }]);
    expect(warned.problems.map((p) => [p.rule, p.severity])).toContainEqual(['inferencepool-selector-overlap', 'warning']);
  });

  it('verifyYaml reads multi-document YAML and Lists like the CLI, with the same problems as verifyManifests', () => {
    const objects = brokenChart().toJson();
    const fromYaml = Verifier.verifyYaml(Yaml.stringify(...objects));
    expect(fromYaml.problems.map((p) => p.text)).toEqual(Verifier.verifyManifests(objects).problems.map((p) => p.text));
    const asList = Verifier.verifyYaml(Yaml.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    expect(asList.objects).toBe(objects.length);
    expect(asList.problems.map((p) => p.text)).toEqual(fromYaml.problems.map((p) => p.text));
    expect(() => Verifier.verifyYaml('a: [', {}, 'bad.yaml')).toThrow(/^bad\.yaml: not valid YAML/);
  });

  it('verifyApp checks wiring across charts: a route in another chart is judged against the Gateway of this one', () => {
    const app = Testing.app();
    chart(app);
    const extra = new Chart(app, 'extra');
    new ApiObject(extra, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'extra', namespace: 'llm-d' },
      spec: { parentRefs: [{ name: 'inference-gateway' }], rules: [{ backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'vllm-qwen3-06b' }] }] },
    });
    const texts = Verifier.verifyApp(app).problems.map((p) => p.text);
    expect(texts.some((t) => t.startsWith("HTTPRoute llm-d/extra: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace"))).toBe(true);
    // The same route alone has no Gateway to be judged against: a different problem.
    expect(Verifier.verifyChart(extra).problems.map((p) => p.text)).not.toEqual(texts);
  });

  it('namespace option: namespaced objects without one get it, as with verify --namespace', () => {
    const objects = brokenChart().toJson().map((o: any) => (o.kind === 'HTTPRoute' ? { ...o, metadata: { ...o.metadata, namespace: undefined } } : o));
    expect(Verifier.verifyManifests(objects, { namespace: 'llm-d' }).problems.map((p) => p.text)).toEqual(Verifier.verifyChart(brokenChart()).problems.map((p) => p.text));
    expect(Verifier.verifyManifests(objects).problems.some((p) => p.namespace === 'default' && p.kind === 'HTTPRoute')).toBe(true);
  });

  it('refuses input it cannot verify with one sentence naming it', () => {
    expect(() => Verifier.verifyManifests({ kind: 'Pod' } as any)).toThrow('Verifier.verifyManifests: manifests must be an array of Kubernetes objects, got object');
    expect(() => Verifier.verifyManifests([], { namespace: 'Not_A_Namespace' })).toThrow("namespace: 'Not_A_Namespace' is not a Kubernetes namespace name");
  });

  it('the README shows the example that this test runs', () => {
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'verify-chart.ts'), 'utf8');
    const snippet = example.split('// README:start\n')[1].split('  // README:end')[0].replace(/^ {2}/gm, '');
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(snippet);
    expect(verifyChart(Testing.app())).toContain('# Routing report');
  });
});
