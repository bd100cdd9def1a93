// README.md TypeScript block 1, verbatim but for the import path; test/readme.test.ts keeps them equal.
import { App, Duration } from 'cdk8s';
import { MultiModelGateway, Platform } from '../../src';

const app = new App();
const chart = new MultiModelGateway(app, 'maas', {
  platform: Platform.OPENSHIFT,
  gateway: { requestTimeout: Duration.minutes(10) },
  models: [{ name: 'Qwen/Qwen3-0.6B' }],
});
const llama = chart.addModel({ name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b', replicas: 2 });
llama.server.workload.metadata.addAnnotation('example.com/owner', 'ml-platform');
app.synth();
