import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { checkedObjects } from '../src/cli/synth';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';

/** A construct whose validation counts its runs and reports `errors`. */
function counter(scope: Construct, id: string, errors: string[] = []): { runs: number } {
  const seen = { runs: 0 };
  new Construct(scope, id).node.addValidation({ validate: () => { seen.runs++; return errors; } });
  return seen;
}

describe('checkedObjects', () => {
  it('runs each construct validation once when the chart is valid (cdk8s validates while rendering)', () => {
    const chart = new MultiModelGateway(new App({ outdir: 'unused' }), 'c');
    chart.addModel({ name: 'org/m' });
    const seen = counter(chart, 'Counted');
    expect(checkedObjects(chart).length).toBeGreaterThan(5);
    expect(seen.runs).toBe(1);
  });

  it('names every invalid construct by path in its own message', () => {
    const chart = new MultiModelGateway(new App({ outdir: 'unused' }), 'c');
    chart.addModel({ name: 'org/m' });
    counter(chart, 'Broken', ['is broken']);
    expect(() => checkedObjects(chart)).toThrow(/^the model gateway is incomplete:\n {2}c\/Broken: is broken$/);
  });

  it("passes cdk8s's own error on when the problem is outside the chart", () => {
    const app = new App({ outdir: 'unused' });
    const chart = new MultiModelGateway(app, 'c');
    chart.addModel({ name: 'org/m' });
    counter(new Chart(app, 'other'), 'Broken', ['is broken elsewhere']);
    expect(() => checkedObjects(chart)).toThrow(/Validation failed with the following errors:\n {2}\[other\/Broken\] is broken elsewhere/);
  });
});
