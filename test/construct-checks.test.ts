/**
 * Every validation of the constructs, one case each: the construct refuses the value with one
 * sentence naming the option, the value and the fix, and the pure check function behind it
 * returns the same problem as data ({ path, value, message, fix }). The catalog runs the same
 * functions, so the last part checks that it reports the same sentences under its own paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { catalogProblems } from '../src/catalog/catalog-checks';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { BodyRoutingPolicy } from '../src/constructs/body-routing-policy';
import { EndpointPicker } from '../src/constructs/endpoint-picker';
import { checkCompositionOptions, checkGatewayOptions, checkNamespace, gatewaySettings } from '../src/constructs/checks/gateway-checks';
import { checkModelName, checkModelOptions, checkModelPlacement, checkPoolName } from '../src/constructs/checks/model-checks';
import { checkModelCount, checkModelInSet } from '../src/constructs/checks/model-set-checks';
import { Problem, problemSentence } from '../src/constructs/checks/problem';
import { checkRouteAddition, checkRoutingMap, checkRoutingPolicy } from '../src/constructs/checks/routing-checks';
import { checkServerSettings } from '../src/constructs/checks/server-checks';
import { checkHuggingFaceId, checkModelUri } from '../src/constructs/checks/source-checks';
import { checkPickerResources } from '../src/constructs/checks/picker-checks';
import { checkClassName } from '../src/constructs/checks/profile-checks';
import { StackProfile } from '../src/profiles/profiles';
import { InferenceGateway } from '../src/constructs/inference-gateway';
import { ModelGateway } from '../src/constructs/model-gateway';
import { ModelServer, ModelServerProps } from '../src/constructs/model-server';
import { ModelSource } from '../src/constructs/model-source';
import { Platform } from '../src/constructs/platform';
import { ServedModel } from '../src/constructs/served-model';
import { errorOf, ROOT } from './helpers';

/** A ModelGateway in a fresh chart. */
function gatewayOf(props: object = {}): ModelGateway {
  return new ModelGateway(Testing.chart(), 'mg', props);
}

/** A ModelServer for model 'a/b' with `props` overriding the minimal ones. */
function server(props: Partial<ModelServerProps>): ModelServer {
  return new ModelServer(Testing.chart(), 's', { name: 'vllm-b', namespace: 'llm-d', servedModelName: 'a/b', selectorLabels: { app: 'vllm-b' }, ...props });
}

/** The message of synthesizing `scope`'s chart (construct validations run then). */
function synthError(scope: Construct): string {
  return errorOf(() => Testing.synth(Chart.of(scope)));
}

interface Case {
  /** What the construct is given. */
  readonly act: () => unknown;
  /** The exact sentence it refuses it with. */
  readonly sentence: string;
  /** The pure check the construct runs, and the problem it must return. */
  readonly check: () => Problem[];
  readonly path: string;
  readonly value: string;
}

const CASES: Record<string, Case> = {
  // ModelGateway: its own settings.
  'platform outside the enum': {
    act: () => gatewayOf({ platform: 'aws' as Platform }),
    sentence: "'platform' must be one of openshift, kubernetes, got 'aws'",
    check: () => checkCompositionOptions({ platform: 'aws', namespace: 'llm-d', partOf: 'x' }), path: 'platform', value: "'aws'",
  },
  'models namespace not a DNS-1123 label': {
    act: () => gatewayOf({ namespace: 'LLM_D' }),
    sentence: "'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'LLM_D'",
    check: () => checkCompositionOptions({ platform: 'openshift', namespace: 'LLM_D', partOf: 'x' }), path: 'namespace', value: "'LLM_D'",
  },
  'partOf not a label value': {
    act: () => gatewayOf({ partOf: 'x'.repeat(64) }),
    sentence: `'partOf' must be a label value (letters, digits, '-', '_', '.', alphanumeric at both ends, at most 63), got '${'x'.repeat(64)}'`,
    check: () => checkCompositionOptions({ platform: 'openshift', namespace: 'llm-d', partOf: '-x' }), path: 'partOf', value: "'-x'",
  },

  // InferenceGateway: the class of the other profile.
  'rhdev class under upstream-2026-08': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { className: 'agentgateway-v2' }),
    sentence: "gateway: 'className' 'agentgateway-v2' is the GatewayClass of profile 'rhdev-2026-03' and is never programmed by agentgateway v1.4.1, which creates 'agentgateway': use className 'agentgateway' (or leave it out), or choose profile 'rhdev-2026-03'",
    check: () => checkClassName('agentgateway-v2', StackProfile.UPSTREAM_2026_08), path: 'className', value: "'agentgateway-v2'",
  },
  'upstream class under rhdev-2026-03, through ModelGateway': {
    act: () => gatewayOf({ profile: StackProfile.RHDEV_2026_03, gateway: { className: 'agentgateway' } }),
    sentence: "gateway: 'className' 'agentgateway' is the GatewayClass of profile 'upstream-2026-08' and is never programmed by kgateway v2.2.0-beta.3, which creates 'agentgateway-v2': use className 'agentgateway-v2' (or leave it out), or choose profile 'upstream-2026-08'",
    check: () => checkClassName('agentgateway', StackProfile.RHDEV_2026_03), path: 'className', value: "'agentgateway'",
  },

  // EndpointPicker sizes.
  'picker memory limit below the request': {
    act: () => gatewayOf({ endpointPickerResources: { memory: '8Gi', memoryLimit: '4Gi' }, models: [{ name: 'a/b' }] }),
    sentence: "endpoint picker: 'resources.memoryLimit' '4Gi' is below 'memory' '8Gi': the kubelet would refuse the pod; raise it to at least 8Gi",
    check: () => checkPickerResources({ memory: '8Gi', memoryLimit: '4Gi' }), path: 'memoryLimit', value: "'4Gi'",
  },
  'picker CPU not a CPU quantity': {
    act: () => new EndpointPicker(Testing.chart(), 'e', { poolName: 'p', namespace: 'ns', resources: { cpu: '8 cores' } }),
    sentence: "endpoint picker: 'resources.cpu' must be a CPU quantity above 0 and at most 1024 cores, such as 8, 0.5 or 500m, got '8 cores'",
    check: () => checkPickerResources({ cpu: '2000' }), path: 'cpu', value: "'2000'",
  },
  'picker memory not a size in bytes': {
    act: () => new EndpointPicker(Testing.chart(), 'e', { poolName: 'p', namespace: 'ns', resources: { memory: '512m' } }),
    sentence: "endpoint picker: 'resources.memory' must be a size in bytes from 64Mi to 1Ti such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got '512m'",
    check: () => checkPickerResources({ memory: '512m' }), path: 'memory', value: "'512m'",
  },

  // InferenceGateway.
  'gateway name not a DNS-1035 label': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { name: 'Gateway_1' }),
    sentence: "gateway: 'name' must be a DNS-1035 label of at most 59 characters (room for '-bbr'/'-scc'), got 'Gateway_1'",
    check: () => checkGatewayOptions(gatewaySettings({ name: 'Gateway_1' })), path: 'name', value: "'Gateway_1'",
  },
  'gateway namespace not a DNS-1123 label': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { namespace: 'gw-' }),
    sentence: "gateway: 'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'gw-'",
    check: () => checkGatewayOptions(gatewaySettings({ namespace: 'gw-' })), path: 'namespace', value: "'gw-'",
  },
  'port out of range': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { port: 70000 }),
    sentence: "gateway: 'port' must be a whole number from 1 to 65535, got 70000",
    check: () => checkGatewayOptions(gatewaySettings({ port: 8080.5 })), path: 'port', value: '8080.5',
  },
  'port reserved by agentgateway': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { port: 15021 }),
    sentence: "gateway: 'port' 15021 is reserved by agentgateway (15000, 15020, 15021): choose another, e.g. 8080",
    check: () => checkGatewayOptions(gatewaySettings({ port: 15000 })), path: 'port', value: '15000',
  },
  'request timeout of zero': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { requestTimeout: Duration.seconds(0) }),
    sentence: "gateway: 'requestTimeout' must be greater than 0s, got 0s",
    check: () => checkGatewayOptions(gatewaySettings({ requestTimeout: Duration.millis(0) })), path: 'requestTimeout', value: '0s',
  },
  'request timeout over 24h': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { requestTimeout: Duration.hours(25) }),
    sentence: "gateway: 'requestTimeout' must be at most 86400s (24h), got 90000s: no chat completion should hold a connection longer; lower it",
    check: () => checkGatewayOptions(gatewaySettings({ requestTimeout: Duration.hours(25) })), path: 'requestTimeout', value: '90000s',
  },
  'router timeout over 24h': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { routeTimeout: Duration.days(2) }),
    sentence: "gateway: 'routeTimeout' must be at most 86400s (24h), got 172800s: no chat completion should hold a connection longer; lower it",
    check: () => checkGatewayOptions(gatewaySettings({ routeTimeout: Duration.days(2) })), path: 'routeTimeout', value: '172800s',
  },
  'timeout in fractions of a millisecond': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { requestTimeout: Duration.millis(1500.5), routeTimeout: Duration.seconds(2) }),
    sentence: "gateway: 'requestTimeout' must be whole milliseconds, got 1500.5ms: round it, e.g. to 1501ms",
    check: () => checkGatewayOptions(gatewaySettings({ routeTimeout: Duration.seconds(0.0005) })), path: 'routeTimeout', value: '0.5ms',
  },
  'router timeout below the request timeout': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { requestTimeout: Duration.minutes(10), routeTimeout: Duration.minutes(5) }),
    sentence: "gateway: 'routeTimeout' 300s is below 'requestTimeout' 600s: the OpenShift router would cut responses the HTTPRoute still allows; raise it to at least 600s",
    check: () => checkGatewayOptions(gatewaySettings({ requestTimeout: Duration.seconds(2), routeTimeout: Duration.seconds(1) })), path: 'routeTimeout', value: '1s',
  },
  'route host not a DNS name': {
    act: () => new InferenceGateway(Testing.chart(), 'g', { routeHost: 'Maas_Host' }),
    sentence: "gateway: 'routeHost' must be a DNS name (lowercase, dot-separated labels, at most 253), got 'Maas_Host': leave it out to let the router assign one",
    check: () => checkGatewayOptions(gatewaySettings({ routeHost: 'a..b' })), path: 'routeHost', value: "'a..b'",
  },

  // ModelGateway.addModel: the model against the models before it.
  'model listed twice': {
    act: () => gatewayOf({ models: [{ name: 'a/b' }, { name: 'a/b', pool: 'other' }] }),
    sentence: "model 'a/b' is listed twice: each public model name must be unique",
    check: () => checkModelInSet({ name: 'a/b' }, { names: new Set(['a/b']), pools: new Map() }), path: '', value: "'a/b'",
  },
  'two models deriving one pool name': {
    act: () => gatewayOf({ models: [{ name: 'org-a/Llama-3' }, { name: 'org-b/llama-3' }] }),
    sentence: "model 'org-b/llama-3': 'pool' 'vllm-llama-3' (derived from the name) is also the pool of model 'org-a/Llama-3': set 'pool' on one of them",
    check: () => checkModelInSet({ name: 'b/x' }, { names: new Set(['a/x']), pools: new Map([['vllm-x', { model: 'a/x', explicit: false }]]) }), path: 'pool', value: "'vllm-x'",
  },
  'pool name already taken': {
    act: () => gatewayOf({ models: [{ name: 'a/x', pool: 'vllm-y' }, { name: 'b/y' }] }),
    sentence: "model 'b/y': 'pool' 'vllm-y' is already used by model 'a/x': set a different 'pool'",
    check: () => checkModelInSet({ name: 'b/z', pool: 'vllm-y' }, { names: new Set(['a/x']), pools: new Map([['vllm-y', { model: 'a/x', explicit: false }]]) }), path: 'pool', value: "'vllm-y'",
  },
  // The construct side of this one (a full gateway, then one more) is in hostile-catalog.test.ts.
  'one model more than a gateway serves': {
    act: () => { throw new Error(problemSentence(checkModelInSet({ name: 'org/one-more' }, { names: new Set(Array.from({ length: 30_000 }, (_, i) => `m${i}`)), pools: new Map() })[0], "model 'org/one-more'")); },
    sentence: "model 'org/one-more' is one too many: a gateway serves at most 30000 models (a bound on synthesis and verification time): split the catalog across gateways",
    check: () => checkModelInSet({ name: 'x' }, { names: new Set(Array.from({ length: 30_000 }, (_, i) => `m${i}`)), pools: new Map() }), path: '', value: '30001',
  },

  // ServedModel: the model on its own.
  'empty model name': {
    act: () => gatewayOf({ models: [{ name: '' }] }),
    sentence: "a model: 'name' must be a non-empty string, got '': give the name clients send as model, e.g. Qwen/Qwen3-0.6B",
    check: () => checkModelName(undefined), path: 'name', value: 'undefined',
  },
  'model name over 256 characters': {
    act: () => gatewayOf({ models: [{ name: `a/${'x'.repeat(300)}` }] }),
    sentence: `model 'a/${'x'.repeat(38)}…': 'name' must be at most 256 characters, got 302: shorten the name`,
    check: () => checkModelName('y'.repeat(257)), path: 'name', value: '257 characters',
  },
  'model name with a control character': {
    act: () => gatewayOf({ models: [{ name: 'bad\nname' }] }),
    sentence: 'model "bad\\nname": \'name\' must be printable ASCII without leading or trailing spaces (it is sent as an HTTP header value), got "bad\\nname": remove control characters, non-ASCII characters and surrounding spaces',
    check: () => checkModelName(' a/b'), path: 'name', value: '" a/b"',
  },
  'model name the kubelet would expand': {
    act: () => gatewayOf({ models: [{ name: 'org/x-$(HOME)' }] }),
    sentence: "model 'org/x-$(HOME)': 'name' must not contain '$(': the kubelet expands $(NAME) in container args with the container's environment variables (it is vLLM's --served-model-name), got 'org/x-$(HOME)': rename the model",
    check: () => checkModelName('-served'), path: 'name', value: "'-served'",
  },
  'model name that is no Hugging Face id, without a source': {
    act: () => gatewayOf({ models: [{ name: 'my model' }] }),
    sentence: "model 'my model': 'name' is not a Hugging Face repository id <organization>/<name>, and no 'source' says where the weights are, got 'my model': set 'source' (in a catalog: 'uri'), e.g. hf://Qwen/Qwen3-0.6B",
    check: () => checkModelOptions({ name: 'a/b/c' }, 'llm-d'), path: 'name', value: "'a/b/c'",
  },
  'pool not a DNS-1035 label': {
    act: () => gatewayOf({ models: [{ name: 'a/b', pool: 'Bad.Pool' }] }),
    sentence: "model 'a/b': 'pool' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most 59 characters so 'Bad.Pool-epp' fits in 63, got 'Bad.Pool' (8 characters)",
    check: () => checkModelPlacement({ pool: `p${'x'.repeat(59)}`, namespace: 'llm-d' }), path: 'pool', value: `'p${'x'.repeat(59)}'`,
  },
  'model namespace not a DNS-1123 label (ServedModel used directly)': {
    act: () => new ServedModel(Testing.chart(), 'm', { name: 'a/b', namespace: 'NS', gateway: new InferenceGateway(Testing.chart(), 'g') }),
    sentence: "model 'a/b': 'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'NS'",
    check: () => checkModelOptions({ name: 'a/b' }, 'ns.1'), path: 'namespace', value: "'ns.1'",
  },
  'token Secret name not a DNS subdomain': {
    act: () => gatewayOf({ models: [{ name: 'a/b', hfTokenSecret: 'HF_TOKEN' }] }),
    sentence: "model 'a/b': 'hfTokenSecret' must be a Secret name (lowercase DNS subdomain, at most 253 characters), got 'HF_TOKEN'",
    check: () => checkModelPlacement({ pool: 'p', namespace: 'llm-d', hfTokenSecret: 'a'.repeat(254) }), path: 'hfTokenSecret', value: `'${'a'.repeat(254)}'`,
  },

  // ModelServer.
  'replicas out of range': {
    act: () => gatewayOf({ models: [{ name: 'a/b', replicas: 1001 }] }),
    sentence: "model 'a/b': 'replicas' must be a whole number from 0 to 1000, got 1001",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, replicas: 0.5 }), path: 'replicas', value: '0.5',
  },
  'no GPU': {
    act: () => gatewayOf({ models: [{ name: 'a/b', gpus: 0 }] }),
    sentence: "model 'a/b': 'gpus' must be a whole number >= 1, got 0: vLLM needs at least one GPU per pod",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, gpus: 1.5 }), path: 'gpus', value: '1.5',
  },
  'cache size below 1Gi': {
    act: () => gatewayOf({ models: [{ name: 'a/b', storage: '512Mi' }] }),
    sentence: "model 'a/b': 'storage' must be a size in bytes from 1Gi to 64Ti such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got '512Mi'",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, storage: '1m' }), path: 'storage', value: "'1m'",
  },
  'shared memory below 64Mi': {
    act: () => server({ sharedMemory: '1Mi' }),
    sentence: "model 'a/b': 'sharedMemory' must be a size in bytes from 64Mi to 64Ti such as 10Gi (suffix Ki, Mi, Gi, Ti or k, M, G, T; no 'm', which means thousandths), got '1Mi'",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, sharedMemory: '65Ti' }), path: 'sharedMemory', value: "'65Ti'",
  },
  'served model name the kubelet would expand': {
    act: () => server({ servedModelName: 'a$(B)' }),
    sentence: "model 'a$(B)': 'servedModelName' must not contain '$(': the kubelet expands $(NAME) in container args with the container's environment variables, got 'a$(B)'",
    check: () => checkServerSettings({ servedModelName: '-a', selectorLabels: { app: 'x' } }), path: 'servedModelName', value: "'-a'",
  },
  'Hugging Face id read as an option': {
    act: () => server({ huggingFaceId: '-x' }),
    sentence: "model 'a/b': 'huggingFaceId' must not start with '-': vLLM would read it as an option, got '-x'",
    check: () => checkServerSettings({ servedModelName: 'a/b', huggingFaceId: 'q$(X)', selectorLabels: { app: 'x' } }), path: 'huggingFaceId', value: "'q$(X)'",
  },
  'empty pod selector': {
    act: () => server({ selectorLabels: {} }),
    sentence: "model 'a/b': 'selectorLabels' must not be empty: an empty selector matches every pod: give at least one label, e.g. app: <name>",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: {} }), path: 'selectorLabels', value: '{}',
  },
  'startup budget under 10s': {
    act: () => gatewayOf({ models: [{ name: 'a/b', startupTimeout: Duration.millis(9500) }] }),
    sentence: "model 'a/b': 'startupTimeout' must be at least 10s, got 9.5s: give vLLM time to download and load the model",
    check: () => checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, startupTimeout: Duration.seconds(5) }), path: 'startupTimeout', value: '5s',
  },

  // BodyRoutingPolicy.
  'routing policy without entries': {
    act: () => { const chart = Testing.chart(); new BodyRoutingPolicy(chart, 'p', { name: 'p', namespace: 'gw', gatewayName: 'g' }); Testing.synth(chart); },
    sentence: 'the body-routing policy has no entries: add a model',
    check: () => checkRoutingMap(0, 0), path: '', value: '0',
  },
  'routing map longer than agentgateway accepts': {
    act: () => {
      const chart = Testing.chart();
      const policy = new BodyRoutingPolicy(chart, 'p', { name: 'p', namespace: 'gw', gatewayName: 'g' });
      for (let i = 0; i < 80; i++) policy.addRoute(`alias-${i}-${'x'.repeat(200)}`, 'org/base');
      Testing.synth(chart);
    },
    sentence: 'the body-routing map for 80 names (80 of them aliases or LoRA adapters, names other than their base model, so the policy cannot route on the model field unchanged) is 18178 characters, above the 16384 agentgateway accepts in one expression: set the gateway\'s routing to name (catalog gateway.routing: name, RoutingMode.NAME), which routes on the requested name at any count, or remove aliases and adapters',
    check: () => checkRoutingMap(3, 16385, 3), path: '', value: '16385 characters',
  },
  'public name routed twice': {
    act: () => {
      const policy = new BodyRoutingPolicy(Testing.chart(), 'p', { name: 'p', namespace: 'gw', gatewayName: 'g' });
      policy.addRoute('fast', 'org/a');
      policy.addRoute('fast', 'org/b');
    },
    sentence: "model name 'fast' is already routed (to 'org/a'): each name clients send must be unique",
    check: () => checkRouteAddition('fast', 'org/a'), path: '', value: "'fast'",
  },

  'routing policy name not an object name': {
    act: () => new BodyRoutingPolicy(Testing.chart(), 'p', { name: 'Policy', namespace: 'gw', gatewayName: 'g' }),
    sentence: "routing policy: 'name' must be an object name (lowercase DNS subdomain, at most 253 characters), got 'Policy'",
    check: () => checkRoutingPolicy({ name: 'p', namespace: 'gw', gatewayName: 'G', headerName: 'x' }), path: 'gatewayName', value: "'G'",
  },
  'routing policy namespace not a DNS-1123 label': {
    act: () => new BodyRoutingPolicy(Testing.chart(), 'p', { name: 'p', namespace: 'gw.x', gatewayName: 'g' }),
    sentence: "routing policy: 'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'gw.x'",
    check: () => checkRoutingPolicy({ name: 'p', namespace: '', gatewayName: 'g', headerName: 'x' }), path: 'namespace', value: "''",
  },
  'routing header not an HTTP header name': {
    act: () => new BodyRoutingPolicy(Testing.chart(), 'p', { name: 'p', namespace: 'gw', gatewayName: 'g', headerName: 'X Model' }),
    sentence: "routing policy: 'headerName' must be an HTTP header name (1 to 256 letters, digits or !#$%&'*+-.^_`|~), got 'X Model': e.g. X-Gateway-Base-Model-Name",
    check: () => checkRoutingPolicy({ name: 'p', namespace: 'gw', gatewayName: 'g', headerName: 'x:y' }), path: 'headerName', value: "'x:y'",
  },

  // EndpointPicker used directly.
  'picker pool name with no room for -epp': {
    act: () => new EndpointPicker(Testing.chart(), 'e', { poolName: `p${'x'.repeat(59)}`, namespace: 'llm-d' }),
    sentence: `endpoint picker: 'poolName' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most 59 characters so 'p${'x'.repeat(59)}-epp' fits in 63, got 'p${'x'.repeat(59)}' (60 characters)`,
    check: () => checkPoolName('9pool', 'poolName'), path: 'poolName', value: "'9pool'",
  },
  'picker namespace not a DNS-1123 label': {
    act: () => new EndpointPicker(Testing.chart(), 'e', { poolName: 'pool', namespace: 'Models' }),
    sentence: "endpoint picker: 'namespace' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'Models'",
    check: () => checkNamespace('namespace', 'a_b'), path: 'namespace', value: "'a_b'",
  },

  // ModelSource.
  'not a Hugging Face repository id': {
    act: () => ModelSource.huggingFace('not a repo'),
    sentence: "'repository' must be a Hugging Face repository id <organization>/<name>, got 'not a repo': e.g. Qwen/Qwen3-0.6B",
    check: () => checkHuggingFaceId('a/b/c'), path: 'repository', value: "'a/b/c'",
  },
  'not a model URI': {
    act: () => ModelSource.fromUri('Qwen/Qwen3-0.6B'),
    sentence: "'uri' must be a model URI, got 'Qwen/Qwen3-0.6B': use hf://<organization>/<name>, pvc://<claim>/<path>, pvc+hf://<claim>[/<organization>/<name>] or oci://<registry>/<repository>:<tag>[@sha256:<digest>]",
    check: () => checkModelUri(''), path: 'uri', value: "''",
  },
  'unsupported URI scheme': {
    act: () => ModelSource.fromUri('s3://bucket/qwen'),
    sentence: "'uri' must use one of the schemes hf://, pvc://, pvc+hf://, oci:// (s3:// is not supported here), got 's3://bucket/qwen': use hf://<organization>/<name>, pvc://<claim>/<path>, pvc+hf://<claim>[/<organization>/<name>] or oci://<registry>/<repository>:<tag>[@sha256:<digest>]",
    check: () => checkModelUri('oci://registry/model'), path: 'uri', value: "'oci://registry/model'",
  },
  'hf:// URI without a repository id': {
    act: () => ModelSource.fromUri('hf://a b'),
    sentence: "'uri' must name a Hugging Face repository id after hf://, got 'hf://a b': use hf://<organization>/<name>, e.g. hf://Qwen/Qwen3-0.6B",
    check: () => checkModelUri('hf://'), path: 'uri', value: "'hf://'",
  },
};

describe('every construct validation: one sentence with the option, the value and the fix', () => {
  it.each(Object.entries(CASES))('%s', (_, c) => {
    const message = errorOf(c.act);
    // Validations that run at synthesis come in cdk8s' list of validation errors.
    if (message.startsWith('Validation failed')) expect(message).toContain(c.sentence);
    else expect(message).toBe(c.sentence);
    expect(c.check(), 'the pure check returns the problem as data').toContainEqual(expect.objectContaining({ path: c.path, value: c.value }));
  });

  it('a construct reports every problem of its options at once, one sentence a line', () => {
    expect(errorOf(() => new InferenceGateway(Testing.chart(), 'g', { name: 'G', port: 15000, routeHost: 'x_y' })).split('\n')).toEqual([
      "gateway: 'name' must be a DNS-1035 label of at most 59 characters (room for '-bbr'/'-scc'), got 'G'",
      "gateway: 'port' 15000 is reserved by agentgateway (15000, 15020, 15021): choose another, e.g. 8080",
      "gateway: 'routeHost' must be a DNS name (lowercase, dot-separated labels, at most 253), got 'x_y': leave it out to let the router assign one",
    ]);
    expect(errorOf(() => gatewayOf({ models: [{ name: 'a/b', replicas: -1, gpus: 0, storage: '1Mi' }] })).split('\n').map((l) => l.split(' must')[0]))
      .toEqual(["model 'a/b': 'replicas'", "model 'a/b': 'gpus'", "model 'a/b': 'storage'"]);
  });

  it('a refused model leaves nothing behind: the gateway keeps serving the others', () => {
    const mg = gatewayOf({ models: [{ name: 'a/b' }] });
    expect(() => mg.addModel({ name: 'a/c', replicas: -1 })).toThrow("'replicas'");
    expect(mg.node.tryFindChild('vllm-c')).toBeUndefined();
    expect(mg.addModel({ name: 'a/c' }).poolName).toBe('vllm-c');
    expect(mg.gateway.routingPolicy.entries.map((e) => e.publicName)).toEqual(['a/b', 'a/c']);
  });

  it('a chart without models is refused at synthesis', () => {
    expect(synthError(gatewayOf())).toContain('no models: add at least one with addModel()');
    expect(checkModelCount(0)).toEqual([{ path: '', value: '0', message: 'no models', fix: 'add at least one with addModel()' }]);
    expect(checkModelCount(1)).toEqual([]);
  });

  it('a JSON patch that does not apply names the object and the fix', () => {
    const mg = gatewayOf({ models: [{ name: 'a/b' }] });
    ApiObject.of(mg.models[0].server.workload).addJsonPatch(JsonPatch.replace('/spec/nothing/here', 1));
    expect(synthError(mg)).toMatch(/a JSON patch on Deployment 'vllm-b' does not apply: .* \(check the patch path against the synthesized object\)/);
  });

  it('values just inside every limit pass the same checks', () => {
    expect(checkGatewayOptions(gatewaySettings({ name: 'g'.repeat(59), port: 65535, requestTimeout: Duration.hours(24), routeHost: 'a.b' }))).toEqual([]);
    expect(checkCompositionOptions({ platform: 'kubernetes', namespace: 'n'.repeat(63), partOf: 'p'.repeat(63) })).toEqual([]);
    expect(checkModelOptions({ name: `o/${'m'.repeat(254)}`, pool: `p${'x'.repeat(58)}`, replicas: 1000, storage: '64Ti', startupTimeout: Duration.seconds(10), hfTokenSecret: 'a.b' }, 'llm-d')).toEqual([]);
    expect(checkServerSettings({ servedModelName: 'a/b', selectorLabels: { app: 'x' }, replicas: 0, gpus: 1, storage: '1Gi', sharedMemory: '64Mi' })).toEqual([]);
    expect(checkRoutingMap(1, 16384)).toEqual([]);
    expect(checkRoutingPolicy({ name: 'inference-gateway-bbr', namespace: 'agentgateway-system', gatewayName: 'inference-gateway', headerName: BodyRoutingPolicy.HEADER })).toEqual([]);
    expect(checkRoutingPolicy({ name: 'p', namespace: 'gw', gatewayName: 'g', headerName: `x-${'a'.repeat(254)}` })).toEqual([]);
    expect(checkPoolName(`p${'x'.repeat(58)}`, 'poolName')).toEqual([]);
    expect(checkModelUri('hf://Qwen/Qwen3-0.6B')).toEqual([]);
    expect(checkClassName('agentgateway', StackProfile.UPSTREAM_2026_08)).toEqual([]);
    expect(checkClassName('agentgateway-v2', StackProfile.RHDEV_2026_03)).toEqual([]);
    expect(checkClassName('my-own-class', StackProfile.UPSTREAM_2026_08)).toEqual([]);
    expect(checkPickerResources({ cpu: '500m', memory: '64Mi', memoryLimit: '64Mi' })).toEqual([]);
    expect(checkPickerResources({ cpu: '1024', memory: '1Ti' })).toEqual([]);
  });
});

describe('the catalog reports the same problems from the same checks, under its own paths', () => {
  const refusal = (spec: object) => errorOf(() => Catalog.fromSpec(spec as CatalogSpec, 'c.yaml').addTo(Testing.app(), 'x'));

  it('a model problem is the construct\'s sentence under models[i]', () => {
    for (const [model, options] of [
      [{ name: 'a/b', storage: '0' }, { name: 'a/b', storage: '0' }],
      [{ name: 'my model' }, { name: 'my model' }],
      [{ name: '-served', uri: 'hf://org/x' }, { name: '-served', source: ModelSource.fromUri('hf://org/x') }],
    ] as const) {
      const construct = errorOf(() => gatewayOf({ models: [options] }));
      expect(refusal({ models: [{ name: 'org/first' }, model] })).toBe(`catalog 'c.yaml' is invalid (1 problem):\n  models[1]: ${construct}`);
    }
  });

  it('gateway and top-level problems read as <catalog path>: <rule>: <fix>', () => {
    // The schema refuses most of these first; the checks behind them still speak the catalog's paths.
    expect(catalogProblems({ gateway: { port: 70000, route: { host: 'A', timeout: '25h' } }, models: [{ name: 'a/b' }] })).toEqual([
      'gateway.port: must be a whole number from 1 to 65535, got 70000',
      'gateway.route.timeout: must be at most 86400s (24h), got 90000s: no chat completion should hold a connection longer; lower it',
      "gateway.route.host: must be a DNS name (lowercase, dot-separated labels, at most 253), got 'A': leave it out to let the router assign one",
    ]);
    expect(catalogProblems({ platform: 'aws' as Platform, namespace: 'A', models: [{ name: 'a/b' }] })).toEqual([
      "platform: must be one of openshift, kubernetes, got 'aws'",
      "namespace: must be a DNS-1123 label (lowercase letters, digits, '-', at most 63), got 'A'",
    ]);
    expect(catalogProblems({ gateway: { requestTimeout: '5 minutes' }, models: [{ name: 'a/b' }] }))
      .toEqual(["gateway.requestTimeout: must be a duration such as 300s, 5m or 1h30m, got '5 minutes'"]);
    expect(catalogProblems({ models: [{ name: 'a/b', uri: 's3://b/q' }] }))
      .toEqual(["models[0]: model 'a/b': 'uri' must use one of the schemes hf://, pvc://, pvc+hf://, oci:// (s3:// is not supported here), got 's3://b/q': use hf://<organization>/<name>, pvc://<claim>/<path>, pvc+hf://<claim>[/<organization>/<name>] or oci://<registry>/<repository>:<tag>[@sha256:<digest>]"]);
  });

  it('an invalid gateway name is one problem, not also a part-of label problem', () => {
    expect(catalogProblems({ gateway: { name: `g${'x'.repeat(70)}` }, models: [{ name: 'a/b' }] })).toHaveLength(1);
  });

  it('a refused model is not counted against the next ones (as addModel does)', () => {
    expect(catalogProblems({ models: [{ name: 'a/x', replicas: -1 }, { name: 'b/x' }] }))
      .toEqual(["models[0]: model 'a/x': 'replicas' must be a whole number from 0 to 1000, got -1"]);
    expect(catalogProblems({ models: [{ name: 'a/x' }, { name: 'a/x' }, { name: 'a/x' }] }))
      .toEqual(["models[1]: model 'a/x' is listed twice: each public model name must be unique", "models[2]: model 'a/x' is listed twice: each public model name must be unique"]);
  });

  it('a catalog without problems builds without any construct refusing it', () => {
    expect(catalogProblems({ gateway: { requestTimeout: '10m', route: { timeout: '15m' } }, models: [{ name: 'a/b', uri: 'hf://a/b-fp8', replicas: 0 }] })).toEqual([]);
    const chart = Catalog.fromSpec({ gateway: { requestTimeout: '10m', route: { timeout: '15m' } }, models: [{ name: 'a/b', uri: 'hf://a/b-fp8', replicas: 0 }] }).addTo(Testing.app(), 'x');
    expect(chart.modelGateway.models[0].source.huggingFaceId).toBe('a/b-fp8');
  });
});

describe('one source: validations live in src/constructs/checks/', () => {
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('no construct throws or validates on its own: each goes through a check function that returns problems', () => {
    // A failing JSON patch is not a validation of options: it reports the patch library's error at synthesis.
    const allowed = new Set(['checks/problem.ts', 'final-patches.ts']);
    const offenders = files(path.join(ROOT, 'src', 'constructs'))
      .map((f) => path.relative(path.join(ROOT, 'src', 'constructs'), f))
      .filter((f) => !allowed.has(f))
      .flatMap((f) => {
        const text = fs.readFileSync(path.join(ROOT, 'src', 'constructs', f), 'utf8');
        const throws = [...text.matchAll(/\bthrow\b/g)].map((m) => m.index!);
        // A validation's statement, from addValidation( to its closing `});`, must call a check function.
        const validations = [...text.matchAll(/addValidation\(/g)].map((m) => m.index!)
          .filter((at) => !/check\w+\(/.test(text.slice(at, text.indexOf('});', at))));
        return [...throws, ...validations].map((at) => `${f}:${text.slice(0, at).split('\n').length}`);
      });
    expect(offenders).toEqual([]);
  });

  it('the catalog does not catch construct errors to rewrite them', () => {
    const catalog = fs.readFileSync(path.join(ROOT, 'src', 'catalog', 'catalog.ts'), 'utf8');
    const addTo = catalog.slice(catalog.indexOf('public addTo('), catalog.indexOf('\n  }\n', catalog.indexOf('public addTo(')));
    expect(addTo).toContain('catalogProblems(');
    expect(addTo).not.toMatch(/\bcatch\b/);
  });
});
