import { Model } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { groupOf } from '../model/object-index';
import { nonServingWorker } from './inferencepool-lws-workers';
import { finding, Rule } from './rule';

/** Workload kinds with `spec.replicas` (default 1). */
const SCALED_KINDS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet', 'leaderworkerset.x-k8s.io/LeaderWorkerSet']);

/** `spec.replicas` of a scaled workload (1 when absent), or undefined for other kinds. */
function replicasOf(owner: any): number | undefined {
  if (!SCALED_KINDS.has(`${groupOf(owner?.apiVersion)}/${owner?.kind}`)) return undefined;
  const r = owner.spec?.replicas;
  return typeof r === 'number' ? r : 1;
}

/**
 * Autoscalers that target `owner` (same namespace, kind and name): `fromZero` when one scales
 * it up from zero (an HPA with minReplicas: 0, a KEDA ScaledObject), else the HPAs that target
 * it, which the HPA controller disables while the target has 0 replicas.
 */
function autoscalersOf(model: Model, owner: any): { fromZero?: string; disabled: string[] } {
  const ns = owner.metadata?.namespace ?? '';
  const targets = (o: any, defaultKind?: string) => o.metadata?.namespace === ns && o.spec?.scaleTargetRef?.name === owner.metadata?.name
    && (o.spec.scaleTargetRef.kind ?? defaultKind) === owner.kind;
  const disabled: string[] = [];
  for (const hpa of model.index.all('autoscaling/HorizontalPodAutoscaler')) {
    if (!targets(hpa)) continue;
    if (hpa.spec?.minReplicas === 0) return { fromZero: `HorizontalPodAutoscaler ${keyOf(hpa)}`, disabled };
    disabled.push(`HorizontalPodAutoscaler ${keyOf(hpa)}`);
  }
  const keda = model.index.all('keda.sh/ScaledObject').find((o) => targets(o, 'Deployment'));
  return keda ? { fromZero: `ScaledObject ${keyOf(keda)}`, disabled } : { disabled };
}

/** HTTPRoutes attached to a Gateway whose rules resolve to each InferencePool. */
function routesOfPools(model: Model): Map<any, any[]> {
  const attached = new Set([...model.attachments.values()].flat().map((a) => a.route));
  const out = new Map<any, any[]>();
  for (const b of model.backends) {
    if (!b.pool || !attached.has(b.route)) continue;
    const routes = out.get(b.pool) ?? [];
    if (!routes.includes(b.route)) routes.push(b.route);
    out.set(b.pool, routes);
  }
  return out;
}

/**
 * Public model names routed to each InferencePool: the keys of every readable routing map
 * whose value an attached route's rule matches and sends to the pool; for a routing header
 * that is the body's model itself, the matched value.
 */
export function modelsOfPools(model: Model): Map<any, Set<string>> {
  const out = new Map<any, Set<string>>();
  for (const [gateway, maps] of model.routingMaps) {
    const attached = model.attachments.get(gateway) ?? [];
    for (const m of maps) {
      if (m.form === 'other') continue;
      // The map's keys by the value they yield, so each match looks up its keys directly.
      const keysOf = new Map<string, string[]>();
      for (const [k, v] of m.entries) keysOf.set(v, [...(keysOf.get(v) ?? []), k]);
      for (const x of model.headerMatches(attached, m.header)) {
        const keys = m.form === 'identity' ? [x.value] : keysOf.get(x.value) ?? [];
        for (const k of keys) for (const pool of x.pools) out.set(pool, (out.get(pool) ?? new Set()).add(k));
      }
    }
  }
  return out;
}

/** InferencePool selectors and target ports against the pods in the set. */
export const INFERENCEPOOL_RULES: Rule[] = [
  {
    id: 'inferencepool-selects-pods',
    summary: 'An InferencePool\'s selector matches the pod template of some workload in its namespace.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['InferencePool'],
    remediation: 'Make spec.selector.matchLabels equal to labels the model server\'s pod template carries.',
    rationale: 'A pool that selects no pod has no endpoints: every request routed to it fails.',
    *check(ctx) {
      const index = ctx.model.index;
      for (const pool of index.all('inference.networking.k8s.io/InferencePool')) {
        if (ctx.rejected(pool)) continue;
        const ns = pool.metadata?.namespace ?? '';
        const selector = pool.spec?.selector?.matchLabels;
        if (!selector || typeof selector !== 'object' || !Object.keys(selector).length || ctx.model.poolPods(pool).length) continue;
        const near = index.podTemplates.filter((t) => t.namespace === ns && t.owner.kind !== 'Pod')
          .map((t) => ({ t, shared: Object.entries<string>(selector).filter(([k, v]) => t.labels[k] === v).length }))
          .filter((x) => x.shared > 0).sort((a, b) => b.shared - a.shared)[0];
        yield finding(pool, 'spec.selector.matchLabels',
          `selects no pod: no workload in '${ns}' has pod labels ${JSON.stringify(selector)}${near ? `; closest is ${near.t.label} with ${JSON.stringify(near.t.labels)}` : ''}`,
          'make the selector equal to labels the model server\'s pod template carries');
      }
    },
  },
  {
    id: 'inferencepool-selector-overlap',
    summary: 'Two InferencePools that serve different models do not select the same pods.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['InferencePool'],
    remediation: 'Add a label only this model\'s pods carry and select on it.',
    rationale: 'Overlapping pools are legal (a rollout, a canary, conformance tests) and reported as a warning; when the pools are routed different models, one model\'s requests reach the other\'s pods and vLLM answers 404.',
    *check(ctx) {
      const models = modelsOfPools(ctx.model);
      for (const [tpl, pools] of ctx.model.poolsOfPod) {
        for (const pool of pools.slice(1)) {
          if (ctx.rejected(pool)) continue;
          const a = [...(models.get(pools[0]) ?? [])].sort();
          const b = [...(models.get(pool) ?? [])].sort();
          const differ = a.length > 0 && b.length > 0 && a.join('\n') !== b.join('\n');
          yield finding(pool, 'spec.selector.matchLabels', differ
            ? `selects the pods of ${tpl.label}, which InferencePool ${keyOf(pools[0])} also selects, and the two are routed different models (${b.join(', ')} here, ${a.join(', ')} there): requests for one model reach the other's pods`
            : `selects the pods of ${tpl.label}, which InferencePool ${keyOf(pools[0])} also selects: each pool balances over them without knowing the other's load`,
          differ ? 'add a label only this model\'s pods carry and select on it'
            : 'if the pools share these pods on purpose, as during a rollout, nothing to do; otherwise select on a label only this pool\'s pods carry', differ ? 'error' : 'warning', [pools[0]]);
        }
      }
    },
  },
  {
    id: 'inferencepool-target-port',
    summary: 'Every target port of an InferencePool is a containerPort of the pods it selects.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['InferencePool'],
    remediation: 'Set the target port to the port the model server listens on, and declare it as a containerPort.',
    rationale: 'The endpoint picker drops pods that do not declare the pool\'s target port, so the pool has no endpoints.',
    *check(ctx) {
      for (const pool of ctx.model.index.all('inference.networking.k8s.io/InferencePool')) {
        if (ctx.rejected(pool)) continue;
        const ports = list(pool.spec?.targetPorts).map((p: any) => p?.number).filter((n): n is number => typeof n === 'number');
        for (const t of ctx.model.poolPods(pool)) {
          // Workers of a multi-node LeaderWorkerSet: inferencepool-lws-workers says why they cannot serve.
          if (nonServingWorker(t, ports)) continue;
          const declared = t.containers.flatMap((c) => list(c.ports).map((p: any) => p?.containerPort));
          for (const [i, tp] of list(pool.spec?.targetPorts).entries()) {
            if (declared.includes(tp?.number)) continue;
            yield finding(pool, `spec.targetPorts[${i}].number`,
              `no container of ${t.label} declares port ${tp?.number}${declared.length ? ` (declared: ${declared.join(', ')})` : ' (it declares none)'}; the endpoint picker drops such pods`,
              'set the target port to the port the model server listens on, and declare it as a containerPort');
          }
        }
      }
    },
  },
  {
    id: 'inferencepool-no-replicas',
    summary: 'An InferencePool that a route sends requests to selects a workload with at least one replica.',
    severity: 'warning',
    category: 'wiring',
    appliesTo: ['Deployment', 'StatefulSet', 'ReplicaSet', 'LeaderWorkerSet'],
    remediation: 'Set spec.replicas to 1 or more, scale from zero with an autoscaler that can (HPA minReplicas: 0, KEDA), or stop routing to the pool.',
    rationale: 'A routed pool whose only workloads have replicas: 0 has no endpoints: every request for its models fails until someone scales it up. An HPA with minReplicas above 0 does not help: the HPA controller disables scaling while its target has 0 replicas.',
    *check(ctx) {
      const routes = routesOfPools(ctx.model);
      const models = modelsOfPools(ctx.model);
      for (const [pool, via] of routes) {
        if (ctx.rejected(pool)) continue;
        const owners = [...new Set(ctx.model.poolPods(pool).map((t) => t.owner))];
        if (!owners.length || !owners.every((o) => replicasOf(o) === 0)) continue;
        const names = [...(models.get(pool) ?? [])].sort();
        for (const owner of owners) {
          if (ctx.rejected(owner)) continue;
          const scalers = autoscalersOf(ctx.model, owner);
          if (scalers.fromZero) continue;
          const hpa = scalers.disabled.length ? `; ${scalers.disabled.join(', ')} does not scale it up, since the autoscaler is disabled while its target has 0 replicas` : '';
          yield finding(owner, 'spec.replicas',
            `is 0, and InferencePool ${keyOf(pool)} selects no other pods, yet HTTPRoute ${via.map(keyOf).join(', ')} sends ${names.length ? `model ${names.join(', ')}` : 'requests'} to it: every such request fails${hpa}`,
            `set spec.replicas to 1 or more, or stop routing to InferencePool ${keyOf(pool)}`);
        }
      }
    },
  },
];
