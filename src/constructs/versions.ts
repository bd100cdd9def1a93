import { PROFILES, StackProfile } from '../profiles/profiles';

/**
 * Every container image the library emits, pinned per stack profile in src/profiles (the one
 * table of versions). No floating tags.
 *
 * Tool and library versions are pinned in .projenrc.ts; upstream CRDs in cdk8s.yaml.
 */
export class Images {
  /**
   * The `rhdev-2026-03` endpoint picker: the Gateway API Inference Extension v1.3.0 `epp`
   * image, matching that profile's GAIE v1.3.0 CRDs. Use {@link Images.endpointPicker} for
   * another profile's.
   */
  public static readonly ENDPOINT_PICKER: string = PROFILES[StackProfile.RHDEV_2026_03].endpointPicker.image;

  /**
   * The `rhdev-2026-03` vLLM OpenAI-compatible server (CUDA), v0.13.0: it exports
   * `vllm:kv_cache_usage_perc`, the metric the v1.3.0 endpoint picker scrapes by default. Use
   * {@link Images.vllm} for another profile's.
   */
  public static readonly VLLM: string = PROFILES[StackProfile.RHDEV_2026_03].modelServer.image;

  /** The endpoint picker image of `profile`. */
  public static endpointPicker(profile: StackProfile): string {
    return PROFILES[profile].endpointPicker.image;
  }

  /** The vLLM image of `profile`. */
  public static vllm(profile: StackProfile): string {
    return PROFILES[profile].modelServer.image;
  }

  private constructor() {}
}
