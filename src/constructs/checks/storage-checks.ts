import type { CacheAccessMode, ModelCache } from '../model-cache';
import { isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';
import { checkSize, MAX_STORAGE, MIN_STORAGE } from './server-checks';

/** The key of the token Secret when none is named. */
export const DEFAULT_TOKEN_KEY = 'HF_TOKEN';
/** A Secret data key: letters, digits, '-', '_' and '.'. */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteMany', 'ReadWriteOncePod'];
const SHARED_ACCESS_MODE: CacheAccessMode = 'ReadWriteMany' as CacheAccessMode;

/** What {@link checkStorageSettings} reads of a model's source. */
export interface SourceLike {
  readonly kind: string;
  readonly uri: string;
  readonly claimName?: string;
}

/** A model server's storage settings: where the weights and the cache live, and the token. */
export interface StorageSettings {
  readonly source?: SourceLike;
  readonly cache?: ModelCache;
  readonly storage?: string;
  readonly replicas?: number;
  readonly hfTokenSecret?: string;
  readonly hfTokenSecretKey?: string;
}

/**
 * Problems of where a model keeps its weights and cache: a `cache` claim's size, class and
 * access mode (more than one replica needs ReadWriteMany), `cache` or a `pvc+hf://` source
 * together with `storage` (which sizes the emptyDir they replace), `cache` with a source that
 * downloads nothing or already keeps its cache on a claim, and the token Secret's key.
 */
export function checkStorageSettings(s: StorageSettings): Problem[] {
  const problems: Problem[] = [];
  const kind = s.source?.kind ?? 'hf';
  if (s.cache !== undefined) problems.push(...checkCache(s.cache, s.replicas ?? 1));
  if (s.cache !== undefined && kind !== 'hf') {
    problems.push(problem('cache', s.source!.uri, `keeps weights downloaded from Hugging Face, but the source ${quoted(s.source!.uri)} ${kind === 'pvc+hf' ? 'already keeps its cache on a claim' : 'downloads nothing'}`,
      kind === 'pvc+hf' ? "remove 'cache', or use an hf:// source" : "remove 'cache'"));
  }
  if (s.storage !== undefined && s.cache !== undefined) {
    problems.push(problem('storage', quoted(s.storage), `sizes the emptyDir cache, which 'cache' replaces with a claim, got ${quoted(s.storage)}`, "remove 'storage' and size the claim with cache.size"));
  }
  if (s.storage !== undefined && kind === 'pvc+hf') {
    problems.push(problem('storage', quoted(s.storage), `sizes the emptyDir cache, but the source ${quoted(s.source!.uri)} keeps the cache on claim ${quoted(s.source!.claimName ?? '')}, got ${quoted(s.storage)}`, "remove 'storage'"));
  }
  problems.push(...checkTokenKey(s.hfTokenSecret, s.hfTokenSecretKey));
  return problems;
}

/** Problems of a cache claim: size, StorageClass name, access mode, and replicas it can serve. */
function checkCache(cache: ModelCache, replicas: number): Problem[] {
  const problems: Problem[] = [];
  problems.push(...checkSize('cache.size', cache.size, MIN_STORAGE, MAX_STORAGE));
  if (cache.storageClass !== undefined && !isDnsSubdomain(cache.storageClass)) {
    problems.push(problem('cache.storageClass', quoted(cache.storageClass), `must be a StorageClass name (lowercase DNS subdomain, at most 253 characters), got ${quoted(cache.storageClass)}`, 'leave it out to use the cluster default'));
  }
  const mode = cache.accessMode;
  if (mode !== undefined && !ACCESS_MODES.includes(mode)) {
    problems.push(problem('cache.accessMode', quoted(String(mode)), `must be one of ${ACCESS_MODES.join(', ')}, got ${quoted(String(mode))}`));
  } else if (replicas > 1 && mode !== SHARED_ACCESS_MODE) {
    problems.push(problem('cache.accessMode', quoted(mode ?? 'ReadWriteOnce'), `is ${mode ?? 'ReadWriteOnce (the default)'}, but the model has ${replicas} replicas that all mount the cache claim`,
      'set cache.accessMode: ReadWriteMany (a StorageClass that offers it), or replicas: 1'));
  }
  return problems;
}

/** Problems of the token Secret's key: a Secret data key, and only with a Secret. */
function checkTokenKey(secret: string | undefined, key: string | undefined): Problem[] {
  if (key === undefined) return [];
  if (secret === undefined) return [problem('hfTokenSecretKey', quoted(key), `is set to ${quoted(key)} but no hfTokenSecret names the Secret`, "add 'hfTokenSecret' or remove 'hfTokenSecretKey'")];
  if (!SECRET_KEY.test(key)) return [problem('hfTokenSecretKey', quoted(key), `must be a Secret key (letters, digits, '-', '_' and '.', at most 253), got ${quoted(key)}`)];
  return [];
}
