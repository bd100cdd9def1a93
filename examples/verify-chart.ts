// Verifying a chart from code, before or instead of `cdk8s synth`. Tests run it and check
// that the README shows the same lines (test/verifier.test.ts).
import { App } from 'cdk8s';
import { MultiModelGateway, Verifier } from '../src';

export function verifyChart(app: App): string {
  // README:start
  const chart = new MultiModelGateway(app, 'maas', { models: [{ name: 'Qwen/Qwen3-0.6B' }] });
  const report = Verifier.verifyChart(chart);
  if (!report.ok) throw new Error(report.problems.map((p) => p.text).join('\n'));
  const routing = report.routingReport; // the Markdown that synth writes as ROUTING.md
  // README:end
  return routing;
}
