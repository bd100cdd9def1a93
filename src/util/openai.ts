/**
 * The OpenAI API shapes the gateway answers with itself: the model list of `GET /v1/models`,
 * one model of `GET /v1/models/{id}`, and error bodies. Used by the constructs to write them and
 * by verify to judge them.
 */

/** One entry of a model list. */
export interface OpenAiModel {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
  /** The base model of a LoRA adapter (vLLM's field). */
  readonly parent?: string;
}

/** What the model list needs to know of one public name. */
export interface ListedName {
  /** The name clients send as `model`. */
  readonly id: string;
  /** The model that serves it (the base model of an alias or adapter; itself for a model). */
  readonly base: string;
  /** Whether it is a LoRA adapter (listed with `parent`). */
  readonly adapter: boolean;
}

/** The owner shown for models whose name names no organization (vLLM's own `owned_by`). */
export const DEFAULT_OWNER = 'vllm';

/** `owned_by` of a model: the organization of its base model (`Qwen` of `Qwen/Qwen3-0.6B`), else 'vllm'. */
export function ownerOf(base: string): string {
  const i = base.indexOf('/');
  return i > 0 ? base.slice(0, i) : DEFAULT_OWNER;
}

/** The list entry of `name`, with the fixed `created` of the profile. */
export function modelObject(name: ListedName, created: number): OpenAiModel {
  return { id: name.id, object: 'model', created, owned_by: ownerOf(name.base), ...(name.adapter ? { parent: name.base } : {}) };
}

/** `GET /v1/models/{id}`'s body for one name. */
export function modelBody(name: ListedName, created: number): string {
  return JSON.stringify(modelObject(name, created));
}

/** `GET /v1/models`'s body: every name, in the order given. */
export function listBody(names: readonly ListedName[], created: number): string {
  return `{"object":"list","data":[${names.map((n) => modelBody(n, created)).join(',')}]}`;
}

/** The 404 body for a model no route serves. */
export const MODEL_NOT_FOUND_BODY = JSON.stringify({
  error: {
    message: 'The model does not exist or is not served by this gateway; GET /v1/models lists the models it serves.',
    type: 'invalid_request_error',
    param: 'model',
    code: 'model_not_found',
  },
});

/** The 400 body for a request without a JSON body naming a model. */
export const BAD_REQUEST_BODY = JSON.stringify({
  error: {
    message: 'The request body must be a JSON object whose "model" field is a string naming a model; GET /v1/models lists them.',
    type: 'invalid_request_error',
    param: 'model',
    code: null,
  },
});

/**
 * Why `body` is not the OpenAI shape a response of `status` has (a list or one model for 200,
 * an error object otherwise), or undefined when it is.
 */
export function openAiShapeProblem(status: number, body: string): string | undefined {
  let v: any;
  try {
    v = JSON.parse(body);
  } catch {
    return 'is not JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'is not a JSON object';
  if (status >= 200 && status < 300) {
    if (v.object === 'list') {
      if (!Array.isArray(v.data)) return 'is a list without a "data" array';
      const bad = v.data.findIndex((m: any) => modelProblem(m) !== undefined);
      return bad < 0 ? undefined : `has data[${bad}] that ${modelProblem(v.data[bad])}`;
    }
    return modelProblem(v);
  }
  const e = v.error;
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return 'has no "error" object';
  if (typeof e.message !== 'string' || !e.message) return 'has no "error.message" string';
  if (typeof e.type !== 'string' || !e.type) return 'has no "error.type" string';
  for (const k of ['param', 'code']) if (k in e && e[k] !== null && typeof e[k] !== 'string') return `has an "error.${k}" that is neither a string nor null`;
  return undefined;
}

function modelProblem(m: any): string | undefined {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'is not a model object';
  if (typeof m.id !== 'string' || !m.id) return 'has no "id" string';
  if (m.object !== 'model') return 'has no "object": "model"';
  if (typeof m.created !== 'number' || !Number.isInteger(m.created)) return 'has no whole-number "created"';
  if (typeof m.owned_by !== 'string') return 'has no "owned_by" string';
  return undefined;
}

/** The ids a 200 listing body names (the list's data, or the one model), or undefined when it is not one. */
export function listedIds(body: string): string[] | undefined {
  try {
    const v = JSON.parse(body);
    if (v?.object === 'list' && Array.isArray(v.data)) return v.data.map((m: any) => String(m?.id));
    if (v?.object === 'model' && typeof v.id === 'string') return [v.id];
  } catch {
    return undefined;
  }
  return undefined;
}

/** The path prefix of one model: `GET /v1/models/{id}`. */
export const MODEL_PATH_PREFIX = '/v1/models/';

/** Characters a path segment holds as they are (RFC 3986 pchar less `%`; Gateway API's path pattern). */
const PCHAR = /^[-A-Za-z0-9._~!$&'()*+,;=:@]$/;
/** A segment of {@link PCHAR} characters only, kept as it is (most ids: no per-character work). */
const PCHARS = /^[-A-Za-z0-9._~!$&'()*+,;=:@]*$/;

/**
 * The path clients request one model at, `/v1/models/<id>` with the id percent-encoded as RFC
 * 3986 requires (every character outside letters, digits and `-._~!$&'()*+,;=:@` as `%XX`; `/`
 * kept; a segment `.` or `..` as `%2E`), so it is a path Gateway API accepts in an Exact match
 * (no `//`, `/./`, `/../`, `%2F`) and the raw path agentgateway compares (it matches
 * `request.uri().path()` unchanged: crates/agentgateway/src/http/route.rs at v0.11.1).
 * Undefined for an id no path can carry: one with an empty segment (`//`, a leading `/`).
 */
export function modelPath(id: string): string | undefined {
  const segments = id.split('/');
  if (segments.slice(0, -1).some((s) => s === '')) return undefined;
  const encoded = segments.map((seg) => (seg === '.' || seg === '..'
    ? seg.replace(/\./g, '%2E')
    : PCHARS.test(seg) ? seg : [...seg].map((ch) => (PCHAR.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('')));
  return `${MODEL_PATH_PREFIX}${encoded.join('/')}`;
}
