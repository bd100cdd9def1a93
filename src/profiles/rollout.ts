/**
 * How a model's vLLM Deployment replaces its pods on an update.
 */
export enum RolloutStrategy {
  /**
   * Kubernetes' default rolling update (maxSurge 25%, maxUnavailable 25%): a new pod starts
   * before an old one stops, so the update needs a spare accelerator (a free GPU node for a
   * 1-replica model) or it waits Pending forever.
   */
  SURGE = 'surge',
  /**
   * RollingUpdate with maxSurge 0 and maxUnavailable 1: one old pod stops, then its
   * replacement starts on the freed accelerators. No spare GPU is needed; a 1-replica model is
   * unavailable while its new pod downloads and loads the weights, a larger one serves with
   * one pod fewer during the update.
   */
  NO_SURGE = 'no-surge',
  /**
   * Recreate: every old pod stops before any new one starts. No spare GPU is needed, and two
   * versions never serve at once; the model is unavailable for the whole update.
   */
  RECREATE = 'recreate',
}

/** The accepted rollout names, for messages. */
export const ROLLOUT_NAMES: readonly string[] = Object.values(RolloutStrategy);
