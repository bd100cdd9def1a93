import { EndpointPickerFacts } from '../profiles/profiles';

/** Parameters of the metrics data source: vLLM serves Prometheus metrics on its API port over plain HTTP. */
const METRICS_SOURCE = ['  parameters:', '    scheme: http', '    path: /metrics', '    insecureSkipVerify: true'];

/**
 * The picker's `EndpointPickerConfig` file: the charts' default scheduling profile (queue 2,
 * kv-cache utilization 2, prefix cache 3) in the profile's config apiVersion; where the profile
 * declares its data layer, the `metrics-data-source` plugin feeding the
 * `core-metrics-extractor` (the llm-d-router chart's default file).
 */
export function pickerConfig(facts: EndpointPickerFacts): string {
  const lines = [
    `apiVersion: ${facts.configApiVersion}`,
    'kind: EndpointPickerConfig',
    'plugins:',
    '- type: queue-scorer',
    '- type: kv-cache-utilization-scorer',
    '- type: prefix-cache-scorer',
    ...(facts.dataLayerPlugins ? ['- type: metrics-data-source', ...METRICS_SOURCE, '- type: core-metrics-extractor'] : []),
    ...(facts.dataLayerPlugins ? [
      'dataLayer:',
      '  sources:',
      '  - pluginRef: metrics-data-source',
      '    extractors:',
      '    - pluginRef: core-metrics-extractor',
    ] : []),
    'schedulingProfiles:',
    '- name: default',
    '  plugins:',
    '  - pluginRef: queue-scorer',
    '    weight: 2',
    '  - pluginRef: kv-cache-utilization-scorer',
    '    weight: 2',
    '  - pluginRef: prefix-cache-scorer',
    '    weight: 3',
  ];
  return `${lines.join('\n')}\n`;
}
