import { INFERENCE, INFERENCE_X, Unresolved } from '../model/model';
import { list } from '../model/object-access';
import { finding, Finding, Rule, RuleContext } from './rule';

function unresolvedBackends(ctx: RuleContext, reason: Unresolved['reason']): Finding[] {
  return ctx.model.backends
    .filter((b) => b.unresolved?.reason === reason && !ctx.rejected(b.route))
    .map((b) => finding(b.route, `spec.rules[${b.rule}].backendRefs[${b.backend}]`, b.unresolved!.message, b.unresolved!.fix));
}

/** HTTPRoute backendRefs to InferencePools. */
export const HTTPROUTE_BACKEND_RULES: Rule[] = [
  {
    id: 'httproute-backend-pool-group',
    summary: `An InferencePool backendRef uses the group ${INFERENCE}.`,
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: `Set backendRefs[].group: ${INFERENCE}.`,
    rationale: `'${INFERENCE_X}' is the v1alpha2 InferencePool API; the pinned CRDs and agentgateway resolve the v1 group only, so the backend never resolves.`,
    *check(ctx) {
      for (const route of ctx.model.index.all('gateway.networking.k8s.io/HTTPRoute')) {
        if (ctx.rejected(route)) continue;
        for (const [r, rule] of list(route.spec?.rules).entries()) {
          for (const [b, ref] of list(rule?.backendRefs).entries()) {
            if (ref?.kind === 'InferencePool' && ref.group === INFERENCE_X) {
              yield finding(route, `spec.rules[${r}].backendRefs[${b}].group`, `'${INFERENCE_X}' is the InferencePool v1alpha2 API; the pinned GAIE v1.3 CRDs and agentgateway resolve '${INFERENCE}'`, `set group: ${INFERENCE}`);
            }
          }
        }
      }
    },
  },
  {
    id: 'httproute-backend-pool-exists',
    summary: 'Each InferencePool a backendRef names is in the manifests (or declared with --assume).',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Create the InferencePool or correct the backendRef\'s name and namespace.',
    rationale: 'A backendRef to a missing pool makes the gateway answer 500 for every request the rule matches.',
    check: (ctx) => unresolvedBackends(ctx, 'missing'),
  },
  {
    id: 'httproute-backend-reference-grant',
    summary: 'A backendRef to an InferencePool in another namespace is allowed by a ReferenceGrant there.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Add a ReferenceGrant in the pool\'s namespace from HTTPRoute in the route\'s namespace to InferencePool.',
    rationale: 'Gateway API refuses cross-namespace references without a grant; the rule\'s backend is then invalid.',
    check: (ctx) => unresolvedBackends(ctx, 'reference-grant'),
  },
];
