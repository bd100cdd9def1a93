import { Problem, problem, quoted } from './problem';

const HF_REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const URI = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/s;

/** The URI form the model source accepts. */
export const URI_FORM = 'hf://<organization>/<name>';

/** Whether `repository` is a Hugging Face repository id such as `Qwen/Qwen3-0.6B`. */
export function isHuggingFaceId(repository: string): boolean {
  return HF_REPOSITORY.test(repository);
}

/** Problems of a Hugging Face repository id at `path` (`Qwen/Qwen3-0.6B`). */
export function checkHuggingFaceId(repository: string, path: string = 'repository'): Problem[] {
  if (HF_REPOSITORY.test(repository)) return [];
  return [problem(path, quoted(repository), `must be a Hugging Face repository id <organization>/<name>, got ${quoted(repository)}`, 'e.g. Qwen/Qwen3-0.6B')];
}

/** Problems of a model URI at `path`: only `hf://<organization>/<name>` is supported. */
export function checkModelUri(uri: string, path: string = 'uri'): Problem[] {
  const m = URI.exec(uri);
  if (!m) return [problem(path, quoted(uri), `must be a model URI, got ${quoted(uri)}`, `use ${URI_FORM}`)];
  if (m[1] !== 'hf') return [problem(path, quoted(uri), `must use the scheme hf:// (the only one supported), got ${quoted(uri)}`, `use ${URI_FORM}`)];
  if (!HF_REPOSITORY.test(m[2])) {
    return [problem(path, quoted(uri), `must name a Hugging Face repository id after hf://, got ${quoted(uri)}`, `use ${URI_FORM}, e.g. hf://Qwen/Qwen3-0.6B`)];
  }
  return [];
}
