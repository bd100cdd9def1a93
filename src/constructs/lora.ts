/**
 * A LoRA adapter served on top of a base model.
 */
export interface LoraAdapter {
  /** The public name clients send as `model` (unique across the gateway). */
  readonly name: string;
  /**
   * Where the adapter comes from: `hf://<organization>/<name>` (vLLM downloads the repository)
   * or `pvc://<claim>/<path>` (the claim is mounted read-only and vLLM given the directory).
   */
  readonly uri: string;
}

/**
 * A LoRA module as vLLM's `--lora-modules` takes it.
 */
export interface LoraModule {
  /** The name vLLM serves the adapter under. */
  readonly name: string;
  /** Hugging Face repository id or local path of the adapter. */
  readonly path: string;
}
