import { list, selectorMatches } from './object-access';

export { selectorMatches };
import { ObjectIndex } from './object-index';

// NetworkPolicy semantics, as far as the manifests tell (networking.k8s.io/v1): a pod selected
// by at least one policy with ingress in its policyTypes accepts only what one of those
// policies' ingress rules allows; policies add up. An ipBlock peer is not judged (pod IPs are
// unknown offline): it is taken to admit, so no finding rests on a guess.

export const NETWORK_POLICY = 'networking.k8s.io/NetworkPolicy';

/** A pod that would open a connection: its namespace, that namespace's labels, its own labels. */
export interface PolicyPeer {
  readonly namespace: string;
  readonly namespaceLabels: Record<string, string>;
  readonly podLabels: Record<string, string>;
}

/** A destination port: its number and, when the container declares one, its name. */
export interface PolicyPort {
  readonly number: number;
  readonly name?: string;
}


/** Whether a policy restricts ingress: policyTypes lists Ingress, or is absent (ingress is then always implied). */
export function restrictsIngress(policy: any): boolean {
  const types = policy?.spec?.policyTypes;
  return !Array.isArray(types) || types.includes('Ingress');
}

/**
 * The ingress-restricting policies of an index, bucketed so a pod's candidates are found
 * without scanning every policy: a policy whose podSelector has matchLabels sits under one of
 * them (`namespace`, key, value); the others (no matchLabels: empty selectors, matchExpressions
 * only) under their namespace alone. Each policy sits in exactly one bucket, with its position in
 * object order.
 */
interface PolicyBuckets {
  readonly byLabel: Map<string, [number, any][]>;
  readonly unlabelled: Map<string, [number, any][]>;
}

const BUCKETS = new WeakMap<ObjectIndex, PolicyBuckets>();

function bucketsOf(index: ObjectIndex): PolicyBuckets {
  let b = BUCKETS.get(index);
  if (b) return b;
  b = { byLabel: new Map(), unlabelled: new Map() };
  const policies = index.all(NETWORK_POLICY);
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    if (!restrictsIngress(p)) continue;
    const ns = p.metadata?.namespace ?? '';
    const ml = p.spec?.podSelector?.matchLabels;
    const first = ml && typeof ml === 'object' ? Object.entries(ml).find(([, v]) => typeof v === 'string') : undefined;
    if (first) add(b.byLabel, labelKey(ns, first[0], first[1] as string), [i, p]);
    else add(b.unlabelled, ns, [i, p]);
  }
  BUCKETS.set(index, b);
  return b;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function add<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * The ingress-restricting policies in `namespace` selecting a pod with `labels`, in object order.
 * Only the policies bucketed under the pod's namespace or one of its labels are judged, so the
 * cost is that of the candidates, not of every policy (checking each pool's pods against every
 * policy grew with the square of the model count).
 */
export function ingressPoliciesFor(index: ObjectIndex, namespace: string, labels: Record<string, string>): any[] {
  const b = bucketsOf(index);
  const candidates: [number, any][] = [...(b.unlabelled.get(namespace) ?? [])];
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string') continue;
    for (const c of b.byLabel.get(labelKey(namespace, k, v)) ?? []) candidates.push(c);
  }
  return candidates.sort((x, y) => x[0] - y[0]).map(([, p]) => p).filter((p) => selectorMatches(p.spec?.podSelector, labels));
}

function peerMatches(from: any, policyNamespace: string, peer: PolicyPeer): boolean {
  if (!from || typeof from !== 'object') return false;
  if (from.ipBlock) return true;
  const nsOk = from.namespaceSelector ? selectorMatches(from.namespaceSelector, peer.namespaceLabels) : peer.namespace === policyNamespace;
  const podOk = from.podSelector ? selectorMatches(from.podSelector, peer.podLabels) : true;
  return nsOk && podOk && (from.namespaceSelector !== undefined || from.podSelector !== undefined);
}

function portMatches(p: any, port: PolicyPort): boolean {
  if ((p?.protocol ?? 'TCP') !== 'TCP') return false;
  if (p?.port === undefined) return true;
  if (typeof p.port === 'string') return p.port === port.name;
  if (typeof p.port !== 'number') return false;
  return typeof p.endPort === 'number' ? port.number >= p.port && port.number <= p.endPort : port.number === p.port;
}

/** Whether one of `policy`'s ingress rules admits `peer` on TCP `port`. */
export function admits(policy: any, peer: PolicyPeer, port: PolicyPort): boolean {
  const ns = policy?.metadata?.namespace ?? '';
  return list(policy?.spec?.ingress).some((rule: any) => {
    const from = list(rule?.from);
    const ports = list(rule?.ports);
    return (from.length === 0 || from.some((f: any) => peerMatches(f, ns, peer))) && (ports.length === 0 || ports.some((p: any) => portMatches(p, port)));
  });
}
