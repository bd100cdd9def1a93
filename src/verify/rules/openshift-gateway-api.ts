import { OLDEST_OPENSHIFT, OPENSHIFT_GATEWAY_API, OpenShiftVersion } from '../../profiles/profiles';
import { groupOf } from '../model/object-index';
import { SchemaValidator } from '../schema/schema-validator';
import { finding, Finding, Rule, RuleContext } from './rule';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Whether `o` is a CustomResourceDefinition of the Gateway API group. */
function isGatewayApiCrd(o: any): boolean {
  return groupOf(o?.apiVersion) === 'apiextensions.k8s.io' && o?.kind === 'CustomResourceDefinition' && o?.spec?.group === GATEWAY_API_GROUP;
}

/**
 * Each Gateway API object checked against the standard bundle `release` installs: a kind or
 * apiVersion the bundle lacks, or a field its schema does not have (the engine drops fields
 * the profile's own schema check already refused).
 */
export function* bundleFindings(ctx: RuleContext, release: OpenShiftVersion, assumed: boolean = false): Iterable<Finding> {
  const bundle = OPENSHIFT_GATEWAY_API[release];
  const where = `OpenShift ${release}${assumed ? ' (the oldest supported release, as none was named)' : ''}, whose Ingress Operator installs Gateway API ${bundle.version}`;
  const objects = ctx.input.objects.filter((o) => o && typeof o === 'object' && groupOf(o.apiVersion) === GATEWAY_API_GROUP && typeof o.kind === 'string');
  if (!objects.length) return;
  const validator = SchemaValidator.forSet(bundle.schemaSet);
  for (const o of objects) {
    if (!validator.hasSchema(o.apiVersion, o.kind)) {
      const versions = validator.versionsOf(o.kind);
      yield versions.length
        ? finding(o, 'apiVersion', `${o.apiVersion} is not served on ${where} (it serves ${o.kind} as ${versions.join(', ')})`, `use apiVersion ${versions[versions.length - 1]}, or target a later OpenShift release`)
        : finding(o, 'kind', `${o.kind} is not in Gateway API ${bundle.version}, which OpenShift ${release}${assumed ? ' (the oldest supported release, as none was named)' : ''} installs`, `leave out the ${o.kind}, or target an OpenShift release whose Gateway API has it${assumed ? ' and name it with --openshift-version' : ''}`);
      continue;
    }
    for (const p of validator.validate(o)) {
      yield finding(o, p.field, `${p.message} (on ${where})`, `leave the field out, or target an OpenShift release whose Gateway API bundle has it${assumed ? ' and name it with --openshift-version' : ''}`);
    }
  }
}

/** What OpenShift's own Gateway API (owned by the platform) allows. */
export const OPENSHIFT_GATEWAY_API_RULES: Rule[] = [
  {
    id: 'openshift-gateway-api-bundle',
    summary: 'On OpenShift every Gateway API object also matches the standard bundle the release installs (--openshift-version; the oldest supported, 4.19, when none is named): 4.19/4.20: v1.2.1, 4.21: v1.3.0, 4.22 and 5.0: v1.4.1.',
    severity: 'error',
    category: 'schema',
    appliesTo: ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'ListenerSet'],
    phase: 'object',
    remediation: 'Leave out the kinds and fields the release\'s Gateway API lacks, or target a later OpenShift release.',
    rationale: 'On OpenShift the Ingress Operator owns the Gateway API CRDs; a field its older bundle lacks is pruned or refused by the API server, and a kind it lacks cannot be created at all.',
    *check(ctx) {
      if (ctx.stack.openshiftVersion) yield* bundleFindings(ctx, ctx.stack.openshiftVersion);
      else if (ctx.stack.platform === 'openshift') yield* bundleFindings(ctx, OLDEST_OPENSHIFT, true);
    },
  },
  {
    id: 'openshift-gateway-api-crds',
    summary: 'On OpenShift (declared, or shown by Routes or SCC grants) the manifests hold no Gateway API CustomResourceDefinition.',
    severity: 'error',
    category: 'input',
    appliesTo: ['CustomResourceDefinition'],
    phase: 'object',
    remediation: 'Leave the Gateway API CRDs out: OpenShift\'s Ingress Operator installs them.',
    rationale: 'The Ingress Operator owns the gateway.networking.k8s.io CRDs and an admission policy denies changes to them by anyone else, so applying the set fails.',
    *check(ctx) {
      if (ctx.stack.platform !== 'openshift') return;
      const why = ctx.stack.platformChosenBy === 'flag' ? `OpenShift${ctx.stack.openshiftVersion ? ` ${ctx.stack.openshiftVersion}` : ''} was declared` : 'the manifests are for OpenShift (Routes or SCC grants)';
      for (const o of ctx.input.objects) {
        if (!isGatewayApiCrd(o)) continue;
        yield finding(o, 'spec.group', `is a Gateway API CRD (${GATEWAY_API_GROUP}) but ${why}, where the Ingress Operator owns those CRDs and an admission policy denies anyone else's`, 'remove the CRD from the manifests; the platform installs the Gateway API');
      }
    },
  },
];
