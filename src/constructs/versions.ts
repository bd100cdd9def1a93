/**
 * Every container image the library emits, pinned in one place. No floating tags.
 *
 * Tool and library versions are pinned in .projenrc.ts; upstream CRDs in cdk8s.yaml.
 */
export class Images {
  /** Gateway API Inference Extension endpoint picker, matching the pinned GAIE v1.3.0 CRDs. */
  public static readonly ENDPOINT_PICKER = 'registry.k8s.io/gateway-api-inference-extension/epp:v1.3.0';

  /**
   * vLLM OpenAI-compatible server (CUDA). v0.13.0 exports `vllm:kv_cache_usage_perc`, the
   * metric the v1.3.0 endpoint picker scrapes by default (vLLM before 0.10 named it differently).
   */
  public static readonly VLLM = 'vllm/vllm-openai:v0.13.0';

  private constructor() {}
}
