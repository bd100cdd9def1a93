import { k8s } from 'cdk8s-plus-30';
import { Problem, problem } from './problem';

/** Most node selector entries. */
export const MAX_NODE_SELECTOR = 64;

/**
 * The first path of `given` that `rendered` lacks or renders differently (a key the typed
 * mapper dropped: unknown or misspelt), or undefined when both agree.
 */
function firstDropped(given: unknown, rendered: unknown, path: string): string | undefined {
  if (given === null || typeof given !== 'object') return JSON.stringify(given) === JSON.stringify(rendered) ? undefined : path;
  if (rendered === null || typeof rendered !== 'object') return path;
  for (const [k, v] of Object.entries(given as Record<string, unknown>)) {
    const at = Array.isArray(given) ? `${path}[${k}]` : `${path}.${k}`;
    const drop = firstDropped(v, (rendered as Record<string, unknown>)[k], at);
    if (drop) return drop;
  }
  return undefined;
}

/**
 * Problems of a pod affinity given as data (a catalog's `affinity`): every key must be one of
 * the Kubernetes Affinity type's, since the typed mapper would silently drop a misspelt one.
 */
export function checkAffinity(affinity: unknown): Problem[] {
  if (affinity === undefined) return [];
  let rendered: unknown;
  try {
    rendered = k8s.toJson_Affinity(affinity as k8s.Affinity);
  } catch {
    rendered = undefined;
  }
  const dropped = firstDropped(affinity, rendered, 'affinity');
  if (!dropped) return [];
  return [problem(dropped, dropped, 'is not a field of a Kubernetes pod affinity (or has the wrong type) and would be dropped', 'use nodeAffinity, podAffinity or podAntiAffinity as in a pod spec, e.g. nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms')];
}

/** Problems of a node selector: at most {@link MAX_NODE_SELECTOR} entries. */
export function checkNodeSelector(selector: Record<string, string> | undefined): Problem[] {
  if (selector === undefined || Object.keys(selector).length <= MAX_NODE_SELECTOR) return [];
  return [problem('nodeSelector', `${Object.keys(selector).length} entries`, `has ${Object.keys(selector).length} entries, at most ${MAX_NODE_SELECTOR} are allowed`)];
}
