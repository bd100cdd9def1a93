import { EndpointPickerFacts } from '../profiles/profiles';

/** Parameters of the metrics data source: vLLM serves Prometheus metrics on its API port over plain HTTP. */
const METRICS_SOURCE = ['  parameters:', '    scheme: http', '    path: /metrics', '    insecureSkipVerify: true'];

/**
 * The picker's `EndpointPickerConfig` file: the charts' default scheduling profile (queue 2,
 * kv-cache utilization 2, prefix cache 3) in the profile's config apiVersion; where the profile
 * declares its data layer, the `metrics-data-source` plugin feeding the
 * `core-metrics-extractor` (the llm-d-router chart's default file). With `loraAffinity`, the
 * profile's LoRA affinity scorer too, declared and weighted in the default profile.
 */
export function pickerConfig(facts: EndpointPickerFacts, loraAffinity: boolean = false): string {
  const lora = facts.loraAffinityScorer;
  const lines = [
    `apiVersion: ${facts.configApiVersion}`,
    'kind: EndpointPickerConfig',
    'plugins:',
    '- type: queue-scorer',
    '- type: kv-cache-utilization-scorer',
    '- type: prefix-cache-scorer',
    ...(loraAffinity ? [`- type: ${lora.type}`] : []),
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
    ...(loraAffinity ? [`  - pluginRef: ${lora.type}`, `    weight: ${lora.weight}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
