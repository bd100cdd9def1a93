import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as agentgateway from '../../imports/agentgateway.dev';
import { celRoutingMap, celString } from './cel';
import { problemText, throwIfAny } from './checks/problem';
import { checkRouteAddition, checkRoutingMap, checkRoutingPolicy, MAX_EXPRESSION_LENGTH } from './checks/routing-checks';
import { patchedLast } from './final-patches';
import { RoutingMode } from '../profiles/routing-mode';

/** One entry of the body-routing map. */
export interface RoutingEntry {
  /** The `model` value clients send. */
  readonly publicName: string;
  /** The header value it routes on: the base model an HTTPRoute matches. */
  readonly baseModel: string;
}

/**
 * Properties of a {@link BodyRoutingPolicy}.
 */
export interface BodyRoutingPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** Namespace; must be the Gateway's (policy target references are local). */
  readonly namespace: string;
  /** Name of the Gateway the policy attaches to. */
  readonly gatewayName: string;
  /**
   * Header the policy sets and HTTPRoutes match.
   * @default - BodyRoutingPolicy.HEADER in map mode, BodyRoutingPolicy.NAME_HEADER in name mode
   */
  readonly headerName?: string;
  /**
   * Labels on the policy.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * What the header holds: the base model looked up in a CEL map (`RoutingMode.MAP`), or the
   * requested name itself (`RoutingMode.NAME`).
   * @default RoutingMode.MAP
   */
  readonly mode?: RoutingMode;
  /**
   * Client headers the policy removes (agentgateway removes after it sets, so a header the policy
   * sets must not be listed); at most 16.
   * @default - none
   */
  readonly removeHeaders?: string[];
}

/**
 * The PreRouting AgentgatewayPolicy (`agentgateway.dev/v1alpha1`) that reads the JSON body's
 * `model` field and sets the routing header from a CEL map of public names to base models.
 *
 * Entries are added with {@link addRoute} and rendered in the order added. Keys and values
 * are escaped CEL string literals. A failed lookup (unknown model, non-JSON body, no body)
 * makes agentgateway remove the header, and a successful one overwrites whatever the client
 * sent, so clients cannot steer routing with the header.
 *
 * When the map would exceed the 16384 characters the CRD allows for one expression and every
 * entry maps a name to itself, the policy copies the `model` field unchanged instead: the
 * routing is the same (HTTPRoutes still match exact names; unknown names match nothing). With
 * aliases or LoRA adapters the map is no identity, so a map above the limit is an error that
 * says how many entries are aliases or adapters.
 *
 * In name mode ({@link RoutingMode.NAME}) the header is the requested name itself,
 * `string(json(request.body).model)`: the same small expression at any number of names, and
 * the HTTPRoutes match every public name. The entries are still recorded (so a name routed
 * twice is refused), but not rendered. Failures remove the header as in map mode (non-JSON
 * body, no `model`, a list or object or null `model`); a number or boolean `model` becomes its
 * text and matches only a public name spelled that way.
 *
 * Creates: AgentgatewayPolicy `<name>` in the Gateway's namespace.
 */
export class BodyRoutingPolicy extends Construct {
  /** The routing header of the reference deployment. */
  public static readonly HEADER = 'X-Gateway-Base-Model-Name';
  /** The routing header of name mode: the requested model name (the GAIE/KServe convention). */
  public static readonly NAME_HEADER = 'X-Gateway-Model-Name';
  /** The expression of name mode: the request body's `model`, as a string. */
  public static readonly NAME_EXPRESSION = 'string(json(request.body).model)';
  /** Longest expression the pinned AgentgatewayPolicy CRD accepts in `set[].value`. */
  public static readonly MAX_EXPRESSION_LENGTH = MAX_EXPRESSION_LENGTH;
  /** The request field the expression reads. */
  public static readonly MODEL_FIELD = 'json(request.body).model';
  /**
   * The second header the policy sets: whether the body names a model, which the gateway's
   * `model_not_found` HTTPRoute matches (see {@link statusExpression}).
   */
  public static readonly STATUS_HEADER = 'X-Gateway-Model-Status';

  /** Header set by the policy. */
  public readonly headerName: string;
  /** What the header holds: the base model (map) or the requested name (name). */
  public readonly mode: RoutingMode;
  /** The generated AgentgatewayPolicy. */
  public readonly policy: agentgateway.AgentgatewayPolicy;
  private readonly routes = new Map<string, string>();
  private readonly extraSets: { name: string; value: string }[] = [];

  constructor(scope: Construct, id: string, props: BodyRoutingPolicyProps) {
    super(scope, id);
    this.mode = props.mode ?? RoutingMode.MAP;
    this.headerName = props.headerName ?? (this.mode === RoutingMode.NAME ? BodyRoutingPolicy.NAME_HEADER : BodyRoutingPolicy.HEADER);
    throwIfAny(checkRoutingPolicy({ ...props, headerName: this.headerName }), 'routing policy');
    this.policy = new (patchedLast(agentgateway.AgentgatewayPolicy))(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.gatewayName }],
        traffic: {
          phase: agentgateway.AgentgatewayPolicySpecTrafficPhase.PRE_ROUTING,
          transformation: {
            request: {
              // The routing header, the OpenAI error routes' status header (see statusExpression), then
              // any header added with setHeader() (the fairness id from the caller's identity).
              set: Lazy.any({ produce: () => [{ name: this.headerName, value: this.expression }, { name: BodyRoutingPolicy.STATUS_HEADER, value: this.statusExpression }, ...this.extraSets] }) as unknown as agentgateway.AgentgatewayPolicySpecTrafficTransformationRequestSet[],
              ...(props.removeHeaders?.length ? { remove: [...props.removeHeaders] } : {}),
            },
          },
        },
      },
    });
    this.node.addValidation({
      validate: () => checkRoutingMap(this.routes.size, this.routes.size && this.mode === RoutingMode.MAP ? this.expression.length : 0, this.renamedCount).map((p) => problemText([p])),
    });
  }

  /**
   * Routes requests whose `model` is `publicName` to the HTTPRoute matching `baseModel` (map
   * mode), or records that an HTTPRoute matches `publicName` itself (name mode).
   */
  public addRoute(publicName: string, baseModel: string): void {
    throwIfAny(checkRouteAddition(publicName, this.routes.get(publicName)), `model name '${publicName}'`);
    this.routes.set(publicName, baseModel);
  }

  /**
   * Sets one more header from a CEL expression, after the routing header (e.g. the picker's
   * fairness id from the caller's identity). A failing expression removes the header.
   */
  public setHeader(name: string, expression: string): void {
    this.extraSets.push({ name, value: expression });
  }

  /** The entries, in the order added. */
  public get entries(): RoutingEntry[] {
    return [...this.routes].map(([publicName, baseModel]) => ({ publicName, baseModel }));
  }

  /** How many entries route a name other than their base model (aliases, LoRA adapters). */
  private get renamedCount(): number {
    return [...this.routes].filter(([k, v]) => k !== v).length;
  }

  /** The CEL expression the policy sets the header from. */
  public get expression(): string {
    if (this.mode === RoutingMode.NAME) return BodyRoutingPolicy.NAME_EXPRESSION;
    return this.identityFallback ? BodyRoutingPolicy.MODEL_FIELD : this.routingMap;
  }

  /**
   * Whether the model routes must match the status header too: in name mode, and in map mode
   * once the map is replaced by the `model` field itself. The status header then only says that
   * the body names a model, and the model routes outrank the `model_not_found` route by their
   * second header match.
   */
  public get statusMatchedByModelRoutes(): boolean {
    return this.mode === RoutingMode.NAME || this.identityFallback;
  }

  /** The status header value the `model_not_found` route matches: 'unknown' (map) or 'named'. */
  public get statusValue(): string {
    return this.statusMatchedByModelRoutes ? BodyRoutingPolicy.STATUS_NAMED : BodyRoutingPolicy.STATUS_UNKNOWN;
  }

  /**
   * The CEL expression of the status header. Map mode: `'known'` for a public name, `'unknown'`
   * for any other string (or number, as its text); a body that is not JSON, or whose `model` is
   * missing, null, a list or an object, fails, and agentgateway removes the header. When the
   * model routes match the status header (name mode, identity fallback), `'named'` exactly when
   * the routing header's expression succeeds.
   */
  public get statusExpression(): string {
    const named = `string(${BodyRoutingPolicy.MODEL_FIELD})`;
    if (this.statusMatchedByModelRoutes) return `${named} == "" ? "${BodyRoutingPolicy.STATUS_NAMED}" : "${BodyRoutingPolicy.STATUS_NAMED}"`;
    return `${named} in [${[...this.routes.keys()].map(celString).join(', ')}] ? "${BodyRoutingPolicy.STATUS_KNOWN}" : "${BodyRoutingPolicy.STATUS_UNKNOWN}"`;
  }

  /** Status value of a public name (map mode). */
  public static readonly STATUS_KNOWN = 'known';
  /** Status value of any other name (map mode): the `model_not_found` route matches it. */
  public static readonly STATUS_UNKNOWN = 'unknown';
  /** Status value of a body that names a model (name mode, identity fallback). */
  public static readonly STATUS_NAMED = 'named';

  private get routingMap(): string {
    return celRoutingMap([...this.routes], BodyRoutingPolicy.MODEL_FIELD);
  }

  /** A map mode map above the expression limit whose every entry is a name to itself. */
  private get identityFallback(): boolean {
    if (this.mode === RoutingMode.NAME) return false;
    return [...this.routes].every(([k, v]) => k === v) && this.routingMap.length > BodyRoutingPolicy.MAX_EXPRESSION_LENGTH;
  }
}
