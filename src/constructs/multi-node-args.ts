import { LWS_ENV } from '../profiles/leader-worker-set';

/** The part a pod plays in a multi-node group: the leader serves the API, workers only compute. */
export type MultiNodeRole = 'leader' | 'worker';

/** The leader's own pod IP (Downward API), the address its vLLM binds the group's message queue to. */
export const POD_IP_ENV = 'POD_IP';

/**
 * The `vllm serve` arguments that join a pod to its group's vLLM instance without Ray
 * (`--distributed-executor-backend mp`): the group size, the pod's rank (0 for the leader, the
 * LWS worker index for a worker) and the leader's address, expanded by the kubelet: on the
 * leader its pod IP (vLLM binds a ZeroMQ socket to it, and ZeroMQ binds to addresses, not DNS
 * names), on a worker the leader's DNS name the LWS controller injects. Workers add
 * `--headless` (no API server).
 */
export function multiNodeArgs(role: MultiNodeRole, nodes: number): string[] {
  return [
    '--distributed-executor-backend', 'mp',
    '--nnodes', String(nodes),
    '--node-rank', role === 'leader' ? '0' : `$(${LWS_ENV.workerIndex})`,
    '--master-addr', role === 'leader' ? `$(${POD_IP_ENV})` : `$(${LWS_ENV.leaderAddress})`,
    ...(role === 'worker' ? ['--headless'] : []),
  ];
}

/** The environment a role's vLLM container adds: the leader's pod IP for `--master-addr`. */
export function multiNodeEnv(role: MultiNodeRole): Array<Record<string, unknown>> {
  return role === 'leader' ? [{ name: POD_IP_ENV, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] : [];
}
