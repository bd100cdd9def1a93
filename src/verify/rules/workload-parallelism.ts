import { ACCELERATOR_RESOURCES, MIG_RESOURCE_PATTERN } from '../../profiles/profiles';
import { flagValue, templateContainers } from '../model/containers';
import { list } from '../model/object-access';
import { groupOf, PodTemplate } from '../model/object-index';
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
function flagSize(argv: string[], flag: string): number | undefined {
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

/** Whether `t` is a pod template of a LeaderWorkerSet, whose vLLM instance spans the pods of a group. */
function inGroup(t: PodTemplate): boolean {
  return `${groupOf(t.owner?.apiVersion)}/${t.owner?.kind}` === 'leaderworkerset.x-k8s.io/LeaderWorkerSet';
}

/**
 * vLLM containers whose accelerator count disagrees with their parallelism: vLLM uses
 * tensor × pipeline × data-parallel-local (else data parallel) GPUs, so more requested sit idle
 * and fewer make it fail at start. Flags are read as `--flag n` and `--flag=n`. A
 * LeaderWorkerSet's instance spans its group: see {@link groupFindings}.
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
    const groups = new Map<any, PodTemplate[]>();
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      if (inGroup(t)) {
        groups.set(t.owner, [...groups.get(t.owner) ?? [], t]);
        continue;
      }
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        const local = flagValue(argv, DATA_PARALLEL_LOCAL) !== undefined ? DATA_PARALLEL_LOCAL : DATA_PARALLEL;
        const sizes = [...PARALLEL_FLAGS, local].map((f) => flagSize(argv, f));
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
    for (const [owner, templates] of groups) yield* groupFindings(owner, templates);
  },
};

/**
 * An argument list as vLLM reads it when a group's pods start it through a shell (`sh -c "ray
 * start …; vllm serve … --tensor-parallel-size 8"`): words of a script split on white space, and
 * flag names with `_` spelled with `-` (vLLM's parser accepts both).
 */
function shellWords(argv: string[]): string[] {
  return argv.flatMap((a) => (/\s/.test(a) ? a.split(/\s+/).filter(Boolean) : [a]))
    .map((w) => (w.startsWith('--') ? w.replace(/^--[^=]*/, (name) => name.replace(/_/g, '-')) : w));
}

/** The vLLM server container of a pod template (the first container running vLLM) and its argument list. */
function vllmServer(t: PodTemplate): { template: PodTemplate; container: any; path: string; argv: string[] } | undefined {
  for (const { container, path } of templateContainers(t, ['containers'])) {
    const argv = shellWords([...list(container?.command), ...list(container?.args)].map(String));
    if (isVllm(container, argv)) return { template: t, container, path, argv };
  }
  return undefined;
}

/** Accelerators one pod of `t` claims, over all its containers (undefined when a count is not a whole number). */
function podAccelerators(t: PodTemplate): number | undefined {
  let sum = 0;
  for (const { container } of templateContainers(t, ['containers'])) {
    const claim = acceleratorClaim(container);
    if (!claim) continue;
    const n = Number(claim[1]);
    if (!Number.isInteger(n) || n < 0) return undefined;
    sum += n;
  }
  return sum;
}

/**
 * A LeaderWorkerSet's group against the parallelism of the vLLM instance it runs: the leader's
 * (else the worker template's) vLLM flags ask for tensor × pipeline × data parallel GPUs across
 * the group, which holds the leader's accelerators plus size − 1 times a worker's; and a
 * `--nnodes` given must equal the group size (vLLM waits for exactly that many nodes).
 */
function* groupFindings(owner: any, templates: PodTemplate[]) {
  const leader = templates.find((t) => t.label.endsWith('/leader'));
  const worker = templates.find((t) => t.label.endsWith('/worker'));
  const server = (leader && vllmServer(leader)) ?? (worker && vllmServer(worker));
  if (!server || !worker) return;
  const rawSize = owner.spec?.leaderWorkerTemplate?.size;
  const size = rawSize === undefined ? 1 : rawSize;
  if (!Number.isInteger(size) || size < 1) return;
  const nnodes = flagValue(server.argv, '--nnodes');
  if (nnodes !== undefined && nnodes !== String(size)) {
    yield finding(owner, 'spec.leaderWorkerTemplate.size',
      `is ${size}, but container '${server.container?.name ?? ''}' runs vLLM with --nnodes ${nnodes}: vLLM waits for ${nnodes} node(s) and the group has ${size} pod(s)`,
      `make --nnodes equal to spec.leaderWorkerTemplate.size (${size})`);
  }
  const local = flagValue(server.argv, DATA_PARALLEL_LOCAL) !== undefined ? DATA_PARALLEL_LOCAL : DATA_PARALLEL;
  const sizes = [...PARALLEL_FLAGS, local].map((f) => flagSize(server.argv, f));
  if (sizes.some((x) => x === undefined)) return;
  // Data parallel local counts the ranks of one pod: the group holds size times as many.
  const needed = (sizes as number[]).reduce((a, b) => a * b, 1) * (local === DATA_PARALLEL_LOCAL ? size : 1);
  const perWorker = podAccelerators(worker);
  const perLeader = leader ? podAccelerators(leader) : perWorker;
  if (perWorker === undefined || perLeader === undefined) return;
  const group = perLeader + (size - 1) * perWorker;
  if (group === needed || (group === 0 && needed === 1)) return;
  const even = needed % size === 0 ? `, e.g. ${needed / size} per pod` : '';
  yield finding(owner, `${server.path}.resources`,
    `gives the group ${group} accelerator(s) (leader ${perLeader} + ${size - 1} worker(s) × ${perWorker}, leaderWorkerTemplate.size ${size}), but container '${server.container?.name ?? ''}' of ${server.template.label} runs vLLM with ${describe(server.argv, local)} = ${needed} GPU(s) across the group`,
    `make the GPUs of the group (leader + workers) equal ${needed}${even}, or set the parallel sizes so their product is ${group}`);
}

/** `--tensor-parallel-size 4 × --pipeline-parallel-size 1 × --data-parallel-size 1` as given (1 when absent). */
function describe(argv: string[], dataFlag: string): string {
  return [...PARALLEL_FLAGS, dataFlag].map((f) => `${f} ${flagValue(argv, f) ?? 1}`).join(' × ');
}
