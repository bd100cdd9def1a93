import { list } from '../model/object-access';
import { finding, Rule } from './rule';

/** Whether an argument list runs vLLM across several nodes without Ray (`--nnodes` above 1). */
function multiNodeVllm(argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i] === '--nnodes' ? argv[i + 1] : argv[i].startsWith('--nnodes=') ? argv[i].slice('--nnodes='.length) : undefined;
    if (v !== undefined && /^[0-9]{1,6}$/.test(v) && Number(v) > 1) return true;
  }
  return false;
}

/**
 * A LeaderWorkerSet with `startupPolicy: LeaderReady` whose leader runs one vLLM instance across
 * the group (`--nnodes` above 1) behind a readiness probe: the controller creates the workers
 * only once the leader is Ready, and the leader's vLLM cannot serve (so cannot become Ready)
 * before the workers join. The group never starts.
 */
export const LEADERWORKERSET_STARTUP_RULE: Rule = {
  id: 'leaderworkerset-startup-deadlock',
  summary: 'A LeaderWorkerSet whose leader runs a multi-node vLLM starts its workers with the leader (startupPolicy LeaderCreated).',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['LeaderWorkerSet'],
  remediation: 'Set spec.startupPolicy to LeaderCreated (the default), or drop the leader\'s readiness probe.',
  rationale: 'With LeaderReady the LWS controller creates workers only after the leader is Ready, but a multi-node vLLM leader answers its probes only once every node has joined: neither ever happens.',
  *check(ctx) {
    for (const lws of ctx.model.index.all('leaderworkerset.x-k8s.io/LeaderWorkerSet')) {
      if (ctx.rejected(lws) || lws.spec?.startupPolicy !== 'LeaderReady') continue;
      const leader = lws.spec?.leaderWorkerTemplate?.leaderTemplate;
      for (const [i, c] of list(leader?.spec?.containers).entries()) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String).flatMap((a) => a.split(/\s+/)).filter(Boolean);
        if (!multiNodeVllm(argv) || !c?.readinessProbe) continue;
        yield finding(lws, 'spec.startupPolicy',
          `is LeaderReady, but container '${c?.name ?? ''}' of the leader (spec.leaderWorkerTemplate.leaderTemplate.spec.containers[${i}]) runs vLLM across the group (--nnodes) behind a readiness probe: it cannot become Ready before the workers join, and the workers are created only once it is Ready, so the group never starts`,
          'set spec.startupPolicy to LeaderCreated (the default)');
        break;
      }
    }
  },
};
