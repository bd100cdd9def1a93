import { checkListedNames } from './listing-checks';
import { checkModelName } from './model-checks';
import { Problem, problem, quoted } from './problem';
import { ADAPTER_URI_FORMS, checkAdapterUri } from './source-checks';

/** Most aliases one model has (each is a routing map entry and a vLLM argument). */
export const MAX_ALIASES = 64;
/** Most LoRA adapters one model serves (vLLM loads them all: `--max-loras` is sized to the list). */
export const MAX_LORA_ADAPTERS = 64;
/** The LoRA ranks vLLM accepts for `--max-lora-rank`. */
export const LORA_RANKS: readonly number[] = [1, 8, 16, 32, 64, 128, 256, 320, 512];

/** A LoRA adapter as the checks see it. */
export interface AdapterLike {
  readonly name: string;
  readonly uri: string;
}

/** What {@link checkPublicNames} checks of one model. */
export interface PublicNameOptions {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly loraAdapters?: readonly AdapterLike[];
  readonly maxLoraRank?: number;
}

/** One public name of a model and who owns it: `model 'a/b'`, `alias 'x' of model 'a/b'`. */
export interface PublicName {
  readonly name: string;
  readonly owner: string;
}

/** Every public name of a model, with its owner as messages show it: the name, then aliases, then adapters. */
export function publicNamesOf(m: PublicNameOptions): PublicName[] {
  const base = `model '${m.name}'`;
  return [
    { name: m.name, owner: base },
    ...(m.aliases ?? []).map((a) => ({ name: a, owner: `alias '${a}' of ${base}` })),
    ...(m.loraAdapters ?? []).map((a) => ({ name: a.name, owner: `LoRA adapter '${a.name}' of ${base}` })),
  ];
}

/**
 * Problems of a model's aliases and LoRA adapters on their own: bounded lists, each name a valid
 * public model name, each adapter URI `hf://<organization>/<name>` or `pvc://<claim>/<path>`, a LoRA rank vLLM accepts, and
 * no public name listed twice within the model (compared exactly, as the gateway compares them).
 */
export function checkPublicNames(m: PublicNameOptions): Problem[] {
  const problems: Problem[] = [];
  const aliases = m.aliases ?? [];
  const adapters = m.loraAdapters ?? [];
  if (aliases.length > MAX_ALIASES) {
    problems.push(problem('aliases', `${aliases.length} entries`, `must list at most ${MAX_ALIASES} aliases, got ${aliases.length}`, 'serve the extra names from another model entry'));
  }
  if (adapters.length > MAX_LORA_ADAPTERS) {
    problems.push(problem('loraAdapters', `${adapters.length} entries`, `must list at most ${MAX_LORA_ADAPTERS} adapters, got ${adapters.length}`, 'split the adapters across model entries of the same base model'));
  }
  if (problems.length) return problems;
  aliases.forEach((a, i) => problems.push(...renamed(checkModelName(a), `aliases[${i}]`)));
  adapters.forEach((a, i) => {
    const nameProblems = renamed(checkModelName(a?.name), `loraAdapters[${i}].name`);
    if (!nameProblems.length && a.name.includes('=')) {
      nameProblems.push(problem(`loraAdapters[${i}].name`, quoted(a.name), `must not contain '=' (vLLM reads --lora-modules entries as name=path), got ${quoted(a.name)}`, 'rename the adapter'));
    }
    problems.push(...nameProblems);
    problems.push(...(typeof a?.uri === 'string'
      ? checkAdapterUri(a.uri, `loraAdapters[${i}].uri`)
      : [problem(`loraAdapters[${i}].uri`, String(a?.uri), `must be an adapter URI, got ${String(a?.uri)}`, `use ${ADAPTER_URI_FORMS.join(' or ')}`)]));
  });
  if (m.maxLoraRank !== undefined) {
    if (!LORA_RANKS.includes(m.maxLoraRank)) {
      problems.push(problem('maxLoraRank', String(m.maxLoraRank), `must be one of ${LORA_RANKS.join(', ')} (the ranks vLLM accepts), got ${m.maxLoraRank}`));
    } else if (adapters.length === 0) {
      problems.push(problem('maxLoraRank', String(m.maxLoraRank), 'is set but the model lists no loraAdapters', "remove 'maxLoraRank' or add loraAdapters"));
    }
  }
  if (problems.length) return problems;
  const seen = new Map<string, string>();
  for (const n of publicNamesOf(m)) {
    const first = seen.get(n.name);
    if (first !== undefined) problems.push(problem('', quoted(n.name), `has the public name ${quoted(n.name)} twice: ${first} and ${n.owner}`, 'each name clients send must be unique'));
    else seen.set(n.name, n.owner);
  }
  // Every public name is also a path of the model listing (issue 11).
  if (!problems.length) problems.push(...checkListedNames(m));
  return problems;
}

/** Problems whose `name` path is re-pointed at `path` (an alias or adapter checked as a model name). */
function renamed(problems: readonly Problem[], path: string): Problem[] {
  return problems.map((p) => ({ ...p, path: p.path === 'name' ? path : p.path, message: p.message.replace("(it is vLLM's --served-model-name)", "(it is passed to vLLM)") }));
}
