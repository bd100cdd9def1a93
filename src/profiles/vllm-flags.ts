/**
 * Facts about `vllm serve` flags that hold in every profile's vLLM: the flags that take one
 * value (or one list) and keep the last occurrence when given twice, by their canonical name,
 * with their short aliases.
 */
export const VLLM_SINGLE_VALUE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  '--model': [],
  '--served-model-name': [],
  '--port': [],
  '--host': [],
  '--lora-modules': [],
  '--max-loras': [],
  '--max-lora-rank': [],
  '--tensor-parallel-size': ['-tp'],
  '--pipeline-parallel-size': ['-pp'],
  '--data-parallel-size': ['-dp'],
  '--max-model-len': [],
  '--gpu-memory-utilization': [],
};

/** The canonical name of a vLLM flag given by `name` or a short alias, if it is in {@link VLLM_SINGLE_VALUE_FLAGS}. */
export function canonicalVllmFlag(name: string): string | undefined {
  if (name in VLLM_SINGLE_VALUE_FLAGS) return name;
  return Object.keys(VLLM_SINGLE_VALUE_FLAGS).find((f) => VLLM_SINGLE_VALUE_FLAGS[f].includes(name));
}
