import { checkModelName } from './model-checks';
import { Problem, problem, quoted } from './problem';
import { MODEL_PATH_PREFIX, modelPath } from '../../util/openai';

export { MODEL_PATH_PREFIX };

/**
 * Why no `/v1/models/<name>` path can carry `name` (an empty segment: `//`, or a leading `/`),
 * or undefined when one can ({@link modelPath} percent-encodes everything else).
 */
export function listingPathProblem(name: string): string | undefined {
  return modelPath(name) === undefined ? (name.startsWith('/') ? "starts with '/'" : "contains '//'") : undefined;
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
    if (why) problems.push(problem(path, quoted(name), `${why}, an empty path segment, so no GET ${MODEL_PATH_PREFIX}<name> path can carry it, got ${quoted(name)}`, "rename it without '//' or a leading '/' (the gateway answers GET /v1/models/<name> for every public name)"));
  }
  return problems;
}

/** A model's HTTPRoutes, as {@link checkOwnRouteNames} sees them. */
export interface ModelRoutes {
  readonly model: string;
  readonly pool: string;
  readonly routes: readonly string[];
}

/**
 * Problems of models whose HTTPRoute would have the name of one of the gateway's own OpenAI
 * routes (`own`) in the same namespace: one would replace the other when applied.
 */
export function checkOwnRouteNames(own: ReadonlySet<string>, models: readonly ModelRoutes[], namespace: string): Problem[] {
  const problems: Problem[] = [];
  for (const m of models) {
    for (const r of m.routes) {
      if (own.has(r)) problems.push(problem('pool', quoted(m.pool), `of model '${m.model}' makes HTTPRoute '${r}', the name of the gateway's own OpenAI route in namespace '${namespace}'`, 'choose another pool name'));
    }
  }
  return problems;
}
