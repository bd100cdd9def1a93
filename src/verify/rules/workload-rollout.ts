import { PROFILES } from '../../profiles/profiles';
import { isAcceleratorResource } from './workload-parallelism';
import { PodTemplate } from '../model/object-index';
import { list } from '../model/object-access';
import { finding, Rule } from './rule';

/** Kubernetes' default maxSurge and maxUnavailable of a RollingUpdate Deployment. */
const DEFAULT_ROLLING = '25%';

/**
 * An int-or-percent scaled to `total` as the controllers do (`roundUp`: surge and PDB
 * maxUnavailable round up, minAvailable rounds up too); undefined when it is neither.
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const m = typeof value === 'string' ? /^([0-9]{1,3})%$/.exec(value) : null;
  if (!m) return undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** The replicas of a workload (1 when absent); undefined when it is not a whole number. */
function replicasOf(o: any): number | undefined {
  const r = o?.spec?.replicas ?? 1;
  return Number.isInteger(r) && r >= 0 ? r : undefined;
}

/** The accelerator resource a pod template's containers claim, if any. */
function acceleratorOf(spec: any): string | undefined {
  for (const c of list(spec?.containers)) {
    for (const which of ['limits', 'requests'] as const) {
      const name = Object.keys(c?.resources?.[which] ?? {}).find(isAcceleratorResource);
      if (name) return name;
    }
  }
  return undefined;
}

/**
 * Deployments of accelerator pods whose update starts a new pod before an old one stops: the
 * new pod needs accelerators no other pod holds, so on a full GPU cluster the update waits
 * Pending until a spare GPU node appears. Not judged under a frozen profile (rhdev-2026-03), which
 * reproduces the article's Deployments with Kubernetes' default strategy.
 */
export const DEPLOYMENT_ROLLOUT_SURGE_RULE: Rule = {
  id: 'deployment-rollout-surge',
  summary: 'A Deployment of accelerator pods updates without surge pods (maxSurge 0, or Recreate).',
  severity: 'warning',
  category: 'wiring',
  appliesTo: ['Deployment'],
  remediation: 'Set spec.strategy to RollingUpdate with maxSurge: 0 and maxUnavailable: 1, or type: Recreate (in a catalog: rollout: no-surge or recreate).',
  rationale: 'A rolling update with maxSurge above 0 (the default is 25%, one pod for up to four replicas) starts the new pod first; it needs free accelerators, so an update of a cluster whose GPUs are all in use never progresses. Without surge, a 1-replica model is briefly unavailable instead. Not reported under the frozen rhdev-2026-03 profile, which reproduces the article\'s Deployments.',
  *check(ctx) {
    if (PROFILES[ctx.stack.profile].frozen) return;
    for (const d of ctx.model.index.all('apps/Deployment')) {
      if (ctx.rejected(d)) continue;
      const resource = acceleratorOf(d.spec?.template?.spec);
      const replicas = replicasOf(d);
      if (!resource || !replicas) continue;
      const strategy = d.spec?.strategy ?? {};
      if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') continue;
      const maxSurge = strategy.rollingUpdate?.maxSurge ?? DEFAULT_ROLLING;
      const surge = scaledValue(maxSurge, replicas, true);
      if (!surge) continue;
      yield finding(d, strategy.rollingUpdate?.maxSurge !== undefined ? 'spec.strategy.rollingUpdate.maxSurge' : 'spec.strategy',
        `maxSurge is ${String(maxSurge)}${strategy.rollingUpdate?.maxSurge === undefined ? ' (the default)' : ''}: an update starts ${surge} extra pod(s) needing ${resource} before any old pod stops, so it waits for spare accelerators`,
        'set strategy type RollingUpdate with rollingUpdate maxSurge: 0 and maxUnavailable: 1, or type: Recreate (in a catalog: rollout: no-surge or recreate); a 1-replica model is then briefly unavailable during the update');
    }
  },
};

/** The pods a PodDisruptionBudget protects: the replicas of the workloads its matchLabels select. */
function protectedPods(templates: readonly PodTemplate[]): number | undefined {
  let total = 0;
  for (const t of templates) {
    const kind = t.owner?.kind;
    if (kind === 'Pod') total += 1;
    else if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(kind)) total += replicasOf(t.owner) ?? 0;
    else return undefined;
  }
  return total;
}

/**
 * PodDisruptionBudgets that allow no voluntary disruption of the pods they select: a node
 * drain (cluster upgrade, GPU driver update) can then never evict them and hangs.
 */
export const PDB_BLOCKS_DRAIN_RULE: Rule = {
  id: 'poddisruptionbudget-blocks-drain',
  summary: 'A PodDisruptionBudget lets at least one of the pods it selects be evicted.',
  severity: 'warning',
  category: 'wiring',
  appliesTo: ['PodDisruptionBudget'],
  remediation: 'Use maxUnavailable: 1 (or a minAvailable below the replicas); a 1-replica model needs no PodDisruptionBudget.',
  rationale: 'With minAvailable at or above the replicas, or maxUnavailable 0, every eviction is refused: kubectl drain and cluster upgrades wait on the node forever.',
  *check(ctx) {
    for (const pdb of ctx.model.index.all('policy/PodDisruptionBudget')) {
      if (ctx.rejected(pdb)) continue;
      const spec = pdb.spec ?? {};
      const selector = spec.selector;
      if (!selector?.matchLabels || list(selector.matchExpressions).length) continue;
      const pods = protectedPods(ctx.model.index.selectPods(pdb.metadata?.namespace ?? '', selector.matchLabels));
      if (!pods) continue;
      if (spec.maxUnavailable !== undefined) {
        const allowed = scaledValue(spec.maxUnavailable, pods, true);
        if (allowed === 0) {
          yield finding(pdb, 'spec.maxUnavailable', `is ${String(spec.maxUnavailable)}: none of the ${pods} pod(s) it selects may be evicted, so a node drain never finishes`, 'set maxUnavailable: 1');
        }
      } else if (spec.minAvailable !== undefined) {
        const min = scaledValue(spec.minAvailable, pods, true);
        if (min !== undefined && min >= pods) {
          yield finding(pdb, 'spec.minAvailable', `is ${String(spec.minAvailable)}, with ${pods} pod(s) selected: none may be evicted, so a node drain never finishes`, `set maxUnavailable: 1 instead${pods === 1 ? ', or remove the budget (one replica cannot stay available through a drain)' : ''}`);
        }
      }
    }
  },
};

/** The rollout and disruption rules. */
export const WORKLOAD_ROLLOUT_RULES: readonly Rule[] = [DEPLOYMENT_ROLLOUT_SURGE_RULE, PDB_BLOCKS_DRAIN_RULE];
