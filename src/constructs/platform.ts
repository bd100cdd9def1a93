/**
 * Where the manifests will be applied.
 */
export enum Platform {
  /**
   * OpenShift: adds the `nonroot-v2` SCC binding for the gateway's data plane and a Route
   * exposing the gateway; leaves pod UIDs to the restricted-v2 SCC.
   */
  OPENSHIFT = 'openshift',

  /** Plain Kubernetes: no Route or SCC binding; pods get fixed non-root UIDs. */
  KUBERNETES = 'kubernetes',
}
