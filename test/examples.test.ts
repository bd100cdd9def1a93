import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { basic } from '../examples/basic';
import { customize } from '../examples/customize';
import { PROFILES } from '../src/profiles/profiles';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
import { find, ROOT } from './helpers';

// The examples build with the library default, upstream-2026-08; their objects are checked
// against that profile's schema set once it is in schemas/ (the stored set today is
// rhdev-2026-03's, whose v1.3.0 InferencePool has no appProtocol).
const upstreamSchemas = path.join(ROOT, 'schemas', PROFILES['upstream-2026-08'].schemaSet);
const hasUpstreamSchemas = fs.existsSync(path.join(upstreamSchemas, 'index.json'));

describe('README examples', () => {
  it('basic: two models, the second with replicas, a token secret and an annotation; a 10m timeout', () => {
    const objects = Testing.synth(basic(Testing.app()));
    const llama = find(objects, 'Deployment', 'vllm-tinyllama-11b', 'llm-d');
    expect(llama.spec.replicas).toBe(2);
    expect(llama.metadata.annotations['example.com/owner']).toBe('ml-platform');
    expect(llama.spec.template.spec.containers[0].env).toContainEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'llm-d-hf-token', key: 'HF_TOKEN' } } });
    expect(find(objects, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].timeouts.request).toBe('600s');
    expect(find(objects, 'Route', 'inference-gateway').metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('600s');
  });

  it('customize: JSON patches reach the vLLM pod and the InferencePool through ApiObject.of', () => {
    const objects = Testing.synth(customize(Testing.app()));
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4' });
    expect(find(objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].resources.requests.memory).toBe('200Gi');
    expect(find(objects, 'InferencePool', 'vllm-qwen3-06b').spec.endpointPickerRef.failureMode).toBe('FailOpen');
  });

  it.skipIf(!hasUpstreamSchemas)('every object of both examples is valid against the upstream-2026-08 schemas', () => {
    const validator = new SchemaValidator(upstreamSchemas);
    for (const objects of [Testing.synth(basic(Testing.app())), Testing.synth(customize(Testing.app()))]) {
      for (const o of objects) expect(validator.validate(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
    }
  });
});
