/**
 * Where a model server loads its weights from.
 */
export class ModelSource {
  /** Hugging Face Hub repository, e.g. `Qwen/Qwen3-0.6B`. */
  public static huggingFace(repository: string): ModelSource {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(repository)) {
      throw new Error(`'${repository}' is not a Hugging Face repository id: use <organization>/<name>, e.g. Qwen/Qwen3-0.6B`);
    }
    return new ModelSource(`hf://${repository}`, repository);
  }

  /**
   * Parses a model URI. Supported: `hf://<organization>/<name>`.
   */
  public static fromUri(uri: string): ModelSource {
    const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/.exec(uri);
    if (!m) throw new Error(`'${uri}' is not a model URI: use hf://<organization>/<name>`);
    if (m[1] !== 'hf') throw new Error(`'${uri}': scheme '${m[1]}://' is not supported; supported: hf://<organization>/<name>`);
    return ModelSource.huggingFace(m[2]);
  }

  /** The URI, e.g. `hf://Qwen/Qwen3-0.6B`. */
  public readonly uri: string;

  /** The Hugging Face repository id vLLM is given. */
  public readonly huggingFaceId: string;

  private constructor(uri: string, huggingFaceId: string) {
    this.uri = uri;
    this.huggingFaceId = huggingFaceId;
  }
}
