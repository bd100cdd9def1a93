// The README's example. Tests type-check and synthesize it (test/examples.test.ts).
import { App, Duration } from 'cdk8s';
import { MultiModelGateway, Platform } from '../src';

export function basic(app: App): MultiModelGateway {
  const chart = new MultiModelGateway(app, 'maas', {
    platform: Platform.OPENSHIFT,
    gateway: { requestTimeout: Duration.minutes(10) },
    models: [{ name: 'Qwen/Qwen3-0.6B' }],
  });

  // addModel returns what it created: pool, route, endpoint picker and vLLM server.
  const llama = chart.addModel({
    name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
    pool: 'vllm-tinyllama-11b',
    replicas: 2,
    hfTokenSecret: 'llm-d-hf-token',
  });
  llama.server.workload.metadata.addAnnotation('example.com/owner', 'ml-platform');
  return chart;
}
