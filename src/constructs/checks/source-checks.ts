import { isDnsSubdomain } from './gateway-checks';
import { Problem, problem, quoted } from './problem';

const HF_REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const URI = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/s;
/** One segment of a path inside a claim: letters, digits, '.', '_' and '-'. */
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;
/**
 * An OCI image reference: a registry host (with an optional port), a lowercase repository path,
 * then an optional `:tag` and an optional `@sha256:<64 hex>` digest.
 */
const OCI_REFERENCE = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?)((\/[a-z0-9]+([._-][a-z0-9]+)*)+)(:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@sha256:[a-f0-9]{64})?$/;

/** Longest model or adapter URI: bounds every parse and message. */
export const MAX_URI_LENGTH = 1024;

/** The URI form of a Hugging Face model. */
export const URI_FORM = 'hf://<organization>/<name>';
/** The URI form of a model on an existing PersistentVolumeClaim. */
export const PVC_URI_FORM = 'pvc://<claim>/<path>';
/** The URI form of a Hugging Face model whose cache is kept on an existing claim. */
export const PVC_HF_URI_FORM = 'pvc+hf://<claim>[/<organization>/<name>]';
/** The URI form of a model packaged as an OCI image. */
export const OCI_URI_FORM = 'oci://<registry>/<repository>:<tag>[@sha256:<digest>]';

/** The URI forms of a model's weights. */
export const MODEL_URI_FORMS: readonly string[] = [URI_FORM, PVC_URI_FORM, PVC_HF_URI_FORM, OCI_URI_FORM];
/** The URI forms of a LoRA adapter: downloaded from Hugging Face or read from a claim. */
export const ADAPTER_URI_FORMS: readonly string[] = [URI_FORM, PVC_URI_FORM];

/** Where a model's weights come from, parsed from its URI. */
export type ParsedSource =
  /** Downloaded from the Hugging Face Hub into the cache. */
  | { readonly scheme: 'hf'; readonly huggingFaceId: string }
  /** Read from a directory of an existing claim, mounted read-only; nothing is downloaded. */
  | { readonly scheme: 'pvc'; readonly claim: string; readonly path: string }
  /** Downloaded from the Hub into a cache kept on an existing claim. */
  | { readonly scheme: 'pvc+hf'; readonly claim: string; readonly huggingFaceId?: string }
  /** Packaged as an OCI image, mounted read-only as an image volume. */
  | { readonly scheme: 'oci'; readonly reference: string };

/** A URI's source, or the problems that make it unusable. */
export interface SourceParse {
  readonly source?: ParsedSource;
  readonly problems: Problem[];
}

/** Whether `repository` is a Hugging Face repository id such as `Qwen/Qwen3-0.6B`. */
export function isHuggingFaceId(repository: string): boolean {
  return HF_REPOSITORY.test(repository);
}

/** Problems of a Hugging Face repository id at `path` (`Qwen/Qwen3-0.6B`). */
export function checkHuggingFaceId(repository: string, path: string = 'repository'): Problem[] {
  if (HF_REPOSITORY.test(repository)) return [];
  return [problem(path, quoted(repository), `must be a Hugging Face repository id <organization>/<name>, got ${quoted(repository)}`, 'e.g. Qwen/Qwen3-0.6B')];
}

/** Problems of a model URI at `path`: one of {@link MODEL_URI_FORMS}. */
export function checkModelUri(uri: string, path: string = 'uri'): Problem[] {
  return parseSourceUri(uri, path).problems;
}

/** Problems of a LoRA adapter URI at `path`: one of {@link ADAPTER_URI_FORMS}. */
export function checkAdapterUri(uri: string, path: string = 'uri'): Problem[] {
  return parseSourceUri(uri, path, ADAPTER_URI_FORMS).problems;
}

/** A display of the allowed forms: `use hf://… or pvc://…`. */
function useOneOf(forms: readonly string[]): string {
  return `use ${forms.slice(0, -1).join(', ')}${forms.length > 1 ? ' or ' : ''}${forms[forms.length - 1]}`;
}

/** `hf://`, `pvc://` … of the forms. */
function schemesOf(forms: readonly string[]): string {
  return forms.map((f) => f.slice(0, f.indexOf('://') + 3)).join(', ');
}

/**
 * Parses a model (or, with `forms` {@link ADAPTER_URI_FORMS}, an adapter) URI at `path`: its
 * source, or one problem naming the URI, what is wrong and the forms allowed.
 */
export function parseSourceUri(uri: string, path: string = 'uri', forms: readonly string[] = MODEL_URI_FORMS): SourceParse {
  const fail = (message: string, fix: string = useOneOf(forms)): SourceParse => ({ problems: [problem(path, quoted(shown(uri)), `${message}, got ${quoted(shown(uri))}`, fix)] });
  if (typeof uri !== 'string') return { problems: [problem(path, String(uri), `must be a URI string, got ${String(uri)}`, useOneOf(forms))] };
  if (uri.length > MAX_URI_LENGTH) return { problems: [problem(path, `${uri.length} characters`, `must be at most ${MAX_URI_LENGTH} characters, got ${uri.length}`, useOneOf(forms))] };
  const m = URI.exec(uri);
  if (!m) return fail(forms === MODEL_URI_FORMS ? 'must be a model URI' : 'must be an adapter URI');
  const scheme = m[1];
  const rest = m[2];
  const allowed = forms.some((f) => f.startsWith(`${scheme}://`));
  if (!allowed) return fail(`must use one of the schemes ${schemesOf(forms)} (${scheme}:// is not supported here)`);
  switch (scheme) {
    case 'hf':
      if (!HF_REPOSITORY.test(rest)) return fail('must name a Hugging Face repository id after hf://', `use ${URI_FORM}, e.g. hf://Qwen/Qwen3-0.6B`);
      return { source: { scheme: 'hf', huggingFaceId: rest }, problems: [] };
    case 'pvc':
      return parseClaimUri(rest, fail);
    case 'pvc+hf':
      return parseHuggingFaceOnClaim(rest, fail);
    default:
      return parseOciReference(rest, fail);
  }
}

type Fail = (message: string, fix?: string) => SourceParse;

/** `pvc://<claim>/<path>`: a claim name and a relative path without `.`, `..` or empty segments. */
function parseClaimUri(rest: string, fail: Fail): SourceParse {
  const slash = rest.indexOf('/');
  const claim = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  const claimProblem = checkClaimName(claim, 'pvc://', fail, PVC_URI_FORM);
  if (claimProblem) return claimProblem;
  if (path === '') return fail(`must give the model's directory inside claim '${claim}' after the claim name`, `use ${PVC_URI_FORM}, e.g. pvc://${claim}/Qwen3-0.6B`);
  const pathProblem = checkClaimPath(path, fail);
  if (pathProblem) return pathProblem;
  return { source: { scheme: 'pvc', claim, path }, problems: [] };
}

/** `pvc+hf://<claim>` or `pvc+hf://<claim>/<organization>/<name>`. */
function parseHuggingFaceOnClaim(rest: string, fail: Fail): SourceParse {
  const slash = rest.indexOf('/');
  const claim = slash < 0 ? rest : rest.slice(0, slash);
  const id = slash < 0 ? undefined : rest.slice(slash + 1);
  const claimProblem = checkClaimName(claim, 'pvc+hf://', fail, PVC_HF_URI_FORM);
  if (claimProblem) return claimProblem;
  if (id !== undefined && !HF_REPOSITORY.test(id)) {
    return fail(`must name a Hugging Face repository id after the claim name, or nothing (the model name is then the id)`, `use ${PVC_HF_URI_FORM}, e.g. pvc+hf://${claim}/Qwen/Qwen3-0.6B`);
  }
  return { source: { scheme: 'pvc+hf', claim, ...(id !== undefined ? { huggingFaceId: id } : {}) }, problems: [] };
}

/** A problem when `claim` is missing or not a PersistentVolumeClaim name. */
function checkClaimName(claim: string, scheme: string, fail: Fail, form: string): SourceParse | undefined {
  if (claim === '') return fail(`must name a PersistentVolumeClaim after ${scheme}`, `use ${form}`);
  if (!isDnsSubdomain(claim)) {
    return fail(`names the claim ${quoted(shown(claim))}, which is not a PersistentVolumeClaim name (lowercase DNS-1123 subdomain: letters, digits, '-' and '.', at most 253)`, `use ${form}`);
  }
  return undefined;
}

/** A problem when a path inside a claim has `.`, `..`, empty segments or other characters. */
function checkClaimPath(path: string, fail: Fail): SourceParse | undefined {
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return fail("must not use '.' or '..' path segments (the path stays inside the claim)", `use ${PVC_URI_FORM} with the directory's path from the claim's root`);
  if (segments.some((s) => s === '')) return fail("must not have empty path segments ('//' or a trailing '/')", `use ${PVC_URI_FORM}`);
  if (!segments.every((s) => PATH_SEGMENT.test(s))) return fail("must use only letters, digits, '.', '_' and '-' in the path inside the claim", `use ${PVC_URI_FORM}`);
  return undefined;
}

/** `oci://<registry>/<repository>:<tag>[@sha256:<digest>]`, pinned: a tag other than `latest`, or a digest. */
function parseOciReference(rest: string, fail: Fail): SourceParse {
  const m = OCI_REFERENCE.exec(rest);
  if (!m) return fail('must be an OCI image reference after oci:// (registry host, lowercase repository path, then :tag and/or @sha256:digest)', `use ${OCI_URI_FORM}, e.g. oci://quay.io/org/qwen3-0.6b:1.0`);
  const tag = m[8];
  const digest = m[9];
  if (tag === undefined && digest === undefined) return fail('must pin the image with a tag or a digest (an unpinned image can change under running pods)', `use ${OCI_URI_FORM}`);
  if (tag === 'latest' && digest === undefined) return fail("must pin the image: the tag 'latest' moves", `use a release tag or a digest: ${OCI_URI_FORM}`);
  return { source: { scheme: 'oci', reference: rest }, problems: [] };
}

/** A value cut for messages. */
function shown(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
