import { Duration } from 'cdk8s';
import { CatalogEnvVarSpec, CatalogModelSpec, CatalogSpec } from './catalog-spec';
import { checkCompositionOptions, checkGatewayOptions, gatewaySettings } from '../constructs/checks/gateway-checks';
import { checkModel, checkWeights, modelSubject } from '../constructs/checks/model-checks';
import { addPublicNames, checkModelInSet, PoolOwner, poolOf, withoutRepeats } from '../constructs/checks/model-set-checks';
import { checkPublicNames } from '../constructs/checks/public-name-checks';
import { Problem, problem, problemAt, problemSentence, quoted } from '../constructs/checks/problem';
import { checkModelUri } from '../constructs/checks/source-checks';
import { imageVolumeProblems } from './source-platform-checks';
import { checkPickerResources } from '../constructs/checks/picker-checks';
import { checkClassName } from '../constructs/checks/profile-checks';
import { checkDataPlaneOptions } from '../constructs/checks/data-plane-checks';
import { checkAuth, checkMaxRequestBodySize, checkRateLimit, checkStreamIdleTimeout } from '../constructs/checks/edge-checks';
import { checkModelAccess } from '../constructs/model-access';
import { GatewayOptions } from '../constructs/inference-gateway';
import { ModelSource } from '../constructs/model-source';
import { checkMonitoringOptions } from '../constructs/monitoring';
import { Platform } from '../constructs/platform';
import { ModelOptions } from '../constructs/served-model';
import { parseGatewayDuration } from '../constructs/units';
import { DEFAULT_PROFILE, StackProfile } from '../profiles/profiles';

/** Where the options the constructs check live in a catalog file. */
const GATEWAY_PATHS: Record<string, string> = {
  name: 'gateway.name',
  namespace: 'gateway.namespace',
  port: 'gateway.port',
  requestTimeout: 'gateway.requestTimeout',
  routeTimeout: 'gateway.route.timeout',
  routeHost: 'gateway.route.host',
};
const TOP_PATHS: Record<string, string> = { platform: 'platform', namespace: 'namespace', partOf: 'gateway.name' };

/**
 * The problems the constructs would find in a schema-valid catalog, as lines under the
 * catalog's own paths (`gateway.route.timeout: ...`, `models[2]: model 'a/b': 'replicas' ...`),
 * found by the same check functions the constructs run: gateway first, then the models in
 * order, each checked against the models before it.
 */
export function catalogProblems(spec: CatalogSpec): string[] {
  const lines: string[] = [];
  const durations = gatewayDurations(spec);
  lines.push(...durations.problems.map((p) => problemAt(GATEWAY_PATHS[p.path], p)));
  const gateway = gatewaySettings(gatewayOptions(spec, durations.values));
  const gatewayProblems = checkGatewayOptions(gateway).map((p) => ({ at: GATEWAY_PATHS[p.path], p }));
  const topProblems = checkCompositionOptions({ platform: spec.platform ?? Platform.OPENSHIFT, namespace: spec.namespace ?? 'llm-d', partOf: gateway.name })
    .map((p) => ({ at: TOP_PATHS[p.path], p }))
    // The part-of label value is the gateway name here: one problem with that name is enough.
    .filter(({ at }) => !gatewayProblems.some((g) => g.at === at));
  lines.push(...[...topProblems, ...gatewayProblems].map(({ at, p }) => problemAt(at, p)));
  lines.push(...profileProblems(spec));
  lines.push(...edgeProblems(spec));
  lines.push(...modelProblems(spec.models ?? [], spec.namespace ?? 'llm-d', catalogProfile(spec)));
  lines.push(...imageVolumeProblems(spec));
  lines.push(...checkMonitoringOptions(spec.monitoring ?? {}, spec.platform ?? Platform.OPENSHIFT).map((p) => problemAt(`monitoring.${p.path}`, p)));
  return lines;
}

/** Problems of the gateway's and the models' edge keys (auth, rate limits, body size), under their catalog paths. */
function edgeProblems(spec: CatalogSpec): string[] {
  const profile = catalogProfile(spec);
  const g = spec.gateway ?? {};
  const at = (p: Problem) => problemAt(`gateway.${p.path}`, p);
  const lines = [
    ...checkAuth(g.auth).map(at), ...checkRateLimit('rateLimit', g.rateLimit, profile).map(at),
    ...checkStreamIdleTimeout(g.streamIdleTimeout, profile).map(at), ...checkMaxRequestBodySize(g.maxRequestBodySize, profile).map(at),
  ];
  const auth = g.auth ? { apiKeys: g.auth.apiKeys, jwt: g.auth.jwt } : undefined;
  (spec.models ?? []).forEach((m, i) => lines.push(...[...checkRateLimit('rateLimit', m.rateLimit, profile), ...checkModelAccess(m.access, auth)].map((p) => problemAt(`models[${i}].${p.path}`, p))));
  return lines;
}

/** The profile a catalog deploys: its own, else the library default. */
export function catalogProfile(spec: CatalogSpec): StackProfile {
  return spec.profile ?? DEFAULT_PROFILE;
}

/**
 * Problems of the profile-dependent keys: a GatewayClass that is the other profile's, an
 * OpenShift release on plain Kubernetes, and the endpoint picker's sizes.
 */
function profileProblems(spec: CatalogSpec): string[] {
  const lines: string[] = [];
  const className = spec.gateway?.className;
  if (className !== undefined) lines.push(...checkClassName(className, catalogProfile(spec)).map((p) => problemAt('gateway.className', p)));
  if (spec.openshiftVersion !== undefined && (spec.platform ?? Platform.OPENSHIFT) !== Platform.OPENSHIFT) {
    lines.push(problemAt('openshiftVersion', problem('openshiftVersion', quoted(spec.openshiftVersion),
      `${quoted(spec.openshiftVersion)} names an OpenShift release, but platform is ${quoted(String(spec.platform))}`, "remove it, or set platform: openshift")));
  }
  lines.push(...checkPickerResources(spec.endpointPicker ?? {}).map((p) => problemAt(`endpointPicker.${p.path}`, p)));
  lines.push(...checkDataPlaneOptions({ platform: spec.platform ?? Platform.OPENSHIFT, dataPlaneSecurity: spec.gateway?.dataPlaneSecurity, serviceType: spec.gateway?.serviceType })
    .map((p) => problemAt(`gateway.${p.path}`, p)));
  return lines;
}

/** Problems of each model, alone and against the models before it, as `models[i]: <sentence>` lines. */
function modelProblems(models: readonly CatalogModelSpec[], namespace: string, profile: StackProfile): string[] {
  const names = new Set<string>();
  const pools = new Map<string, PoolOwner>();
  const publicNames = new Map<string, string>();
  const lines: string[] = [];
  models.forEach((m, i) => {
    const own = checkPublicNames(m);
    const inSet = own.length ? own : checkModelInSet(m, { names, pools, publicNames });
    const weights = m.uri !== undefined ? checkModelUri(m.uri) : checkWeights(m);
    const source = m.uri !== undefined && weights.length === 0 ? ModelSource.fromUri(m.uri) : undefined;
    // The models' namespace is the catalog's `namespace`, reported once above. Clashes with
    // earlier models and the model's own option problems are reported together.
    const problems = withoutRepeats(inSet, checkModel({ ...baseOptions(m), source }, namespace, weights, profile).filter((p) => p.path !== 'namespace'));
    lines.push(...problems.map((p) => `models[${i}]: ${problemSentence(p, modelSubject(m.name))}`));
    if (problems.length === 0) {
      names.add(m.name);
      pools.set(poolOf(m), { model: m.name, explicit: m.pool !== undefined });
      addPublicNames(m, publicNames);
    }
  });
  return lines;
}

/** The gateway's durations parsed, and problems for any that are not Gateway API durations. */
function gatewayDurations(spec: CatalogSpec): { values: { request?: Duration; route?: Duration }; problems: Problem[] } {
  const problems: Problem[] = [];
  const parse = (path: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const d = parseGatewayDuration(text);
    if (!d) problems.push(problem(path, quoted(text), `must be a duration such as 300s, 5m or 1h30m, got ${quoted(text)}`));
    return d;
  };
  const values = { request: parse('requestTimeout', spec.gateway?.requestTimeout), route: parse('routeTimeout', spec.gateway?.route?.timeout) };
  return { values, problems };
}

function gatewayOptions(s: CatalogSpec, durations: { request?: Duration; route?: Duration }): GatewayOptions {
  const g = s.gateway ?? {};
  return {
    name: g.name,
    namespace: g.namespace,
    className: g.className,
    port: g.port,
    requestTimeout: durations.request,
    routeTimeout: durations.route,
    routeHost: g.route?.host,
    insecureEdgeTerminationPolicy: g.route?.insecureEdgeTerminationPolicy,
    routing: g.routing,
    allowedRoutes: g.allowedRoutes,
    dataPlaneSecurity: g.dataPlaneSecurity,
    serviceType: g.serviceType,
    // The MaaS edge (issue 11, parts 4-6): see edgeProblems.
    auth: g.auth ? { apiKeys: g.auth.apiKeys, jwt: g.auth.jwt } : undefined,
    rateLimit: g.rateLimit,
    streamIdleTimeout: g.streamIdleTimeout !== undefined ? parseGatewayDuration(g.streamIdleTimeout) ?? Duration.seconds(0) : undefined,
    maxRequestBodySize: g.maxRequestBodySize,
  };
}

/** The construct options of a catalog model, without its source (its `uri` is checked as text). */
function baseOptions(m: CatalogModelSpec): ModelOptions {
  return {
    name: m.name, pool: m.pool, replicas: m.replicas, storage: m.storage, hfTokenSecret: m.hfTokenSecret,
    // Model storage, sources and secrets (issue 10, part B).
    cache: m.cache, hfTokenSecretKey: m.hfTokenSecretKey,
    // Aliases and LoRA adapters (issue 10, part E).
    aliases: m.aliases, loraAdapters: m.loraAdapters, maxLoraRank: m.maxLoraRank,
    ...parallelismOptions(m),
    // Per-model rate limit and access (issue 11, parts 4-5).
    rateLimit: m.rateLimit,
    access: m.access,
    // Multi-node (issue 10, part C).
    nodes: m.nodes,
    ...tuningOptions(m),
  };
}

/** A catalog `env` as a list: a mapping of name to value becomes {name, value} entries, in key order. */
function envList(env: CatalogModelSpec['env']): CatalogEnvVarSpec[] | undefined {
  if (env === undefined || Array.isArray(env)) return env;
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** The vLLM tuning, environment, scheduling and rollout keys of a catalog model (issue 10 part F), as construct options. */
function tuningOptions(m: CatalogModelSpec): Pick<ModelOptions, 'maxModelLen' | 'gpuMemoryUtilization' | 'env' | 'vllmArgs' | 'nodeSelector' | 'affinity' | 'rollout'> {
  return {
    maxModelLen: m.maxModelLen,
    gpuMemoryUtilization: m.gpuMemoryUtilization,
    env: envList(m.env)?.map((e) => ({
      name: e.name,
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.secretKeyRef ? { valueFrom: { secretKeyRef: { name: e.secretKeyRef.name, key: e.secretKeyRef.key } } } : {}),
    })),
    vllmArgs: m.vllmArgs ? [...m.vllmArgs] : undefined,
    nodeSelector: m.nodeSelector ? { ...m.nodeSelector } : undefined,
    affinity: m.affinity as ModelOptions['affinity'],
    rollout: m.rollout,
  };
}

/** The parallelism keys of a catalog model (issue 10 part A), as construct options. */
function parallelismOptions(m: CatalogModelSpec): Pick<ModelOptions, 'gpus' | 'tensorParallelSize' | 'pipelineParallelSize' | 'dataParallelSize' | 'accelerator' | 'gpuResource' | 'resources' | 'tolerations'> {
  return {
    gpus: m.gpus, tensorParallelSize: m.tensorParallelSize, pipelineParallelSize: m.pipelineParallelSize, dataParallelSize: m.dataParallelSize,
    accelerator: m.accelerator, gpuResource: m.gpuResource,
    resources: m.resources, tolerations: m.tolerations?.map((t) => ({ ...t })),
  };
}

/** The construct options of a catalog model that {@link catalogProblems} found no problem with. */
export function modelOptions(m: CatalogModelSpec): ModelOptions {
  return { ...baseOptions(m), source: m.uri !== undefined ? ModelSource.fromUri(m.uri) : undefined };
}

/** The gateway options of a catalog that {@link catalogProblems} found no problem with. */
export function catalogGatewayOptions(s: CatalogSpec): GatewayOptions | undefined {
  return s.gateway ? gatewayOptions(s, gatewayDurations(s).values) : undefined;
}
