import { isAssumed } from '../model/assume';
import { GATEWAY } from '../model/model';
import { list } from '../model/object-access';
import { finding, Rule, RuleContext } from './rule';

const SECRET = '/Secret';

/** A core Secret a Gateway listener presents as its certificate. */
interface CertificateRef {
  readonly gateway: any;
  readonly field: string;
  readonly listener: string;
  readonly namespace: string;
  readonly name: string;
}

/** Each core-Secret `tls.certificateRefs` entry of each listener of each Gateway that rules may judge. */
function* certificateRefs(ctx: RuleContext): Iterable<CertificateRef> {
  for (const gateway of ctx.model.index.all(GATEWAY)) {
    if (ctx.rejected(gateway) || isAssumed(gateway)) continue;
    const gatewayNs = gateway.metadata?.namespace ?? '';
    for (const [i, listener] of list(gateway.spec?.listeners).entries()) {
      for (const [j, ref] of list(listener?.tls?.certificateRefs).entries()) {
        if (!ref || typeof ref !== 'object' || typeof ref.name !== 'string') continue;
        if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') continue;
        yield {
          gateway, field: `spec.listeners[${i}].tls.certificateRefs[${j}]`, listener: String(listener?.name),
          namespace: typeof ref.namespace === 'string' ? ref.namespace : gatewayNs, name: ref.name,
        };
      }
    }
  }
}

/** Gateway listeners: certificates they can read, and which routes they admit. */
export const GATEWAY_LISTENER_RULES: Rule[] = [
  {
    id: 'gateway-listener-certificate-grant',
    summary: 'A listener certificate Secret in another namespace is allowed by a ReferenceGrant there from Gateways of the Gateway\'s namespace.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Gateway'],
    remediation: 'Add a ReferenceGrant in the Secret\'s namespace from Gateway in the Gateway\'s namespace to Secret, or move the Secret beside the Gateway.',
    rationale: 'Gateway API refuses a cross-namespace certificate reference without a grant (ResolvedRefs: RefNotPermitted): the listener serves no TLS.',
    *check(ctx) {
      for (const c of certificateRefs(ctx)) {
        const gatewayNs = c.gateway.metadata?.namespace ?? '';
        if (c.namespace === gatewayNs || ctx.model.granted(c.namespace, 'Gateway', gatewayNs, '', 'Secret', c.name)) continue;
        yield finding(c.gateway, `${c.field}.namespace`,
          `listener '${c.listener}' presents Secret ${c.namespace}/${c.name}, and no ReferenceGrant in '${c.namespace}' allows Gateways from '${gatewayNs}' to reference it, so the listener gets no certificate`,
          `add a ReferenceGrant in ${c.namespace} from Gateway/${gatewayNs} to Secret ${c.name}, or move the Secret to ${gatewayNs}`);
      }
    },
  },
  {
    id: 'gateway-listener-certificate-exists',
    summary: 'A listener certificate Secret is in the manifests when they hold Secrets of its namespace.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Gateway'],
    remediation: 'Create the Secret or correct the certificateRef\'s name.',
    rationale: 'A listener whose certificate does not exist serves no TLS. Secrets are often made elsewhere (cert-manager, a vault), so an absent one is judged only when the manifests hold other Secrets of that namespace.',
    *check(ctx) {
      const secretsIn = new Map<string, string[]>();
      for (const s of ctx.model.index.all(SECRET)) {
        const ns = s.metadata?.namespace ?? '';
        secretsIn.set(ns, [...(secretsIn.get(ns) ?? []), String(s.metadata?.name)]);
      }
      for (const c of certificateRefs(ctx)) {
        const present = secretsIn.get(c.namespace);
        if (!present || ctx.model.index.get(SECRET, c.namespace, c.name)) continue;
        yield finding(c.gateway, `${c.field}.name`,
          `listener '${c.listener}' presents Secret ${c.namespace}/${c.name}, which is not in the manifests though they hold Secrets of '${c.namespace}' (${present.sort().slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''})`,
          'create the Secret or correct the name');
      }
    },
  },
  {
    id: 'gateway-listener-allows-all-namespaces',
    summary: 'A listener admits routes from its own namespace or from namespaces chosen by label, not from every namespace.',
    severity: 'warning',
    category: 'security',
    appliesTo: ['Gateway'],
    remediation: 'Set allowedRoutes.namespaces.from: Selector with a label only the model namespaces carry, or Same.',
    rationale: 'With from: All, anyone who can create an HTTPRoute in any namespace can attach it, and a more specific match takes a model\'s traffic.',
    *check(ctx) {
      for (const gateway of ctx.model.index.all(GATEWAY)) {
        if (ctx.rejected(gateway) || isAssumed(gateway)) continue;
        for (const [i, listener] of list(gateway.spec?.listeners).entries()) {
          if (listener?.allowedRoutes?.namespaces?.from !== 'All') continue;
          yield finding(gateway, `spec.listeners[${i}].allowedRoutes.namespaces.from`,
            `listener '${listener.name}' admits routes from All namespaces: any namespace's HTTPRoute can attach and take traffic with a more specific match`,
            'set from: Selector with a label only the model namespaces carry, such as kubernetes.io/metadata.name, or Same');
        }
      }
    },
  },
];
