import { ACCELERATOR_RESOURCES, MIG_RESOURCE_PATTERN } from '../../profiles/profiles';
import { flagValue, templateContainers } from '../model/containers';
import { list } from '../model/object-access';
import { finding, Rule } from './rule';

/** The vLLM flags whose product is the accelerators one pod uses. */
const PARALLEL_FLAGS = ['--tensor-parallel-size', '--pipeline-parallel-size'] as const;
const DATA_PARALLEL = '--data-parallel-size';
const DATA_PARALLEL_LOCAL = '--data-parallel-size-local';

/** Whether a resource name is an accelerator a vLLM pod can request. */
export function isAcceleratorResource(name: string): boolean {
  return ACCELERATOR_RESOURCES.includes(name) || MIG_RESOURCE_PATTERN.test(name);
}

/** Whether `c` runs vLLM: a vllm image, `vllm serve`, or a vLLM parallelism flag. */
export function isVllm(c: any, argv: string[]): boolean {
  if (typeof c?.image === 'string' && /vllm/i.test(c.image)) return true;
  if (argv.some((a, i) => a === 'serve' && i > 0 && /(^|\/)vllm$/.test(argv[i - 1]))) return true;
  return [...PARALLEL_FLAGS, DATA_PARALLEL, DATA_PARALLEL_LOCAL].some((f) => flagValue(argv, f) !== undefined);
}

/** A flag's size: 1 when absent, undefined when not a positive whole number. */
function size(argv: string[], flag: string): number | undefined {
  const v = flagValue(argv, flag);
  if (v === undefined) return 1;
  return /^[1-9][0-9]{0,5}$/.test(v) ? Number(v) : undefined;
}

/** The accelerators `c` claims (limits, else requests) as [resource, count], or undefined when none. */
function acceleratorClaim(c: any): [string, unknown] | undefined {
  for (const which of ['limits', 'requests'] as const) {
    const r = c?.resources?.[which];
    if (!r || typeof r !== 'object') continue;
    const name = Object.keys(r).find(isAcceleratorResource);
    if (name !== undefined) return [`resources.${which}.${name}`, r[name]];
  }
  return undefined;
}

/**
 * vLLM containers whose accelerator count disagrees with their parallelism: vLLM uses
 * tensor × pipeline × data-parallel-local (else data parallel) GPUs, so more requested sit idle
 * and fewer make it fail at start. Flags are read as `--flag n` and `--flag=n`.
 */
export const WORKLOAD_PARALLELISM_RULE: Rule = {
  id: 'workload-parallelism',
  summary: 'A vLLM container requests as many accelerators as its tensor × pipeline × data parallel sizes use.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: 'Make the GPU request equal --tensor-parallel-size × --pipeline-parallel-size × --data-parallel-size(-local).',
  rationale: 'vLLM starts one worker per GPU of its parallelism: GPUs requested beyond it sit idle (and block other pods), fewer make the server fail at start.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        const local = flagValue(argv, DATA_PARALLEL_LOCAL) !== undefined ? DATA_PARALLEL_LOCAL : DATA_PARALLEL;
        const sizes = [...PARALLEL_FLAGS, local].map((f) => size(argv, f));
        if (sizes.some((s) => s === undefined)) continue;
        const needed = (sizes as number[]).reduce((a, b) => a * b, 1);
        const claim = acceleratorClaim(c);
        if (!claim) {
          if (needed > 1) {
            yield finding(t.owner, `${path}.resources`,
              `requests no accelerator, but container '${c?.name ?? ''}' runs vLLM with ${describe(argv, local)} = ${needed} GPU(s)`,
              `request ${needed} GPU(s), e.g. nvidia.com/gpu: ${needed}, in limits`);
          }
          continue;
        }
        const count = Number(claim[1]);
        if (Number.isInteger(count) && count === needed) continue;
        yield finding(t.owner, `${path}.${claim[0]}`,
          `is ${String(claim[1])}, but container '${c?.name ?? ''}' runs vLLM with ${describe(argv, local)} = ${needed} GPU(s)`,
          `set it to ${needed}, or set --tensor-parallel-size (and the pipeline/data parallel sizes) so their product is ${String(claim[1])}`);
      }
    }
  },
};

/** `--tensor-parallel-size 4 × --pipeline-parallel-size 1 × --data-parallel-size 1` as given (1 when absent). */
function describe(argv: string[], dataFlag: string): string {
  return [...PARALLEL_FLAGS, dataFlag].map((f) => `${f} ${flagValue(argv, f) ?? 1}`).join(' × ');
}
