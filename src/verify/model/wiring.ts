import { parse } from '@bufbuild/cel';
import { isAssumed } from './assume';
import { ObjectIndex, PodTemplate } from './object-index';
import { Problem, problemOn } from '../report/problem';

export const GATEWAY_API = 'gateway.networking.k8s.io';
export const INFERENCE = 'inference.networking.k8s.io';
export const INFERENCE_X = 'inference.networking.x-k8s.io';
const GATEWAY = `${GATEWAY_API}/Gateway`;
const HTTPROUTE = `${GATEWAY_API}/HTTPRoute`;
const POOL = `${INFERENCE}/InferencePool`;
const SERVICE = '/Service';
const ROUTE_TIMEOUT_ANNOTATION = 'haproxy.router.openshift.io/timeout';
const ROUTER_DEFAULT_TIMEOUT_MS = 30_000;

/** The permissions an endpoint picker's ServiceAccount needs (GAIE v1.3.0 chart RBAC). */
export const EPP_PERMISSIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'pods'],
  [INFERENCE, 'inferencepools'],
  [INFERENCE_X, 'inferenceobjectives'],
  [INFERENCE_X, 'inferencemodelrewrites'],
];
const READ_VERBS = ['get', 'list', 'watch'];

/** An HTTPRoute attached to a Gateway through one of its parentRefs. */
export interface Attachment {
  readonly route: any;
  readonly gateway: any;
}

/** What a body-routing policy's header expression maps, as far as it can be read statically. */
export interface RoutingMap {
  readonly policy: any;
  /** Index of the `set` entry in `spec.traffic.transformation.request.set`. */
  readonly setIndex: number;
  /** The header it sets. */
  readonly header: string;
  readonly expression: string;
  /** `map`: a literal map indexed by the body's model; `identity`: the model copied; `other`: not read. */
  readonly form: 'map' | 'identity' | 'other';
  /** Map entries in order (public name, header value), for form `map`. */
  readonly entries: ReadonlyArray<readonly [string, string]>;
}

const key = (o: any) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * The wiring graph over any set of manifests: which routes attach to which Gateway, which
 * pools they reach, which pods and pickers the pools resolve to, and what the body-routing
 * policies map. Each broken link is a {@link Problem} on the object that holds it.
 */
export class Wiring {
  public readonly problems: Problem[] = [];
  /** Routes attached to each Gateway (keyed `namespace/name`). */
  public readonly attachments = new Map<string, Attachment[]>();
  /** Body-routing policies per Gateway (keyed `namespace/name`). */
  public readonly routingMaps = new Map<string, RoutingMap[]>();
  /** Routes whose parentRefs name each Gateway, attached or not (keyed `namespace/name`). */
  public readonly intended = new Map<string, Attachment[]>();
  /** Headers set by policies that target a Gateway by name but sit in another namespace. */
  public readonly misplacedHeaders = new Map<string, Set<string>>();
  /** Pod templates selected by more than one pool (already reported). */
  private readonly sharedPods = new Set<PodTemplate>();

  constructor(public readonly index: ObjectIndex) {
    for (const route of index.all(HTTPROUTE)) this.checkRoute(route);
    const poolsOfPod = new Map<PodTemplate, any[]>();
    for (const pool of index.all(POOL)) this.checkPool(pool, poolsOfPod);
    for (const [tpl, pools] of poolsOfPod) {
      if (pools.length > 1) this.sharedPods.add(tpl);
      for (const pool of pools.slice(1)) {
        this.problems.push(problemOn(pool, 'spec.selector.matchLabels',
          `selects the pods of ${tpl.label}, which InferencePool ${key(pools[0])} also selects: pools in one namespace must select disjoint pods`,
          'add a label only this model\'s pods carry and select on it'));
      }
    }
    for (const policy of index.objects.filter((o) => o?.kind === 'AgentgatewayPolicy')) this.checkPolicy(policy);
    this.checkRoutingMaps();
    for (const route of index.all('route.openshift.io/Route')) this.checkOpenShiftRoute(route);
  }

  /** The Gateway and listener names a parentRef attaches to, or why it does not. */
  public resolveParent(route: any, ref: any): { gateway?: any; problem?: Omit<Problem, 'kind' | 'name' | 'namespace'> } {
    const ns = ref.namespace ?? route.metadata?.namespace;
    const gateway = this.index.get(GATEWAY, ns, ref.name);
    if (!gateway) {
      const elsewhere = this.index.named(GATEWAY, ref.name).filter((g) => g.metadata?.namespace !== ns);
      if (elsewhere.length && ref.namespace === undefined) {
        const other = elsewhere[0].metadata.namespace;
        return { problem: { field: 'namespace', message: `names Gateway '${ref.name}' without a namespace, which means the route's own namespace '${ns}'; the Gateway is in '${other}', so the route never attaches`, fix: `set namespace: ${other}` } };
      }
      return { problem: { field: 'name', message: `Gateway ${ns}/${ref.name} is not in the manifests`, fix: elsewhere.length ? `the Gateway '${ref.name}' is in namespace ${elsewhere.map((g) => g.metadata.namespace).join(', ')}` : `create it, correct the reference, or declare it with --assume Gateway/${ns}/${ref.name} when it lives in another repository` } };
    }
    // An assumed Gateway's listeners are unknown: the route is taken to attach.
    if (isAssumed(gateway)) return { gateway };
    let listeners: any[] = gateway.spec?.listeners ?? [];
    if (ref.sectionName !== undefined) {
      listeners = listeners.filter((l) => l.name === ref.sectionName);
      if (!listeners.length) return { problem: { field: 'sectionName', message: `Gateway ${key(gateway)} has no listener '${ref.sectionName}'`, fix: `use one of: ${(gateway.spec?.listeners ?? []).map((l: any) => l.name).join(', ')}` } };
    }
    if (ref.port !== undefined) {
      listeners = listeners.filter((l) => l.port === ref.port);
      if (!listeners.length) return { problem: { field: 'port', message: `Gateway ${key(gateway)} has no listener on port ${ref.port}`, fix: `use one of: ${(gateway.spec?.listeners ?? []).map((l: any) => l.port).join(', ')}` } };
    }
    const refusals = listeners.map((l) => this.refusal(l, gateway, route)).filter((r): r is string => r !== undefined);
    if (refusals.length === listeners.length) {
      return { problem: { field: '', message: `no listener of Gateway ${key(gateway)} admits this HTTPRoute: ${refusals.join('; ')}`, fix: 'set the listener\'s allowedRoutes.namespaces.from: All, or move the route' } };
    }
    return { gateway };
  }

  /** Why `listener` does not admit `route`, or undefined when it does. */
  private refusal(listener: any, gateway: any, route: any): string | undefined {
    if (!['HTTP', 'HTTPS'].includes(listener.protocol)) return `listener '${listener.name}' speaks ${listener.protocol}, not HTTP`;
    const kinds: any[] | undefined = listener.allowedRoutes?.kinds;
    if (kinds && !kinds.some((k) => (k.group ?? GATEWAY_API) === GATEWAY_API && k.kind === 'HTTPRoute')) return `listener '${listener.name}' admits only ${kinds.map((k) => k.kind).join(', ')}`;
    const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
    const routeNs = route.metadata?.namespace;
    if (from === 'All') return undefined;
    if (from === 'Same') return routeNs === gateway.metadata?.namespace ? undefined : `listener '${listener.name}' admits routes from its own namespace only (allowedRoutes.namespaces.from: Same) and the route is in '${routeNs}'`;
    const selector = listener.allowedRoutes?.namespaces?.selector ?? {};
    const ns = this.index.get('/Namespace', undefined, routeNs);
    if (!ns) return `listener '${listener.name}' admits namespaces by label, and the manifests hold no Namespace '${routeNs}' to check`;
    if (isAssumed(ns)) return undefined;
    const labels = ns.metadata?.labels ?? {};
    const ok = Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
      && (selector.matchExpressions ?? []).every((e: any) => matchExpression(e, labels));
    return ok ? undefined : `listener '${listener.name}' admits namespaces by label and Namespace '${routeNs}' does not match`;
  }

  private checkRoute(route: any) {
    (route.spec?.parentRefs ?? []).forEach((ref: any, i: number) => {
      if ((ref.group ?? GATEWAY_API) !== GATEWAY_API || (ref.kind ?? 'Gateway') !== 'Gateway') return;
      const { gateway, problem } = this.resolveParent(route, ref);
      const meant = gateway ? [gateway] : this.index.named(GATEWAY, ref.name);
      for (const g of meant) {
        const list = this.intended.get(key(g)) ?? [];
        if (!list.some((a) => a.route === route)) list.push({ route, gateway: g });
        this.intended.set(key(g), list);
      }
      if (problem) {
        this.problems.push(problemOn(route, `spec.parentRefs[${i}]${problem.field ? `.${problem.field}` : ''}`, problem.message, problem.fix));
      } else {
        const list = this.attachments.get(key(gateway)) ?? [];
        if (!list.some((a) => a.route === route)) list.push({ route, gateway });
        this.attachments.set(key(gateway), list);
      }
    });
    (route.spec?.rules ?? []).forEach((rule: any, r: number) => {
      (rule.backendRefs ?? []).forEach((ref: any, b: number) => {
        const field = `spec.rules[${r}].backendRefs[${b}]`;
        const group = ref.group ?? '';
        if (ref.kind !== 'InferencePool') return;
        if (group === INFERENCE_X) {
          this.problems.push(problemOn(route, `${field}.group`, `'${INFERENCE_X}' is the InferencePool v1alpha2 API; the pinned GAIE v1.3 CRDs and agentgateway resolve '${INFERENCE}'`, `set group: ${INFERENCE}`));
          return;
        }
        if (group !== INFERENCE) return;
        const problem = this.backendProblem(route, ref);
        if (problem) this.problems.push(problemOn(route, field, problem.message, problem.fix));
      });
    });
  }

  /** The InferencePool a backendRef names, or why it does not resolve. */
  public resolvePool(route: any, ref: any): any {
    return this.backendProblem(route, ref) ? undefined : this.index.get(POOL, ref.namespace ?? route.metadata?.namespace, ref.name);
  }

  private backendProblem(route: any, ref: any): { message: string; fix?: string } | undefined {
    const routeNs = route.metadata?.namespace;
    const ns = ref.namespace ?? routeNs;
    const pool = this.index.get(POOL, ns, ref.name);
    if (!pool) {
      const elsewhere = this.index.named(POOL, ref.name).map((p) => p.metadata?.namespace);
      return { message: `InferencePool ${ns}/${ref.name} is not in the manifests`, fix: elsewhere.length ? `an InferencePool '${ref.name}' is in namespace ${elsewhere.join(', ')}` : 'create it or correct the name' };
    }
    if (ns !== routeNs) {
      const granted = this.index.all(`${GATEWAY_API}/ReferenceGrant`).some((g) => g.metadata?.namespace === ns && (isAssumed(g)
        || ((g.spec?.from ?? []).some((f: any) => f.group === GATEWAY_API && f.kind === 'HTTPRoute' && f.namespace === routeNs)
        && (g.spec?.to ?? []).some((t: any) => t.group === INFERENCE && t.kind === 'InferencePool' && (t.name === undefined || t.name === ref.name)))));
      if (!granted) return { message: `InferencePool ${ns}/${ref.name} is in another namespace and no ReferenceGrant in '${ns}' allows HTTPRoutes from '${routeNs}' to reference it`, fix: `add a ReferenceGrant in ${ns} from HTTPRoute/${routeNs} to InferencePool` };
    }
    return undefined;
  }

  /** Pod templates an InferencePool selects. */
  public poolPods(pool: any): PodTemplate[] {
    return this.index.selectPods(pool.metadata?.namespace ?? '', pool.spec?.selector?.matchLabels);
  }

  private checkPool(pool: any, poolsOfPod: Map<PodTemplate, any[]>) {
    const ns = pool.metadata?.namespace ?? '';
    const selector = pool.spec?.selector?.matchLabels ?? {};
    const pods = this.poolPods(pool);
    if (pods.length === 0 && Object.keys(selector).length) {
      const near = this.index.podTemplates.filter((t) => t.namespace === ns && t.owner.kind !== 'Pod')
        .map((t) => ({ t, shared: Object.entries<string>(selector).filter(([k, v]) => t.labels[k] === v).length }))
        .filter((x) => x.shared > 0).sort((a, b) => b.shared - a.shared)[0];
      this.problems.push(problemOn(pool, 'spec.selector.matchLabels',
        `selects no pod: no workload in '${ns}' has pod labels ${JSON.stringify(selector)}${near ? `; closest is ${near.t.label} with ${JSON.stringify(near.t.labels)}` : ''}`,
        'make the selector equal to labels the model server\'s pod template carries'));
    }
    for (const t of pods) {
      const list = poolsOfPod.get(t) ?? [];
      list.push(pool);
      poolsOfPod.set(t, list);
      const declared = t.containers.flatMap((c) => (c.ports ?? []).map((p: any) => p.containerPort));
      (pool.spec?.targetPorts ?? []).forEach((tp: any, i: number) => {
        if (!declared.includes(tp.number)) {
          this.problems.push(problemOn(pool, `spec.targetPorts[${i}].number`,
            `no container of ${t.label} declares port ${tp.number}${declared.length ? ` (declared: ${declared.join(', ')})` : ' (it declares none)'}; the endpoint picker drops such pods`,
            'set the target port to the port the model server listens on, and declare it as a containerPort'));
        }
      });
    }
    this.checkEndpointPicker(pool);
  }

  private checkEndpointPicker(pool: any) {
    const ref = pool.spec?.endpointPickerRef;
    if (!ref) return;
    const ns = pool.metadata?.namespace ?? '';
    const field = 'spec.endpointPickerRef';
    if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') {
      this.problems.push(problemOn(pool, field, `agentgateway calls the endpoint picker through a core Service; got group '${ref.group ?? ''}', kind '${ref.kind}'`, 'reference a Service'));
      return;
    }
    if (!ref.port) return; // the CRD's own rule reports the missing port
    const svc = this.index.get(SERVICE, ns, ref.name);
    if (!svc) {
      const candidates = this.index.all(SERVICE).filter((s) => s.metadata?.namespace === ns && /epp/.test(s.metadata?.name ?? '')).map((s) => s.metadata.name);
      this.problems.push(problemOn(pool, `${field}.name`, `Service ${ns}/${ref.name} is not in the manifests`, candidates.length ? `endpoint picker Services in '${ns}': ${candidates.join(', ')}` : 'create the endpoint picker Service'));
      return;
    }
    if (isAssumed(svc)) return;
    const port = (svc.spec?.ports ?? []).find((p: any) => p.port === ref.port.number);
    if (!port) {
      this.problems.push(problemOn(pool, `${field}.port.number`, `Service ${key(svc)} has no port ${ref.port.number} (ports: ${(svc.spec?.ports ?? []).map((p: any) => p.port).join(', ') || 'none'})`, 'use the Service port of the picker\'s gRPC ext-proc server (9002 by default)'));
      return;
    }
    const pods = this.index.selectPods(ns, svc.spec?.selector);
    if (!pods.length) {
      this.problems.push(problemOn(pool, `${field}.name`, `Service ${key(svc)} selects no pod (selector ${JSON.stringify(svc.spec?.selector ?? {})})`, 'make the Service select the endpoint picker pods'));
      return;
    }
    const target = port.targetPort ?? port.port;
    for (const t of pods) {
      const ports = t.containers.flatMap((c) => c.ports ?? []);
      if (!ports.some((p: any) => p.containerPort === target || p.name === target)) {
        this.problems.push(problemOn(svc, `spec.ports[${(svc.spec.ports as any[]).indexOf(port)}].targetPort`, `${t.label} declares no container port ${target}`, 'point the Service at the picker\'s gRPC port'));
      }
      const epp = t.containers.find((c) => flagValue(c.args, '--pool-name') !== undefined);
      if (!epp) {
        this.problems.push(problemOn(t.owner, 'spec.template.spec.containers', `Service ${key(svc)} (endpointPickerRef of InferencePool ${key(pool)}) selects these pods, but none of their containers runs an endpoint picker (--pool-name)`, 'select the endpoint picker pods'));
        continue;
      }
      const name = flagValue(epp.args, '--pool-name');
      const poolNs = flagValue(epp.args, '--pool-namespace');
      const group = flagValue(epp.args, '--pool-group');
      const argsField = `spec.template.spec.containers[${t.spec.containers?.indexOf(epp) ?? 0}].args`;
      if (name !== pool.metadata?.name) {
        this.problems.push(problemOn(t.owner, argsField, `--pool-name is '${name}', but InferencePool ${key(pool)} uses this picker`, `set --pool-name ${pool.metadata?.name}`));
      }
      if (poolNs !== undefined && poolNs !== ns) {
        this.problems.push(problemOn(t.owner, argsField, `--pool-namespace is '${poolNs}', but InferencePool ${key(pool)} is in '${ns}'`, `set --pool-namespace ${ns}`));
      }
      if (group !== undefined && group !== INFERENCE) {
        this.problems.push(problemOn(t.owner, argsField, `--pool-group is '${group}': the picker watches a different InferencePool API than ${INFERENCE}`, `set --pool-group ${INFERENCE}`));
      }
      this.checkPickerRbac(t);
    }
  }

  private checkPickerRbac(t: PodTemplate) {
    const ns = t.namespace;
    const sa = t.spec.serviceAccountName ?? 'default';
    const rules = this.rulesFor(ns, sa);
    const missing = EPP_PERMISSIONS.filter(([group, resource]) => !READ_VERBS.every((verb) => rules.some((r) => allows(r, group, resource, verb))));
    if (missing.length) {
      this.problems.push(problemOn(t.owner, 'spec.template.spec.serviceAccountName',
        `ServiceAccount ${ns}/${sa} lacks get, list, watch on ${missing.map(([g, r]) => (g ? `${r}.${g}` : r)).join(', ')}, which the endpoint picker reads`,
        `bind a Role granting them to ServiceAccount ${sa}`));
    }
  }

  private rbac?: Map<string, any[]>;

  /** RBAC rules bound to ServiceAccount `namespace/name` (indexed once over every binding). */
  private rulesFor(namespace: string, name: string): any[] {
    if (!this.rbac) {
      const rbac = new Map<string, any[]>();
      const add = (subject: any, bindingNs: string | undefined, rules: any[]) => {
        if (subject.kind !== 'ServiceAccount') return;
        const k = `${subject.namespace ?? bindingNs ?? ''}|${subject.name}`;
        rbac.set(k, [...(rbac.get(k) ?? []), ...rules]);
      };
      const role = (ref: any, ns: string | undefined) => (ref?.kind === 'ClusterRole'
        ? this.index.get('rbac.authorization.k8s.io/ClusterRole', undefined, ref.name)
        : this.index.get('rbac.authorization.k8s.io/Role', ns, ref?.name));
      for (const rb of this.index.all('rbac.authorization.k8s.io/RoleBinding')) {
        const ns = rb.metadata?.namespace;
        const rules = role(rb.roleRef, ns)?.rules ?? [];
        // A RoleBinding grants only in its own namespace.
        for (const s of rb.subjects ?? []) if ((s.namespace ?? ns) === ns) add(s, ns, rules);
      }
      for (const crb of this.index.all('rbac.authorization.k8s.io/ClusterRoleBinding')) {
        const rules = role({ ...crb.roleRef, kind: 'ClusterRole' }, undefined)?.rules ?? [];
        for (const s of crb.subjects ?? []) add(s, undefined, rules);
      }
      this.rbac = rbac;
    }
    return this.rbac.get(`${namespace}|${name}`) ?? [];
  }

  private checkPolicy(policy: any) {
    const ns = policy.metadata?.namespace ?? '';
    const traffic = policy.spec?.traffic;
    const sets: any[] = traffic?.transformation?.request?.set ?? [];
    (policy.spec?.targetRefs ?? []).forEach((ref: any, i: number) => {
      if (ref.kind !== 'Gateway' || (ref.group ?? GATEWAY_API) !== GATEWAY_API) return;
      const gateway = this.index.get(GATEWAY, ns, ref.name);
      if (!gateway) {
        const elsewhere = this.index.named(GATEWAY, ref.name).map((g) => g.metadata?.namespace);
        for (const g of this.index.named(GATEWAY, ref.name)) {
          const set = this.misplacedHeaders.get(key(g)) ?? new Set<string>();
          for (const x of sets) set.add(String(x.name).toLowerCase());
          this.misplacedHeaders.set(key(g), set);
        }
        this.problems.push(problemOn(policy, elsewhere.length ? 'metadata.namespace' : `spec.targetRefs[${i}].name`,
          elsewhere.length
            ? `targets Gateway '${ref.name}', which is in namespace '${elsewhere[0]}': policy targetRefs are local, so the policy attaches to nothing in '${ns}'`
            : `targets Gateway ${ns}/${ref.name}, which is not in the manifests`,
          elsewhere.length ? `move the policy to namespace ${elsewhere[0]}` : `correct the target name, or declare it with --assume Gateway/${ns}/${ref.name} when it lives in another repository`));
        return;
      }
      sets.forEach((s, j) => {
        const list = this.routingMaps.get(key(gateway)) ?? [];
        list.push({ policy, setIndex: j, header: String(s.name), expression: String(s.value ?? ''), ...readRoutingMap(String(s.value ?? '')) });
        this.routingMaps.set(key(gateway), list);
      });
    });
  }

  private checkRoutingMaps() {
    for (const [gwKey, maps] of this.routingMaps) {
      const meant = this.intended.get(gwKey) ?? [];
      for (const m of maps) {
        const matches = this.headerMatches(meant, m.header);
        if (!matches.length) continue; // this header is not used for routing
        const phase = m.policy.spec?.traffic?.phase ?? 'PostRouting';
        if (phase !== 'PreRouting') {
          this.problems.push(problemOn(m.policy, 'spec.traffic.phase', `sets ${m.header}, which HTTPRoutes match, in phase ${phase}: after the route is chosen, so no route can match it`, 'set spec.traffic.phase: PreRouting'));
          continue;
        }
        if (m.form !== 'map') continue;
        const valueField = `spec.traffic.transformation.request.set[${m.setIndex}].value`;
        const values = new Set(matches.map((x) => x.value));
        const keysOf = new Map<string, string[]>();
        for (const [k, v] of m.entries) keysOf.set(v, [...(keysOf.get(v) ?? []), k]);
        for (const [k, v] of m.entries) {
          if (!values.has(v)) {
            this.problems.push(problemOn(m.policy, valueField, `maps model '${k}' to '${v}', but no HTTPRoute attached to Gateway ${gwKey} matches ${m.header}: '${v}'`, `add an HTTPRoute for '${v}' or correct the map`));
          }
        }
        for (const x of matches) {
          if (!keysOf.has(x.value)) {
            this.problems.push(problemOn(x.route, x.field, `no entry of the routing map in AgentgatewayPolicy ${key(m.policy)} yields '${x.value}', so this rule never matches`, `add "${x.value}": "${x.value}" to the map`));
            continue;
          }
          const keys = keysOf.get(x.value)!;
          for (const pool of x.pools) {
            for (const t of this.poolPods(pool)) {
              if (this.sharedPods.has(t)) continue;
              const served = servedModelNames(t);
              if (!served) continue;
              for (const k of keys.filter((n) => !served.includes(n))) {
                this.problems.push(problemOn(m.policy, valueField, `routes model '${k}' to InferencePool ${key(pool)}, whose pods (${t.label}) serve ${served.map((s) => `'${s}'`).join(', ')}: vLLM would answer 404 for '${k}'`, `add '${k}' to --served-model-name or route it elsewhere`));
              }
              for (const s of served.filter((n) => !keys.includes(n))) {
                this.problems.push(problemOn(m.policy, valueField, `InferencePool ${key(pool)}'s pods (${t.label}) serve '${s}', but no key of the routing map sends '${s}' to '${x.value}'`, `add "${s}": "${x.value}" to the map`));
              }
            }
          }
        }
      }
    }
  }

  /** Exact matches on `header` in the rules of `attached` routes, with the pools each rule reaches. */
  public headerMatches(attached: Attachment[], header: string): { route: any; field: string; value: string; pools: any[] }[] {
    const out: { route: any; field: string; value: string; pools: any[] }[] = [];
    const h = header.toLowerCase();
    for (const { route } of attached) {
      (route.spec?.rules ?? []).forEach((rule: any, r: number) => {
        const pools = (rule.backendRefs ?? [])
          .filter((b: any) => b.kind === 'InferencePool' && (b.group ?? '') === INFERENCE)
          .map((b: any) => this.resolvePool(route, b))
          .filter((p: any) => p !== undefined);
        (rule.matches ?? []).forEach((m: any, i: number) => {
          (m.headers ?? []).forEach((hm: any, j: number) => {
            if (String(hm.name).toLowerCase() !== h || (hm.type ?? 'Exact') !== 'Exact') return;
            out.push({ route, field: `spec.rules[${r}].matches[${i}].headers[${j}].value`, value: String(hm.value), pools });
          });
        });
      });
    }
    return out;
  }

  private checkOpenShiftRoute(route: any) {
    const ns = route.metadata?.namespace ?? '';
    const to = route.spec?.to ?? {};
    if ((to.kind ?? 'Service') !== 'Service') return;
    const gateways = this.index.all(GATEWAY).filter((g) => g.metadata?.namespace === ns);
    const gateway = gateways.find((g) => g.metadata?.name === to.name);
    if (gateway && isAssumed(gateway)) return;
    if (!gateway) {
      if (gateways.length === 1 && !this.index.get(SERVICE, ns, to.name)) {
        this.problems.push(problemOn(route, 'spec.to.name', `points at Service '${to.name}', which is not in the manifests; the Gateway's data plane Service is named after the Gateway, '${gateways[0].metadata.name}'`, `set spec.to.name: ${gateways[0].metadata.name}`));
      }
      return;
    }
    const listeners: any[] = gateway.spec?.listeners ?? [];
    const target = route.spec?.port?.targetPort;
    if (target !== undefined && !listeners.some((l) => l.port === target || `listener-${l.port}` === target)) {
      this.problems.push(problemOn(route, 'spec.port.targetPort', `Gateway ${key(gateway)} listens on ${listeners.map((l) => l.port).join(', ')}, not ${JSON.stringify(target)}`, `set targetPort: ${listeners[0]?.port}`));
    }
    const longest = (this.attachments.get(key(gateway)) ?? [])
      .flatMap((a) => (a.route.spec?.rules ?? []).map((r: any) => ({ route: a.route, ms: parseDurationMs(r.timeouts?.request) ?? 0 })))
      .sort((a, b) => b.ms - a.ms)[0];
    if (!longest || longest.ms === 0) return;
    const raw = route.metadata?.annotations?.[ROUTE_TIMEOUT_ANNOTATION];
    const routerMs = raw === undefined ? ROUTER_DEFAULT_TIMEOUT_MS : parseDurationMs(String(raw));
    if (routerMs === undefined) {
      this.problems.push(problemOn(route, `metadata.annotations.${ROUTE_TIMEOUT_ANNOTATION}`, `'${raw}' is not a router timeout (a number with us, ms, s, m, h or d)`, `set it to ${longest.ms / 1000}s`));
    } else if (routerMs < longest.ms) {
      this.problems.push(problemOn(route, `metadata.annotations.${ROUTE_TIMEOUT_ANNOTATION}`,
        `${raw === undefined ? 'unset, so the router default 30s applies' : `'${raw}'`}, below the ${longest.ms / 1000}s request timeout of HTTPRoute ${key(longest.route)}: the router cuts long generations and streams with 504`,
        `set ${ROUTE_TIMEOUT_ANNOTATION}: ${longest.ms / 1000}s`));
    }
  }
}

/** Reads a body-routing expression: a literal string map indexed by the body's model, or the model itself. */
export function readRoutingMap(expression: string): Pick<RoutingMap, 'form' | 'entries'> {
  let expr: any;
  try {
    expr = parse(expression).expr;
  } catch {
    return { form: 'other', entries: [] };
  }
  const isModel = (e: any): boolean => {
    if (e?.exprKind?.case === 'callExpr' && e.exprKind.value.function === 'string' && e.exprKind.value.args.length === 1) return isModel(e.exprKind.value.args[0]);
    return e?.exprKind?.case === 'selectExpr' && e.exprKind.value.field === 'model';
  };
  if (isModel(expr)) return { form: 'identity', entries: [] };
  const call = expr?.exprKind?.case === 'callExpr' ? expr.exprKind.value : undefined;
  const map = call?.function === '_[_]' && call.args[0]?.exprKind?.case === 'structExpr' ? call.args[0].exprKind.value : undefined;
  if (!map || map.messageName || !isModel(call.args[1])) return { form: 'other', entries: [] };
  const str = (e: any) => (e?.exprKind?.case === 'constExpr' && e.exprKind.value.constantKind.case === 'stringValue' ? e.exprKind.value.constantKind.value as string : undefined);
  const entries: [string, string][] = [];
  for (const entry of map.entries) {
    const k = str(entry.keyKind?.value);
    const v = str(entry.value);
    if (k === undefined || v === undefined) return { form: 'other', entries: [] };
    entries.push([k, v]);
  }
  return { form: 'map', entries };
}

/** The model names a vLLM pod template serves, or undefined when it cannot be told. */
export function servedModelNames(t: PodTemplate): string[] | undefined {
  for (const c of t.containers) {
    const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
    const flag = argv.findIndex((a) => a === '--served-model-name' || a.startsWith('--served-model-name='));
    if (flag >= 0) {
      if (argv[flag].includes('=')) return [argv[flag].slice(argv[flag].indexOf('=') + 1)];
      const names: string[] = [];
      for (let i = flag + 1; i < argv.length && !argv[i].startsWith('-'); i++) names.push(argv[i]);
      return names;
    }
    const model = flagValue(argv, '--model');
    if (model !== undefined) return [model];
    const serve = argv.indexOf('serve');
    if (serve >= 0 && argv[serve + 1] && !argv[serve + 1].startsWith('-')) return [argv[serve + 1]];
  }
  return undefined;
}

/** Value of `--flag v` or `--flag=v` in an argument list. */
export function flagValue(args: unknown, flag: string): string | undefined {
  if (!Array.isArray(args)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = String(args[i]);
    if (a === flag) return args[i + 1] === undefined ? '' : String(args[i + 1]);
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return undefined;
}

/** Milliseconds of a Gateway API or OpenShift router duration (`300s`, `1h30m`, `500ms`, `2d`). */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const unit: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!/^(\d+(us|ms|s|m|h|d))+$/.test(text)) return /^\d+$/.test(text) ? Number(text) : undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(us|ms|s|m|h|d)/g)) ms += Number(m[1]) * unit[m[2]];
  return ms;
}

function allows(rule: any, group: string, resource: string, verb: string): boolean {
  const has = (list: unknown, v: string) => Array.isArray(list) && (list.includes(v) || list.includes('*'));
  return has(rule.apiGroups, group) && has(rule.resources, resource) && has(rule.verbs, verb) && !(rule.resourceNames?.length);
}

function matchExpression(e: any, labels: Record<string, string>): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case 'In': return v !== undefined && (e.values ?? []).includes(v);
    case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    default: return false;
  }
}

