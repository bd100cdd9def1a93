import { HTTPROUTE, SERVICE } from '../model/model';
import { list } from '../model/object-access';
import { finding, Rule, RuleContext } from './rule';

/** A backendRef of an HTTPRoute rule to a core Service. */
interface ServiceRef {
  readonly route: any;
  readonly field: string;
  readonly ref: any;
  readonly namespace: string;
  readonly name: string;
}

/** Each core-Service backendRef (group '' and kind Service, the defaults) of each HTTPRoute. */
function* serviceRefs(ctx: RuleContext): Iterable<ServiceRef> {
  for (const route of ctx.model.index.all(HTTPROUTE)) {
    if (ctx.rejected(route)) continue;
    for (const [r, rule] of list(route.spec?.rules).entries()) {
      for (const [b, ref] of list(rule?.backendRefs).entries()) {
        if (!ref || typeof ref !== 'object' || typeof ref.name !== 'string') continue;
        if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') continue;
        const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.metadata?.namespace ?? '';
        yield { route, field: `spec.rules[${r}].backendRefs[${b}]`, ref, namespace, name: ref.name };
      }
    }
  }
}

/** HTTPRoute backendRefs to core Services. */
export const HTTPROUTE_BACKEND_SERVICE_RULES: Rule[] = [
  {
    id: 'httproute-backend-service-exists',
    summary: 'A Service a backendRef names is in the manifests when they hold Services of its namespace (or it is declared with --assume).',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Create the Service, correct the backendRef\'s name and namespace, or declare it with --assume Service/<namespace>/<name>.',
    rationale: 'A backendRef to an absent Service is accepted and answers 500 for every request the rule matches. Services made elsewhere are common, so an absent one is judged only when the manifests hold other Services of that namespace.',
    *check(ctx) {
      const namespaces = new Set(ctx.model.index.all(SERVICE).map((s) => s.metadata?.namespace ?? ''));
      for (const s of serviceRefs(ctx)) {
        if (!namespaces.has(s.namespace) || ctx.model.index.get(SERVICE, s.namespace, s.name)) continue;
        yield finding(s.route, `${s.field}.name`, `Service ${s.namespace}/${s.name} is not in the manifests, which hold other Services of '${s.namespace}'`,
          `create it, correct the name, or declare it with --assume Service/${s.namespace}/${s.name} when it lives in another repository`);
      }
    },
  },
  {
    id: 'httproute-backend-service-port',
    summary: 'A backendRef\'s port is a port of the Service it names.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Set backendRefs[].port to one of the Service\'s spec.ports[].port.',
    rationale: 'A backendRef to a port the Service does not have resolves to no endpoint, and the gateway answers 500.',
    *check(ctx) {
      for (const s of serviceRefs(ctx)) {
        const service = ctx.model.index.get(SERVICE, s.namespace, s.name);
        if (!service || ctx.rejected(service) || s.ref.port === undefined || service.spec?.type === 'ExternalName') continue;
        const ports = list(service.spec?.ports).map((p: any) => p?.port).filter((p: unknown) => typeof p === 'number');
        // An assumed Service has no ports listed: its ports are unknown, not absent.
        if (!ports.length || ports.includes(s.ref.port)) continue;
        yield finding(s.route, `${s.field}.port`, `Service ${s.namespace}/${s.name} has port ${ports.join(', ')}, not ${JSON.stringify(s.ref.port)}`,
          `set port: ${ports.length === 1 ? ports[0] : `one of ${ports.join(', ')}`}`);
      }
    },
  },
  {
    id: 'httproute-backend-service-reference-grant',
    summary: 'A backendRef to a Service in another namespace is allowed by a ReferenceGrant there.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Add a ReferenceGrant in the Service\'s namespace from HTTPRoute in the route\'s namespace to Service.',
    rationale: 'Gateway API refuses a cross-namespace backendRef without a grant (ResolvedRefs: RefNotPermitted); the gateway answers 500 for the rule\'s requests.',
    *check(ctx) {
      for (const s of serviceRefs(ctx)) {
        const routeNs = s.route.metadata?.namespace ?? '';
        if (s.namespace === routeNs || ctx.model.granted(s.namespace, 'HTTPRoute', routeNs, '', 'Service', s.name)) continue;
        yield finding(s.route, `${s.field}.namespace`,
          `Service ${s.namespace}/${s.name} is in another namespace and no ReferenceGrant in '${s.namespace}' allows HTTPRoutes from '${routeNs}' to reference it`,
          `add a ReferenceGrant in ${s.namespace} from HTTPRoute/${routeNs} to Service ${s.name}`);
      }
    },
  },
];
