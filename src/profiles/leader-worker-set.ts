/**
 * Facts of the LeaderWorkerSet API (leaderworkerset.x-k8s.io, the LWS controller) that
 * multi-node models use, as of the pinned CRD (LWS v0.10.0). Not profile dependent: both
 * profiles' schema sets carry the same CRD.
 */

/** apiVersion of the LeaderWorkerSet objects emitted and read. */
export const LWS_API_VERSION = 'leaderworkerset.x-k8s.io/v1';

/** The LWS release of the pinned CRD: the oldest controller the emitted objects are written for. */
export const LWS_VERSION = 'v0.10.0';

/** Environment variables the LWS controller injects into every container of a group's pods. */
export const LWS_ENV = {
  /** DNS name of the group's leader pod (`<lws>-<group>.<lws>.<namespace>`). */
  leaderAddress: 'LWS_LEADER_ADDRESS',
  /** Pods in the group (leaderWorkerTemplate.size). */
  groupSize: 'LWS_GROUP_SIZE',
  /** Index of the pod in its group: 0 for the leader, 1 … size-1 for the workers. */
  workerIndex: 'LWS_WORKER_INDEX',
} as const;

/** Labels the LWS controller puts on every pod it creates. */
export const LWS_POD_LABELS = {
  /** The LeaderWorkerSet's name. */
  name: 'leaderworkerset.sigs.k8s.io/name',
  /** Index of the pod in its group (`0` for the leader). */
  workerIndex: 'leaderworkerset.sigs.k8s.io/worker-index',
} as const;
