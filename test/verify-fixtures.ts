// The broken-manifest fixture set for verify: the default output with one deliberate fault
// each, one per pitfall users hit and per wiring rule, with the one problem it must yield.
import { find } from './helpers';

const GW = 'agentgateway-system/inference-gateway';
const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'TinyLlama/TinyLlama-1.1B-Chat-v1.0';
const policyOf = (o: any[]) => find(o, 'AgentgatewayPolicy', 'inference-gateway-bbr');
const routingValue = (o: any[]) => policyOf(o).spec.traffic.transformation.request.set[0];

/**
 * Removes the gateway's own OpenAI routes and policies (`GET /v1/models`, the 404 and 400
 * answers): for faults of the model routes' wiring, which those routes would report a second
 * time (they attach to the same listener and match the policy's status header).
 */
export function dropOpenAiSurface(o: any[]): void {
  const own = /^inference-gateway-(models|model-not-found|bad-request|model-[0-9a-f]{10})$/;
  for (let i = o.length - 1; i >= 0; i--) if (own.test(o[i].metadata?.name ?? '') && o[i].metadata?.namespace === 'llm-d') o.splice(i, 1);
}

// One fixture per pitfall and per wiring rule: each yields its specific problem and nothing else.
export const FIXTURES: { name: string; mutate: (o: any[]) => void; problem: string }[] = [
  {
    name: 'HTTPRoute parentRef without the Gateway namespace (the article\'s manual patch)',
    mutate: (o) => { delete find(o, 'HTTPRoute', 'vllm-qwen3-06b').spec.parentRefs[0].namespace; },
    problem: "HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].namespace: names Gateway 'inference-gateway' without a namespace, which means the route's own namespace 'llm-d'; the Gateway is in 'agentgateway-system', so the route never attaches (set namespace: agentgateway-system)",
  },
  {
    name: 'parentRef sectionName naming no listener',
    mutate: (o) => { find(o, 'HTTPRoute', 'vllm-qwen3-06b').spec.parentRefs[0].sectionName = 'https'; },
    problem: `HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].sectionName: Gateway ${GW} has no listener 'https' (use one of: http)`,
  },
  {
    name: 'parentRef port with no listener',
    mutate: (o) => { find(o, 'HTTPRoute', 'vllm-qwen3-06b').spec.parentRefs[0].port = 8443; },
    problem: `HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0].port: Gateway ${GW} has no listener on port 8443 (use one of: 8080)`,
  },
  {
    name: 'listener that admits routes from its own namespace only',
    mutate: (o) => {
      delete find(o, 'Gateway', 'inference-gateway').spec.listeners[0].allowedRoutes;
      // keep the single-fault rule: only one model left, so one route is refused
      o.splice(0, o.length, ...o.filter((x: any) => !(x.metadata.name.startsWith('vllm-tinyllama'))));
      routingValue(o).value = `{\n  "${QWEN}": "${QWEN}"\n}[json(request.body).model]`;
      dropOpenAiSurface(o);
    },
    problem: `HTTPRoute llm-d/vllm-qwen3-06b: spec.parentRefs[0]: no listener of Gateway ${GW} admits this HTTPRoute: listener 'http' admits routes from its own namespace only (allowedRoutes.namespaces.from: Same) and the route is in 'llm-d' (let a listener admit namespace 'llm-d' (allowedRoutes.namespaces.from: Selector with a label it carries, such as kubernetes.io/metadata.name), or move the route)`,
  },
  {
    name: 'backendRef to an InferencePool in another namespace without a ReferenceGrant',
    mutate: (o) => {
      const route = find(o, 'HTTPRoute', 'vllm-qwen3-06b');
      route.metadata.namespace = 'routes';
      route.spec.rules[0].backendRefs[0].namespace = 'llm-d';
    },
    problem: "HTTPRoute routes/vllm-qwen3-06b: spec.rules[0].backendRefs[0]: InferencePool llm-d/vllm-qwen3-06b is in another namespace and no ReferenceGrant in 'llm-d' allows HTTPRoutes from 'routes' to reference it (add a ReferenceGrant in llm-d from HTTPRoute/routes to InferencePool)",
  },
  {
    name: 'backendRef to an InferencePool that does not exist',
    mutate: (o) => { find(o, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].backendRefs[0].name = 'vllm-qwen3'; },
    problem: 'HTTPRoute llm-d/vllm-qwen3-06b: spec.rules[0].backendRefs[0]: InferencePool llm-d/vllm-qwen3 is not in the manifests (create it or correct the name)',
  },
  {
    name: 'backendRef in the v1alpha2 InferencePool group',
    mutate: (o) => { find(o, 'HTTPRoute', 'vllm-qwen3-06b').spec.rules[0].backendRefs[0].group = 'inference.networking.x-k8s.io'; },
    problem: "HTTPRoute llm-d/vllm-qwen3-06b: spec.rules[0].backendRefs[0].group: 'inference.networking.x-k8s.io' is the InferencePool v1alpha2 API; the pinned GAIE v1.3 CRDs and agentgateway resolve 'inference.networking.k8s.io' (set group: inference.networking.k8s.io)",
  },
  {
    name: 'pool selector that matches no pod',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-qwen3-06b').spec.selector.matchLabels = { app: 'vllm-qwen3-0.6b' }; },
    problem: 'InferencePool llm-d/vllm-qwen3-06b: spec.selector.matchLabels: selects no pod: no workload in \'llm-d\' has pod labels {"app":"vllm-qwen3-0.6b"} (make the selector equal to labels the model server\'s pod template carries)',
  },
  {
    name: 'two pools selecting the same pods',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-tinyllama-11b').spec.selector.matchLabels = { 'llm-d.ai/inference-serving': 'true' }; },
    problem: "InferencePool llm-d/vllm-tinyllama-11b: spec.selector.matchLabels: selects the pods of Deployment llm-d/vllm-qwen3-06b, which InferencePool llm-d/vllm-qwen3-06b also selects, and the two are routed different models (TinyLlama/TinyLlama-1.1B-Chat-v1.0 here, Qwen/Qwen3-0.6B there): requests for one model reach the other's pods (add a label only this model's pods carry and select on it)",
  },
  {
    name: 'targetPorts entry no container declares',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-qwen3-06b').spec.targetPorts = [{ number: 8200 }]; },
    problem: 'InferencePool llm-d/vllm-qwen3-06b: spec.targetPorts[0].number: no container of Deployment llm-d/vllm-qwen3-06b declares port 8200 (declared: 8000); the endpoint picker drops such pods (set the target port to the port the model server listens on, and declare it as a containerPort)',
  },
  {
    name: 'endpointPickerRef naming a Service that does not exist',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-qwen3-06b').spec.endpointPickerRef.name = 'vllm-qwen3-06b-endpoint-picker'; },
    problem: 'InferencePool llm-d/vllm-qwen3-06b: spec.endpointPickerRef.name: Service llm-d/vllm-qwen3-06b-endpoint-picker is not in the manifests (endpoint picker Services in \'llm-d\': vllm-qwen3-06b-epp, vllm-tinyllama-11b-epp)',
  },
  {
    name: 'endpointPickerRef port the Service does not expose',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-qwen3-06b').spec.endpointPickerRef.port.number = 9003; },
    problem: "InferencePool llm-d/vllm-qwen3-06b: spec.endpointPickerRef.port.number: Service llm-d/vllm-qwen3-06b-epp has no port 9003 (ports: 9002, 9090) (use the Service port of the picker's gRPC ext-proc server (9002 by default))",
  },
  {
    name: 'picker Service that selects no pod',
    mutate: (o) => { find(o, 'Service', 'vllm-qwen3-06b-epp').spec.selector = { inferencepool: 'vllm-qwen3-06b' }; },
    problem: 'InferencePool llm-d/vllm-qwen3-06b: spec.endpointPickerRef.name: Service llm-d/vllm-qwen3-06b-epp selects no pod (selector {"inferencepool":"vllm-qwen3-06b"}) (make the Service select the endpoint picker pods)',
  },
  {
    name: 'picker running for another pool',
    mutate: (o) => {
      const args: string[] = find(o, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0].args;
      args[args.indexOf('--pool-name') + 1] = 'vllm-tinyllama-11b';
    },
    problem: "Deployment llm-d/vllm-qwen3-06b-epp: spec.template.spec.containers[0].args: --pool-name is 'vllm-tinyllama-11b', but InferencePool llm-d/vllm-qwen3-06b uses this picker (set --pool-name vllm-qwen3-06b)",
  },
  {
    name: 'picker watching another namespace',
    mutate: (o) => {
      const args: string[] = find(o, 'Deployment', 'vllm-qwen3-06b-epp').spec.template.spec.containers[0].args;
      args[args.indexOf('--pool-namespace') + 1] = 'default';
    },
    problem: "Deployment llm-d/vllm-qwen3-06b-epp: spec.template.spec.containers[0].args: --pool-namespace is 'default', but InferencePool llm-d/vllm-qwen3-06b is in 'llm-d' (set --pool-namespace llm-d)",
  },
  {
    name: 'picker ServiceAccount without the RBAC it needs',
    mutate: (o) => {
      const role = find(o, 'Role', 'vllm-qwen3-06b-epp');
      role.rules = role.rules.filter((r: any) => !r.resources.includes('inferencepools'));
    },
    problem: 'Deployment llm-d/vllm-qwen3-06b-epp: spec.template.spec.serviceAccountName: ServiceAccount llm-d/vllm-qwen3-06b-epp lacks get, list, watch on inferencepools.inference.networking.k8s.io, which the endpoint picker reads (bind a Role granting get, list, watch on inferencepools.inference.networking.k8s.io to ServiceAccount vllm-qwen3-06b-epp)',
  },
  {
    name: 'model name missing from the CEL map',
    mutate: (o) => { routingValue(o).value = `{\n  "${QWEN}": "${QWEN}"\n}[json(request.body).model]`; },
    problem: `HTTPRoute llm-d/vllm-tinyllama-11b: spec.rules[0].matches[0].headers[0].value: no entry of the routing map in AgentgatewayPolicy ${GW}-bbr yields '${LLAMA}', so this rule never matches (add "${LLAMA}": "${LLAMA}" to the map)`,
  },
  {
    name: 'CEL map value that no HTTPRoute matches',
    mutate: (o) => { routingValue(o).value = `{\n  "${QWEN}": "${QWEN}",\n  "${LLAMA}": "${LLAMA}",\n  "mistral": "Mistral-7B"\n}[json(request.body).model]`; },
    problem: `AgentgatewayPolicy ${GW}-bbr: spec.traffic.transformation.request.set[0].value: maps model 'mistral' to 'Mistral-7B', but no HTTPRoute attached to Gateway ${GW} matches X-Gateway-Base-Model-Name: 'Mistral-7B' (add an HTTPRoute for 'Mistral-7B' or correct the map)`,
  },
  {
    name: 'CEL key routed to a pool whose pods do not serve it',
    mutate: (o) => { routingValue(o).value = `{\n  "${QWEN}": "${QWEN}",\n  "qwen": "${QWEN}",\n  "${LLAMA}": "${LLAMA}"\n}[json(request.body).model]`; },
    problem: `AgentgatewayPolicy ${GW}-bbr: spec.traffic.transformation.request.set[0].value: routes model 'qwen' to InferencePool llm-d/vllm-qwen3-06b, whose pods (Deployment llm-d/vllm-qwen3-06b) serve '${QWEN}': vLLM would answer 404 for 'qwen' (add 'qwen' to --served-model-name or route it elsewhere)`,
  },
  {
    name: 'pods serving a name the CEL map does not route',
    mutate: (o) => { find(o, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].args.splice(3, 0, 'qwen-small'); },
    problem: `AgentgatewayPolicy ${GW}-bbr: spec.traffic.transformation.request.set[0].value: InferencePool llm-d/vllm-qwen3-06b's pods (Deployment llm-d/vllm-qwen3-06b) serve 'qwen-small', but no key of the routing map sends 'qwen-small' to '${QWEN}' (add "qwen-small": "${QWEN}" to the map)`,
  },
  {
    name: 'routing policy in the pre-split kgateway API group',
    mutate: (o) => { policyOf(o).apiVersion = 'gateway.kgateway.dev/v1alpha1'; },
    problem: `AgentgatewayPolicy ${GW}-bbr: apiVersion: no stored schema for gateway.kgateway.dev/v1alpha1/AgentgatewayPolicy; AgentgatewayPolicy is known as agentgateway.dev/v1alpha1`,
  },
  {
    name: 'routing policy outside the Gateway namespace',
    mutate: (o) => { policyOf(o).metadata.namespace = 'llm-d'; },
    problem: "AgentgatewayPolicy llm-d/inference-gateway-bbr: metadata.namespace: targets Gateway 'inference-gateway', which is in namespace 'agentgateway-system': policy targetRefs are local, so the policy attaches to nothing in 'llm-d' (move the policy to namespace agentgateway-system)",
  },
  {
    name: 'routing header set after routing',
    mutate: (o) => { policyOf(o).spec.traffic.phase = 'PostRouting'; dropOpenAiSurface(o); },
    problem: `AgentgatewayPolicy ${GW}-bbr: spec.traffic.phase: sets X-Gateway-Base-Model-Name, which HTTPRoutes match, in phase PostRouting: after the route is chosen, so no route can match it (set spec.traffic.phase: PreRouting)`,
  },
  {
    name: 'routes matching a header no policy sets',
    mutate: (o) => { o.splice(o.indexOf(policyOf(o)), 1); dropOpenAiSurface(o); },
    problem: `Gateway ${GW}: HTTPRoutes llm-d/vllm-qwen3-06b, llm-d/vllm-tinyllama-11b match X-Gateway-Base-Model-Name, which no body-routing policy on this Gateway sets: only clients that send it themselves would be routed (add a PreRouting AgentgatewayPolicy (agentgateway.dev/v1alpha1) targeting the Gateway that sets X-Gateway-Base-Model-Name, or declare the platform's with --assume AgentgatewayPolicy/agentgateway-system/<name>)`,
  },
  {
    name: 'OpenShift Route without a timeout (router default 30s cuts streams)',
    mutate: (o) => { delete find(o, 'Route', 'inference-gateway').metadata.annotations; },
    problem: `Route ${GW}: metadata.annotations.haproxy.router.openshift.io/timeout: unset, so the router default 30s applies, below the 300s request timeout of HTTPRoute llm-d/vllm-qwen3-06b: the router cuts long generations and streams with 504 (set haproxy.router.openshift.io/timeout: 300s)`,
  },
  {
    name: 'OpenShift Route timeout below the request timeout',
    mutate: (o) => { find(o, 'Route', 'inference-gateway').metadata.annotations['haproxy.router.openshift.io/timeout'] = '2m'; },
    problem: `Route ${GW}: metadata.annotations.haproxy.router.openshift.io/timeout: '2m', below the 300s request timeout of HTTPRoute llm-d/vllm-qwen3-06b: the router cuts long generations and streams with 504 (set haproxy.router.openshift.io/timeout: 300s)`,
  },
  {
    name: 'OpenShift Route to a Service that is not the gateway\'s',
    mutate: (o) => { find(o, 'Route', 'inference-gateway').spec.to.name = 'agentgateway'; },
    problem: `Route ${GW}: spec.to.name: points at Service 'agentgateway', which is not in the manifests; the data-plane Service of Gateway ${GW} (class agentgateway-v2) is 'inference-gateway' (set spec.to.name: inference-gateway)`,
  },
  {
    name: 'OpenShift Route to a port the gateway does not listen on',
    mutate: (o) => { find(o, 'Route', 'inference-gateway').spec.port.targetPort = 80; },
    problem: `Route ${GW}: spec.port.targetPort: Gateway ${GW} listens on 8080, not 80 (set targetPort: 8080)`,
  },
  {
    name: 'schema violation: an out-of-range port gets the schema message only',
    mutate: (o) => { find(o, 'InferencePool', 'vllm-qwen3-06b').spec.targetPorts = [{ number: 70000 }]; },
    problem: 'InferencePool llm-d/vllm-qwen3-06b: spec.targetPorts[0].number: must be <= 65535',
  },
  {
    name: 'CEL rule violation: a picker reference without a port',
    mutate: (o) => { delete find(o, 'InferencePool', 'vllm-qwen3-06b').spec.endpointPickerRef.port; },
    problem: "InferencePool llm-d/vllm-qwen3-06b: spec.endpointPickerRef: port is required when kind is 'Service' or unspecified (defaults to 'Service')",
  },
];

