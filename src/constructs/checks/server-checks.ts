import { Duration } from 'cdk8s';
import { unsafeArgReason } from '../container-args';
import { quantityBytes } from '../units';
import { Accelerator } from '../../profiles/accelerator';
import { DEFAULT_PROFILE, StackProfile } from '../../profiles/profiles';
import { ROLLOUT_NAMES, RolloutStrategy } from '../../profiles/rollout';
import { checkEnv, EnvSettings } from './env-checks';
import { checkAffinity, checkNodeSelector } from './passthrough-checks';
import { checkVllmArgs, checkVllmTuning } from './vllm-args-checks';
import { checkAccelerator } from './accelerator-checks';
import { checkMultiNode } from './multi-node-checks';
import { checkParallelism } from './parallelism-checks';
import { checkPickerResources, PickerResourceSettings } from './picker-checks';
import { Problem, problem, quoted } from './problem';

/** Most pods per model: more is almost surely a typo (each pod holds at least one GPU). */
export const MAX_REPLICAS = 1000;
/** Smallest model cache: the smallest useful models need about a gigabyte. */
export const MIN_STORAGE = '1Gi';
/** Largest model cache or shared memory volume. */
export const MAX_STORAGE = '64Ti';
/** Smallest `/dev/shm`: the 64Mi container default is what the volume replaces. */
export const MIN_SHARED_MEMORY = '64Mi';
/** Shortest startup budget. */
export const MIN_STARTUP_SECONDS = 10;

/** Default model cache size. */
export const DEFAULT_STORAGE = '10Gi';
/** Default `/dev/shm` size. */
export const DEFAULT_SHARED_MEMORY = '8Gi';
/** `/dev/shm` per GPU when the pod has more than one and no size is given (NCCL buffers between GPUs). */
export const SHARED_MEMORY_PER_GPU_GI = 4;

/**
 * The default `/dev/shm` size for a pod with `gpus` GPUs: {@link DEFAULT_SHARED_MEMORY} (8Gi) up
 * to 2 GPUs, then {@link SHARED_MEMORY_PER_GPU_GI} (4Gi) per GPU (16Gi for 4, 32Gi for 8).
 */
export function defaultSharedMemory(gpus: number): string {
  return gpus * SHARED_MEMORY_PER_GPU_GI > 8 ? `${gpus * SHARED_MEMORY_PER_GPU_GI}Gi` : DEFAULT_SHARED_MEMORY;
}

/** Default startup budget. */
export const DEFAULT_STARTUP_TIMEOUT = Duration.minutes(30);

/** The model server settings {@link checkServerSettings} checks; absent ones take their defaults. */
export interface ServerSettings {
  readonly servedModelName: string;
  readonly huggingFaceId?: string;
  readonly selectorLabels: Record<string, string>;
  readonly replicas?: number;
  readonly gpus?: number;
  readonly accelerator?: Accelerator;
  readonly resources?: PickerResourceSettings;
  readonly gpuResource?: string;
  readonly tensorParallelSize?: number;
  readonly pipelineParallelSize?: number;
  readonly dataParallelSize?: number;
  readonly storage?: string;
  readonly sharedMemory?: string;
  readonly startupTimeout?: Duration;
  /** Nodes one instance spans (a LeaderWorkerSet group above 1). */
  readonly nodes?: number;
  // vLLM tuning, environment, rollout (issue 10, part F).
  readonly maxModelLen?: number;
  readonly gpuMemoryUtilization?: number;
  readonly env?: readonly EnvSettings[];
  readonly vllmArgs?: readonly string[];
  readonly rollout?: RolloutStrategy;
  readonly affinity?: unknown;
  readonly nodeSelector?: Record<string, string>;
  /** The profile whose vLLM the arguments are for. */
  readonly profile?: StackProfile;
}

/** Problems of a vLLM server's settings: counts, volume sizes, arguments, selector and startup budget. */
export function checkServerSettings(s: ServerSettings): Problem[] {
  const problems: Problem[] = [];
  const replicas = s.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    problems.push(problem('replicas', String(replicas), `must be a whole number from 0 to ${MAX_REPLICAS}, got ${replicas}`));
  }
  const gpus = s.gpus ?? 1;
  if (!Number.isInteger(gpus) || gpus < 1) {
    problems.push(problem('gpus', String(gpus), `must be a whole number >= 1, got ${gpus}`, 'vLLM needs at least one GPU per pod'));
  }
  problems.push(...checkParallelism(s), ...checkAccelerator(s), ...checkMultiNode(s));
  problems.push(...checkPickerResources(s.resources ?? {}).map((p) => ({ ...p, path: `resources.${p.path}` })));
  problems.push(...checkSize('storage', s.storage ?? DEFAULT_STORAGE, MIN_STORAGE, MAX_STORAGE));
  problems.push(...checkSize('sharedMemory', s.sharedMemory ?? DEFAULT_SHARED_MEMORY, MIN_SHARED_MEMORY, MAX_STORAGE));
  for (const [field, value] of [['servedModelName', s.servedModelName], ['huggingFaceId', s.huggingFaceId]] as const) {
    const reason = value === undefined ? undefined : unsafeArgReason(value);
    if (reason) problems.push(problem(field, quoted(value!), `${reason}, got ${quoted(value!)}`));
  }
  if (Object.keys(s.selectorLabels).length === 0) {
    problems.push(problem('selectorLabels', '{}', 'must not be empty: an empty selector matches every pod', 'give at least one label, e.g. app: <name>'));
  }
  const startupSeconds = (s.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT).toSeconds({ integral: false });
  if (!(startupSeconds >= MIN_STARTUP_SECONDS)) {
    problems.push(problem('startupTimeout', `${startupSeconds}s`, `must be at least ${MIN_STARTUP_SECONDS}s, got ${startupSeconds}s`, 'give vLLM time to download and load the model'));
  }
  problems.push(...checkTuning(s));
  return problems;
}

/** Problems of the vLLM tuning keys, the extra arguments and environment, and the rollout. */
function checkTuning(s: ServerSettings): Problem[] {
  const problems = [...checkVllmTuning(s), ...checkVllmArgs(s.vllmArgs, s.profile ?? DEFAULT_PROFILE), ...checkEnv(s.env), ...checkAffinity(s.affinity), ...checkNodeSelector(s.nodeSelector)];
  if (s.rollout !== undefined && !ROLLOUT_NAMES.includes(s.rollout)) {
    problems.push(problem('rollout', quoted(String(s.rollout)), `must be one of ${ROLLOUT_NAMES.join(', ')}, got ${quoted(String(s.rollout))}`));
  }
  return problems;
}

/** Problems of a size in bytes at `path` from `min` to `max`. */
export function checkSize(path: string, value: string, min: string, max: string): Problem[] {
  const bytes = quantityBytes(value);
  if (bytes !== undefined && bytes >= quantityBytes(min)! && bytes <= quantityBytes(max)!) return [];
  return [problem(path, quoted(value), `must be a size in bytes from ${min} to ${max} such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got ${quoted(value)}`)];
}
