import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { basic } from '../examples/basic';
import { customize } from '../examples/customize';
import { find, sharedValidator } from './helpers';

describe('README examples', () => {
  it('basic: two models, the second with replicas and a token secret, all objects schema-valid', () => {
    const objects = Testing.synth(basic(Testing.app()));
    for (const o of objects) expect(sharedValidator().validate(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
    const llama = find(objects, 'Deployment', 'vllm-tinyllama-11b', 'llm-d');
    expect(llama.spec.replicas).toBe(2);
    expect(llama.metadata.annotations['example.com/owner']).toBe('ml-platform');
    expect(find(objects, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].timeouts.request).toBe('600s');
    expect(find(objects, 'Route', 'inference-gateway').metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('600s');
  });

  it('customize: JSON patches reach the vLLM pod and the InferencePool through ApiObject.of', () => {
    const objects = Testing.synth(customize(Testing.app()));
    for (const o of objects) expect(sharedValidator().validate(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4' });
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].resources.requests.memory).toBe('200Gi');
    expect(find(objects, 'InferencePool', 'vllm-qwen3-06b').spec.endpointPickerRef.failureMode).toBe('FailOpen');
  });
});
