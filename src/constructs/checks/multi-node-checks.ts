import { Problem, problem } from './problem';
import { Accelerator } from '../../profiles/accelerator';

/** Most nodes one model spans: more than any pipeline-parallel deployment uses. */
export const MAX_NODES = 64;

/** The settings of a model that spans nodes (a LeaderWorkerSet group); absent sizes take their defaults. */
export interface MultiNodeSettings {
  /** Pods of one group, one per node. */
  readonly nodes?: number;
  /** GPUs of each pod. */
  readonly gpus?: number;
  readonly tensorParallelSize?: number;
  readonly pipelineParallelSize?: number;
  readonly dataParallelSize?: number;
  readonly accelerator?: Accelerator;
  /** The Deployment rollout asked for; a LeaderWorkerSet has none. */
  readonly rollout?: string;
}

/** Whether the settings ask for more than one node. */
export function isMultiNode(s: MultiNodeSettings): boolean {
  return (s.nodes ?? 1) > 1;
}

/** Pipeline stages of a multi-node model: as given, else one per node. */
export function pipelineStages(s: MultiNodeSettings): number {
  return s.pipelineParallelSize ?? s.nodes ?? 1;
}

/** GPUs of each pod of a multi-node model: `gpus`, else the group's (stages × tensor parallel) shared by the nodes. */
export function multiNodeGpusPerPod(s: MultiNodeSettings): number {
  return s.gpus ?? ((s.tensorParallelSize ?? 1) * pipelineStages(s)) / (s.nodes ?? 1);
}

const isSize = (v: number | undefined, max: number = Number.MAX_SAFE_INTEGER): boolean => v === undefined || (Number.isInteger(v) && v >= 1 && v <= max);

/**
 * Problems of a model spanning `nodes` nodes: a whole number from 1 to {@link MAX_NODES}; above
 * 1, a GPU accelerator, no data parallelism (the group is one vLLM instance: more instances are
 * more replicas), whole pipeline stages per node, tensor parallel within a node (it divides the
 * GPUs of a pod), and the GPUs of the group (nodes × gpus) equal to stages × tensor parallel.
 * Invalid parallel sizes are {@link checkParallelism}'s to report.
 */
export function checkMultiNode(s: MultiNodeSettings): Problem[] {
  const nodes = s.nodes;
  if (nodes === undefined) return [];
  if (!isSize(nodes, MAX_NODES)) {
    return [problem('nodes', String(nodes), `must be a whole number from 1 to ${MAX_NODES}, got ${nodes}`)];
  }
  if (nodes === 1) return [];
  if (s.accelerator === Accelerator.CPU) {
    return [problem('nodes', String(nodes), `is ${nodes}, but accelerator is 'cpu': a multi-node model splits its layers across the GPUs of several nodes`, "remove 'nodes', or choose a GPU accelerator")];
  }
  const problems: Problem[] = [];
  if (s.rollout !== undefined) {
    problems.push(problem('rollout', `'${s.rollout}'`,
      `is set with nodes ${nodes}, but a multi-node model is a LeaderWorkerSet, which replaces a whole group at a time and has no Deployment strategy`,
      "remove 'rollout'"));
  }
  if (s.dataParallelSize !== undefined && s.dataParallelSize !== 1) {
    problems.push(problem('dataParallelSize', String(s.dataParallelSize),
      `is ${s.dataParallelSize} with nodes ${nodes}, but a multi-node model is one vLLM instance whose pipeline stages span the nodes`,
      `remove 'dataParallelSize' and raise 'replicas' for more instances (each replica is a group of ${nodes} pods)`));
  }
  const tp = s.tensorParallelSize ?? 1;
  const stages = pipelineStages(s);
  if (!isSize(s.tensorParallelSize) || !isSize(s.pipelineParallelSize) || !isSize(s.gpus)) return problems;
  if (stages % nodes !== 0) {
    problems.push(problem('pipelineParallelSize', String(stages),
      `must be a multiple of nodes ${nodes} so each node holds whole pipeline stages (tensor parallel stays within a node), got ${stages}`,
      `set it to ${nodes}, or leave it out (it defaults to nodes)`));
    return problems;
  }
  if (s.gpus === undefined) return problems;
  if (s.gpus % tp !== 0) {
    problems.push(problem('tensorParallelSize', String(tp),
      `must divide gpus ${s.gpus} (the GPUs of each node's pod) since tensor parallel stays within a node, got ${tp}`,
      `set tensorParallelSize to a divisor of ${s.gpus}, e.g. ${s.gpus}`));
  } else if (s.gpus * nodes !== tp * stages) {
    const perPod = (tp * stages) / nodes;
    problems.push(problem('gpus', String(s.gpus),
      `× nodes ${nodes} = ${s.gpus * nodes} GPUs in the group must equal pipelineParallelSize ${stages} × tensorParallelSize ${tp} = ${tp * stages}, got gpus ${s.gpus}`,
      `remove 'gpus' to derive it (${perPod}), or set it to ${perPod}`));
  }
  return problems;
}
