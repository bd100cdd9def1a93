import { list } from './object-access';
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

/** Whether a label selector (matchLabels and matchExpressions) selects `labels`; an empty selector selects everything. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return byLabel && list(selector.matchExpressions).every((e: any) => {
    const v = labels[e?.key];
    switch (e?.operator) {
      case 'In': return v !== undefined && list(e.values).includes(v);
      case 'NotIn': return v === undefined || !list(e.values).includes(v);
      case 'Exists': return v !== undefined;
      case 'DoesNotExist': return v === undefined;
      default: return false;
    }
  });
}

/** Whether a policy restricts ingress: policyTypes lists Ingress, or is absent (ingress is then always implied). */
export function restrictsIngress(policy: any): boolean {
  const types = policy?.spec?.policyTypes;
  return !Array.isArray(types) || types.includes('Ingress');
}

/** The ingress-restricting policies in `namespace` selecting a pod with `labels`, in object order. */
export function ingressPoliciesFor(index: ObjectIndex, namespace: string, labels: Record<string, string>): any[] {
  return index.all(NETWORK_POLICY).filter((p) => (p.metadata?.namespace ?? '') === namespace && restrictsIngress(p) && selectorMatches(p.spec?.podSelector, labels));
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
