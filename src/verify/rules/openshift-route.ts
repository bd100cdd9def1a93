import { isAssumed } from '../model/assume';
import { GATEWAY, SERVICE } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { parseDurationMs } from '../../util/duration';
import { finding, Rule, RuleContext } from './rule';

const ROUTE_TIMEOUT_ANNOTATION = 'haproxy.router.openshift.io/timeout';
const ROUTER_DEFAULT_TIMEOUT_MS = 30_000;

/** Gateway classes whose data plane is deployed by Istio, which names its Service `<gateway>-<class>`. */
const ISTIO_NAMED_CLASSES = /^(istio|openshift-default)$/;

/**
 * Names of the data-plane Service the implementation creates for `gateway`: agentgateway
 * names it after the Gateway; Istio (and OpenShift's `openshift-default` class, which is
 * Istio) `<gateway>-<class>`. Empty when the implementation's naming is not known here, so
 * no rule guesses it.
 */
export function dataPlaneServiceNames(ctx: RuleContext, gateway: any): string[] {
  const name = gateway?.metadata?.name;
  if (typeof name !== 'string') return [];
  const implementation = ctx.model.implementationOf(gateway);
  if (implementation === 'agentgateway') return [name];
  const cls = gateway.spec?.gatewayClassName;
  return implementation === 'other' && typeof cls === 'string' && ISTIO_NAMED_CLASSES.test(cls) ? [`${name}-${cls}`] : [];
}

/**
 * Each OpenShift Route to a Service in a namespace with a Gateway, with the Gateway whose
 * data-plane Service it names (by the implementation's naming) when there is one.
 */
function* routesToGateways(ctx: RuleContext) {
  for (const route of ctx.model.index.all('route.openshift.io/Route')) {
    if (ctx.rejected(route)) continue;
    const ns = route.metadata?.namespace ?? '';
    const to = route.spec?.to ?? {};
    if ((to.kind ?? 'Service') !== 'Service') continue;
    const gateways = ctx.model.index.all(GATEWAY).filter((g) => g.metadata?.namespace === ns);
    const gateway = gateways.find((g) => (isAssumed(g) ? g.metadata?.name === to.name : dataPlaneServiceNames(ctx, g).includes(to.name)));
    if (gateway && isAssumed(gateway)) continue;
    yield { route, gateways, gateway, to };
  }
}

/** OpenShift Routes that expose an agentgateway Gateway. */
export const OPENSHIFT_ROUTE_RULES: Rule[] = [
  {
    id: 'route-gateway-service',
    summary: 'A Route beside a Gateway points at a Service in the manifests or at the Gateway\'s data-plane Service (agentgateway: the Gateway\'s name; Istio and openshift-default: <gateway>-<class>).',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Route'],
    remediation: 'Set spec.to.name to the name of the Gateway\'s data-plane Service.',
    rationale: 'The Gateway\'s controller creates the data-plane Service under its own naming; a Route to any other absent Service gives 503. Gateways of an implementation whose naming is not known here (or declared with --assume) are not judged.',
    *check(ctx) {
      for (const { route, gateways, gateway, to } of routesToGateways(ctx)) {
        if (gateway || gateways.length !== 1 || isAssumed(gateways[0]) || ctx.model.index.get(SERVICE, route.metadata?.namespace, to.name)) continue;
        const [service] = dataPlaneServiceNames(ctx, gateways[0]);
        if (service === undefined) continue;
        yield finding(route, 'spec.to.name', `points at Service '${to.name}', which is not in the manifests; the data-plane Service of Gateway ${keyOf(gateways[0])} (class ${gateways[0].spec?.gatewayClassName}) is '${service}'`, `set spec.to.name: ${service}`);
      }
    },
  },
  {
    id: 'route-gateway-port',
    summary: 'A Route to a Gateway\'s Service targets a port a listener of the Gateway listens on.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Route'],
    remediation: 'Set spec.port.targetPort to a listener port.',
    rationale: 'The router sends traffic to a port the Gateway does not listen on, and every request fails.',
    *check(ctx) {
      for (const { route, gateway } of routesToGateways(ctx)) {
        if (!gateway) continue;
        const listeners = list(gateway.spec?.listeners);
        const target = route.spec?.port?.targetPort;
        // Port names (listener-<port>) are agentgateway's; another implementation's are not judged.
        if (typeof target === 'string' && ctx.model.implementationOf(gateway) !== 'agentgateway') continue;
        if (target !== undefined && !listeners.some((l) => l?.port === target || `listener-${l?.port}` === target)) {
          yield finding(route, 'spec.port.targetPort', `Gateway ${keyOf(gateway)} listens on ${listeners.map((l) => l?.port).join(', ')}, not ${JSON.stringify(target)}`, `set targetPort: ${listeners[0]?.port}`);
        }
      }
    },
  },
  {
    id: 'route-timeout',
    summary: `A Route's ${ROUTE_TIMEOUT_ANNOTATION} is a valid duration at least as long as the longest request timeout of the HTTPRoutes behind it.`,
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Route'],
    remediation: `Set ${ROUTE_TIMEOUT_ANNOTATION} to the longest HTTPRoute request timeout.`,
    rationale: 'The router default is 30s: long generations and streams are cut with 504 before the gateway\'s own timeout.',
    *check(ctx) {
      for (const { route, gateway } of routesToGateways(ctx)) {
        if (!gateway) continue;
        const longest = (ctx.model.attachments.get(keyOf(gateway)) ?? [])
          .flatMap((a) => list(a.route.spec?.rules).map((r: any) => ({ route: a.route, ms: parseDurationMs(r?.timeouts?.request) ?? 0 })))
          .sort((a, b) => b.ms - a.ms)[0];
        if (!longest || longest.ms === 0) continue;
        const raw = route.metadata?.annotations?.[ROUTE_TIMEOUT_ANNOTATION];
        const routerMs = raw === undefined ? ROUTER_DEFAULT_TIMEOUT_MS : parseDurationMs(String(raw));
        const field = `metadata.annotations.${ROUTE_TIMEOUT_ANNOTATION}`;
        if (routerMs === undefined) {
          yield finding(route, field, `'${raw}' is not a router timeout (a number with us, ms, s, m, h or d)`, `set it to ${longest.ms / 1000}s`);
        } else if (routerMs < longest.ms) {
          yield finding(route, field,
            `${raw === undefined ? 'unset, so the router default 30s applies' : `'${raw}'`}, below the ${longest.ms / 1000}s request timeout of HTTPRoute ${keyOf(longest.route)}: the router cuts long generations and streams with 504`,
            `set ${ROUTE_TIMEOUT_ANNOTATION}: ${longest.ms / 1000}s`);
        }
      }
    },
  },
];
