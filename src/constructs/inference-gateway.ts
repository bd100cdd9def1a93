import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as gatewayApi from '../../imports/gateway.networking.k8s.io';
import * as openshift from '../../imports/route.openshift.io';
import { BodyRoutingPolicy } from './body-routing-policy';
import { patchedLast } from './final-patches';
import { Names } from './names';
import { Platform } from './platform';
import { formatDuration } from './units';

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
   * GatewayClass. `agentgateway-v2` is the class the agentgateway v2.2.0-beta.3 charts create.
   * @default 'agentgateway-v2'
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
}

/**
 * Properties of an {@link InferenceGateway}.
 */
export interface InferenceGatewayProps extends GatewayOptions {
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
}

/** Listener ports agentgateway uses itself. */
const RESERVED_PORTS = [15000, 15020, 15021];

/**
 * The shared entry point: a Gateway with one HTTP listener that admits routes from every
 * namespace, the body-routing policy attached to it, and on OpenShift what it takes to run
 * and expose it.
 *
 * Creates, in the gateway namespace:
 * - Gateway `<name>`
 * - AgentgatewayPolicy `<name>-bbr` (see {@link BodyRoutingPolicy})
 * - OpenShift only: RoleBinding `<name>-scc` granting ClusterRole
 *   `system:openshift:scc:nonroot-v2` to ServiceAccount `<name>`, which the agentgateway
 *   controller creates for the data plane (its pod runs as a fixed UID that restricted-v2
 *   rejects)
 * - OpenShift only: Route `<name>` to Service `<name>` on the listener port, TLS edge
 *
 * @example
 * const gw = new InferenceGateway(chart, 'gateway', { platform: Platform.KUBERNETES });
 * gw.routingPolicy.addRoute('Qwen/Qwen3-0.6B', 'Qwen/Qwen3-0.6B');
 */
export class InferenceGateway extends Construct {
  /** The gateway name when none is given. */
  public static readonly DEFAULT_NAME = 'inference-gateway';

  /** Longest request or router timeout: a day. */
  public static readonly MAX_TIMEOUT = Duration.hours(24);

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
  /** The Gateway. */
  public readonly gateway: gatewayApi.Gateway;
  /** The PreRouting body-routing policy. */
  public readonly routingPolicy: BodyRoutingPolicy;
  /** OpenShift: the SCC RoleBinding for the data plane's ServiceAccount. */
  public readonly sccBinding?: k8s.KubeRoleBinding;
  /** OpenShift: the Route exposing the gateway. */
  public readonly route?: openshift.Route;

  constructor(scope: Construct, id: string, props: InferenceGatewayProps = {}) {
    super(scope, id);
    this.name = props.name ?? InferenceGateway.DEFAULT_NAME;
    this.namespace = props.namespace ?? 'agentgateway-system';
    this.port = props.port ?? 8080;
    this.listenerName = 'http';
    this.requestTimeout = props.requestTimeout ?? Duration.seconds(300);
    this.platform = props.platform ?? Platform.OPENSHIFT;
    const className = props.className ?? 'agentgateway-v2';
    const routeTimeout = props.routeTimeout ?? this.requestTimeout;

    const problems: string[] = [];
    if (!Names.isDns1035(this.name, Names.MAX_GATEWAY_LENGTH)) {
      problems.push(`gateway 'name' must be a DNS-1035 label of at most ${Names.MAX_GATEWAY_LENGTH} characters (room for '-bbr'/'-scc'), got '${this.name}'`);
    }
    if (!Names.isNamespace(this.namespace)) {
      problems.push(`gateway 'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got '${this.namespace}'`);
    }
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      problems.push(`gateway 'port' must be a whole number from 1 to 65535, got ${this.port}`);
    } else if (RESERVED_PORTS.includes(this.port)) {
      problems.push(`gateway 'port' ${this.port} is reserved by agentgateway (${RESERVED_PORTS.join(', ')}): choose another, e.g. 8080`);
    }
    const maxMs = InferenceGateway.MAX_TIMEOUT.toMilliseconds();
    if (this.requestTimeout.toMilliseconds() < 1) {
      problems.push(`gateway 'requestTimeout' must be greater than 0s, got ${formatDuration(this.requestTimeout)}`);
    } else if (this.requestTimeout.toMilliseconds() > maxMs || routeTimeout.toMilliseconds() > maxMs) {
      const [key, value] = this.requestTimeout.toMilliseconds() > maxMs ? ['requestTimeout', this.requestTimeout] : ['routeTimeout', routeTimeout];
      problems.push(`gateway '${key}' must be at most ${formatDuration(InferenceGateway.MAX_TIMEOUT)} (24h), got ${formatDuration(value)}: no chat completion should hold a connection longer; lower it`);
    } else if (!Number.isInteger(this.requestTimeout.toMilliseconds()) || !Number.isInteger(routeTimeout.toMilliseconds())) {
      problems.push(`gateway 'requestTimeout' and 'routeTimeout' must be whole milliseconds, got ${this.requestTimeout.toMilliseconds()}ms and ${routeTimeout.toMilliseconds()}ms`);
    } else if (routeTimeout.toMilliseconds() < this.requestTimeout.toMilliseconds()) {
      problems.push(`gateway 'routeTimeout' ${formatDuration(routeTimeout)} is below 'requestTimeout' ${formatDuration(this.requestTimeout)}: the OpenShift router would cut responses the HTTPRoute still allows; raise it to at least ${formatDuration(this.requestTimeout)}`);
    }
    if (props.routeHost !== undefined && !(props.routeHost.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(props.routeHost))) {
      problems.push(`gateway 'routeHost' must be a DNS name (lowercase, dot-separated labels, at most 253), got '${props.routeHost}'`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    const labels = props.labels ? { ...props.labels } : undefined;
    const metadata = (name: string, extra: object = {}) => ({ name, namespace: this.namespace, ...(labels ? { labels } : {}), ...extra });

    this.gateway = new (patchedLast(gatewayApi.Gateway))(this, 'Resource', {
      metadata: metadata(this.name),
      spec: {
        gatewayClassName: className,
        listeners: [{
          name: this.listenerName,
          protocol: 'HTTP',
          port: this.port,
          // HTTPRoutes live in the model namespaces.
          allowedRoutes: { namespaces: { from: gatewayApi.GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } },
        }],
      },
    });

    this.routingPolicy = new BodyRoutingPolicy(this, 'RoutingPolicy', {
      name: `${this.name}-bbr`,
      namespace: this.namespace,
      gatewayName: this.name,
      labels,
    });

    if (this.platform === Platform.OPENSHIFT) {
      this.sccBinding = new (patchedLast(k8s.KubeRoleBinding))(this, 'SccBinding', {
        metadata: metadata(`${this.name}-scc`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:openshift:scc:nonroot-v2' },
        subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
      });
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
  }
}
