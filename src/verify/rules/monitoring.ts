import { isAssumed } from '../model/assume';
import { goFlagValue } from '../model/containers';
import { SERVICE } from '../model/model';
import { list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { isPickerContainer } from './endpoint-picker';
import { finding, Finding, Rule, RuleContext } from './rule';

// Prometheus Operator monitors (monitoring.coreos.com/v1 PodMonitor and ServiceMonitor) and
// what they scrape. A monitor's selector is judged only against the namespaces it watches that
// hold workloads (or Services) in the set: a monitor shipped without its target says nothing.

const POD_MONITOR = 'monitoring.coreos.com/PodMonitor';
const SERVICE_MONITOR = 'monitoring.coreos.com/ServiceMonitor';
const RBAC = 'rbac.authorization.k8s.io';

/** The endpoint picker's metrics port when `--metrics-port` is not given (both pinned pickers). */
export const DEFAULT_PICKER_METRICS_PORT = 9090;

/** A plain label map, or undefined for anything else. */
function labelMap(v: unknown): Record<string, string> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, string> : undefined;
}

/** The equality selector of a monitor, or undefined when it has expressions or none (not judged). */
function equalitySelector(monitor: any): Record<string, string> | undefined {
  const sel = monitor?.spec?.selector;
  if (!sel || typeof sel !== 'object' || list(sel.matchExpressions).length) return undefined;
  const labels = labelMap(sel.matchLabels);
  return labels && Object.keys(labels).length ? labels : undefined;
}

/**
 * The namespaces a monitor watches among `known`: `matchNames`, all with `any: true`, else its
 * own. On OpenShift only its own: user-workload monitoring's Prometheus sets
 * `ignoreNamespaceSelectors: true` (openshift/cluster-monitoring-operator,
 * jsonnet/components/prometheus-user-workload.libsonnet, code read).
 */
function watched(monitor: any, known: Iterable<string>, openshift: boolean = false): string[] {
  const ns = monitor?.spec?.namespaceSelector;
  if (openshift) return [monitor?.metadata?.namespace ?? ''];
  if (ns?.any === true) return [...new Set(known)];
  const names = list(ns?.matchNames).filter((n): n is string => typeof n === 'string');
  return names.length ? names : [monitor?.metadata?.namespace ?? ''];
}

function matches(selector: Record<string, string>, labels: unknown): boolean {
  const l = labelMap(labels) ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

/** What a monitor scrapes: the pod templates (PodMonitor) or Services (ServiceMonitor) it selects, and whether any target could exist. */
interface Targets {
  readonly monitor: any;
  readonly kind: 'PodMonitor' | 'ServiceMonitor';
  readonly selector: Record<string, string>;
  readonly namespaces: string[];
  readonly pods: PodTemplate[];
  readonly services: any[];
  /** Whether the watched namespaces hold any workload (PodMonitor) or Service (ServiceMonitor) at all. */
  readonly judged: boolean;
  /** Endpoints: field path, port name, and the endpoint. */
  readonly endpoints: { field: string; port?: string; endpoint: any }[];
}

function targets(ctx: RuleContext): Targets[] {
  const index = ctx.model.index;
  const out: Targets[] = [];
  const podNamespaces = index.podTemplates.map((t) => t.namespace);
  const services = index.all(SERVICE).filter((s) => !isAssumed(s));
  for (const monitor of index.all(POD_MONITOR)) {
    const selector = equalitySelector(monitor);
    if (!selector || ctx.rejected(monitor)) continue;
    const namespaces = watched(monitor, podNamespaces, ctx.stack.platform === 'openshift');
    out.push({
      monitor, kind: 'PodMonitor', selector, namespaces,
      pods: namespaces.flatMap((ns) => index.selectPods(ns, selector)),
      services: [],
      judged: index.podTemplates.some((t) => namespaces.includes(t.namespace)),
      endpoints: list(monitor.spec?.podMetricsEndpoints).map((e, i) => ({ field: `spec.podMetricsEndpoints[${i}]`, port: typeof e?.port === 'string' ? e.port : undefined, endpoint: e })),
    });
  }
  for (const monitor of index.all(SERVICE_MONITOR)) {
    const selector = equalitySelector(monitor);
    if (!selector || ctx.rejected(monitor)) continue;
    const namespaces = watched(monitor, services.map((s) => s.metadata?.namespace ?? ''), ctx.stack.platform === 'openshift');
    const inScope = services.filter((s) => namespaces.includes(s.metadata?.namespace ?? ''));
    out.push({
      monitor, kind: 'ServiceMonitor', selector, namespaces, pods: [],
      services: inScope.filter((s) => matches(selector, s.metadata?.labels)),
      judged: inScope.length > 0,
      endpoints: list(monitor.spec?.endpoints).map((e, i) => ({ field: `spec.endpoints[${i}]`, port: typeof e?.port === 'string' ? e.port : undefined, endpoint: e })),
    });
  }
  return out;
}

const show = (selector: Record<string, string>) => Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');

/** A PodMonitor or ServiceMonitor selects at least one target where its namespaces hold any. */
export const MONITOR_SELECTS_TARGETS_RULE: Rule = {
  id: 'monitor-selects-targets',
  summary: 'A PodMonitor selects pods, and a ServiceMonitor Services, in the namespaces it watches.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['PodMonitor', 'ServiceMonitor'],
  remediation: 'Make spec.selector match the labels of the pods (PodMonitor) or Services (ServiceMonitor) to scrape, and spec.namespaceSelector name their namespace.',
  rationale: 'A monitor that selects nothing is accepted by the API server and the Prometheus Operator alike, and scrapes nothing: the dashboards stay empty with no error anywhere. Judged only where the watched namespaces hold workloads (or Services) in the set.',
  *check(ctx) {
    for (const t of targets(ctx)) {
      if (!t.judged || (t.kind === 'PodMonitor' ? t.pods.length : t.services.length)) continue;
      const what = t.kind === 'PodMonitor' ? 'pod' : 'Service';
      yield finding(t.monitor, 'spec.selector.matchLabels',
        `selects no ${what} in namespace${t.namespaces.length > 1 ? 's' : ''} ${t.namespaces.join(', ')} (selector ${show(t.selector)}), so Prometheus scrapes nothing for it`,
        `use the labels of the ${what}s to scrape${t.kind === 'PodMonitor' ? ' (their pod template labels)' : ' (their metadata.labels)'}, or name their namespace in spec.namespaceSelector.matchNames`);
    }
  },
};

/** Port names a pod template's containers declare. */
function containerPortNames(t: PodTemplate): string[] {
  return t.containers.flatMap((c) => list(c?.ports).map((p: any) => p?.name)).filter((n): n is string => typeof n === 'string');
}

/** A monitor endpoint's named port is declared by every target it selects. */
export const MONITOR_TARGET_PORT_RULE: Rule = {
  id: 'monitor-target-port',
  summary: 'The port a PodMonitor or ServiceMonitor endpoint names is a container port of every selected pod, or a port of every selected Service.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['PodMonitor', 'ServiceMonitor'],
  remediation: 'Name a port the targets declare (a container port name for a PodMonitor, a Service port name for a ServiceMonitor).',
  rationale: 'The Prometheus Operator keeps only the targets whose port name matches: a target without that port is dropped silently and never scraped.',
  *check(ctx) {
    for (const t of targets(ctx)) {
      for (const e of t.endpoints) {
        if (e.port === undefined) continue;
        if (t.kind === 'PodMonitor') {
          const lacking = t.pods.filter((p) => !containerPortNames(p).includes(e.port!));
          if (!lacking.length) continue;
          const names = [...new Set(lacking.flatMap(containerPortNames))].sort();
          yield finding(t.monitor, `${e.field}.port`,
            `names port '${e.port}', which the containers of ${lacking.map((p) => p.label).join(', ')} do not declare (${names.length ? `their port names: ${names.join(', ')}` : 'they name no port'}), so those pods are never scraped`,
            names.length ? `use ${names.length === 1 ? `'${names[0]}'` : `one of ${names.join(', ')}`}, or name the container port '${e.port}'` : `name the container port '${e.port}'`);
        } else {
          const lacking = t.services.filter((s) => !list(s.spec?.ports).some((p: any) => p?.name === e.port));
          if (!lacking.length) continue;
          const names = [...new Set(lacking.flatMap((s) => list(s.spec?.ports).map((p: any) => p?.name)).filter((n): n is string => typeof n === 'string'))].sort();
          yield finding(t.monitor, `${e.field}.port`,
            `names port '${e.port}', which ${lacking.map((s) => `Service ${s.metadata?.namespace}/${s.metadata?.name}`).join(', ')} does not have (${names.length ? `its port names: ${names.join(', ')}` : 'its ports are unnamed'}), so it is never scraped`,
            names.length ? `use ${names.length === 1 ? `'${names[0]}'` : `one of ${names.join(', ')}`}` : `name the Service port '${e.port}'`);
        }
      }
    }
  },
};

/** Rules of ClusterRoles bound by a ClusterRoleBinding to ServiceAccount `namespace/name` (cluster-scoped grants only). */
function clusterRulesFor(ctx: RuleContext, namespace: string, name: string): any[] {
  const index = ctx.model.index;
  return index.all(`${RBAC}/ClusterRoleBinding`)
    .filter((b) => list(b.subjects).some((s: any) => s?.kind === 'ServiceAccount' && s?.name === name && s?.namespace === namespace))
    .flatMap((b) => list(index.get(`${RBAC}/ClusterRole`, undefined, b.roleRef?.name)?.rules));
}

const has = (l: unknown, v: string) => Array.isArray(l) && (l.includes(v) || l.includes('*'));
const mayCreate = (rules: any[], group: string, resource: string) => rules.some((r) => has(r?.apiGroups, group) && has(r?.resources, resource) && has(r?.verbs, 'create'));
const mayGetMetrics = (rules: any[]) => rules.some((r) => has(r?.verbs, 'get') && list(r?.nonResourceURLs).some((u: unknown) => typeof u === 'string' && (u === '/metrics' || u === '*' || (u.endsWith('*') && '/metrics'.startsWith(u.slice(0, -1))))));

/** A picker pod template a monitor endpoint scrapes on its metrics port, with the picker container. */
interface ScrapedPicker {
  readonly template: PodTemplate;
  readonly container: any;
}

/** The picker metrics port of a container: `--metrics-port`, else the default. */
function metricsPort(c: any): number {
  const v = Number(goFlagValue([...list(c?.command), ...list(c?.args)], ['metrics-port']));
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_PICKER_METRICS_PORT;
}

/** Whether container `c` of template `t` declares port `name` as `port`. */
function declares(c: any, name: string, port: number): boolean {
  return list(c?.ports).some((p: any) => p?.name === name && p?.containerPort === port);
}

/** The endpoint pickers an endpoint of `t` scrapes on their metrics port. */
function scrapedPickers(ctx: RuleContext, t: Targets, port: string): ScrapedPicker[] {
  const out: ScrapedPicker[] = [];
  if (t.kind === 'PodMonitor') {
    for (const template of t.pods) {
      const c = template.containers.find(isPickerContainer);
      if (c && declares(c, port, metricsPort(c))) out.push({ template, container: c });
    }
    return out;
  }
  for (const svc of t.services) {
    const sp = list(svc.spec?.ports).find((p: any) => p?.name === port);
    const selector = labelMap(svc.spec?.selector);
    if (!sp || !selector) continue;
    for (const template of ctx.model.index.selectPods(svc.metadata?.namespace ?? '', selector)) {
      const c = template.containers.find(isPickerContainer);
      if (!c) continue;
      const target = sp.targetPort ?? sp.port;
      const hit = typeof target === 'number' ? target === metricsPort(c) : declares(c, String(target), metricsPort(c));
      if (hit) out.push({ template, container: c });
    }
  }
  return out;
}

/** Whether a picker container authenticates its metrics (the default unless `--metrics-endpoint-auth=false`). */
function metricsAuthOn(c: any): boolean {
  const v = goFlagValue([...list(c?.command), ...list(c?.args)], ['metrics-endpoint-auth']);
  return v === undefined || !/^(false|0|f)$/i.test(v);
}

/** The ServiceAccount a monitor endpoint's token belongs to, when the token Secret is in the set. */
function tokenAccount(ctx: RuleContext, monitor: any, endpoint: any): { secret: string; account?: string; inSet: boolean } | undefined {
  const ref = endpoint?.authorization?.credentials ?? endpoint?.bearerTokenSecret;
  if (!ref || typeof ref.name !== 'string') return undefined;
  const secret = ctx.model.index.get('/Secret', monitor.metadata?.namespace, ref.name);
  if (!secret) return { secret: ref.name, inSet: false };
  const account = secret.type === 'kubernetes.io/service-account-token' ? secret.metadata?.annotations?.['kubernetes.io/service-account.name'] : undefined;
  return { secret: ref.name, account: typeof account === 'string' ? account : undefined, inSet: true };
}

/**
 * A monitor scraping an endpoint picker's metrics while the picker authenticates them (its
 * default): the monitor presents a token, the picker's ServiceAccount may create TokenReviews
 * and SubjectAccessReviews, and the token's ServiceAccount may `get` `/metrics`.
 */
export const MONITOR_PICKER_METRICS_AUTH_RULE: Rule = {
  id: 'monitor-picker-metrics-auth',
  summary: 'A monitor scraping an endpoint picker\'s metrics (authenticated by default) presents a token, the picker may review it, and its ServiceAccount may get /metrics.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['PodMonitor', 'ServiceMonitor'],
  remediation: 'Give the endpoint a bearer token (authorization.credentials from a kubernetes.io/service-account-token Secret), bind a ClusterRole allowing create on tokenreviews and subjectaccessreviews to the picker\'s ServiceAccount and one allowing get on /metrics to the token\'s; or pass --metrics-endpoint-auth=false to the picker.',
  rationale: 'Both pinned pickers check every /metrics request with a TokenReview and a SubjectAccessReview (controller-runtime\'s authentication filter, on unless --metrics-endpoint-auth=false): without a token the scrape gets 401, when the picker may not create the reviews 500, and when the token may not get /metrics 403, so the picker\'s metrics never reach Prometheus (llm-d/llm-d-router#2370).',
  *check(ctx) {
    for (const t of targets(ctx)) {
      for (const e of t.endpoints) {
        if (e.port === undefined) continue;
        const pickers = scrapedPickers(ctx, t, e.port).filter((p) => metricsAuthOn(p.container));
        if (!pickers.length) continue;
        const names = [...new Set(pickers.map((p) => p.template.label))].join(', ');
        const token = tokenAccount(ctx, t.monitor, e.endpoint);
        if (!token) {
          yield finding(t.monitor, e.field,
            `scrapes the metrics of endpoint picker ${names} without a bearer token, but the picker authenticates its metrics (no --metrics-endpoint-auth=false): every scrape gets 401`,
            'set authorization.credentials to the token key of a kubernetes.io/service-account-token Secret whose ServiceAccount may get /metrics, or pass --metrics-endpoint-auth=false to the picker');
          continue;
        }
        const findings: Finding[] = [];
        for (const p of pickers) {
          const sa = p.template.spec?.serviceAccountName ?? 'default';
          const rules = clusterRulesFor(ctx, p.template.namespace, sa);
          const missing = [['authentication.k8s.io', 'tokenreviews'], ['authorization.k8s.io', 'subjectaccessreviews']].filter(([g, r]) => !mayCreate(rules, g, r));
          if (!missing.length) continue;
          findings.push(finding(t.monitor, e.field,
            `scrapes the metrics of endpoint picker ${p.template.label}, whose ServiceAccount ${p.template.namespace}/${sa} may not create ${missing.map(([g, r]) => `${r}.${g}`).join(' and ')} (no ClusterRoleBinding grants it), so the picker cannot check the token and every scrape fails (500)`,
            `bind a ClusterRole allowing create on tokenreviews.authentication.k8s.io and subjectaccessreviews.authorization.k8s.io to ServiceAccount ${p.template.namespace}/${sa}`,
            undefined, [p.template.owner]));
        }
        yield* findings;
        if (token.inSet && token.account !== undefined) {
          const ns = t.monitor.metadata?.namespace ?? '';
          if (!mayGetMetrics(clusterRulesFor(ctx, ns, token.account))) {
            yield finding(t.monitor, `${e.field}.authorization.credentials`,
              `presents the token of ServiceAccount ${ns}/${token.account} (Secret ${token.secret}), which may not get the non-resource URL /metrics, so the picker refuses every scrape (403)`,
              `bind a ClusterRole with rule {nonResourceURLs: [/metrics], verbs: [get]} to ServiceAccount ${ns}/${token.account}`);
          }
        }
      }
    }
  },
};

/** On OpenShift, a monitor's namespaceSelector names only its own namespace (user-workload monitoring ignores it). */
export const MONITOR_OPENSHIFT_NAMESPACE_RULE: Rule = {
  id: 'monitor-openshift-own-namespace',
  summary: 'On OpenShift a PodMonitor or ServiceMonitor watches only its own namespace: its namespaceSelector names no other.',
  severity: 'warning',
  category: 'wiring',
  appliesTo: ['PodMonitor', 'ServiceMonitor'],
  remediation: 'Put the monitor in the namespace of its targets (one monitor per namespace).',
  rationale: 'User-workload monitoring\'s Prometheus ignores namespaceSelector (ignoreNamespaceSelectors: true): a monitor discovers targets in its own namespace only, so one naming other namespaces scrapes nothing there.',
  *check(ctx) {
    if (ctx.stack.platform !== 'openshift') return;
    for (const monitor of [...ctx.model.index.all(POD_MONITOR), ...ctx.model.index.all(SERVICE_MONITOR)]) {
      if (ctx.rejected(monitor)) continue;
      const own = monitor.metadata?.namespace ?? '';
      const ns = monitor.spec?.namespaceSelector;
      const others = list(ns?.matchNames).filter((n) => typeof n === 'string' && n !== own);
      if (ns?.any !== true && !others.length) continue;
      yield finding(monitor, 'spec.namespaceSelector',
        `${ns?.any === true ? 'selects any namespace' : `names namespace ${others.join(', ')}`}, but OpenShift user-workload monitoring ignores namespaceSelector: this monitor discovers targets in its own namespace ${own} only`,
        `create the monitor in ${ns?.any === true ? 'each namespace of its targets' : others.join(', ')} instead`);
    }
  },
};

/** The monitoring rules, in registry order. */
export const MONITORING_RULES: readonly Rule[] = [MONITOR_SELECTS_TARGETS_RULE, MONITOR_TARGET_PORT_RULE, MONITOR_PICKER_METRICS_AUTH_RULE, MONITOR_OPENSHIFT_NAMESPACE_RULE];

