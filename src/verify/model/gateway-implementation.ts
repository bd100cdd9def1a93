/** Which data plane implements a Gateway, as far as the manifests tell. */
export type GatewayImplementation = 'agentgateway' | 'other' | 'unknown';

/** Controller name of agentgateway's GatewayClass. */
export const AGENTGATEWAY_CONTROLLER = 'agentgateway.dev/agentgateway';
/** GatewayClass names agentgateway creates (v2.2.0-beta.3 and later). */
const AGENTGATEWAY_CLASSES = ['agentgateway', 'agentgateway-v2'];
/** Class names of other well-known implementations, taken as such without their GatewayClass. */
const OTHER_CLASSES = [/^istio/, /^gke-/, /^kgateway/, /^openshift-default$/, /^envoy/, /^eg$/, /^nginx/, /^cilium$/, /^traefik/, /^kong/, /^contour/];

/**
 * The implementation behind a Gateway: by its GatewayClass's controllerName when the class is
 * in the manifests, else by well-known class names; `unknown` otherwise. Rules about one
 * implementation (agentgateway's policies, its Service naming) apply only to its Gateways;
 * an unknown implementation gets the implementation-neutral rules only.
 */
export function gatewayImplementation(gateway: any, gatewayClass: any): GatewayImplementation {
  const controller = gatewayClass?.spec?.controllerName;
  if (typeof controller === 'string') return controller === AGENTGATEWAY_CONTROLLER ? 'agentgateway' : 'other';
  const name = gateway?.spec?.gatewayClassName;
  if (typeof name !== 'string') return 'unknown';
  if (AGENTGATEWAY_CLASSES.includes(name)) return 'agentgateway';
  return OTHER_CLASSES.some((re) => re.test(name)) ? 'other' : 'unknown';
}
