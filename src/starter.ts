import { App, Chart } from 'cdk8s';
import * as agentgateway from '../imports/agentgateway.dev';
import * as gatewayApi from '../imports/gateway.networking.k8s.io';
import * as inference from '../imports/inference.networking.k8s.io';

/**
 * The body-based routing skeleton of the reference deployment, built directly from the
 * generated classes: one Gateway, the PreRouting policy, and an InferencePool plus HTTPRoute
 * per model. It stands in for the catalog-driven MultiModelGateway until that lands.
 */
export function addStarterChart(app: App): Chart {
  const chart = new Chart(app, 'model-gateway', { disableResourceNameHashes: true });
  const models = [
    { name: 'Qwen/Qwen3-0.6B', pool: 'vllm-qwen3-06b' },
    { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' },
  ];
  new gatewayApi.Gateway(chart, 'gateway', {
    metadata: { name: 'inference-gateway', namespace: 'agentgateway-system' },
    spec: {
      gatewayClassName: 'agentgateway-v2',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: gatewayApi.GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } } }],
    },
  });
  const map = models.map((m) => `${JSON.stringify(m.name)}: ${JSON.stringify(m.name)}`).join(', ');
  new agentgateway.AgentgatewayPolicy(chart, 'routing-policy', {
    metadata: { name: 'inference-gateway-model-routing', namespace: 'agentgateway-system' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway' }],
      traffic: {
        phase: agentgateway.AgentgatewayPolicySpecTrafficPhase.PRE_ROUTING,
        transformation: { request: { set: [{ name: 'X-Gateway-Base-Model-Name', value: `{${map}}[json(request.body).model]` }] } },
      },
    },
  });
  for (const m of models) {
    new inference.InferencePool(chart, `${m.pool}-pool`, {
      metadata: { name: m.pool, namespace: 'llm-d' },
      spec: {
        selector: { matchLabels: { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/pool': m.pool } },
        targetPorts: [{ number: 8000 }],
        endpointPickerRef: { name: `${m.pool}-epp`, port: { number: 9002 } },
      },
    });
    new gatewayApi.HttpRoute(chart, `${m.pool}-route`, {
      metadata: { name: m.pool, namespace: 'llm-d' },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'agentgateway-system' }],
        rules: [{
          matches: [{
            path: { type: gatewayApi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' },
            headers: [{ type: gatewayApi.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: 'X-Gateway-Base-Model-Name', value: m.name }],
          }],
          backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: m.pool }],
          timeouts: { request: '300s' },
        }],
      },
    });
  }
  return chart;
}
