// The stack profiles and OpenShift releases, as the public API names them. Their facts are in
// profiles.ts beside this file.

/**
 * A named, pinned stack: the images, GatewayClass, CRD and schema set, the objects and fields
 * emitted, and the rules `verify` applies.
 */
export enum StackProfile {
  /**
   * The reference article's stack (March 2026), reproduced exactly: kgateway's agentgateway
   * charts v2.2.0-beta.3 (class `agentgateway-v2`), the Gateway API Inference Extension v1.3.0
   * endpoint picker, Gateway API v1.4.1, vLLM v0.13.0. Frozen; its known defects are reported
   * by `verify` as warnings.
   */
  RHDEV_2026_03 = 'rhdev-2026-03',

  /**
   * Upstream as of August 2026: agentgateway v1.4.1 (class `agentgateway`), the llm-d-router
   * v0.10.0 endpoint picker, GAIE v1.6.0 InferencePool, llm-d.ai objectives and rewrites,
   * Gateway API v1.6.1, vLLM v0.26.0.
   */
  UPSTREAM_2026_08 = 'upstream-2026-08',
}

/**
 * An OpenShift minor release. The platform owns the Gateway API CRDs there (the Ingress
 * Operator installs them and an admission policy refuses anyone else's), so what a Gateway or
 * HTTPRoute may contain is decided by the release's bundle, not by the profile's.
 */
export enum OpenShiftVersion {
  /** OpenShift 4.19: Gateway API v1.2.1. */
  V4_19 = '4.19',
  /** OpenShift 4.20: Gateway API v1.2.1. */
  V4_20 = '4.20',
  /** OpenShift 4.21: Gateway API v1.3.0. */
  V4_21 = '4.21',
  /** OpenShift 4.22: Gateway API v1.4.1. */
  V4_22 = '4.22',
  /** OpenShift 5.0: Gateway API v1.4.1. */
  V5_0 = '5.0',
}
