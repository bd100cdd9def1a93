import { Names } from '../names';
import { Problem, problem, quoted } from './problem';
import { PublicNameOptions, publicNamesOf } from './public-name-checks';

/**
 * Most models one gateway serves. Synthesis and verification grow about linearly; the limit
 * bounds their time and memory (measured with the CLI on a 2-core machine: 10,000 models,
 * 140,015 objects, synth in 37 s and 1.0 GiB peak RSS, verify of its output in 19 s; 30,000
 * models, synth in 165 s and 2.7 GiB, verify in 95 s and 2.7 GiB).
 */
export const MAX_MODELS = 30_000;

/** Who holds a pool name, and whether they chose it. */
export interface PoolOwner {
  readonly model: string;
  readonly explicit: boolean;
}

/** The models already behind a gateway, as {@link checkModelInSet} needs them. */
export interface ModelSet {
  readonly names: ReadonlySet<string>;
  readonly pools: ReadonlyMap<string, PoolOwner>;
  /**
   * Every public name already taken (model names, aliases, LoRA adapters) and its owner as
   * messages show it (`alias 'x' of model 'a/b'`); see {@link addPublicNames}.
   */
  readonly publicNames?: ReadonlyMap<string, string>;
}

/** Records the public names of `model` (name, aliases, adapters) in `publicNames`. */
export function addPublicNames(model: PublicNameOptions, publicNames: Map<string, string>): void {
  for (const n of publicNamesOf(model)) publicNames.set(n.name, n.owner);
}

/** Problems of public names of `model` already taken in `set` (compared exactly, case-sensitive): each names both owners. */
function checkPublicNameClashes(model: PublicNameOptions, set: ModelSet): Problem[] {
  const taken = set.publicNames;
  if (!taken) return [];
  return publicNamesOf(model).flatMap((n) => {
    const owner = taken.get(n.name);
    return owner === undefined ? [] : [problem('', quoted(n.name), `has the public name ${quoted(n.name)} already taken: ${n.owner} clashes with ${owner}`, 'each name clients send must be unique across the catalog')];
  });
}

/** The pool a model gets: its `pool`, else the one derived from its name. */
export function poolOf(model: { readonly name: string; readonly pool?: string }): string {
  return model.pool ?? Names.poolName(model.name ?? '');
}

/** Problems of adding a model to `set`: one too many, a name listed twice, a public name (alias, adapter) taken, a pool name taken. */
export function checkModelInSet(model: PublicNameOptions & { readonly pool?: string }, set: ModelSet): Problem[] {
  if (set.names.size >= MAX_MODELS) {
    return [problem('', String(set.names.size + 1), `is one too many: a gateway serves at most ${MAX_MODELS} models (a bound on synthesis and verification time)`, 'split the catalog across gateways')];
  }
  if (set.names.has(model.name)) return [problem('', quoted(model.name), 'is listed twice', 'each public model name must be unique')];
  const clashes = checkPublicNameClashes(model, set);
  if (clashes.length) return clashes;
  const pool = poolOf(model);
  const owner = set.pools.get(pool);
  if (!owner) return [];
  return model.pool === undefined && !owner.explicit
    ? [problem('pool', quoted(pool), `${quoted(pool)} (derived from the name) is also the pool of model '${owner.model}'`, "set 'pool' on one of them")]
    : [problem('pool', quoted(pool), `${quoted(pool)} is already used by model '${owner.model}'`, "set a different 'pool'")];
}

/** Problems of a gateway's model count at synthesis: it needs at least one. */
export function checkModelCount(count: number): Problem[] {
  return count === 0 ? [problem('', '0', 'no models', 'add at least one with addModel()')] : [];
}

/**
 * A model's problems against the models before it, then its own option problems about a field
 * none of those is about: both kinds at once, so a catalog with a name clash and a GPU mismatch
 * in one model shows both.
 */
export function withoutRepeats(inSet: readonly Problem[], own: readonly Problem[]): Problem[] {
  return [...inSet, ...own.filter((p) => !inSet.some((q) => q.path === p.path))];
}
