import { checkHuggingFaceId, OCI_URI_FORM, ParsedSource, parseSourceUri, PVC_HF_URI_FORM, PVC_URI_FORM } from './checks/source-checks';
import { throwIfAny } from './checks/problem';

/** Where read-only claims are mounted: `<root>/<claim>`. */
export const CLAIM_MOUNT_ROOT = '/model-weights';
/** Where a model image is mounted. */
export const IMAGE_MOUNT_PATH = '/model-image';
/** The directory of a model image holding the weights (the KServe modelcar layout). */
export const IMAGE_MODEL_DIRECTORY = 'models';

/**
 * How a model's weights reach vLLM.
 */
export enum ModelSourceKind {
  /** Downloaded from the Hugging Face Hub into the pod's cache (`hf://`). */
  HUGGING_FACE = 'hf',
  /** Read from a directory of an existing PersistentVolumeClaim, mounted read-only (`pvc://`). */
  PERSISTENT_VOLUME_CLAIM = 'pvc',
  /** Downloaded from the Hub into a cache kept on an existing PersistentVolumeClaim (`pvc+hf://`). */
  HUGGING_FACE_ON_CLAIM = 'pvc+hf',
  /** Packaged as an OCI image, mounted read-only as a Kubernetes image volume (`oci://`). */
  OCI_IMAGE = 'oci',
}

/**
 * Where a model server loads its weights from.
 *
 * - `hf://<organization>/<name>`: vLLM downloads the repository into its cache (`HF_HOME`).
 * - `pvc://<claim>/<path>`: the claim is mounted read-only at `/model-weights/<claim>` and vLLM
 *   is given `/model-weights/<claim>/<path>`; nothing is downloaded (`HF_HUB_OFFLINE=1`).
 * - `pvc+hf://<claim>[/<organization>/<name>]`: vLLM downloads the repository (the model name
 *   when none is given) into `HF_HOME` on the claim, which keeps it across restarts.
 * - `oci://<registry>/<repository>:<tag>[@sha256:<digest>]`: the image is mounted read-only
 *   at `/model-image` as an image volume and vLLM is given `/model-image/models`. Image volumes
 *   need Kubernetes 1.35 or later (on by default; 1.33 and 1.34 need the `ImageVolume` feature
 *   gate) and a container runtime that supports them; on OpenShift, release 4.22 or later.
 */
export class ModelSource {
  /** Hugging Face Hub repository, e.g. `Qwen/Qwen3-0.6B`. */
  public static huggingFace(repository: string): ModelSource {
    throwIfAny(checkHuggingFaceId(repository));
    return new ModelSource(`hf://${repository}`, { scheme: 'hf', huggingFaceId: repository });
  }

  /**
   * A model directory on an existing PersistentVolumeClaim, mounted read-only.
   * @param claim the claim's name
   * @param path the model's directory inside the claim, e.g. `models/Qwen3-0.6B`
   */
  public static persistentVolumeClaim(claim: string, path: string): ModelSource {
    return ModelSource.parse(`pvc://${claim}/${path}`, PVC_URI_FORM);
  }

  /**
   * A Hugging Face model downloaded into a cache kept on an existing PersistentVolumeClaim.
   * @param claim the claim's name
   * @param repository the Hugging Face repository id; the model's name when absent
   */
  public static huggingFaceOnClaim(claim: string, repository?: string): ModelSource {
    return ModelSource.parse(`pvc+hf://${claim}${repository !== undefined ? `/${repository}` : ''}`, PVC_HF_URI_FORM);
  }

  /**
   * A model packaged as an OCI image, pinned by a tag other than `latest` or a digest,
   * e.g. `quay.io/org/qwen3-0.6b:1.0`.
   */
  public static ociImage(reference: string): ModelSource {
    return ModelSource.parse(`oci://${reference}`, OCI_URI_FORM);
  }

  /**
   * Parses a model URI: `hf://<organization>/<name>`, `pvc://<claim>/<path>`,
   * `pvc+hf://<claim>[/<organization>/<name>]` or `oci://<registry>/<repository>:<tag>`.
   */
  public static fromUri(uri: string): ModelSource {
    return ModelSource.parse(uri);
  }

  private static parse(uri: string, form?: string): ModelSource {
    const parsed = parseSourceUri(uri, form ? 'source' : 'uri');
    throwIfAny(parsed.problems);
    // Without problems there is a source.
    return new ModelSource(uri, parsed.source!);
  }

  /** The URI, e.g. `hf://Qwen/Qwen3-0.6B`. */
  public readonly uri: string;

  /** How the weights reach vLLM. */
  public readonly kind: ModelSourceKind;

  /**
   * The Hugging Face repository id vLLM downloads.
   * @default - none for pvc:// and oci:// sources; the model name for pvc+hf:// without one
   */
  public readonly huggingFaceId?: string;

  /**
   * The PersistentVolumeClaim read (pvc://) or holding the cache (pvc+hf://).
   * @default - none for hf:// and oci:// sources
   */
  public readonly claimName?: string;

  /**
   * The model's directory inside the claim (pvc://).
   * @default - none for other sources
   */
  public readonly claimPath?: string;

  /**
   * The model image (oci://).
   * @default - none for other sources
   */
  public readonly imageReference?: string;

  private constructor(uri: string, source: ParsedSource) {
    this.uri = uri;
    this.kind = source.scheme as ModelSourceKind;
    if (source.scheme === 'hf') this.huggingFaceId = source.huggingFaceId;
    if (source.scheme === 'pvc+hf') {
      this.claimName = source.claim;
      this.huggingFaceId = source.huggingFaceId;
    }
    if (source.scheme === 'pvc') {
      this.claimName = source.claim;
      this.claimPath = source.path;
    }
    if (source.scheme === 'oci') this.imageReference = source.reference;
  }

  /**
   * What vLLM is given as the model: the Hugging Face id (`fallbackId` when the source names
   * none), or the local path of the mounted claim directory or model image.
   */
  public modelArgument(fallbackId: string): string {
    if (this.kind === ModelSourceKind.PERSISTENT_VOLUME_CLAIM) return `${CLAIM_MOUNT_ROOT}/${this.claimName}/${this.claimPath}`;
    if (this.kind === ModelSourceKind.OCI_IMAGE) return `${IMAGE_MOUNT_PATH}/${IMAGE_MODEL_DIRECTORY}`;
    return this.huggingFaceId ?? fallbackId;
  }

  /** Whether vLLM downloads these weights from the Hugging Face Hub. */
  public get downloads(): boolean {
    return this.kind === ModelSourceKind.HUGGING_FACE || this.kind === ModelSourceKind.HUGGING_FACE_ON_CLAIM;
  }
}
