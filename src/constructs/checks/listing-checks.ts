import { checkModelName } from './model-checks';
import { Problem, problem, quoted } from './problem';

/** The path prefix of one model in the OpenAI API: `GET /v1/models/{id}`. */
export const MODEL_PATH_PREFIX = '/v1/models/';

/**
 * Characters a public name may hold so that `/v1/models/<name>` is a path Gateway API accepts
 * in an Exact match without escaping (its CRD's pattern, less `%`, which would need escaping).
 */
const PATH_CHARACTERS = /^[-A-Za-z0-9/._~!$&'()*+,;=:@]+$/;

/**
 * Why `/v1/models/<name>` cannot be matched exactly (Gateway API's CEL rules on path values:
 * no `//`, `/./`, `/../`, no trailing `/.` or `/..`), or undefined when it can.
 */
export function listingPathProblem(name: string): string | undefined {
  if (!PATH_CHARACTERS.test(name)) return "holds a character outside letters, digits and -/._~!$&'()*+,;=:@";
  const path = `${MODEL_PATH_PREFIX}${name}`;
  for (const bad of ['//', '/./', '/../']) if (path.includes(bad)) return `makes the path ${path} contain '${bad}'`;
  for (const bad of ['/.', '/..']) if (path.endsWith(bad)) return `makes the path ${path} end with '${bad}'`;
  return undefined;
}

/** What {@link checkListedNames} checks: a model's public names. */
export interface ListedNameOptions {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly loraAdapters?: readonly { readonly name: string }[];
}

/**
 * Problems of a model's public names as `GET /v1/models/{id}` paths; names that are not valid
 * model names at all are left to the model-name checks.
 */
export function checkListedNames(m: ListedNameOptions): Problem[] {
  const named: [string, string][] = [
    ['name', m.name],
    ...(m.aliases ?? []).map((a, i): [string, string] => [`aliases[${i}]`, a]),
    ...(m.loraAdapters ?? []).map((a, i): [string, string] => [`loraAdapters[${i}].name`, a?.name]),
  ];
  const problems: Problem[] = [];
  for (const [path, name] of named) {
    if (typeof name !== 'string' || checkModelName(name).length) continue;
    const why = listingPathProblem(name);
    if (why) problems.push(problem(path, quoted(name), `${why}, so GET ${MODEL_PATH_PREFIX}${name} cannot be routed, got ${quoted(name)}`, 'rename it (the gateway answers GET /v1/models/<name> for every public name)'));
  }
  return problems;
}
