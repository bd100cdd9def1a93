import { keyOf, list } from '../model/object-access';
import { finding, Finding, Rule, RuleContext } from './rule';

/** A Secret or ConfigMap an AgentgatewayPolicy names. */
export interface PolicyReference {
  readonly kind: 'Secret' | 'ConfigMap';
  /** Dotted path of the `name` (or `matchLabels`) field. */
  readonly field: string;
  /** The name referenced, or undefined for a label selector. */
  readonly name?: string;
  /** For a selector (`apiKeyAuthentication.secretSelector`): the labels a Secret must carry. */
  readonly matchLabels?: Record<string, string>;
}

/** Deepest nesting of the policy spec walked (the CRD nests about 12 levels). */
const MAX_DEPTH = 32;

/**
 * The Secrets and ConfigMaps a policy references, read from the CRD's field names wherever they
 * occur (backend auth, AWS credentials, TLS and mTLS of backends and prompt-guard services,
 * API key and basic authentication): `secretRef: {name}` and `mtlsCertificateRef: [{name}]` name
 * Secrets, `caCertificateRefs: [{name}]` names ConfigMaps, `secretSelector: {matchLabels}` selects
 * Secrets by label.
 */
export function policyReferences(policy: any): PolicyReference[] {
  const out: PolicyReference[] = [];
  const walk = (node: any, path: string, depth: number) => {
    if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      const at = `${path}.${k}`;
      if (k === 'secretRef' && typeof (v as any)?.name === 'string') out.push({ kind: 'Secret', field: `${at}.name`, name: (v as any).name });
      else if (k === 'mtlsCertificateRef' || k === 'caCertificateRefs') {
        list(v).forEach((r: any, i: number) => {
          if (typeof r?.name === 'string') out.push({ kind: k === 'mtlsCertificateRef' ? 'Secret' : 'ConfigMap', field: `${at}[${i}].name`, name: r.name });
        });
      } else if (k === 'secretSelector' && (v as any)?.matchLabels && typeof (v as any).matchLabels === 'object') {
        out.push({ kind: 'Secret', field: `${at}.matchLabels`, matchLabels: (v as any).matchLabels });
      } else {
        walk(v, at, depth + 1);
      }
    }
  };
  walk(policy?.spec, 'spec', 0);
  return out;
}

/** Kinds that produce a Secret of their own name (sealed-secrets, External Secrets Operator). */
const SECRET_SOURCES = ['SealedSecret', 'ExternalSecret'];

/** Secrets (and their sources) and ConfigMaps of the manifests, by namespace. */
function byNamespace(ctx: RuleContext): Record<'Secret' | 'ConfigMap', Map<string, any[]>> {
  const out = { Secret: new Map<string, any[]>(), ConfigMap: new Map<string, any[]>() };
  for (const o of ctx.model.index.objects) {
    const kind = o?.kind === 'ConfigMap' && o.apiVersion === 'v1' ? 'ConfigMap'
      : (o?.kind === 'Secret' && o.apiVersion === 'v1') || SECRET_SOURCES.includes(o?.kind) ? 'Secret' : undefined;
    if (!kind) continue;
    const ns = String(o.metadata?.namespace ?? '');
    const items = out[kind].get(ns) ?? [];
    items.push(o);
    out[kind].set(ns, items);
  }
  return out;
}

function* check(ctx: RuleContext): Iterable<Finding> {
  let held: ReturnType<typeof byNamespace> | undefined;
  for (const policy of ctx.model.index.objects.filter((o) => o?.kind === 'AgentgatewayPolicy' && !ctx.rejected(o))) {
    const ns = policy.metadata?.namespace ?? '';
    for (const ref of policyReferences(policy)) {
      held ??= byNamespace(ctx);
      const present = held[ref.kind].get(ns) ?? [];
      // Secrets and ConfigMaps are often managed outside the manifests (a vault, a sealed secret,
      // another repository): only a set that holds some of that namespace's is held to them.
      if (!present.length) continue;
      if (ref.name !== undefined) {
        if (present.some((o) => o.metadata?.name === ref.name)) continue;
        yield finding(policy, ref.field, `names ${ref.kind} ${ns}/${ref.name}, which is not in the manifests although they hold ${present.length} ${ref.kind}(s) of namespace '${ns}' (${present.slice(0, 3).map(keyOf).join(', ')}${present.length > 3 ? ', ...' : ''})`, `create ${ref.kind} ${ref.name} in namespace ${ns}, or correct the name`);
      } else {
        const labels = ref.matchLabels ?? {};
        if (present.some((o) => Object.entries(labels).every(([k, v]) => o.metadata?.labels?.[k] === v))) continue;
        yield finding(policy, ref.field, `selects Secrets labelled ${JSON.stringify(labels)}, and none of the ${present.length} Secret(s) of namespace '${ns}' in the manifests carries those labels`, 'label the API key Secrets with these labels, or correct the selector');
      }
    }
  }
}

/** Secrets and ConfigMaps named by AgentgatewayPolicies. */
export const POLICY_REFERENCE_RULE: Rule = {
  id: 'policy-reference-exists',
  summary: 'Each Secret and ConfigMap an AgentgatewayPolicy references is in the manifests, when they hold that namespace\'s Secrets or ConfigMaps.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['AgentgatewayPolicy'],
  remediation: 'Create the Secret or ConfigMap in the policy\'s namespace, or correct the reference.',
  rationale: 'A missing API key, basic-auth or backend credential Secret, or CA ConfigMap leaves the policy unusable: every request is refused, or the backend call fails. Checked only when the manifests hold Secrets (or SealedSecrets, ExternalSecrets) or ConfigMaps of that namespace, since they are often managed elsewhere.',
  check,
};
