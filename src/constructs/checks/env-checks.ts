import { Problem, problem, quoted } from './problem';

/** Most extra environment variables per model. */
export const MAX_ENV_VARS = 64;
/** Longest environment variable value. */
export const MAX_ENV_VALUE_LENGTH = 32_768;

/**
 * Environment variables the library sets on the vLLM container (or that decide where the
 * weights come from): a user value would silently contradict it.
 */
export const MANAGED_ENV: readonly string[] = ['HOME', 'USER', 'HF_HOME', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'HF_TOKEN', 'VLLM_NO_USAGE_STATS'];

/** A C identifier: what shells and Python read as a variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** An extra environment variable as the checks see it: a literal value or a reference. */
export interface EnvSettings {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

/**
 * Problems of a model's extra environment variables: bounded count and value size, identifier
 * names, each name once, none the library manages ({@link MANAGED_ENV}), and either a value or a
 * reference (`valueFrom`), not both.
 */
export function checkEnv(env: readonly EnvSettings[] | undefined): Problem[] {
  if (env === undefined) return [];
  if (env.length > MAX_ENV_VARS) return [problem('env', `${env.length} items`, `has ${env.length} items, at most ${MAX_ENV_VARS} are allowed`)];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  env.forEach((e, i) => {
    const path = `env[${i}]`;
    const name = e?.name;
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      problems.push(problem(`${path}.name`, quoted(String(name).slice(0, 60)), `must be a variable name (letters, digits and '_', not starting with a digit), got ${quoted(String(name).slice(0, 60))}`));
      return;
    }
    if (MANAGED_ENV.includes(name)) {
      problems.push(problem(`${path}.name`, quoted(name), `is ${name}, which the library sets (${MANAGED_ENV.join(', ')})`, name === 'HF_TOKEN' ? "remove it and set 'hfTokenSecret' instead" : 'remove it'));
    } else if (seen.has(name)) {
      problems.push(problem(`${path}.name`, quoted(name), `${quoted(name)} is listed twice`, 'keep one'));
    }
    seen.add(name);
    if ((e.value === undefined) === (e.valueFrom === undefined)) {
      problems.push(problem(path, quoted(name), `${quoted(name)} must have exactly one of value and ${'valueFrom'}`, 'give a value, or a reference to a Secret key'));
    } else if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > MAX_ENV_VALUE_LENGTH)) {
      problems.push(problem(`${path}.value`, quoted(name), `must be a string of at most ${MAX_ENV_VALUE_LENGTH} characters`));
    }
  });
  return problems;
}
