import { createHash } from 'node:crypto';
import { ProfileMetrics } from '../profiles/profiles';

/** One query of a panel: PromQL and its legend. */
interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

/** One time-series panel: title, Grafana unit, queries. */
interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly targets: readonly Target[];
}

/** A row of panels under a heading. */
interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

const PANEL_WIDTH = 8;
const PANEL_HEIGHT = 8;
const GRID_COLUMNS = 24;

/**
 * The queries of the dashboard, per row, for the metrics of one profile. vLLM series carry
 * `model` (relabelled from the pod's model annotation by the PodMonitor); picker series carry
 * `model_name` per request and `name` (the pool) per pool.
 */
function rows(m: ProfileMetrics, namespace: string): RowSpec[] {
  const sel = `namespace="${namespace}", model=~"$model"`;
  const psel = `namespace="${namespace}"`;
  const rate = (metric: string, s: string = sel) => `rate(${metric}{${s}}[$__rate_interval])`;
  const quantile = (q: number, metric: string, by: string, s: string = sel) => `histogram_quantile(${q}, sum by (${by}, le) (${rate(`${metric}_bucket`, s)}))`;
  const v = m.vllm;
  const p = m.picker;
  return [
    {
      title: 'Traffic (vLLM)',
      panels: [
        { title: 'Requests finished per second', unit: 'reqps', targets: [{ expr: `sum by (model) (${rate(v.requestSuccess)})`, legendFormat: '{{model}}' }] },
        { title: 'Prompt tokens per second', unit: 'short', targets: [{ expr: `sum by (model) (${rate(v.promptTokens)})`, legendFormat: '{{model}}' }] },
        { title: 'Generated tokens per second', unit: 'short', targets: [{ expr: `sum by (model) (${rate(v.generationTokens)})`, legendFormat: '{{model}}' }] },
      ],
    },
    {
      title: 'Latency (vLLM)',
      panels: [
        { title: 'Time to first token (p50, p95)', unit: 's', targets: [0.5, 0.95].map((q) => ({ expr: quantile(q, v.timeToFirstToken, 'model'), legendFormat: `{{model}} p${q * 100}` })) },
        { title: 'Inter-token latency (p50, p95)', unit: 's', targets: [0.5, 0.95].map((q) => ({ expr: quantile(q, v.interTokenLatency, 'model'), legendFormat: `{{model}} p${q * 100}` })) },
        { title: 'End-to-end request latency (p50, p95)', unit: 's', targets: [0.5, 0.95].map((q) => ({ expr: quantile(q, v.e2eLatency, 'model'), legendFormat: `{{model}} p${q * 100}` })) },
      ],
    },
    {
      title: 'Queue and KV cache (vLLM)',
      panels: [
        { title: 'Requests running', unit: 'short', targets: [{ expr: `sum by (model) (${v.running}{${sel}})`, legendFormat: '{{model}}' }] },
        { title: 'Requests waiting', unit: 'short', targets: [{ expr: `sum by (model) (${v.waiting}{${sel}})`, legendFormat: '{{model}}' }] },
        { title: 'KV cache usage (busiest pod)', unit: 'percentunit', targets: [{ expr: `max by (model) (${v.kvCacheUsage}{${sel}})`, legendFormat: '{{model}}' }] },
      ],
    },
    {
      title: 'Endpoint picker',
      panels: [
        { title: 'Requests per second by requested model', unit: 'reqps', targets: [{ expr: `sum by (model_name) (${rate(p.requests, psel)})`, legendFormat: '{{model_name}}' }] },
        { title: 'Request duration (p95)', unit: 's', targets: [{ expr: quantile(0.95, p.requestDuration, 'model_name', psel), legendFormat: '{{model_name}}' }] },
        { title: 'Tokens per second (input, output)', unit: 'short', targets: [
          { expr: `sum by (model_name) (${rate(`${p.inputTokens}_sum`, psel)})`, legendFormat: '{{model_name}} input' },
          { expr: `sum by (model_name) (${rate(`${p.outputTokens}_sum`, psel)})`, legendFormat: '{{model_name}} output' },
        ] },
        { title: 'Pool KV cache utilization (average)', unit: 'percentunit', targets: [{ expr: `max by (name) (${p.poolKvCacheUtilization}{${psel}})`, legendFormat: '{{name}}' }] },
        { title: 'Pool queue size (average)', unit: 'short', targets: [{ expr: `max by (name) (${p.poolQueueSize}{${psel}})`, legendFormat: '{{name}}' }] },
        { title: 'Ready endpoints', unit: 'short', targets: [{ expr: `max by (name) (${p.readyEndpoints}{${psel}})`, legendFormat: '{{name}}' }] },
        { title: 'Scheduling time (p95)', unit: 's', targets: [{ expr: `histogram_quantile(0.95, sum by (le, pool) (${rate(`${p.schedulerDuration}_bucket`, psel)}))`, legendFormat: '{{pool}}' }] },
      ],
    },
  ];
}

/** A Grafana dashboard uid (at most 40 characters) stable for a gateway and namespace. */
export function dashboardUid(gatewayName: string, namespace: string): string {
  return `mg-${createHash('sha256').update(`${namespace}/${gatewayName}`).digest('hex').slice(0, 16)}`;
}

/**
 * The Grafana dashboard (JSON model, schemaVersion 39) of the models of one gateway in
 * `namespace`: requests, tokens, latency (TTFT, inter-token, end-to-end), queue and KV cache per
 * model from vLLM, and the endpoint pickers' request, token and pool metrics. A `datasource`
 * variable picks the Prometheus data source, a `model` variable the models. Deterministic:
 * the same inputs give the same text.
 */
export function grafanaDashboardJson(metrics: ProfileMetrics, gatewayName: string, namespace: string): string {
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  for (const row of rows(metrics, namespace)) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: GRID_COLUMNS, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((panel, i) => {
      const x = (i * PANEL_WIDTH) % GRID_COLUMNS;
      if (i > 0 && x === 0) y += PANEL_HEIGHT;
      panels.push({
        id: id++,
        type: 'timeseries',
        title: panel.title,
        datasource,
        gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x, y },
        fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: panel.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), datasource, expr: t.expr, legendFormat: t.legendFormat })),
      });
    });
    y += PANEL_HEIGHT;
  }
  const dashboard = {
    uid: dashboardUid(gatewayName, namespace),
    title: `Model gateway ${gatewayName} (${namespace})`,
    tags: ['cdk8s-model-gateway', 'vllm', 'llm'],
    editable: true,
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' },
        {
          name: 'model',
          label: 'Model',
          type: 'query',
          datasource,
          query: { query: `label_values(${metrics.vllm.running}{namespace="${namespace}"}, model)`, refId: 'models' },
          definition: `label_values(${metrics.vllm.running}{namespace="${namespace}"}, model)`,
          refresh: 2,
          multi: true,
          includeAll: true,
          current: { selected: true, text: ['All'], value: ['$__all'] },
          sort: 1,
        },
      ],
    },
    panels,
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
