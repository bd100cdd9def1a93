import { isAssumed } from '../model/assume';
import { GATEWAY, GATEWAY_API } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { DataPlaneFacts } from '../../profiles/data-plane';
import { PROFILES } from '../../profiles/profiles';
import { finding, Rule, RuleContext } from './rule';

// The data plane an agentgateway controller generates for a Gateway: its ServiceAccount is
// named after the Gateway, its proxy container runs as a fixed UID, and the Gateway's (or its
// class's) parametersRef names an AgentgatewayParameters in the Gateway's namespace whose
// overlays are strategic merge patches of the generated objects (see src/profiles/data-plane.ts).

const PARAMETERS_GROUP = 'agentgateway.dev';
const PARAMETERS_KIND = 'AgentgatewayParameters';
const PARAMETERS = `${PARAMETERS_GROUP}/${PARAMETERS_KIND}`;

/**
 * SCC ClusterRoles whose `use` admits a fixed non-zero UID outside the namespace's range (the
 * ones OpenShift ships); restricted, restricted-v2 and restricted-v3 do not.
 */
const UID_SCC_ROLES = /^system:openshift:scc:(nonroot|nonroot-v2|anyuid|hostmount-anyuid|hostnetwork|hostnetwork-v2|privileged)$/;
const UID_SCCS = /^(nonroot|nonroot-v2|anyuid|hostmount-anyuid|hostnetwork|hostnetwork-v2|privileged)$/;

/** agentgateway Gateways in the manifests (not assumed, not rejected). */
function agentgatewayGateways(ctx: RuleContext): any[] {
  return ctx.model.index.all(GATEWAY).filter((g) => !isAssumed(g) && !ctx.rejected(g) && ctx.model.implementationOf(g) === 'agentgateway');
}

/** The data-plane facts to judge by: the chosen profile's (both profiles' agree on what is judged here). */
function facts(ctx: RuleContext): DataPlaneFacts {
  return PROFILES[ctx.stack.profile].dataPlane;
}

/** The AgentgatewayParameters a parametersRef names, `assumed`, or why it does not resolve. */
function resolveParameters(ctx: RuleContext, ref: any, namespace: string | undefined): { params?: any; assumed?: boolean; problem?: { field: string; message: string; fix: string } } {
  if ((ref?.group ?? '') !== PARAMETERS_GROUP || ref?.kind !== PARAMETERS_KIND) {
    return { problem: { field: 'kind', message: `names ${ref?.group ?? ''}/${ref?.kind}, which agentgateway does not read: its controller refuses to deploy the Gateway`, fix: `reference group: ${PARAMETERS_GROUP}, kind: ${PARAMETERS_KIND}` } };
  }
  const params = ctx.model.index.get(PARAMETERS, namespace, ref.name);
  if (params && isAssumed(params)) return { assumed: true };
  if (params) return { params };
  const elsewhere = ctx.model.index.named(PARAMETERS, ref.name).map((p) => p.metadata?.namespace);
  return {
    problem: {
      field: 'name',
      message: `AgentgatewayParameters ${namespace}/${ref.name} is not in the manifests: the controller does not deploy the Gateway's data plane until it exists`,
      fix: elsewhere.length ? `the controller looks in the Gateway's namespace '${namespace}'; one is in ${elsewhere.join(', ')}` : 'create it in the Gateway\'s namespace or correct the name',
    },
  };
}

/** The parameters applied to a Gateway's data plane: its class's, then its own (assumed ones unknown). */
function parametersOf(ctx: RuleContext, gateway: any): { list: any[]; unknown: boolean } {
  const out: any[] = [];
  let unknown = false;
  const cls = ctx.model.index.get(`${GATEWAY_API}/GatewayClass`, undefined, gateway.spec?.gatewayClassName);
  const refs: [any, string | undefined][] = [];
  if (cls?.spec?.parametersRef) refs.push([cls.spec.parametersRef, cls.spec.parametersRef.namespace]);
  if (gateway.spec?.infrastructure?.parametersRef) refs.push([gateway.spec.infrastructure.parametersRef, gateway.metadata?.namespace]);
  for (const [ref, ns] of refs) {
    const r = resolveParameters(ctx, ref, ns);
    if (r.params) out.push(r.params);
    else unknown = true;
  }
  return { list: out, unknown };
}

/** Whether a Deployment overlay takes the fixed UID off the proxy container (`$patch: replace` without runAsUser, or `$patch: delete`). */
function overlayRemovesUid(params: any, f: DataPlaneFacts): boolean {
  const containers = list(params?.spec?.deployment?.spec?.template?.spec?.containers);
  const sc = containers.find((c: any) => c?.name === f.container)?.securityContext;
  if (!sc || typeof sc !== 'object') return false;
  if (sc.$patch === 'delete') return true;
  return sc.$patch === 'replace' && sc.runAsUser === undefined;
}

/** Whether ServiceAccount `namespace/name` may use an SCC that admits a fixed UID. */
function grantedUidScc(ctx: RuleContext, namespace: string, name: string): boolean {
  const subject = (s: any, bindingNs?: string) => s?.kind === 'ServiceAccount' && s.name === name && (s.namespace ?? bindingNs) === namespace;
  const bindings = [
    ...ctx.model.index.all('rbac.authorization.k8s.io/RoleBinding').filter((b) => b.metadata?.namespace === namespace).map((b) => ({ b, ns: namespace })),
    ...ctx.model.index.all('rbac.authorization.k8s.io/ClusterRoleBinding').map((b) => ({ b, ns: undefined })),
  ];
  for (const { b, ns } of bindings) {
    if (!list(b.subjects).some((s: any) => subject(s, ns))) continue;
    if (typeof b.roleRef?.name === 'string' && UID_SCC_ROLES.test(b.roleRef.name)) return true;
    const role = b.roleRef?.kind === 'ClusterRole'
      ? ctx.model.index.get('rbac.authorization.k8s.io/ClusterRole', undefined, b.roleRef.name)
      : ctx.model.index.get('rbac.authorization.k8s.io/Role', ns, b.roleRef?.name);
    if (list(role?.rules).some((r: any) => list(r?.apiGroups).includes('security.openshift.io') && list(r?.resources).includes('securitycontextconstraints')
      && list(r?.verbs).some((v: any) => v === 'use' || v === '*') && list(r?.resourceNames).some((n: any) => UID_SCCS.test(String(n))))) return true;
  }
  // An SCC object naming the ServiceAccount among its users.
  return ctx.model.index.all('security.openshift.io/SecurityContextConstraints')
    .some((scc) => list(scc.users).includes(`system:serviceaccount:${namespace}:${name}`) && scc.runAsUser?.type !== 'MustRunAsRange');
}

/** The Gateway's data plane: its parameters resolve, and on OpenShift restricted-v2 is met or waived. */
export const GATEWAY_DATA_PLANE_RULES: Rule[] = [
  {
    id: 'gateway-parameters-exists',
    summary: 'An agentgateway Gateway\'s spec.infrastructure.parametersRef names an AgentgatewayParameters (agentgateway.dev) in the Gateway\'s namespace that is in the manifests.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Gateway'],
    remediation: 'Create the AgentgatewayParameters in the Gateway\'s namespace, correct the reference, or declare it with --assume when it lives elsewhere.',
    rationale: 'The controller resolves the reference in the Gateway\'s namespace and refuses any other kind; until it resolves, no data plane is deployed and every request fails.',
    *check(ctx) {
      for (const gateway of agentgatewayGateways(ctx)) {
        const ref = gateway.spec?.infrastructure?.parametersRef;
        if (!ref) continue;
        const r = resolveParameters(ctx, ref, gateway.metadata?.namespace);
        if (r.problem) yield finding(gateway, `spec.infrastructure.parametersRef.${r.problem.field}`, r.problem.message, r.problem.fix);
      }
    },
  },
  {
    id: 'gateway-data-plane-scc',
    summary: 'On OpenShift, an agentgateway Gateway\'s data plane (fixed UID 10101) is admitted: its ServiceAccount may use an SCC allowing that UID, or its AgentgatewayParameters overlay removes the UID so restricted-v2 admits it.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Gateway'],
    remediation: 'Bind ClusterRole system:openshift:scc:nonroot-v2 to the data plane\'s ServiceAccount (named after the Gateway), or reference AgentgatewayParameters whose deployment overlay replaces the agentgateway container\'s securityContext without runAsUser ($patch: replace).',
    rationale: 'restricted-v2 refuses a pod whose UID is outside the namespace\'s range: the ReplicaSet never creates the proxy pod, and the Route answers 503. Judged only when the platform is OpenShift (declared, or shown by a Route or an SCC grant).',
    *check(ctx) {
      if (ctx.stack.platform !== 'openshift') return;
      const f = facts(ctx);
      for (const gateway of agentgatewayGateways(ctx)) {
        const name = gateway.metadata?.name;
        const ns = gateway.metadata?.namespace ?? '';
        if (typeof name !== 'string') continue;
        const params = parametersOf(ctx, gateway);
        // Parameters whose contents are unknown (assumed, or reported as missing) may do it.
        if (params.unknown || params.list.some((p) => overlayRemovesUid(p, f))) continue;
        if (grantedUidScc(ctx, ns, name)) continue;
        yield finding(gateway, '', `the data plane of ${keyOf(gateway)} runs as the fixed UID ${f.fixedUid}, and neither an SCC grant to ServiceAccount ${ns}/${name} nor an AgentgatewayParameters overlay removing that UID is in the manifests: restricted-v2 refuses the proxy pod`,
          `add a RoleBinding in ${ns} granting ClusterRole system:openshift:scc:nonroot-v2 to ServiceAccount ${name}, or an AgentgatewayParameters overlay that replaces the ${f.container} container's securityContext without runAsUser`);
      }
    },
  },
];
