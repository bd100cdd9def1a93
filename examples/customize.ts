// Customizing inner constructs. Tests type-check and synthesize it (test/examples.test.ts).
import { App, ApiObject, JsonPatch } from 'cdk8s';
import { MultiModelGateway } from '../src';

export function customize(app: App): MultiModelGateway {
  const chart = new MultiModelGateway(app, 'maas');
  const qwen = chart.addModel({ name: 'Qwen/Qwen3-0.6B' });

  // Pin vLLM pods to a GPU product with a literal nodeSelector, and request memory.
  ApiObject.of(qwen.server).addJsonPatch(
    JsonPatch.add('/spec/template/spec/nodeSelector', { 'nvidia.com/gpu.product': 'NVIDIA-L4' }),
    JsonPatch.add('/spec/template/spec/containers/0/resources/requests/memory', '200Gi'),
  );
  // Let the endpoint picker fail open when it is down.
  ApiObject.of(qwen).addJsonPatch(JsonPatch.add('/spec/endpointPickerRef/failureMode', 'FailOpen'));
  return chart;
}
