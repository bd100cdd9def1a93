import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { patchedLast } from './final-patches';
import { PROFILES, StackProfile } from '../profiles/profiles';
import { RolloutStrategy } from '../profiles/rollout';

/**
 * The Deployment strategy of a rollout: none for {@link RolloutStrategy.SURGE} (Kubernetes'
 * default), RollingUpdate maxSurge 0 / maxUnavailable 1 for NO_SURGE, Recreate for RECREATE.
 * Without a rollout, the profile's default (none under rhdev-2026-03, the article's output).
 */
export function deploymentStrategy(rollout: RolloutStrategy | undefined, profile: StackProfile): { strategy?: k8s.DeploymentStrategy } {
  switch (rollout ?? PROFILES[profile].modelServer.rollout) {
    case RolloutStrategy.NO_SURGE:
      return { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } } };
    case RolloutStrategy.RECREATE:
      return { strategy: { type: 'Recreate' } };
    default:
      return {};
  }
}

/** What {@link addDisruptionBudget} needs of a model server. */
export interface DisruptionBudgetInputs {
  readonly name: string;
  readonly replicas: number;
  readonly selectorLabels: Record<string, string>;
  readonly metadata: k8s.ObjectMeta;
}

/**
 * A PodDisruptionBudget `<name>` over the server's pods with maxUnavailable 1, for a model of
 * more than one replica: a node drain evicts one pod at a time and waits for its replacement,
 * so the model keeps serving. None for 0 or 1 replica (a budget there would block every drain).
 */
export function addDisruptionBudget(scope: Construct, inp: DisruptionBudgetInputs): k8s.KubePodDisruptionBudget | undefined {
  if (inp.replicas <= 1) return undefined;
  return new (patchedLast(k8s.KubePodDisruptionBudget))(scope, 'DisruptionBudget', {
    metadata: inp.metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...inp.selectorLabels } } },
  });
}
