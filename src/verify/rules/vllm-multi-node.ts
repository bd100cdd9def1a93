import { MULTI_NODE_MP_SINCE } from '../../profiles/profiles';
import { compareVersions, formatVersion, parseVersion } from '../../util/version';
import { argv, imageUses, vllmVersion } from './profile-containers';
import { finding, Rule } from './rule';

/** The vLLM flags that span one server across nodes without Ray. */
const MULTI_NODE_FLAGS = ['--nnodes', '--node-rank', '--master-addr'];

/**
 * vLLM containers that ask for multi-node serving without Ray (`--nnodes`, `--node-rank`,
 * `--master-addr`) on a vLLM image older than the release that has it: the server exits at
 * start on the unknown flag.
 */
export const VLLM_MULTI_NODE_VERSION_RULE: Rule = {
  id: 'vllm-multi-node-version',
  summary: `A vLLM container given --nnodes, --node-rank or --master-addr runs vLLM ${MULTI_NODE_MP_SINCE} or later.`,
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'Pod', 'LeaderWorkerSet'],
  phase: 'graph',
  remediation: `Use a vLLM image of ${MULTI_NODE_MP_SINCE} or later, or span the nodes with Ray (ray start on every pod, --distributed-executor-backend ray).`,
  rationale: `vLLM runs one server across nodes without Ray only from ${MULTI_NODE_MP_SINCE} (vllm-project/vllm#23691); an older server refuses the unknown flags and exits at start, so the group never serves.`,
  *check(ctx) {
    const since = parseVersion(MULTI_NODE_MP_SINCE);
    if (!since) return;
    for (const use of imageUses(ctx)) {
      if (ctx.rejected(use.template.owner)) continue;
      const v = vllmVersion(use);
      if (!v || compareVersions(v, since) >= 0) continue;
      const given = argv(use.container).find((a) => MULTI_NODE_FLAGS.some((f) => a.value === f || a.value.startsWith(`${f}=`)));
      if (!given) continue;
      yield finding(use.template.owner, `${use.path}.${given.field}[${given.index}]`,
        `is ${given.value.split('=')[0]}, which vLLM ${formatVersion(v)} (image ${use.image}) does not have: multi-node serving without Ray came in ${MULTI_NODE_MP_SINCE}, so the server exits at start`,
        `use a vLLM image of ${MULTI_NODE_MP_SINCE} or later, or span the nodes with Ray`);
    }
  },
};
