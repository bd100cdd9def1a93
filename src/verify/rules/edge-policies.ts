import { parseDurationMs } from '../../util/duration';
import { isAssumed } from '../model/assume';
import { INFERENCE, POLICY } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { finding, Rule } from './rule';

const ROUTE = 'gateway.networking.k8s.io/HTTPRoute';
const GATEWAY_API = 'gateway.networking.k8s.io';

/** The apiKeyAuthentication `secretRef` names of every AgentgatewayPolicy, with the policy. */
function apiKeyRefs(all: readonly any[]): { policy: any; name: string }[] {
  return all.flatMap((policy) => {
    const name = policy?.spec?.traffic?.apiKeyAuthentication?.secretRef?.name;
    return typeof name === 'string' && name ? [{ policy, name }] : [];
  });
}

/** A Secret named by an API-key policy is not in the manifests with values. */
export const APIKEY_SECRET_VALUES_RULE: Rule = {
  id: 'apikey-secret-no-values',
  summary: 'A Secret an AgentgatewayPolicy apiKeyAuthentication names is not in the manifests with data or stringData.',
  severity: 'error',
  category: 'security',
  appliesTo: ['Secret'],
  remediation: 'Remove the Secret from the manifests and create it in the cluster (oc create secret generic <name> --from-literal=...), or from a sealed or external secret.',
  rationale: 'Manifests go to Git: API keys written in them are readable by anyone with the repository, for as long as its history lasts.',
  *check(ctx) {
    const index = ctx.model.index;
    for (const { policy, name } of apiKeyRefs(index.all(POLICY))) {
      const secret = index.get('/Secret', policy.metadata?.namespace, name);
      if (!secret || isAssumed(secret)) continue;
      const keys = [...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})];
      if (!keys.length) continue;
      yield finding(secret, secret.stringData ? 'stringData' : 'data', `holds ${keys.length} API key value(s) for AgentgatewayPolicy ${keyOf(policy)}: keys in manifests leak with the repository`,
        `remove Secret ${keyOf(secret)} from the manifests and create it in the cluster: oc create secret generic ${name} -n ${secret.metadata?.namespace} --from-literal=<id>=<key>`);
    }
  },
};

/** A Secret named by an API-key policy, when present, is in the policy's namespace. */
export const APIKEY_SECRET_NAMESPACE_RULE: Rule = {
  id: 'apikey-secret-namespace',
  summary: 'The Secret an AgentgatewayPolicy apiKeyAuthentication names, when it is in the manifests, is in the policy\'s namespace.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['AgentgatewayPolicy'],
  remediation: 'Create the Secret in the policy\'s namespace (the gateway namespace): secretRef has no namespace.',
  rationale: 'agentgateway reads secretRef in the policy\'s own namespace; a Secret of that name elsewhere is never read, and every request is refused with 401.',
  *check(ctx) {
    const index = ctx.model.index;
    for (const { policy, name } of apiKeyRefs(index.all(POLICY))) {
      if (ctx.rejected(policy)) continue;
      const ns = policy.metadata?.namespace;
      if (index.get('/Secret', ns, name)) continue;
      const elsewhere = index.named('/Secret', name).map((s) => s.metadata?.namespace);
      if (!elsewhere.length) continue;
      yield finding(policy, 'spec.traffic.apiKeyAuthentication.secretRef.name', `names Secret ${name}, which the manifests put in namespace(s) ${elsewhere.join(', ')}, not in the policy's namespace ${ns}, where agentgateway reads it`,
        `create Secret ${name} in namespace ${ns}`);
    }
  },
};

/**
 * Routes an AgentgatewayPolicy's traffic applies to: the HTTPRoutes it targets, or every route
 * attached to a Gateway it targets.
 */
function routesOf(ctx: Parameters<Rule['check']>[0], policy: any): any[] {
  const ns = policy.metadata?.namespace;
  const out: any[] = [];
  for (const ref of list(policy.spec?.targetRefs)) {
    if ((ref?.group ?? GATEWAY_API) !== GATEWAY_API) continue;
    if (ref.kind === 'HTTPRoute') {
      const r = ctx.model.index.get(ROUTE, ns, ref.name);
      if (r) out.push(r);
    } else if (ref.kind === 'Gateway') {
      for (const a of ctx.model.attachments.get(`${ns}/${ref.name}`) ?? []) out.push(a.route);
    }
  }
  return out;
}

const toPool = (route: any) => list(route.spec?.rules).some((r: any) => list(r?.backendRefs).some((b: any) => b?.kind === 'InferencePool' && (b.group ?? '') === INFERENCE));

/** A token rate limit applies only where agentgateway counts tokens. */
export const TOKEN_LIMIT_RULE: Rule = {
  id: 'policy-token-limit-counted',
  summary: 'An AgentgatewayPolicy rateLimit.local token limit does not apply to HTTPRoutes that send to an InferencePool.',
  severity: 'error',
  category: 'routing',
  appliesTo: ['AgentgatewayPolicy'],
  remediation: 'Limit requests (rateLimit.local[].requests) instead, or route the model through an AgentgatewayBackend ai / AgentgatewayModel, where agentgateway counts tokens.',
  rationale: 'agentgateway counts tokens only for AI backends (crates/agentgateway/src/proxy/httpproxy.rs: apply_llm_request_policies is called only for Backend::AI, @v0.11.0 and @v1.4.1): HTTPRoute→InferencePool traffic is plain HTTP, so a token limit there never triggers.',
  *check(ctx) {
    for (const policy of ctx.model.index.all(POLICY)) {
      if (ctx.rejected(policy) || isAssumed(policy)) continue;
      const local = list(policy.spec?.traffic?.rateLimit?.local);
      const i = local.findIndex((l: any) => l?.tokens !== undefined);
      if (i < 0) continue;
      const pooled = routesOf(ctx, policy).filter(toPool);
      if (!pooled.length) continue;
      yield finding(policy, `spec.traffic.rateLimit.local[${i}].tokens`, `limits tokens on HTTPRoute(s) ${pooled.map(keyOf).join(', ')}, which send to an InferencePool: agentgateway does not count tokens there, so the limit never triggers`);
    }
  },
};

/** An AgentgatewayPolicy's request timeout is not shorter than the HTTPRoute timeouts it covers. */
export const POLICY_TIMEOUT_RULE: Rule = {
  id: 'policy-timeout-route',
  summary: 'An AgentgatewayPolicy timeouts.request is at least the timeouts.request of every HTTPRoute rule it applies to.',
  severity: 'warning',
  category: 'wiring',
  appliesTo: ['AgentgatewayPolicy'],
  remediation: 'Raise the policy\'s timeouts.request to the routes\' (or remove it and keep the HTTPRoute timeouts, which the library sets from gateway.requestTimeout).',
  rationale: 'Two layers that disagree on a request\'s lifetime: the shorter one cuts long generations and streams that the other allows, and which one wins depends on attachment precedence.',
  *check(ctx) {
    for (const policy of ctx.model.index.all(POLICY)) {
      if (ctx.rejected(policy) || isAssumed(policy)) continue;
      const raw = policy.spec?.traffic?.timeouts?.request;
      const ms = parseDurationMs(typeof raw === 'string' ? raw : undefined);
      if (ms === undefined) continue;
      const longer = routesOf(ctx, policy).flatMap((route) => list(route.spec?.rules).map((r: any) => ({ route, ms: parseDurationMs(r?.timeouts?.request) })))
        .filter((x) => x.ms !== undefined && x.ms > ms);
      if (!longer.length) continue;
      const max = longer.reduce((a, b) => (b.ms! > a.ms! ? b : a));
      yield finding(policy, 'spec.traffic.timeouts.request', `cuts requests at ${raw}, shorter than the ${max.route.spec.rules.find((r: any) => parseDurationMs(r?.timeouts?.request) === max.ms)?.timeouts?.request} timeouts.request of HTTPRoute ${keyOf(max.route)}`,
        `raise it to at least the route's timeout, or remove it`);
    }
  },
};
