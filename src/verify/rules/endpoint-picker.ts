import { isAssumed } from '../model/assume';
import { allows, goFlag, goFlagValue, templatePath } from '../model/containers';
import { INFERENCE, INFERENCE_X, SERVICE } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { finding, Finding, Rule, RuleContext } from './rule';

/** The permissions an endpoint picker's ServiceAccount needs (GAIE v1.3.0 chart RBAC). */
export const EPP_PERMISSIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'pods'],
  [INFERENCE, 'inferencepools'],
  [INFERENCE_X, 'inferenceobjectives'],
  [INFERENCE_X, 'inferencemodelrewrites'],
];
const READ_VERBS = ['get', 'list', 'watch'];
/** What the picker always reads; the other permissions are for CRDs it watches only when they are served. */
const REQUIRED_RESOURCES = ['pods', 'inferencepools'];

/** Whether the manifests install the CRD of `resource.group`. */
function crdInstalled(ctx: RuleContext, group: string, resource: string): boolean {
  return ctx.model.index.get('apiextensions.k8s.io/CustomResourceDefinition', undefined, `${resource}.${group}`) !== undefined;
}
/** Flag spellings: the current kebab-case ones and the camelCase ones of pickers before v1.2. */
const FLAGS = {
  poolName: ['pool-name', 'poolName'],
  poolNamespace: ['pool-namespace', 'poolNamespace'],
  poolGroup: ['pool-group', 'poolGroup'],
  grpcPort: ['grpc-port', 'grpcPort'],
};
/** The picker's gRPC ext-proc port when `--grpc-port` is not given. */
export const DEFAULT_EXT_PROC_PORT = 9002;

/** A picker container, the pool it serves and where it is. */
interface Picker {
  readonly pool: any;
  readonly service: any;
  readonly servicePort: any;
  readonly template: PodTemplate;
  readonly container: any;
  /** Field path of the container's args. */
  readonly argsField: string;
}

/** Whether a container runs an endpoint picker (has a pool-name flag in any spelling). */
export function isPickerContainer(c: any): boolean {
  return goFlagValue(c?.args, FLAGS.poolName) !== undefined || goFlagValue(c?.command, FLAGS.poolName) !== undefined;
}

function pickerArgs(c: any): string[] {
  return [...list(c?.command), ...list(c?.args)].map((a) => (a === null || a === undefined ? '' : String(a)));
}

/** Whether a picker container spells its flags in camelCase (`--poolName`): an older picker, before the kebab-case flags. */
export function isLegacyPicker(c: any): boolean {
  return goFlag(pickerArgs(c), FLAGS.poolName)?.written.replace(/^-+/, '') === 'poolName';
}

/** The namespace a picker watches and why: `flag` when a namespace flag sets it. */
export interface WatchedNamespace {
  readonly namespace: string;
  readonly from: string;
  readonly flag: boolean;
}

/**
 * The namespace a picker watches, as the picker resolves it. With kebab-case flags: `--pool-namespace`
 * when non-empty, else its `NAMESPACE` environment variable (the Downward API namespace, or a
 * literal), else `default` (GAIE cmd/epp). Older pickers (camelCase flags): `--poolNamespace`,
 * whose default is `default`; `NAMESPACE` is not read.
 */
export function watchedNamespace(c: any, podNamespace: string): WatchedNamespace {
  const flag = goFlag(pickerArgs(c), FLAGS.poolNamespace);
  if (isLegacyPicker(c)) {
    return flag ? { namespace: flag.value, from: `${flag.written} is '${flag.value}'`, flag: true }
      : { namespace: 'default', from: 'camelCase flags mark an older picker, which ignores NAMESPACE and watches \'default\' without --poolNamespace', flag: false };
  }
  if (flag && flag.value !== '') return { namespace: flag.value, from: `${flag.written} is '${flag.value}'`, flag: true };
  const env = list(c?.env).find((e: any) => e?.name === 'NAMESPACE');
  if (env?.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') return { namespace: podNamespace, from: 'NAMESPACE is the pod\'s namespace', flag: false };
  if (typeof env?.value === 'string' && env.value) return { namespace: env.value, from: `NAMESPACE is '${env.value}'`, flag: false };
  return { namespace: 'default', from: 'neither --pool-namespace nor NAMESPACE is set, so it watches \'default\'', flag: false };
}

/** Each pool's picker Service, port and pods, or the first link that does not hold. */
function pickers(ctx: RuleContext): { pickers: Picker[]; findings: Map<string, Finding[]> } {
  const out: Picker[] = [];
  const findings = new Map<string, Finding[]>();
  const report = (id: string, f: Finding) => findings.set(id, [...(findings.get(id) ?? []), f]);
  for (const pool of ctx.model.index.all('inference.networking.k8s.io/InferencePool')) {
    const ref = pool.spec?.endpointPickerRef;
    if (!ref || typeof ref !== 'object' || ctx.rejected(pool)) continue;
    const ns = pool.metadata?.namespace ?? '';
    const field = 'spec.endpointPickerRef';
    if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') {
      report('inferencepool-picker-kind', finding(pool, field, `agentgateway calls the endpoint picker through a core Service; got group '${ref.group ?? ''}', kind '${ref.kind}'`, 'reference a Service'));
      continue;
    }
    if (!ref.port) continue; // the CRD's own rule reports the missing port
    const svc = ctx.model.index.get(SERVICE, ns, ref.name);
    if (!svc) {
      const candidates = ctx.model.index.all(SERVICE).filter((s) => s.metadata?.namespace === ns && /epp|picker/.test(s.metadata?.name ?? '')).map((s) => s.metadata.name);
      report('inferencepool-picker-service', finding(pool, `${field}.name`, `Service ${ns}/${ref.name} is not in the manifests`, candidates.length ? `endpoint picker Services in '${ns}': ${candidates.join(', ')}` : 'create the endpoint picker Service'));
      continue;
    }
    if (isAssumed(svc) || ctx.rejected(svc)) continue;
    const ports = list(svc.spec?.ports);
    const port = ports.find((p: any) => p?.port === ref.port.number);
    if (!port) {
      report('inferencepool-picker-port', finding(pool, `${field}.port.number`, `Service ${keyOf(svc)} has no port ${ref.port.number} (ports: ${ports.map((p: any) => p?.port).join(', ') || 'none'})`, `use the Service port of the picker's gRPC ext-proc server (${DEFAULT_EXT_PROC_PORT} by default)`));
      continue;
    }
    const pods = ctx.model.index.selectPods(ns, svc.spec?.selector);
    if (!pods.length) {
      report('inferencepool-picker-pods', finding(pool, `${field}.name`, `Service ${keyOf(svc)} selects no pod (selector ${JSON.stringify(svc.spec?.selector ?? {})})`, 'make the Service select the endpoint picker pods'));
      continue;
    }
    for (const t of pods) {
      const epp = t.containers.find(isPickerContainer);
      if (!epp) {
        report('inferencepool-picker-pods', finding(t.owner, 'spec.template.spec.containers', `Service ${keyOf(svc)} (endpointPickerRef of InferencePool ${keyOf(pool)}) selects these pods, but none of their containers runs an endpoint picker (--pool-name)`, 'select the endpoint picker pods'));
        continue;
      }
      const at = list(t.spec.containers).indexOf(epp);
      out.push({ pool, service: svc, servicePort: port, template: t, container: epp, argsField: `${templatePath(t)}spec.${at >= 0 ? 'containers' : 'initContainers'}[${at >= 0 ? at : list(t.spec.initContainers).indexOf(epp)}].args` });
    }
  }
  return { pickers: out, findings };
}

/** The container port a Service port leads to, or `undeclared` for a port name no container declares. */
function servicePortTarget(servicePort: any, declared: any[]): number | 'undeclared' {
  const target = servicePort?.targetPort ?? servicePort?.port;
  if (typeof target !== 'string') return target;
  const named = declared.find((d: any) => d?.name === target);
  return named ? named.containerPort : 'undeclared';
}

const cache = new WeakMap<object, ReturnType<typeof pickers>>();
function pickersOf(ctx: RuleContext) {
  let p = cache.get(ctx.model);
  if (!p) cache.set(ctx.model, (p = pickers(ctx)));
  return p;
}

const linkRule = (id: string, summary: string, remediation: string, rationale: string): Rule => ({
  id, summary, remediation, rationale, severity: 'error', category: 'wiring', appliesTo: ['InferencePool', 'Deployment'],
  check: (ctx) => pickersOf(ctx).findings.get(id) ?? [],
});

const pickerRule = (id: string, summary: string, remediation: string, rationale: string, check: (p: Picker, ctx: RuleContext) => Finding | undefined): Rule => ({
  id, summary, remediation, rationale, severity: 'error', category: 'wiring', appliesTo: ['Deployment'],
  *check(ctx) {
    const seen = new Set<string>();
    for (const p of pickersOf(ctx).pickers) {
      const f = check(p, ctx);
      // One finding per picker container, even when several pools share the picker.
      const k = f && `${keyOf(f.object)}|${f.field}|${f.message}`;
      if (f && !seen.has(k!)) {
        seen.add(k!);
        yield f;
      }
    }
  },
});

/** An InferencePool's endpoint picker: the Service, its port, the picker's flags and RBAC. */
export const ENDPOINT_PICKER_RULES: Rule[] = [
  linkRule('inferencepool-picker-kind', 'An InferencePool\'s endpointPickerRef references a core Service.',
    'Reference the picker\'s Service (group \'\', kind Service).',
    'agentgateway calls the endpoint picker through a Service; any other kind leaves the pool without a picker.'),
  linkRule('inferencepool-picker-service', 'The Service an endpointPickerRef names is in the manifests.',
    'Create the endpoint picker Service or correct the name.',
    'Without the Service the gateway cannot ask the picker for an endpoint and fails the request.'),
  linkRule('inferencepool-picker-port', 'The endpointPickerRef port is a port of the picker Service.',
    `Use the Service port of the picker's gRPC ext-proc server (${DEFAULT_EXT_PROC_PORT} by default).`,
    'A port the Service does not have makes every ext-proc call fail.'),
  linkRule('inferencepool-picker-pods', 'The picker Service selects pods, and they run an endpoint picker.',
    'Make the Service select the endpoint picker pods.',
    'A Service with no picker pods behind it gives the gateway no one to ask for an endpoint.'),
  pickerRule('inferencepool-picker-ext-proc-port', 'The endpointPickerRef port leads to the picker\'s gRPC ext-proc port, not its metrics or health port.',
    'Point the Service port (and the endpointPickerRef) at the picker\'s --grpc-port (9002 by default).',
    'The picker also listens for metrics (9090) and gRPC health (9003); ext-proc calls sent there fail and the pool serves nothing.',
    (p) => {
      const declared = p.template.containers.flatMap((c) => list(c.ports));
      const ports = list(p.service.spec?.ports);
      const reach = servicePortTarget(p.servicePort, declared);
      const field = `spec.ports[${ports.indexOf(p.servicePort)}].targetPort`;
      // An undeclared port name is service-target-port-name's finding.
      if (reach === 'undeclared') return undefined;
      const grpcFlag = goFlagValue(pickerArgs(p.container), FLAGS.grpcPort);
      const grpc = grpcFlag !== undefined && /^\d+$/.test(grpcFlag) ? Number(grpcFlag) : DEFAULT_EXT_PROC_PORT;
      if (reach === grpc) return undefined;
      const what = declared.find((d: any) => d?.containerPort === reach)?.name;
      const leads = `${reach}${what ? ` ('${what}')` : ''} of ${p.template.label}`;
      // When another port of the Service leads to ext-proc, the reference is what is wrong.
      const right = ports.find((sp: any) => servicePortTarget(sp, declared) === grpc);
      return right
        ? finding(p.pool, 'spec.endpointPickerRef.port.number', `port ${p.servicePort.port} of Service ${keyOf(p.service)} leads to container port ${leads}, not to the picker's ext-proc port ${grpc}`, `use Service port ${right.port}${right.name ? ` ('${right.name}')` : ''}, which leads to ext-proc`)
        : finding(p.service, field, `InferencePool ${keyOf(p.pool)}'s endpointPickerRef port ${p.servicePort.port} leads to container port ${leads}, but the picker serves ext-proc on ${grpc}`, `set targetPort: ${grpc}`);
    }),
  pickerRule('endpoint-picker-pool-name', 'An endpoint picker\'s --pool-name is the name of the InferencePool that references it.',
    'Set --pool-name to the InferencePool\'s name.',
    'A picker watching another pool picks endpoints from the wrong pods, or from none.',
    (p) => {
      const name = goFlag(pickerArgs(p.container), FLAGS.poolName);
      return !name || name.value === p.pool.metadata?.name ? undefined
        : finding(p.template.owner, p.argsField, `${name.written} is '${name.value}', but InferencePool ${keyOf(p.pool)} uses this picker`, `set ${name.written} ${p.pool.metadata?.name}`);
    }),
  pickerRule('endpoint-picker-pool-namespace', 'An endpoint picker watches the namespace of the InferencePool that references it.',
    'Set --pool-namespace to the pool\'s namespace (or NAMESPACE from the Downward API metadata.namespace).',
    'A picker watching another namespace never finds its pool and refuses every request.',
    (p) => {
      const ns = p.pool.metadata?.namespace ?? '';
      const w = watchedNamespace(p.container, p.template.namespace);
      if (w.namespace === ns) return undefined;
      const written = goFlag(pickerArgs(p.container), FLAGS.poolNamespace)?.written;
      const fix = w.flag || isLegacyPicker(p.container) ? `set ${written ?? '--poolNamespace'} ${ns}`
        : `set NAMESPACE from the Downward API field metadata.namespace, or ${written ?? '--pool-namespace'} ${ns}`;
      return finding(p.template.owner, p.argsField, `${w.flag ? w.from : `the picker watches namespace '${w.namespace}' (${w.from})`}, but InferencePool ${keyOf(p.pool)} is in '${ns}'`, fix);
    }),
  pickerRule('endpoint-picker-pool-group', `An endpoint picker's --pool-group, when set, is ${INFERENCE}.`,
    `Set --pool-group ${INFERENCE} or drop the flag.`,
    'A picker watching the v1alpha2 API does not see the v1 InferencePool.',
    (p) => {
      const group = goFlag(pickerArgs(p.container), FLAGS.poolGroup);
      return group === undefined || group.value === INFERENCE ? undefined
        : finding(p.template.owner, p.argsField, `${group.written} is '${group.value}': the picker watches a different InferencePool API than ${INFERENCE}`, `set ${group.written} ${INFERENCE}`);
    }),
  pickerRule('endpoint-picker-rbac', 'An endpoint picker\'s ServiceAccount may get, list and watch pods and InferencePools, and InferenceObjectives and InferenceModelRewrites where their CRDs are installed.',
    'Bind a Role granting get, list, watch on them to the picker\'s ServiceAccount.',
    'Without read access the picker never sees its pool or pods, and refuses every request. Since GAIE v1.3 the picker looks up whether the InferenceObjective and InferenceModelRewrite CRDs are served and watches them only then: missing access to those is an error when the manifests install the CRD, a warning otherwise.',
    (p, ctx) => {
      const t = p.template;
      const sa = t.spec.serviceAccountName ?? 'default';
      const rules = ctx.model.rulesFor(t.namespace, sa);
      const missing = EPP_PERMISSIONS.filter(([group, resource]) => !READ_VERBS.every((verb) => rules.some((r) => allows(r, group, resource, verb))));
      if (missing.length === 0) return undefined;
      const names = (list: typeof missing) => list.map(([g, r]) => (g ? `${r}.${g}` : r)).join(', ');
      const field = `${templatePath(t)}spec.serviceAccountName`;
      const fix = `bind a Role granting get, list, watch on ${names(missing)} to ServiceAccount ${sa}`;
      const required = missing.filter(([, r]) => REQUIRED_RESOURCES.includes(r));
      const installed = missing.filter(([g, r]) => !REQUIRED_RESOURCES.includes(r) && crdInstalled(ctx, g, r));
      if (required.length || installed.length) {
        return finding(t.owner, field, `ServiceAccount ${t.namespace}/${sa} lacks get, list, watch on ${names([...required, ...installed])}, which the endpoint picker reads${installed.length ? ' (the manifests install the CRD, so the picker watches it)' : ''}`, fix);
      }
      return finding(t.owner, field, `ServiceAccount ${t.namespace}/${sa} lacks get, list, watch on ${names(missing)}: the picker watches them when their CRDs are installed in the cluster (GAIE's install manifests include them), and then cannot read them`, fix, 'warning');
    }),
];
