/**
 * Objects declared to exist elsewhere (`--assume Kind/namespace/name`): the platform team's
 * Gateway or body-routing policy, kept in another repository. An assumed object satisfies
 * references by kind, namespace and name; its contents are unknown, so checks that read them
 * are skipped, never guessed.
 */

/** apiVersion used for each kind that may be assumed. */
export const ASSUMABLE_KINDS: Readonly<Record<string, string>> = {
  Gateway: 'gateway.networking.k8s.io/v1',
  AgentgatewayPolicy: 'agentgateway.dev/v1alpha1',
  InferencePool: 'inference.networking.k8s.io/v1',
  ReferenceGrant: 'gateway.networking.k8s.io/v1beta1',
  Service: 'v1',
  Namespace: 'v1',
};

const assumed = new WeakSet<object>();

/** Whether `obj` is a placeholder made by {@link assumeObject}. */
export function isAssumed(obj: unknown): boolean {
  return typeof obj === 'object' && obj !== null && assumed.has(obj);
}

/**
 * A placeholder for `Kind/namespace/name` (`Namespace/name` for a Namespace). Throws a
 * sentence naming the value and the accepted forms when it cannot be read.
 */
export function assumeObject(spec: string): any {
  const parts = spec.split('/');
  const kind = parts[0];
  const apiVersion = ASSUMABLE_KINDS[kind];
  const kinds = Object.keys(ASSUMABLE_KINDS).join(', ');
  if (!apiVersion) throw new Error(`--assume '${spec}': kind '${kind}' cannot be assumed; use one of ${kinds}, e.g. --assume Gateway/agentgateway-system/inference-gateway`);
  const clusterScoped = kind === 'Namespace';
  const valid = (s: string | undefined) => s !== undefined && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(s);
  if (clusterScoped ? parts.length !== 2 || !valid(parts[1]) : parts.length !== 3 || !valid(parts[1]) || !valid(parts[2])) {
    throw new Error(`--assume '${spec}': write ${clusterScoped ? 'Namespace/name' : `${kind}/namespace/name`} with lowercase DNS names, e.g. --assume ${clusterScoped ? 'Namespace/llm-d' : `${kind}/agentgateway-system/inference-gateway`}`);
  }
  const metadata = clusterScoped ? { name: parts[1] } : { namespace: parts[1], name: parts[2] };
  const obj = { apiVersion, kind, metadata };
  assumed.add(obj);
  return obj;
}

/** `Kind namespace/name` of an object, for messages. */
export function describeObject(o: any): string {
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
}
