import { isAssumed } from '../model/assume';
import { GATEWAY, SERVICE } from '../model/model';
import { admits, ingressPoliciesFor, PolicyPeer, PolicyPort } from '../model/network-policy';
import { keyOf, list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { PROFILES } from '../../profiles/profiles';
import { finding, Finding, Rule, RuleContext } from './rule';

/** Longest label value: a longer Gateway name is hashed by the controllers, which is not reproduced here. */
const MAX_LABEL_VALUE = 63;

/**
 * The labels agentgateway's controllers put on a Gateway's proxy pods (both profiles' templates:
 * the three selector labels, the class label, and the Gateway's spec.infrastructure.labels).
 */
function dataPlaneLabels(ctx: RuleContext, gateway: any): Record<string, string> {
  const name = gateway.metadata.name;
  return {
    ...(gateway.spec?.infrastructure?.labels ?? {}),
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    [PROFILES[ctx.stack.profile].dataPlane.gatewayNameLabel]: name,
    'gateway.networking.k8s.io/gateway-class-name': String(gateway.spec?.gatewayClassName ?? ''),
  };
}

/** The named container port of `t` with number `n`, if any. */
function portOf(t: PodTemplate, n: number): PolicyPort {
  for (const c of t.containers) {
    const p = list(c?.ports).find((x: any) => x?.containerPort === n);
    if (p?.name) return { number: n, name: p.name };
  }
  return { number: n };
}

/** A pod port by a Service targetPort (number or container port name); undefined when the name is not declared. */
function servicePortTarget(t: PodTemplate, target: unknown): PolicyPort | undefined {
  if (typeof target === 'number') return portOf(t, target);
  for (const c of t.containers) {
    const p = list(c?.ports).find((x: any) => x?.name === target);
    if (p) return { number: p.containerPort, name: p.name };
  }
  return undefined;
}

/** A finding when the policies selecting `t` leave `peer` out on `port`. */
function blocked(ctx: RuleContext, t: PodTemplate, peer: PolicyPeer, port: PolicyPort, what: string, effect: string, fix: string, severity?: 'warning'): Finding | undefined {
  const policies = ingressPoliciesFor(ctx.model.index, t.namespace, t.labels).filter((p) => !ctx.rejected(p));
  if (!policies.length || policies.some((p) => admits(p, peer, port))) return undefined;
  return finding(policies[0], 'spec.ingress',
    `selects the pods of ${t.label}${policies.length > 1 ? ` (with ${policies.slice(1).map(keyOf).join(', ')})` : ''}, and no ingress rule of ${policies.length > 1 ? 'them' : 'it'} admits ${what} on port ${port.number}${port.name ? ` (${port.name})` : ''}: ${effect}`,
    fix, severity, [t.owner, ...policies.slice(1)]);
}

/** NetworkPolicies in the way of the gateway's routing. */
export const NETWORKPOLICY_RULES: Rule[] = [
  {
    id: 'networkpolicy-admits-gateway',
    summary: 'NetworkPolicies that select a routed InferencePool\'s pods admit the agentgateway data plane on the pool\'s target port; those that select its endpoint picker admit the data plane on the ext-proc port and the picker reaches the pool\'s pods.',
    severity: 'error',
    category: 'routing',
    appliesTo: ['NetworkPolicy'],
    remediation: 'Add an ingress rule from the Gateway\'s namespace (namespaceSelector on kubernetes.io/metadata.name) and its proxy pods (podSelector on gateway.networking.k8s.io/gateway-name) on that port.',
    rationale: 'A pod selected by any ingress NetworkPolicy accepts only what one of them allows: the gateway\'s connections to the model servers or to the picker are dropped and requests time out, though every object looks wired. A picker cut off from the servers cannot read their metrics and schedules blind (a warning). Judged only for agentgateway Gateways, whose proxy pod labels are known, and only where policies select the pods.',
    *check(ctx) {
      const seen = new Set<string>();
      const once = (f: Finding | undefined) => {
        if (!f) return undefined;
        const k = `${keyOf(f.object)}|${f.message}`;
        if (seen.has(k)) return undefined;
        seen.add(k);
        return f;
      };
      for (const gateway of ctx.model.index.all(GATEWAY)) {
        if (isAssumed(gateway) || ctx.rejected(gateway) || ctx.model.implementationOf(gateway) !== 'agentgateway') continue;
        const name = gateway.metadata?.name;
        const ns = gateway.metadata?.namespace ?? '';
        if (typeof name !== 'string' || name.length > MAX_LABEL_VALUE) continue;
        const nsLabels = ctx.model.namespaceLabels(ns);
        if (nsLabels === 'assumed') continue;
        const dataPlane: PolicyPeer = { namespace: ns, namespaceLabels: nsLabels, podLabels: dataPlaneLabels(ctx, gateway) };
        const who = `the data plane of Gateway ${keyOf(gateway)}`;
        const routes = new Set((ctx.model.attachments.get(keyOf(gateway)) ?? []).map((a) => a.route));
        const pools = new Set(ctx.model.backends.filter((b) => routes.has(b.route) && b.pool && !isAssumed(b.pool) && !ctx.rejected(b.pool)).map((b) => b.pool));
        for (const pool of pools) {
          const targets = list(pool.spec?.targetPorts).map((p: any) => p?.number).filter((n: unknown): n is number => typeof n === 'number');
          const servers = ctx.model.poolPods(pool);
          for (const t of servers) {
            for (const n of targets) {
              const f = once(blocked(ctx, t, dataPlane, portOf(t, n), who, `requests routed to InferencePool ${keyOf(pool)} never reach its servers`,
                `add to a policy selecting these pods an ingress rule from namespaceSelector kubernetes.io/metadata.name: ${ns} with podSelector gateway.networking.k8s.io/gateway-name: ${name}, port ${n}`));
              if (f) yield f;
            }
          }
          // The endpoint picker: the data plane calls it; it reads the servers' metrics.
          const ref = pool.spec?.endpointPickerRef;
          const svc = ref?.name ? ctx.model.index.get(SERVICE, pool.metadata?.namespace, ref.name) : undefined;
          if (!svc || isAssumed(svc)) continue;
          const svcPort = list(svc.spec?.ports).find((p: any) => p?.port === ref.port?.number);
          if (!svcPort) continue;
          for (const picker of ctx.model.index.selectPods(svc.metadata?.namespace ?? '', svc.spec?.selector)) {
            const port = servicePortTarget(picker, svcPort.targetPort ?? svcPort.port);
            if (port) {
              const f = once(blocked(ctx, picker, dataPlane, port, who, `the gateway cannot call the endpoint picker of InferencePool ${keyOf(pool)}, so its requests fail`,
                `add to a policy selecting these pods an ingress rule from namespaceSelector kubernetes.io/metadata.name: ${ns} with podSelector gateway.networking.k8s.io/gateway-name: ${name}, port ${port.number}`));
              if (f) yield f;
            }
            const pickerPeer: PolicyPeer = { namespace: picker.namespace, namespaceLabels: ctx.model.namespaceLabels(picker.namespace) as Record<string, string>, podLabels: picker.labels };
            if (ctx.model.namespaceLabels(picker.namespace) === 'assumed') continue;
            for (const t of servers) {
              for (const n of targets) {
                const f = once(blocked(ctx, t, pickerPeer, portOf(t, n), `the endpoint picker ${picker.label}`, 'the picker cannot read the servers\' metrics and schedules without them',
                  `add an ingress rule from the picker's pods (podSelector ${JSON.stringify(svc.spec?.selector ?? {})}) on port ${n}`, 'warning'));
                if (f) yield f;
              }
            }
          }
        }
      }
    },
  },
];
