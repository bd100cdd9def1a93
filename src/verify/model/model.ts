import { isAssumed } from './assume';
import { GatewayImplementation, gatewayImplementation } from './gateway-implementation';
import { keyOf, list, lower, selectorMatches } from './object-access';
import { ObjectIndex, PodTemplate } from './object-index';
import { readRoutingMap, RoutingForm } from './routing-map';

export const GATEWAY_API = 'gateway.networking.k8s.io';
export const INFERENCE = 'inference.networking.k8s.io';
export const INFERENCE_X = 'inference.networking.x-k8s.io';
export const GATEWAY = `${GATEWAY_API}/Gateway`;
export const HTTPROUTE = `${GATEWAY_API}/HTTPRoute`;
export const POOL = `${INFERENCE}/InferencePool`;
export const SERVICE = '/Service';
export const POLICY = 'agentgateway.dev/AgentgatewayPolicy';

/** An HTTPRoute attached to a Gateway through one of its parentRefs. */
export interface Attachment {
  readonly route: any;
  readonly gateway: any;
}

/** Why a reference does not resolve: the field under the reference, what is wrong, the fix. */
export interface Unresolved {
  /** Field below the reference (`namespace`, `name`, `sectionName`, ...); empty for the reference itself. */
  readonly field: string;
  readonly message: string;
  readonly fix?: string;
  /** Which link failed, so rules can tell them apart. */
  readonly reason: 'namespace' | 'missing' | 'section' | 'port' | 'not-admitted' | 'reference-grant';
}

/** One Gateway parentRef of an HTTPRoute and what it resolves to. */
export interface ParentLink {
  readonly route: any;
  /** Index in `spec.parentRefs`. */
  readonly index: number;
  readonly ref: any;
  readonly gateway?: any;
  readonly unresolved?: Unresolved;
}

/** One InferencePool backendRef of an HTTPRoute rule and what it resolves to. */
export interface BackendLink {
  readonly route: any;
  readonly rule: number;
  readonly backend: number;
  readonly ref: any;
  readonly pool?: any;
  readonly unresolved?: Unresolved;
}

/** What a body-routing policy's header expression maps, as far as it can be read statically. */
export interface RoutingMap {
  readonly policy: any;
  /** Index of the `set` entry in `spec.traffic.transformation.request.set`. */
  readonly setIndex: number;
  /** The header it sets. */
  readonly header: string;
  readonly expression: string;
  readonly form: RoutingForm;
  /** Map entries in order (public name, header value), for form `map`. */
  readonly entries: ReadonlyArray<readonly [string, string]>;
}

/** A Gateway targetRef of an AgentgatewayPolicy. */
export interface PolicyTarget {
  readonly policy: any;
  readonly index: number;
  readonly ref: any;
  readonly gateway?: any;
  /** Namespaces holding a Gateway of that name, when it is not in the policy's own. */
  readonly elsewhere: string[];
}

/** An exact match on a header in a rule of an attached route, with the pools the rule reaches. */
export interface HeaderMatch {
  readonly route: any;
  readonly field: string;
  readonly value: string;
  readonly pools: any[];
}

/**
 * The manifests as a graph, with no judgement: objects, their index, and the links between
 * them (which routes attach to which Gateway, which pools they reach, which pods a pool
 * selects, what the body-routing policies map). A link that does not hold records why; only
 * rules decide what is wrong. Built once, in time linear in the objects.
 */
export class Model {
  /** Each Gateway parentRef of each HTTPRoute, in object order. */
  public readonly parents: ParentLink[] = [];
  /** Each InferencePool backendRef (group `inference.networking.k8s.io`) of each HTTPRoute rule. */
  public readonly backends: BackendLink[] = [];
  /** Routes attached to each Gateway (keyed `namespace/name`). */
  public readonly attachments = new Map<string, Attachment[]>();
  /** Routes whose parentRefs name each Gateway, attached or not (keyed `namespace/name`). */
  public readonly intended = new Map<string, Attachment[]>();
  /** Body-routing header transformations per Gateway (keyed `namespace/name`). */
  public readonly routingMaps = new Map<string, RoutingMap[]>();
  /** Each Gateway targetRef of each AgentgatewayPolicy. */
  public readonly policyTargets: PolicyTarget[] = [];
  /** Headers set by policies that target a Gateway by name but sit in another namespace. */
  public readonly misplacedHeaders = new Map<string, Set<string>>();
  /** Pools selecting each pod template, in object order. */
  public readonly poolsOfPod = new Map<PodTemplate, any[]>();
  private readonly podsOfPool = new Map<any, PodTemplate[]>();
  private rbac?: Map<string, any[]>;

  constructor(public readonly index: ObjectIndex) {
    for (const route of index.all(HTTPROUTE)) this.linkRoute(route);
    for (const pool of index.all(POOL)) {
      for (const t of this.poolPods(pool)) {
        const pools = this.poolsOfPod.get(t) ?? [];
        pools.push(pool);
        this.poolsOfPod.set(t, pools);
      }
    }
    // Any group: a policy in a pre-split API group is reported by its schema, and its header
    // still counts as set, so one mistake gives one message.
    for (const policy of index.objects.filter((o) => o?.kind === 'AgentgatewayPolicy')) this.linkPolicy(policy);
  }

  /** The Gateway a parentRef attaches to, or why it does not. */
  public resolveParent(route: any, ref: any): { gateway?: any; unresolved?: Unresolved } {
    const ns = ref.namespace ?? route.metadata?.namespace;
    const gateway = this.index.get(GATEWAY, ns, ref.name);
    if (!gateway) {
      const elsewhere = this.index.named(GATEWAY, ref.name).filter((g) => g.metadata?.namespace !== ns);
      if (elsewhere.length && ref.namespace === undefined) {
        const other = elsewhere[0].metadata.namespace;
        return { unresolved: { reason: 'namespace', field: 'namespace', message: `names Gateway '${ref.name}' without a namespace, which means the route's own namespace '${ns}'; the Gateway is in '${other}', so the route never attaches`, fix: `set namespace: ${other}` } };
      }
      return { unresolved: { reason: 'missing', field: 'name', message: `Gateway ${ns}/${ref.name} is not in the manifests`, fix: elsewhere.length ? `the Gateway '${ref.name}' is in namespace ${elsewhere.map((g) => g.metadata.namespace).join(', ')}` : `create it, correct the reference, or declare it with --assume Gateway/${ns}/${ref.name} when it lives in another repository` } };
    }
    // An assumed Gateway's listeners are unknown: the route is taken to attach.
    if (isAssumed(gateway)) return { gateway };
    const all = list(gateway.spec?.listeners);
    let listeners = all;
    if (ref.sectionName !== undefined) {
      listeners = listeners.filter((l) => l?.name === ref.sectionName);
      if (!listeners.length) return { unresolved: { reason: 'section', field: 'sectionName', message: `Gateway ${keyOf(gateway)} has no listener '${ref.sectionName}'`, fix: `use one of: ${all.map((l: any) => l?.name).join(', ')}` } };
    }
    if (ref.port !== undefined) {
      listeners = listeners.filter((l) => l?.port === ref.port);
      if (!listeners.length) return { unresolved: { reason: 'port', field: 'port', message: `Gateway ${keyOf(gateway)} has no listener on port ${ref.port}`, fix: `use one of: ${all.map((l: any) => l?.port).join(', ')}` } };
    }
    const refusals = listeners.map((l) => this.refusal(l, gateway, route)).filter((r): r is string => r !== undefined);
    if (refusals.length === listeners.length) {
      return { unresolved: { reason: 'not-admitted', field: '', message: `no listener of Gateway ${keyOf(gateway)} admits this HTTPRoute: ${refusals.join('; ')}`, fix: `let a listener admit namespace '${route.metadata?.namespace}' (allowedRoutes.namespaces.from: Selector with a label it carries, such as kubernetes.io/metadata.name), or move the route` } };
    }
    return { gateway };
  }

  /** Why `listener` does not admit `route`, or undefined when it does. */
  public refusal(listener: any, gateway: any, route: any): string | undefined {
    if (!['HTTP', 'HTTPS'].includes(listener?.protocol)) return `listener '${listener?.name}' speaks ${listener?.protocol}, not HTTP`;
    const kinds = listener.allowedRoutes?.kinds;
    if (Array.isArray(kinds) && !kinds.some((k) => (k?.group ?? GATEWAY_API) === GATEWAY_API && k?.kind === 'HTTPRoute')) return `listener '${listener.name}' admits only ${kinds.map((k) => k?.kind).join(', ')}`;
    const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
    const routeNs = route.metadata?.namespace;
    if (from === 'All') return undefined;
    if (from === 'Same') return routeNs === gateway.metadata?.namespace ? undefined : `listener '${listener.name}' admits routes from its own namespace only (allowedRoutes.namespaces.from: Same) and the route is in '${routeNs}'`;
    const selector = listener.allowedRoutes?.namespaces?.selector ?? {};
    const labels = this.namespaceLabels(routeNs);
    if (labels === 'assumed') return undefined;
    const ok = selectorMatches(selector, labels);
    if (ok) return undefined;
    const known = this.index.get('/Namespace', undefined, routeNs) !== undefined;
    return known
      ? `listener '${listener.name}' admits namespaces by label and Namespace '${routeNs}' does not match`
      : `listener '${listener.name}' admits namespaces by label, and the manifests hold no Namespace '${routeNs}' to check beyond its kubernetes.io/metadata.name label`;
  }

  /**
   * The labels of Namespace `name` as the API server has them: those in the manifests, plus
   * `kubernetes.io/metadata.name`, which the API server sets on every Namespace; `assumed`
   * when the Namespace is declared with `--assume`.
   */
  public namespaceLabels(name: string): Record<string, string> | 'assumed' {
    const ns = this.index.get('/Namespace', undefined, name);
    if (ns && isAssumed(ns)) return 'assumed';
    const labels = ns?.metadata?.labels;
    return { ...(labels && typeof labels === 'object' ? labels : {}), 'kubernetes.io/metadata.name': name };
  }

  private linkRoute(route: any) {
    list(route.spec?.parentRefs).forEach((ref: any, i: number) => {
      if (!ref || typeof ref !== 'object') return;
      if ((ref.group ?? GATEWAY_API) !== GATEWAY_API || (ref.kind ?? 'Gateway') !== 'Gateway') return;
      const { gateway, unresolved } = this.resolveParent(route, ref);
      this.parents.push({ route, index: i, ref, ...(gateway && !unresolved ? { gateway } : {}), ...(unresolved ? { unresolved } : {}) });
      const meant = gateway ? [gateway] : this.index.named(GATEWAY, ref.name);
      for (const g of meant) add(this.intended, keyOf(g), { route, gateway: g });
      if (gateway && !unresolved) add(this.attachments, keyOf(gateway), { route, gateway });
    });
    list(route.spec?.rules).forEach((rule: any, r: number) => {
      list(rule?.backendRefs).forEach((ref: any, b: number) => {
        if (ref?.kind !== 'InferencePool' || (ref.group ?? '') !== INFERENCE) return;
        const { pool, unresolved } = this.resolveBackend(route, ref);
        this.backends.push({ route, rule: r, backend: b, ref, ...(pool ? { pool } : {}), ...(unresolved ? { unresolved } : {}) });
      });
    });
  }

  /** The InferencePool a backendRef names, or undefined when it does not resolve. */
  public resolvePool(route: any, ref: any): any {
    return this.resolveBackend(route, ref).pool;
  }

  /** The InferencePool a backendRef names, or why it does not resolve. */
  public resolveBackend(route: any, ref: any): { pool?: any; unresolved?: Unresolved } {
    const routeNs = route.metadata?.namespace;
    const ns = ref.namespace ?? routeNs;
    const pool = this.index.get(POOL, ns, ref.name);
    if (!pool) {
      const elsewhere = this.index.named(POOL, ref.name).map((p) => p.metadata?.namespace);
      return { unresolved: { reason: 'missing', field: '', message: `InferencePool ${ns}/${ref.name} is not in the manifests`, fix: elsewhere.length ? `an InferencePool '${ref.name}' is in namespace ${elsewhere.join(', ')}` : 'create it or correct the name' } };
    }
    if (ns !== routeNs && !this.granted(ns, 'HTTPRoute', routeNs, INFERENCE, 'InferencePool', ref.name)) {
      return { unresolved: { reason: 'reference-grant', field: '', message: `InferencePool ${ns}/${ref.name} is in another namespace and no ReferenceGrant in '${ns}' allows HTTPRoutes from '${routeNs}' to reference it`, fix: `add a ReferenceGrant in ${ns} from HTTPRoute/${routeNs} to InferencePool` } };
    }
    return { pool };
  }

  /**
   * Whether a ReferenceGrant in `toNamespace` lets objects of `fromKind` (Gateway API group)
   * in `fromNamespace` reference `toGroup/toKind` named `name` (an assumed grant allows all).
   */
  public granted(toNamespace: string, fromKind: string, fromNamespace: string, toGroup: string, toKind: string, name: string): boolean {
    return this.index.all(`${GATEWAY_API}/ReferenceGrant`).some((g) => g.metadata?.namespace === toNamespace && (isAssumed(g)
      || (list(g.spec?.from).some((f: any) => f?.group === GATEWAY_API && f?.kind === fromKind && f?.namespace === fromNamespace)
      && list(g.spec?.to).some((t: any) => (t?.group ?? '') === toGroup && t?.kind === toKind && (t?.name === undefined || t?.name === name)))));
  }

  /** Pod templates an InferencePool selects (memoized). */
  public poolPods(pool: any): PodTemplate[] {
    let pods = this.podsOfPool.get(pool);
    if (!pods) {
      const selector = pool.spec?.selector?.matchLabels;
      pods = this.index.selectPods(pool.metadata?.namespace ?? '', selector && typeof selector === 'object' ? selector : undefined);
      this.podsOfPool.set(pool, pods);
    }
    return pods;
  }

  private linkPolicy(policy: any) {
    const ns = policy.metadata?.namespace ?? '';
    const sets = list(policy.spec?.traffic?.transformation?.request?.set);
    list(policy.spec?.targetRefs).forEach((ref: any, i: number) => {
      if (ref?.kind !== 'Gateway' || (ref.group ?? GATEWAY_API) !== GATEWAY_API) return;
      const gateway = this.index.get(GATEWAY, ns, ref.name);
      const elsewhere = gateway ? [] : this.index.named(GATEWAY, ref.name).map((g) => g.metadata?.namespace);
      this.policyTargets.push({ policy, index: i, ref, ...(gateway ? { gateway } : {}), elsewhere });
      if (!gateway) {
        for (const g of this.index.named(GATEWAY, ref.name)) {
          const set = this.misplacedHeaders.get(keyOf(g)) ?? new Set<string>();
          for (const x of sets) set.add(lower(x?.name));
          this.misplacedHeaders.set(keyOf(g), set);
        }
        return;
      }
      sets.forEach((s: any, j: number) => {
        const expression = String(s?.value ?? '');
        add(this.routingMaps, keyOf(gateway), { policy, setIndex: j, header: String(s?.name), expression, ...readRoutingMap(expression) });
      });
    });
  }

  /** Exact matches on `header` in the rules of `attached` routes, with the pools each rule reaches. */
  public headerMatches(attached: readonly Attachment[], header: string): HeaderMatch[] {
    const out: HeaderMatch[] = [];
    const h = header.toLowerCase();
    for (const { route } of attached) {
      list(route.spec?.rules).forEach((rule: any, r: number) => {
        const pools = list(rule?.backendRefs)
          .filter((b: any) => b?.kind === 'InferencePool' && (b.group ?? '') === INFERENCE)
          .map((b: any) => this.resolvePool(route, b))
          .filter((p: any) => p !== undefined);
        list(rule?.matches).forEach((m: any, i: number) => {
          list(m?.headers).forEach((hm: any, j: number) => {
            if (lower(hm?.name) !== h || (hm.type ?? 'Exact') !== 'Exact') return;
            out.push({ route, field: `spec.rules[${r}].matches[${i}].headers[${j}].value`, value: String(hm.value), pools });
          });
        });
      });
    }
    return out;
  }

  /** The implementation behind Gateway `gateway` (an assumed Gateway is taken as agentgateway). */
  public implementationOf(gateway: any): GatewayImplementation {
    if (isAssumed(gateway)) return 'agentgateway';
    const cls = this.index.get(`${GATEWAY_API}/GatewayClass`, undefined, gateway?.spec?.gatewayClassName);
    return gatewayImplementation(gateway, cls);
  }

  /** RBAC rules bound to ServiceAccount `namespace/name` (indexed once over every binding). */
  public rulesFor(namespace: string, name: string): any[] {
    if (!this.rbac) {
      const rbac = new Map<string, any[]>();
      const addRules = (subject: any, bindingNs: string | undefined, rules: any[]) => {
        if (subject?.kind !== 'ServiceAccount') return;
        const k = `${subject.namespace ?? bindingNs ?? ''}|${subject.name}`;
        rbac.set(k, [...(rbac.get(k) ?? []), ...rules]);
      };
      const role = (ref: any, ns: string | undefined) => (ref?.kind === 'ClusterRole'
        ? this.index.get('rbac.authorization.k8s.io/ClusterRole', undefined, ref.name)
        : this.index.get('rbac.authorization.k8s.io/Role', ns, ref?.name));
      for (const rb of this.index.all('rbac.authorization.k8s.io/RoleBinding')) {
        const ns = rb.metadata?.namespace;
        const rules = list(role(rb.roleRef, ns)?.rules);
        // A RoleBinding grants only in its own namespace.
        for (const s of list(rb.subjects)) if ((s?.namespace ?? ns) === ns) addRules(s, ns, rules);
      }
      for (const crb of this.index.all('rbac.authorization.k8s.io/ClusterRoleBinding')) {
        const rules = list(role({ ...crb.roleRef, kind: 'ClusterRole' }, undefined)?.rules);
        for (const s of list(crb.subjects)) addRules(s, undefined, rules);
      }
      this.rbac = rbac;
    }
    return this.rbac.get(`${namespace}|${name}`) ?? [];
  }
}

/** Appends `v` to the list of `k`, once per route: a route with two parentRefs to one Gateway is listed once. */
function add<T>(m: Map<string, T[]>, k: string, v: T & { route?: any }) {
  let items = m.get(k);
  if (!items) m.set(k, items = []);
  if (v.route) {
    // The routes of each list, so the check stays constant-time however many routes attach.
    let routes = ROUTES_OF_LIST.get(items);
    if (!routes) ROUTES_OF_LIST.set(items, routes = new Set());
    if (routes.has(v.route)) return;
    routes.add(v.route);
  }
  items.push(v);
}

const ROUTES_OF_LIST = new WeakMap<object, Set<any>>();

