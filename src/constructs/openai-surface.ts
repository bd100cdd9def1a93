import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as agentgateway from '../../imports/agentgateway.dev';
import * as gatewayApi from '../../imports/gateway.networking.k8s.io';
import { BodyRoutingPolicy } from './body-routing-policy';
import { problemText } from './checks/problem';
import { checkOwnRouteNames, MODEL_PATH_PREFIX, ModelRoutes } from './checks/listing-checks';
import { patchedLast } from './final-patches';
import { InferenceGateway } from './inference-gateway';
import { ListingServer } from './listing-server';
import { gatewayOnlyPolicy } from './network-policies';
import { ServedModel } from './served-model';
import { PROFILES } from '../profiles/profiles';
import { BAD_REQUEST_BODY, ListedName, listBody, modelBody, MODEL_NOT_FOUND_BODY, modelPath } from '../util/openai';

/** The path of the model list. */
export const MODELS_PATH = '/v1/models';

/**
 * Properties of an {@link OpenAiSurface}.
 */
export interface OpenAiSurfaceProps {
  /** The gateway whose listener the routes attach to and whose policy sets the status header. */
  readonly gateway: InferenceGateway;
  /** Namespace of the routes, policies and static server: the models' (the listener admits it). */
  readonly namespace: string;
  /**
   * Labels on every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * A NetworkPolicy `<gateway>-models-ingress` for the static listing server (when there is one):
   * only the gateway's data plane reaches it.
   * @default false
   */
  readonly networkPolicy?: boolean;
}

/**
 * What the gateway answers itself, in OpenAI's shapes (issue 11): `GET /v1/models` (every public
 * name, in the order added), `GET /v1/models/{id}`, 404 `model_not_found` for a body naming a
 * model no route serves (and for `/v1/models/<unknown>`), and 400 for a body that is not JSON
 * or names no model.
 *
 * agentgateway answers a route with a `directResponse` AgentgatewayPolicy targeting it; its
 * body holds at most 4096 characters and an HTTPRoute of Gateway API v1.2.1 (OpenShift 4.19,
 * 4.20) has no rule names, so each distinct answer is its own HTTPRoute and policy. While the
 * list fits ({@link OpenAiSurface.MAX_DIRECT_BODY} characters, at most
 * {@link OpenAiSurface.MAX_DIRECT_NAMES} names) the gateway answers the listing too; beyond
 * that a small static server ({@link ListingServer}) answers `/v1/models` and
 * `/v1/models/{id}` behind the same route.
 *
 * Creates, in the models' namespace (`<gw>` is the Gateway's name):
 * - HTTPRoute `<gw>-models` (GET, Exact `/v1/models`): with few names an AgentgatewayPolicy
 *   `<gw>-models` answering the list, and per name HTTPRoute and AgentgatewayPolicy
 *   `<gw>-model-<hash>` (GET, Exact `/v1/models/<name>`, `<hash>` the first 10 hex digits of the
 *   name's SHA-256); above the bound the route also takes GET PathPrefix `/v1/models/` and sends
 *   both to Service `<gw>-models` (see {@link ListingServer})
 * - HTTPRoute and AgentgatewayPolicy `<gw>-model-not-found`: 404; matches the routing policy's
 *   status header ({@link BodyRoutingPolicy.STATUS_HEADER}) on any path, and any request under
 *   PathPrefix `/v1/models/` (a GET of a listed name matches more exactly)
 * - HTTPRoute and AgentgatewayPolicy `<gw>-bad-request`: 400; PathPrefix `/`, no header: the
 *   lowest precedence, taken only by requests no other route matches
 *
 * Every rule sets `content-type: application/json` on the response (a ResponseHeaderModifier,
 * which agentgateway also applies to direct responses).
 */
export class OpenAiSurface extends Construct {
  /** Longest body of one direct response in the pinned AgentgatewayPolicy CRD. */
  public static readonly MAX_DIRECT_BODY = 4096;
  /** Most names answered by direct responses (two objects each); more go to the static server. */
  public static readonly MAX_DIRECT_NAMES = 16;

  /** The names listed, in order. */
  private readonly names: ListedName[] = [];
  private readonly gateway: InferenceGateway;
  private readonly namespace: string;
  private readonly labels?: Record<string, string>;
  private readonly isolated: boolean;
  private readonly created: number;
  private direct?: Construct;
  private readonly perName = new Map<string, string>();
  private server?: ListingServer;
  /** The 404 route. */
  public readonly notFoundRoute: gatewayApi.HttpRoute;
  /** The 400 route. */
  public readonly badRequestRoute: gatewayApi.HttpRoute;

  constructor(scope: Construct, id: string, props: OpenAiSurfaceProps) {
    super(scope, id);
    this.gateway = props.gateway;
    this.namespace = props.namespace;
    this.labels = props.labels ? { ...props.labels } : undefined;
    this.isolated = props.networkPolicy ?? false;
    this.created = PROFILES[props.gateway.profile].modelListing.created;
    const status = { type: gatewayApi.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: BodyRoutingPolicy.STATUS_HEADER, value: Lazy.any({ produce: () => this.gateway.routingPolicy.statusValue }) as unknown as string };
    this.notFoundRoute = this.answer(this, 'ModelNotFound', `${this.gateway.name}-model-not-found`, [
      { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' }, headers: [status] },
      { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: MODEL_PATH_PREFIX } },
    ], 404, MODEL_NOT_FOUND_BODY);
    this.badRequestRoute = this.answer(this, 'BadRequest', `${this.gateway.name}-bad-request`, [
      { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } },
    ], 400, BAD_REQUEST_BODY);
    this.rebuild();
    this.node.addValidation({ validate: () => checkOwnRouteNames(this.ownRouteNames(), this.modelRoutes(), this.namespace).map((p) => problemText([p])) });
  }

  /** Lists the public names of `model` (the name, its aliases, its LoRA adapters with `parent`). */
  public addModel(model: ServedModel): void {
    this.names.push({ id: model.modelName, base: model.modelName, adapter: false });
    for (const a of model.aliases) this.names.push({ id: a, base: model.modelName, adapter: false });
    for (const a of model.loraAdapters) this.names.push({ id: a.name, base: model.modelName, adapter: true });
    this.rebuild();
  }

  /** The listed ids, in order. */
  public get listedIds(): string[] {
    return this.names.map((n) => n.id);
  }

  /** Whether the static server answers the listing (the list is above the direct-response bound). */
  public get usesStaticServer(): boolean {
    return this.server !== undefined;
  }

  /** The list body as served. */
  public get listBody(): string {
    return listBody(this.names, this.created);
  }

  /** The HTTPRoute name that answers `GET /v1/models/<id>` by direct response, `<gw>-model-<hash>`. */
  public static routeNameOf(gatewayName: string, id: string): string {
    return `${gatewayName}-model-${createHash('sha256').update(id).digest('hex').slice(0, 10)}`;
  }

  private fitsDirect(): boolean {
    return this.names.length <= OpenAiSurface.MAX_DIRECT_NAMES && this.listBody.length <= OpenAiSurface.MAX_DIRECT_BODY;
  }

  /**
   * Brings the objects in line with the names: direct responses while they fit (adding one route
   * per new name), else the static server (created once; it shards its content as names come).
   */
  private rebuild(): void {
    if (!this.server && this.fitsDirect()) {
      if (!this.direct) {
        this.direct = new Construct(this, 'Direct');
        const listRoute = this.answer(this.direct, 'List', `${this.gateway.name}-models`, [
          { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.EXACT, value: MODELS_PATH }, method: gatewayApi.HttpRouteSpecRulesMatchesMethod.GET },
        ], 200, Lazy.any({ produce: () => this.listBody }) as unknown as string);
        void listRoute;
      }
      for (const n of this.names) {
        if (this.perName.has(n.id)) continue;
        const name = OpenAiSurface.routeNameOf(this.gateway.name, n.id);
        this.perName.set(n.id, name);
        this.answer(this.direct, `Model${this.perName.size}`, name, [
          { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.EXACT, value: modelPath(n.id)! }, method: gatewayApi.HttpRouteSpecRulesMatchesMethod.GET },
        ], 200, modelBody(n, this.created));
      }
      return;
    }
    if (this.direct) {
      this.node.tryRemoveChild(this.direct.node.id);
      this.direct = undefined;
      this.perName.clear();
    }
    if (!this.server) {
      this.server = new ListingServer(this, 'Server', {
        name: `${this.gateway.name}-models`,
        namespace: this.namespace,
        profile: this.gateway.profile,
        labels: this.labels,
      });
      if (this.isolated) {
        gatewayOnlyPolicy(this, 'ServerIngress', {
          name: `${this.gateway.name}-models-ingress`,
          namespace: this.namespace,
          podSelector: this.server.selectorLabels,
          port: ListingServer.PORT,
          gateway: { name: this.gateway.name, namespace: this.gateway.namespace, facts: PROFILES[this.gateway.profile].dataPlane },
          labels: this.labels,
        });
      }
      this.route(this, 'List', `${this.gateway.name}-models`, [
        { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.EXACT, value: MODELS_PATH }, method: gatewayApi.HttpRouteSpecRulesMatchesMethod.GET },
        { path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: MODEL_PATH_PREFIX }, method: gatewayApi.HttpRouteSpecRulesMatchesMethod.GET },
      ], [{ kind: 'Service', name: this.server.serviceName, port: ListingServer.PORT }]);
    }
    this.server.setNames(this.names, this.created);
  }

  /** An HTTPRoute (no backend) and the AgentgatewayPolicy answering it with `status` and `body`. */
  private answer(scope: Construct, id: string, name: string, matches: gatewayApi.HttpRouteSpecRulesMatches[], status: number, body: string): gatewayApi.HttpRoute {
    const route = this.route(scope, id, name, matches);
    new (patchedLast(agentgateway.AgentgatewayPolicy))(scope, `${id}Response`, {
      metadata: this.metadata(name),
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name }],
        traffic: { directResponse: { status, body } },
      },
    });
    return route;
  }

  private route(scope: Construct, id: string, name: string, matches: gatewayApi.HttpRouteSpecRulesMatches[], backendRefs?: gatewayApi.HttpRouteSpecRulesBackendRefs[]): gatewayApi.HttpRoute {
    return new (patchedLast(gatewayApi.HttpRoute))(scope, id, {
      metadata: this.metadata(name),
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.gateway.name, namespace: this.gateway.namespace }],
        rules: [{
          matches,
          filters: [{
            type: gatewayApi.HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
            responseHeaderModifier: { set: [{ name: 'content-type', value: 'application/json' }] },
          }],
          ...(backendRefs ? { backendRefs } : {}),
        }],
      },
    });
  }

  private metadata(name: string) {
    return { name, namespace: this.namespace, ...(this.labels ? { labels: { ...this.labels } } : {}) };
  }

  /** The names of this surface's HTTPRoutes. */
  private ownRouteNames(): Set<string> {
    return new Set(this.node.findAll().filter((c) => c instanceof ApiObject && c.kind === 'HTTPRoute').map((c) => (c as ApiObject).name));
  }

  /** The HTTPRoutes of the models beside this surface. */
  private modelRoutes(): ModelRoutes[] {
    return (this.node.scope?.node.children ?? []).filter((c): c is ServedModel => c instanceof ServedModel)
      .map((m) => ({ model: m.modelName, pool: m.poolName, routes: m.routes.map((r) => r.name) }));
  }
}
