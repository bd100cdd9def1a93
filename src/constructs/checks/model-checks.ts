import type { ModelOptions } from '../served-model';
import { unsafeArgReason } from '../container-args';
import { Names } from '../names';
import { checkNamespace, isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';
import { isHuggingFaceId } from './source-checks';
import { checkServerSettings } from './server-checks';
import { checkStorageSettings } from './storage-checks';
import type { StackProfile } from '../../profiles/profiles';

/** Longest public model name. */
export const MAX_NAME_LENGTH = 256;

const PRINTABLE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

/** How messages name a model: `model 'Qwen/Qwen3-0.6B'`; odd names escaped, long ones cut. */
export function modelSubject(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) return 'a model';
  if (name.length > MAX_NAME_LENGTH) return `model '${name.slice(0, 40)}…'`;
  if (!PRINTABLE.test(name)) return `model ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`;
  return `model '${name}'`;
}

/** Problems of a public model name: it travels in an HTTP header, a CEL string and vLLM's arguments unchanged. */
export function checkModelName(name: unknown): Problem[] {
  if (typeof name !== 'string' || name.length === 0) {
    return [problem('name', typeof name === 'string' ? "''" : String(name), `must be a non-empty string, got ${typeof name === 'string' ? "''" : String(name)}`, 'give the name clients send as model, e.g. Qwen/Qwen3-0.6B')];
  }
  if (name.length > MAX_NAME_LENGTH) {
    return [problem('name', `${name.length} characters`, `must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}`, 'shorten the name')];
  }
  if (!PRINTABLE.test(name)) {
    return [problem('name', JSON.stringify(name), `must be printable ASCII without leading or trailing spaces (it is sent as an HTTP header value), got ${JSON.stringify(name)}`, 'remove control characters, non-ASCII characters and surrounding spaces')];
  }
  const reason = unsafeArgReason(name);
  if (reason) return [problem('name', quoted(name), `${reason} (it is vLLM's --served-model-name), got ${quoted(name)}`, 'rename the model')];
  return [];
}

/** Where a model's objects go: {@link checkModelPlacement} checks these. */
export interface ModelPlacement {
  readonly pool: string;
  readonly namespace: string;
  readonly hfTokenSecret?: string;
}

/** Problems of a pool name at `path`: a DNS-1035 label that leaves room for '-epp'. */
export function checkPoolName(pool: string, path: string = 'pool'): Problem[] {
  if (Names.isDns1035(pool, Names.MAX_POOL_LENGTH)) return [];
  return [problem(path, quoted(pool), `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most ${Names.MAX_POOL_LENGTH} characters so '${pool}-epp' fits in 63, got ${quoted(pool)} (${pool.length} characters)`)];
}

/** Problems of a model's pool name (room for '-epp'), namespace and token Secret name. */
export function checkModelPlacement(p: ModelPlacement): Problem[] {
  const problems: Problem[] = [...checkPoolName(p.pool)];
  problems.push(...checkNamespace('namespace', p.namespace));
  if (p.hfTokenSecret !== undefined && !isDnsSubdomain(p.hfTokenSecret)) {
    problems.push(problem('hfTokenSecret', quoted(p.hfTokenSecret), `must be a Secret name (lowercase DNS subdomain, at most 253 characters), got ${quoted(p.hfTokenSecret)}`));
  }
  return problems;
}

/**
 * Every problem of one model on its own (not against the other models): its name, then, when
 * the name is usable, where its weights come from, its placement and its vLLM server settings.
 */
export function checkModelOptions(options: ModelOptions, namespace: string, profile?: StackProfile): Problem[] {
  return checkModel(options, namespace, checkWeights(options), profile);
}

/**
 * {@link checkModelOptions} with the problems of where the weights come from given: a catalog
 * checks its `uri` text, where a construct has a `ModelSource` already.
 */
export function checkModel(options: ModelOptions, namespace: string, weights: readonly Problem[], profile?: StackProfile): Problem[] {
  const nameProblems = checkModelName(options.name);
  if (nameProblems.length) return nameProblems;
  const pool = options.pool ?? Names.poolName(options.name);
  return [
    ...weights,
    ...checkModelPlacement({ pool, namespace, hfTokenSecret: options.hfTokenSecret }),
    ...checkServerSettings({
      servedModelName: options.name,
      huggingFaceId: options.source?.huggingFaceId,
      selectorLabels: { app: pool },
      replicas: options.replicas,
      gpus: options.gpus,
      accelerator: options.accelerator,
      resources: options.resources,
      gpuResource: options.gpuResource,
      tensorParallelSize: options.tensorParallelSize,
      pipelineParallelSize: options.pipelineParallelSize,
      dataParallelSize: options.dataParallelSize,
      storage: options.storage,
      startupTimeout: options.startupTimeout,
      maxModelLen: options.maxModelLen,
      gpuMemoryUtilization: options.gpuMemoryUtilization,
      env: options.env,
      vllmArgs: options.vllmArgs,
      rollout: options.rollout,
      affinity: options.affinity,
      nodeSelector: options.nodeSelector,
      profile,
      nodes: options.nodes,
    }),
    ...checkStorageSettings({
      source: options.source, cache: options.cache, storage: options.storage, replicas: options.replicas,
      hfTokenSecret: options.hfTokenSecret, hfTokenSecretKey: options.hfTokenSecretKey,
    }),
  ];
}

/** Problems of where a model's weights come from: without a source, the name must be a Hugging Face repository id. */
export function checkWeights(options: { readonly name: string; readonly source?: unknown }): Problem[] {
  if (options.source !== undefined || isHuggingFaceId(options.name)) return [];
  return [problem('name', quoted(options.name), `is not a Hugging Face repository id <organization>/<name>, and no 'source' says where the weights are, got ${quoted(options.name)}`, "set 'source' (in a catalog: 'uri'), e.g. hf://Qwen/Qwen3-0.6B")];
}
