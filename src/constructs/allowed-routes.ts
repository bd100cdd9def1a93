/**
 * Which namespaces' HTTPRoutes the gateway's listener admits.
 */
export enum AllowedRoutes {
  /**
   * Only the models' namespace (a `Selector` on `kubernetes.io/metadata.name`, the label the API
   * server puts on every namespace): no other namespace's route can attach and take traffic.
   */
  SAME_NAMESPACE_AS_MODELS = 'same-namespace-as-models',
  /** Every namespace (`from: All`), as the reference article does. */
  ALL = 'all',
}

/** The namespace label every Kubernetes namespace carries, set by the API server. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The listener's `allowedRoutes.namespaces` for a choice and the models' namespace. */
export function allowedRouteNamespaces(choice: AllowedRoutes, modelNamespace: string): { from: string; selector?: { matchLabels: Record<string, string> } } {
  if (choice === AllowedRoutes.ALL) return { from: 'All' };
  return { from: 'Selector', selector: { matchLabels: { [NAMESPACE_NAME_LABEL]: modelNamespace } } };
}
