import { ANNOTATION_DOMAIN as DOMAIN } from '../util/domain';

/**
 * Who made an object: the labels and the annotation domain this project puts on everything
 * it synthesizes, so `kubectl get -l` and pruning find exactly what the tool made.
 */

/** The labels and annotation domain that mark objects as made by this tool. */
export class Ownership {
  /** The value of `app.kubernetes.io/managed-by` on every object. */
  public static readonly MANAGED_BY = 'cdk8s-model-gateway';

  /**
   * The annotation domain this project owns: the GitHub Pages domain of its GitHub
   * organisation (`cdk8s-model-gateway.github.io`), which nobody else can register.
   * `cdk8s.io` belongs to the cdk8s project and is never used here.
   */
  public static readonly ANNOTATION_DOMAIN = DOMAIN;

  /** Label key naming the tool that manages an object. */
  public static readonly MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

  /** Label key naming the application an object belongs to: the gateway, unless chosen otherwise. */
  public static readonly PART_OF_LABEL = 'app.kubernetes.io/part-of';

  private constructor() {}
}

export const MANAGED_BY = Ownership.MANAGED_BY;
export const ANNOTATION_DOMAIN = Ownership.ANNOTATION_DOMAIN;
export const MANAGED_BY_LABEL = Ownership.MANAGED_BY_LABEL;
export const PART_OF_LABEL = Ownership.PART_OF_LABEL;

/**
 * The labels every object of a model gateway carries: the caller's labels, then
 * `app.kubernetes.io/managed-by` (always this tool; a caller cannot overwrite it) and
 * `app.kubernetes.io/part-of` (`partOf`). Object metadata only: selectors and pod template
 * labels never get them, so adding them never changes an immutable Deployment selector.
 */
export function ownershipLabels(partOf: string, labels: Record<string, string> = {}): Record<string, string> {
  return { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY, [PART_OF_LABEL]: partOf };
}

/** Whether `value` is a valid Kubernetes label value (at most 63 characters, alphanumeric at both ends). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value);
}
