import { canonicalVllmFlag } from '../../profiles/vllm-flags';
import { flagOf } from '../../util/cli-flags';
import { templateContainers } from '../model/containers';
import { list } from '../model/object-access';
import { facts } from './profile-containers';
import { finding, Rule } from './rule';
import { isVllm } from './workload-parallelism';

/**
 * vLLM containers whose flags contradict themselves or the profile's vLLM: a one-value flag given
 * twice (argparse keeps the last, so e.g. a second `--served-model-name` silently drops the first
 * names, and a second `--port` moves the server off the pool's target port), or a flag the
 * profile's vLLM removed (it exits at start). Both `--flag value` and `--flag=value` are read.
 */
export const VLLM_FLAGS_RULE: Rule = {
  id: 'vllm-flags',
  summary: 'A vLLM container passes each one-value flag once and no flag its vLLM removed.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: 'Pass each flag once (drop the extra one), and remove flags the vLLM version no longer accepts.',
  rationale: 'vLLM keeps the last value of a repeated flag without a word: an extra --served-model-name or --port appended to a library\'s arguments silently replaces the names the gateway routes or the port the pool targets. A removed flag makes vLLM exit at start.',
  *check(ctx) {
    const removed = facts(ctx).modelServer.removedFlags;
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        const seen = new Map<string, string>();
        for (const arg of list(c?.args).map(String)) {
          const name = flagOf(arg);
          if (name === undefined) continue;
          if (removed[name] !== undefined) {
            yield finding(t.owner, `${path}.args`, `container '${c?.name ?? ''}' passes ${name}, which vLLM ${facts(ctx).modelServer.version} does not accept: it was ${removed[name]}`, `remove ${name}: the server exits at start on it`);
          }
          const canonical = canonicalVllmFlag(name);
          if (canonical === undefined) continue;
          const first = seen.get(canonical);
          if (first !== undefined) {
            yield finding(t.owner, `${path}.args`, `container '${c?.name ?? ''}' passes ${canonical} twice (${first}, then ${name}): vLLM keeps only the last`, `pass ${canonical} once, with every value in it`);
          } else {
            seen.set(canonical, name);
          }
        }
      }
    }
  },
};
