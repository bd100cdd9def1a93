import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as agentgateway from '../../imports/agentgateway.dev';
import { celRoutingMap } from './cel';
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
              set: Lazy.any({ produce: () => [{ name: this.headerName, value: this.expression }, ...this.extraSets] }) as unknown as agentgateway.AgentgatewayPolicySpecTrafficTransformationRequestSet[],
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
    const map = celRoutingMap([...this.routes], BodyRoutingPolicy.MODEL_FIELD);
    const identity = [...this.routes].every(([k, v]) => k === v);
    return map.length > BodyRoutingPolicy.MAX_EXPRESSION_LENGTH && identity ? BodyRoutingPolicy.MODEL_FIELD : map;
  }
}
