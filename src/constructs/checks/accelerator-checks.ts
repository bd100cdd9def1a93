import { Accelerator, ACCELERATOR_NAMES } from '../../profiles/accelerator';
import { Problem, problem, quoted } from './problem';

/** An extended resource name: `<domain>/<name>`, outside the kubernetes.io domains. */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Longest resource name (a qualified name: 253 prefix + '/' + 63). */
const MAX_RESOURCE_NAME = 317;

/** The accelerator settings of one vLLM pod. */
export interface AcceleratorSettings {
  readonly accelerator?: Accelerator;
  readonly gpuResource?: string;
  readonly gpus?: number;
  readonly tensorParallelSize?: number;
  readonly pipelineParallelSize?: number;
  readonly dataParallelSize?: number;
}

/**
 * Problems of a pod's accelerator: a known vendor; a `gpuResource` that is an extended resource
 * name (such as a MIG slice, nvidia.com/mig-3g.40gb); a CPU server asks for no GPU count,
 * resource or parallelism.
 */
export function checkAccelerator(s: AcceleratorSettings): Problem[] {
  const accelerator = s.accelerator ?? Accelerator.NVIDIA;
  if (!ACCELERATOR_NAMES.includes(accelerator)) {
    return [problem('accelerator', quoted(String(accelerator)), `must be one of ${ACCELERATOR_NAMES.join(', ')}, got ${quoted(String(accelerator))}`)];
  }
  const problems: Problem[] = [];
  const r = s.gpuResource;
  if (r !== undefined && (r.length > MAX_RESOURCE_NAME || !RESOURCE_NAME.test(r) || /(^|\.)kubernetes\.io\//.test(r))) {
    problems.push(problem('gpuResource', quoted(r.slice(0, 80)), `must be an extended resource name <domain>/<name> outside kubernetes.io, got ${quoted(r.slice(0, 80))}`, 'e.g. nvidia.com/mig-3g.40gb'));
  }
  if (accelerator === Accelerator.CPU) {
    for (const field of ['gpuResource', 'gpus', 'tensorParallelSize', 'pipelineParallelSize', 'dataParallelSize'] as const) {
      if (s[field] === undefined) continue;
      problems.push(problem(field, quoted(String(s[field])), `is set, but accelerator is 'cpu', which requests no accelerator`, `remove '${field}', or choose a GPU accelerator`));
    }
  }
  return problems;
}
