import { LWS_ENV } from '../profiles/leader-worker-set';

/** The part a pod plays in a multi-node group: the leader serves the API, workers only compute. */
export type MultiNodeRole = 'leader' | 'worker';

/**
 * The `vllm serve` arguments that join a pod to its group's vLLM instance without Ray
 * (`--distributed-executor-backend mp`): the group size, the pod's rank (0 for the leader, the
 * LWS worker index for a worker) and the leader's address, both expanded by the kubelet from the
 * variables the LWS controller injects; workers add `--headless` (no API server).
 */
export function multiNodeArgs(role: MultiNodeRole, nodes: number): string[] {
  return [
    '--distributed-executor-backend', 'mp',
    '--nnodes', String(nodes),
    '--node-rank', role === 'leader' ? '0' : `$(${LWS_ENV.workerIndex})`,
    '--master-addr', `$(${LWS_ENV.leaderAddress})`,
    ...(role === 'worker' ? ['--headless'] : []),
  ];
}
