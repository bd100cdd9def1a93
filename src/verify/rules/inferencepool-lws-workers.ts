import { list, keyOf } from '../model/object-access';
import { groupOf, PodTemplate } from '../model/object-index';
import { finding, Rule } from './rule';

/**
 * Why the worker pods of a LeaderWorkerSet (`t`, its worker template) serve no API for a pool on
 * `ports`, or undefined when they may: a vLLM `--headless` worker (mp multi-node) runs no API
 * server; a worker that only runs `ray start` is a Ray node; a worker that declares none of the
 * pool's target ports has nothing to send requests to. Only for a LeaderWorkerSet with a leader
 * template (without one, the leader is made from the worker template and selecting it is right).
 */
export function nonServingWorker(t: PodTemplate, ports: readonly number[]): string | undefined {
  if (`${groupOf(t.owner?.apiVersion)}/${t.owner?.kind}` !== 'leaderworkerset.x-k8s.io/LeaderWorkerSet') return undefined;
  if (!t.label.endsWith('/worker') || !t.owner.spec?.leaderWorkerTemplate?.leaderTemplate) return undefined;
  for (const c of t.containers) {
    const argv = [...list(c?.command), ...list(c?.args)].map(String);
    const words = argv.flatMap((a) => a.split(/\s+/));
    if (words.includes('--headless')) return `container '${c?.name ?? ''}' runs vLLM --headless, without an API server`;
    if (words.some((w, i) => w === 'start' && words[i - 1] === 'ray') && !words.includes('serve')) return `container '${c?.name ?? ''}' only runs 'ray start', a Ray node without an API server`;
  }
  const declared = t.containers.flatMap((c) => list(c?.ports).map((p: any) => p?.containerPort));
  if (!ports.some((p) => declared.includes(p))) return `no container declares the pool's target port ${ports.join(', ')}`;
  return undefined;
}

/**
 * An InferencePool that selects the workers of a multi-node LeaderWorkerSet: only the leader of
 * each group serves the OpenAI API, so the endpoint picker would send requests to pods that
 * cannot answer them.
 */
export const INFERENCEPOOL_LWS_WORKERS_RULE: Rule = {
  id: 'inferencepool-lws-workers',
  summary: 'An InferencePool selects the leaders of a multi-node LeaderWorkerSet, not its workers, which serve no API.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['InferencePool'],
  remediation: 'Select on a label only spec.leaderWorkerTemplate.leaderTemplate carries (e.g. role: leader).',
  rationale: 'The workers of a multi-node vLLM (headless, or Ray nodes) run no API server: every request the endpoint picker sends to one fails, and the picker counts them as capacity.',
  *check(ctx) {
    for (const pool of ctx.model.index.all('inference.networking.k8s.io/InferencePool')) {
      if (ctx.rejected(pool)) continue;
      const ports = list(pool.spec?.targetPorts).map((p: any) => p?.number).filter((n): n is number => typeof n === 'number');
      for (const t of ctx.model.poolPods(pool)) {
        const why = nonServingWorker(t, ports);
        if (!why) continue;
        yield finding(pool, 'spec.selector.matchLabels',
          `selects the worker pods of ${t.label} (${why}): only the leader of each group serves the API, so requests sent to a worker fail`,
          `select the leaders only: add a label only spec.leaderWorkerTemplate.leaderTemplate of LeaderWorkerSet ${keyOf(t.owner)} carries (e.g. role: leader) and put it in spec.selector.matchLabels`,
          undefined, [t.owner]);
      }
    }
  },
};
