import { checkHuggingFaceId, checkModelUri } from './checks/source-checks';
import { throwIfAny } from './checks/problem';

/**
 * Where a model server loads its weights from.
 */
export class ModelSource {
  /** Hugging Face Hub repository, e.g. `Qwen/Qwen3-0.6B`. */
  public static huggingFace(repository: string): ModelSource {
    throwIfAny(checkHuggingFaceId(repository));
    return new ModelSource(`hf://${repository}`, repository);
  }

  /**
   * Parses a model URI. Supported: `hf://<organization>/<name>`.
   */
  public static fromUri(uri: string): ModelSource {
    throwIfAny(checkModelUri(uri));
    return ModelSource.huggingFace(uri.slice('hf://'.length));
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
