import { unsafeArgReason } from '../container-args';
import { flagOf } from '../../util/cli-flags';
import { PROFILES, StackProfile } from '../../profiles/profiles';
import { Problem, problem, quoted } from './problem';

/** Most extra vLLM arguments per model. */
export const MAX_VLLM_ARGS = 64;
/** Longest extra vLLM argument. */
export const MAX_VLLM_ARG_LENGTH = 1024;
/** Largest `maxModelLen` (tokens): far above any model's context window, so a larger value is a typo. */
export const MAX_MODEL_LEN = 16_777_216;

/**
 * The vLLM flags the library sets, each with the key that sets it instead (`-` when none
 * should: the port is the pool's target port, vLLM listens on every address).
 */
export const MANAGED_VLLM_FLAGS: Readonly<Record<string, string>> = {
  '--model': 'name or uri',
  '--served-model-name': 'name and aliases',
  '--port': '-',
  '--host': '-',
  '--enable-lora': 'loraAdapters',
  '--lora-modules': 'loraAdapters',
  '--max-loras': 'loraAdapters',
  '--max-lora-rank': 'maxLoraRank',
  '--tensor-parallel-size': 'tensorParallelSize',
  '-tp': 'tensorParallelSize',
  '--pipeline-parallel-size': 'pipelineParallelSize',
  '-pp': 'pipelineParallelSize',
  '--data-parallel-size': 'dataParallelSize',
  '-dp': 'dataParallelSize',
  '--max-model-len': 'maxModelLen',
  '--gpu-memory-utilization': 'gpuMemoryUtilization',
  '--nnodes': 'nodes',
  '--node-rank': 'nodes',
  '--master-addr': 'nodes',
  '--headless': 'nodes',
  '--distributed-executor-backend': 'nodes',
};

export { flagOf };

/**
 * Problems of a model's extra vLLM arguments: bounded in count and length, starting with a flag
 * (a bare value would be read as a second model), no `$(` (the kubelet expands it), no flag the
 * library manages (listed, with the key to use) and none the profile's vLLM removed. Both
 * `--flag value` and `--flag=value` are read.
 */
export function checkVllmArgs(args: readonly string[] | undefined, profile: StackProfile): Problem[] {
  if (args === undefined) return [];
  if (args.length > MAX_VLLM_ARGS) {
    return [problem('vllmArgs', `${args.length} items`, `has ${args.length} items, at most ${MAX_VLLM_ARGS} are allowed`)];
  }
  const problems: Problem[] = [];
  const removed = PROFILES[profile].modelServer.removedFlags;
  args.forEach((arg, i) => {
    const path = `vllmArgs[${i}]`;
    if (typeof arg !== 'string' || arg.length === 0 || arg.length > MAX_VLLM_ARG_LENGTH) {
      problems.push(problem(path, String(arg).slice(0, 40), `must be a non-empty string of at most ${MAX_VLLM_ARG_LENGTH} characters`));
      return;
    }
    if (arg.includes('$(')) {
      problems.push(problem(path, quoted(arg), `${unsafeArgReason(arg)}, got ${quoted(arg)}`, 'write the value out'));
      return;
    }
    const flag = flagOf(arg);
    if (flag === undefined) {
      if (i === 0) problems.push(problem(path, quoted(arg), `must be a flag such as --enable-prefix-caching, got ${quoted(arg)} (vLLM would read a bare value as a second model)`));
      return;
    }
    const key = MANAGED_VLLM_FLAGS[flag];
    if (key !== undefined) {
      problems.push(problem(path, quoted(arg), `sets ${flag}, which the library manages (${Object.keys(MANAGED_VLLM_FLAGS).join(', ')})`,
        key === '-' ? `remove it: ${flag} is fixed so the InferencePool reaches vLLM` : `remove it and set the model's '${key}' instead`));
      return;
    }
    if (removed[flag] !== undefined) {
      problems.push(problem(path, quoted(arg), `sets ${flag}, which the ${profile} profile's vLLM ${PROFILES[profile].modelServer.version} does not accept: it was ${removed[flag]}`, 'remove it, or the server exits at start'));
    }
  });
  return problems;
}

/** Problems of `maxModelLen` (a positive whole number of tokens) and `gpuMemoryUtilization` (above 0, at most 1). */
export function checkVllmTuning(s: { readonly maxModelLen?: number; readonly gpuMemoryUtilization?: number }): Problem[] {
  const problems: Problem[] = [];
  const len = s.maxModelLen;
  if (len !== undefined && !(Number.isInteger(len) && len >= 1 && len <= MAX_MODEL_LEN)) {
    problems.push(problem('maxModelLen', String(len), `must be a whole number of tokens from 1 to ${MAX_MODEL_LEN}, got ${len}`, 'e.g. 32768'));
  }
  const util = s.gpuMemoryUtilization;
  if (util !== undefined && !(typeof util === 'number' && util > 0 && util <= 1)) {
    problems.push(problem('gpuMemoryUtilization', String(util), `must be a fraction above 0 and at most 1, got ${util}`, 'e.g. 0.9 (vLLM\'s default)'));
  }
  return problems;
}
