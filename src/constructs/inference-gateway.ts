import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as agentgateway from '../../imports/agentgateway.dev';
import * as gatewayApi from '../../imports/gateway.networking.k8s.io';
import * as openshift from '../../imports/route.openshift.io';
import { AllowedRoutes, allowedRouteNamespaces } from './allowed-routes';
import { BodyRoutingPolicy } from './body-routing-policy';
import { removedClientHeaders, ROUTING_HEADERS } from './header-hygiene';
import { checkAuth, checkMaxRequestBodySize, checkRateLimit, checkStreamIdleTimeout } from './checks/edge-checks';
import { GatewayAuth, GatewayEdge, identityHeaders, RateLimit } from './gateway-edge';
import { checkGatewayOptions, GATEWAY_DEFAULTS, gatewaySettings, MAX_TIMEOUT } from './checks/gateway-checks';
import { throwIfAny } from './checks/problem';
import { checkClassName } from './checks/profile-checks';
import { checkRoutingMode } from './checks/routing-checks';
import { patchedLast } from './final-patches';
import { Platform } from './platform';
import { checkDataPlaneOptions } from './checks/data-plane-checks';
import { dataPlaneChoice, GatewayParameters, needsParameters } from './gateway-parameters';
import { formatDuration } from './units';
import { DataPlaneSecurity, GatewayServiceType, NONROOT_SCC_CLUSTER_ROLE } from '../profiles/data-plane';
import { DEFAULT_PROFILE, PROFILES, RoutingMode, StackProfile } from '../profiles/profiles';

/**
 * The shared gateway's settings.
 */
export interface GatewayOptions {
  /**
   * Gateway name. agentgateway names its data plane (Deployment, Service, ServiceAccount)
   * after it.
   * @default 'inference-gateway'
   */
  readonly name?: string;

  /**
   * Namespace of the Gateway, the routing policy and the OpenShift objects.
   * @default 'agentgateway-system'
   */
  readonly namespace?: string;

  /**
   * GatewayClass: the class the profile's agentgateway creates, `agentgateway` (agentgateway
   * v1.x, upstream-2026-08) or `agentgateway-v2` (kgateway's v2.2.0-beta.3 charts,
   * rhdev-2026-03). The other profile's class is refused: that controller never programs it.
   * @default - the profile's: 'agentgateway' under upstream-2026-08, 'agentgateway-v2' under rhdev-2026-03
   */
  readonly className?: string;

  /**
   * HTTP listener port. 15000, 15020 and 15021 are reserved by agentgateway.
   * @default 8080
   */
  readonly port?: number;

  /**
   * Request timeout of every model's HTTPRoute: greater than 0, at most
   * {@link InferenceGateway.MAX_TIMEOUT} (24h), whole milliseconds.
   * @default Duration.seconds(300)
   */
  readonly requestTimeout?: Duration;

  /**
   * OpenShift router timeout (`haproxy.router.openshift.io/timeout`); never below
   * `requestTimeout`, or long generations are cut at the router; at most 24h.
   * @default - the request timeout
   */
  readonly routeTimeout?: Duration;

  /**
   * Host name of the OpenShift Route.
   * @default - assigned by the router
   */
  readonly routeHost?: string;

  /**
   * What the OpenShift Route does with plain-HTTP requests.
   * @default openshift.RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT
   */
  readonly insecureEdgeTerminationPolicy?: openshift.RouteSpecTlsInsecureEdgeTerminationPolicy;

  /**
   * How requests are routed by their `model`: `RoutingMode.MAP` (a CEL map of public names to
   * base models, the article's; at most about 400 names) or `RoutingMode.NAME` (the requested
   * name itself, flat cost per request, HTTPRoutes matching every public name).
   * @default - the profile's: RoutingMode.MAP under rhdev-2026-03, RoutingMode.NAME under upstream-2026-08
   */
  readonly routing?: RoutingMode;

  /**
   * Which namespaces' HTTPRoutes the listener admits: only the models' namespace, or every
   * namespace (the article's).
   * @default AllowedRoutes.SAME_NAMESPACE_AS_MODELS
   */
  readonly allowedRoutes?: AllowedRoutes;

  /**
   * OpenShift only: how the data plane (whose proxy runs as the fixed UID 10101) gets past the
   * restricted-v2 SCC: the article's RoleBinding to `system:openshift:scc:nonroot-v2`, or an
   * AgentgatewayParameters overlay removing the fixed UID (no extra privilege). Refused on
   * Kubernetes.
   * @default - the profile's: DataPlaneSecurity.SCC_GRANT under rhdev-2026-03, DataPlaneSecurity.RESTRICTED_V2 under upstream-2026-08
   */
  readonly dataPlaneSecurity?: DataPlaneSecurity;

  /**
   * Type of the data plane's Service, set through the Gateway's AgentgatewayParameters when it
   * is not the controller's LoadBalancer.
   * @default - GatewayServiceType.CLUSTER_IP on OpenShift (the Route fronts it), GatewayServiceType.LOAD_BALANCER on Kubernetes
   */
  readonly serviceType?: GatewayServiceType;

  /**
   * Authentication on the Gateway (API keys or JWTs); see {@link GatewayEdge} for the phase per
   * profile. Every route behind the Gateway requires it.
   * @default - none
   */
  readonly auth?: GatewayAuth;

  /**
   * Gateway-wide local rate limit (per gateway replica).
   * @default - none
   */
  readonly rateLimit?: RateLimit;

  /**
   * A stream idle timeout: refused, no pinned profile's agentgateway has one.
   * @default - none
   */
  readonly streamIdleTimeout?: Duration;

  /**
   * Largest request body agentgateway buffers (it reads the body to route on `model`), a size
   * such as `8Mi`; `frontend.http.maxBufferSize` on the Gateway.
   * @default - agentgateway's (2 MB)
   */
  readonly maxRequestBodySize?: string;
}

/**
 * Properties of an {@link InferenceGateway}.
 */
export interface InferenceGatewayProps extends GatewayOptions {
  /**
   * The stack profile: the default GatewayClass, and what the models behind this gateway deploy.
   * @default StackProfile.UPSTREAM_2026_08
   */
  readonly profile?: StackProfile;

  /**
   * Target platform; OpenShift adds the SCC binding and the Route.
   * @default Platform.OPENSHIFT
   */
  readonly platform?: Platform;

  /**
   * Labels on every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Namespace of the models' HTTPRoutes, which the listener admits under
   * `AllowedRoutes.SAME_NAMESPACE_AS_MODELS`.
   * @default 'llm-d'
   */
  readonly modelNamespace?: string;
}

/**
 * The shared entry point: a Gateway with one HTTP listener that admits the models' namespace's
 * routes (or every namespace's, with `AllowedRoutes.ALL`), the body-routing policy attached to it, and on OpenShift what it takes to run
 * and expose it.
 *
 * Creates, in the gateway namespace:
 * - Gateway `<name>`
 * - AgentgatewayPolicy `<name>-bbr` (see {@link BodyRoutingPolicy})
 * - OpenShift with `DataPlaneSecurity.SCC_GRANT`: RoleBinding `<name>-scc` granting ClusterRole
 *   `system:openshift:scc:nonroot-v2` to ServiceAccount `<name>`, which the agentgateway
 *   controller creates for the data plane (its pod runs as a fixed UID that restricted-v2
 *   rejects)
 * - AgentgatewayParameters `<name>`, referenced by the Gateway's
 *   `spec.infrastructure.parametersRef`, when the data plane differs from the controller's:
 *   the restricted-v2 overlay (`DataPlaneSecurity.RESTRICTED_V2`) and a Service type other than
 *   LoadBalancer (see {@link GatewayParameters})
 * - OpenShift only: Route `<name>` to Service `<name>` on the listener port, TLS edge
 *
 * @example
 * const gw = new InferenceGateway(chart, 'gateway', { platform: Platform.KUBERNETES });
 * gw.routingPolicy.addRoute('Qwen/Qwen3-0.6B', 'Qwen/Qwen3-0.6B');
 */
export class InferenceGateway extends Construct {
  /** The gateway name when none is given. */
  public static readonly DEFAULT_NAME: string = GATEWAY_DEFAULTS.name;

  /** Longest request or router timeout: a day. */
  public static readonly MAX_TIMEOUT = MAX_TIMEOUT;

  /** Gateway name; also the data plane's Service and ServiceAccount name. */
  public readonly name: string;
  /** Gateway namespace. */
  public readonly namespace: string;
  /** Listener name. */
  public readonly listenerName: string;
  /** Listener port. */
  public readonly port: number;
  /** Request timeout applied to the models' HTTPRoutes. */
  public readonly requestTimeout: Duration;
  /** Target platform. */
  public readonly platform: Platform;
  /** The stack profile; the models behind this gateway deploy it too. */
  public readonly profile: StackProfile;
  /** The GatewayClass of the Gateway. */
  public readonly className: string;
  /** The Gateway. */
  public readonly gateway: gatewayApi.Gateway;
  /** The PreRouting body-routing policy. */
  public readonly routingPolicy: BodyRoutingPolicy;
  /** How requests are routed by their `model` (map or name). */
  public readonly routingMode: RoutingMode;
  /** OpenShift: the SCC RoleBinding for the data plane's ServiceAccount. */
  public readonly sccBinding?: k8s.KubeRoleBinding;
  /** OpenShift: the Route exposing the gateway. */
  public readonly route?: openshift.Route;
  /** OpenShift: how the data plane gets past restricted-v2. */
  public readonly dataPlaneSecurity?: DataPlaneSecurity;
  /** The data plane's Service type. */
  public readonly serviceType: GatewayServiceType;
  /** The AgentgatewayParameters the Gateway references, when its data plane differs from the controller's. */
  public readonly parameters?: agentgateway.AgentgatewayParameters;
  /** Authentication, rate limit and body buffer policies on the Gateway. */
  public readonly edge: GatewayEdge;

  constructor(scope: Construct, id: string, props: InferenceGatewayProps = {}) {
    super(scope, id);
    const settings = gatewaySettings(props);
    this.profile = props.profile ?? DEFAULT_PROFILE;
    this.className = props.className ?? PROFILES[this.profile].gatewayClass;
    const platform = props.platform ?? Platform.OPENSHIFT;
    throwIfAny([
      ...checkGatewayOptions(settings), ...checkClassName(this.className, this.profile), ...checkRoutingMode(props.routing),
      ...checkDataPlaneOptions({ platform, dataPlaneSecurity: props.dataPlaneSecurity, serviceType: props.serviceType }),
      ...checkAuth(props.auth), ...checkRateLimit('rateLimit', props.rateLimit, this.profile),
      ...checkStreamIdleTimeout(props.streamIdleTimeout !== undefined ? formatDuration(props.streamIdleTimeout) : undefined, this.profile),
      ...checkMaxRequestBodySize(props.maxRequestBodySize, this.profile),
    ], 'gateway');
    this.name = settings.name;
    this.namespace = settings.namespace;
    this.port = settings.port;
    this.listenerName = 'http';
    this.requestTimeout = settings.requestTimeout;
    this.platform = platform;
    const routeTimeout = settings.routeTimeout ?? settings.requestTimeout;
    const labels = props.labels ? { ...props.labels } : undefined;
    const metadata = (name: string, extra: object = {}) => ({ name, namespace: this.namespace, ...(labels ? { labels } : {}), ...extra });
    const dataPlane = PROFILES[this.profile].dataPlane;
    const choice = dataPlaneChoice(dataPlane, this.platform, props.dataPlaneSecurity, props.serviceType);
    this.dataPlaneSecurity = choice.security;
    this.serviceType = choice.serviceType;
    // Named after the Gateway; created last, so the Gateway stays the first object.
    const parametersRef = needsParameters(dataPlane, choice) ? GatewayParameters.refTo(this.name) : undefined;

    this.gateway = new (patchedLast(gatewayApi.Gateway))(this, 'Resource', {
      metadata: metadata(this.name),
      spec: {
        gatewayClassName: this.className,
        listeners: [{
          name: this.listenerName,
          protocol: 'HTTP',
          port: this.port,
          // HTTPRoutes live in the models' namespace.
          allowedRoutes: { namespaces: allowedRouteNamespaces(props.allowedRoutes ?? AllowedRoutes.SAME_NAMESPACE_AS_MODELS, props.modelNamespace ?? 'llm-d') as gatewayApi.GatewaySpecListenersAllowedRoutesNamespaces },
        }],
        ...(parametersRef ? { infrastructure: { parametersRef } } : {}),
      },
    });

    this.routingMode = props.routing ?? PROFILES[this.profile].routingMode;
    // Where authentication runs in PreRouting, the body-routing policy sets the fairness id from it.
    const identitySets = PROFILES[this.profile].edge.authPhase === 'PreRouting' ? identityHeaders(this.profile, props.auth) : [];
    this.routingPolicy = new BodyRoutingPolicy(this, 'RoutingPolicy', {
      name: `${this.name}-bbr`,
      namespace: this.namespace,
      gatewayName: this.name,
      labels,
      mode: this.routingMode,
      // Header hygiene (header-hygiene.ts): the picker's headers and the other mode's routing header.
      removeHeaders: removedClientHeaders(this.profile, this.routingMode, [ROUTING_HEADERS[this.routingMode], ...identitySets.map((h) => h.name)]),
    });
    for (const h of identitySets) this.routingPolicy.setHeader(h.name, h.value);
    this.edge = new GatewayEdge(this, 'Edge', {
      profile: this.profile, gatewayName: this.name, namespace: this.namespace, labels,
      auth: props.auth, rateLimit: props.rateLimit, maxRequestBodySize: props.maxRequestBodySize,
    });

    if (this.platform === Platform.OPENSHIFT) {
      if (choice.security === DataPlaneSecurity.SCC_GRANT) {
        this.sccBinding = new (patchedLast(k8s.KubeRoleBinding))(this, 'SccBinding', {
          metadata: metadata(`${this.name}-scc`),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NONROOT_SCC_CLUSTER_ROLE },
          subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
        });
      }
      this.route = new (patchedLast(openshift.Route))(this, 'Route', {
        metadata: metadata(this.name, { annotations: { 'haproxy.router.openshift.io/timeout': formatDuration(routeTimeout) } }),
        spec: {
          ...(props.routeHost ? { host: props.routeHost } : {}),
          to: { kind: openshift.RouteSpecToKind.SERVICE, name: this.name, weight: 100 },
          port: { targetPort: this.port },
          tls: {
            termination: openshift.RouteSpecTlsTermination.EDGE,
            insecureEdgeTerminationPolicy: props.insecureEdgeTerminationPolicy ?? openshift.RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT,
          },
        },
      });
    }

    if (parametersRef) {
      this.parameters = new GatewayParameters(this, 'Parameters', { name: parametersRef.name, namespace: this.namespace, facts: dataPlane, choice, labels }).resource;
    }
  }
}
