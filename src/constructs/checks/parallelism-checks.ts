import { isMultiNode, multiNodeGpusPerPod } from './multi-node-checks';
import { Problem, problem } from './problem';

/** Largest tensor, pipeline or data parallel size: more than any single pod holds. */
export const MAX_PARALLEL_SIZE = 64;

/** The parallelism of one vLLM pod; absent sizes are 1. */
export interface ParallelismSettings {
  readonly gpus?: number;
  readonly tensorParallelSize?: number;
  readonly pipelineParallelSize?: number;
  readonly dataParallelSize?: number;
  /** Nodes one instance spans (multi-node: {@link checkMultiNode} checks the group). */
  readonly nodes?: number;
}

/** GPUs one pod needs for its parallelism: tensor × pipeline × data parallel size. */
export function parallelGpus(s: ParallelismSettings): number {
  return (s.tensorParallelSize ?? 1) * (s.pipelineParallelSize ?? 1) * (s.dataParallelSize ?? 1);
}

/** GPUs per pod: `gpus` when given, else derived from the parallelism (of a multi-node group: its share). */
export function gpusPerPod(s: ParallelismSettings): number {
  return isMultiNode(s) ? multiNodeGpusPerPod(s) : s.gpus ?? parallelGpus(s);
}

/**
 * Problems of a pod's parallelism: each size a whole number from 1 to {@link MAX_PARALLEL_SIZE},
 * and an explicit `gpus` equal to tensor × pipeline × data parallel size (so tensor parallel
 * divides it and no GPU sits idle).
 */
export function checkParallelism(s: ParallelismSettings): Problem[] {
  const problems: Problem[] = [];
  const sizes = [['tensorParallelSize', s.tensorParallelSize], ['pipelineParallelSize', s.pipelineParallelSize], ['dataParallelSize', s.dataParallelSize]] as const;
  let valid = true;
  for (const [field, value] of sizes) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > MAX_PARALLEL_SIZE) {
      valid = false;
      problems.push(problem(field, String(value), `must be a whole number from 1 to ${MAX_PARALLEL_SIZE}, got ${value}`));
    }
  }
  if (!valid || s.gpus === undefined || !Number.isInteger(s.gpus) || s.gpus < 1 || isMultiNode(s)) return problems;
  const needed = parallelGpus(s);
  if (s.gpus !== needed) {
    const tp = s.tensorParallelSize ?? 1;
    const why = s.gpus % tp !== 0 ? `tensorParallelSize ${tp} does not divide gpus ${s.gpus}` : `vLLM would use ${needed} GPU(s) and the pod requests ${s.gpus}`;
    problems.push(problem('gpus', String(s.gpus),
      `must equal tensorParallelSize × pipelineParallelSize × dataParallelSize = ${needed}, got ${s.gpus} (${why})`,
      `remove 'gpus' to derive it, or set it to ${needed}`));
  }
  return problems;
}
