/**
 * The accelerator vendor a vLLM server runs on: it decides the extended resource the pod
 * requests, the node taint it tolerates and the default image.
 */
export enum Accelerator {
  /** NVIDIA GPUs: `nvidia.com/gpu`. */
  NVIDIA = 'nvidia',
  /** AMD GPUs (ROCm): `amd.com/gpu`. */
  AMD = 'amd',
  /** Intel Gaudi: `habana.ai/gaudi`. */
  INTEL_GAUDI = 'intel-gaudi',
  /** Google TPU: `google.com/tpu`. */
  GOOGLE_TPU = 'google-tpu',
  /** No accelerator: vLLM's CPU build; the pod requests no extended resource. */
  CPU = 'cpu',
}

/** What a vendor's pods request and tolerate. */
export interface AcceleratorFacts {
  /** Extended resource name requested per accelerator; none for CPU. */
  readonly resource?: string;
  /** Key of the NoSchedule taint the vendor's device plugin or operator puts on its nodes. */
  readonly taintKey?: string;
}

/** Resource and taint of each vendor (resource names as the llm-d chart maps them). */
export const ACCELERATOR_FACTS: Record<Accelerator, AcceleratorFacts> = {
  [Accelerator.NVIDIA]: { resource: 'nvidia.com/gpu', taintKey: 'nvidia.com/gpu' },
  [Accelerator.AMD]: { resource: 'amd.com/gpu', taintKey: 'amd.com/gpu' },
  [Accelerator.INTEL_GAUDI]: { resource: 'habana.ai/gaudi', taintKey: 'habana.ai/gaudi' },
  [Accelerator.GOOGLE_TPU]: { resource: 'google.com/tpu', taintKey: 'google.com/tpu' },
  [Accelerator.CPU]: {},
};

/** The accepted accelerator names, for messages. */
export const ACCELERATOR_NAMES: readonly string[] = Object.values(Accelerator);
