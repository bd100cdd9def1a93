import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { RoutingMode } from '../src/profiles/routing-mode';
import { StackProfile } from '../src/profiles/stack-profile';

/** Most public names one model has: its name, 64 aliases and 64 LoRA adapters. */
export const MAX_NAMES_PER_MODEL = 129;

/**
 * A catalog with exactly `total` public names: base models `scale-org/model-NNNN`, each with
 * up to `perModel` names (its name, then LoRA adapters `mNNNN-lora-KK`, then aliases
 * `mNNNN-alias-KK`, each list at most 64), the last model taking the remainder. Deterministic.
 */
export function publicNameCatalog(total: number, options: { perModel?: number; profile?: StackProfile; routing?: RoutingMode } = {}): CatalogSpec {
  const perModel = Math.min(options.perModel ?? MAX_NAMES_PER_MODEL, MAX_NAMES_PER_MODEL);
  const models: CatalogModelSpec[] = [];
  for (let left = total, i = 0; left > 0; i++) {
    const n = Math.min(left, perModel);
    models.push(modelWithNames(i, n));
    left -= n;
  }
  return {
    ...(options.profile ? { profile: options.profile } : {}),
    platform: 'kubernetes' as CatalogSpec['platform'],
    ...(options.routing ? { gateway: { routing: options.routing } } : {}),
    models,
  };
}

/** Model `i` with `n` public names (1 ≤ n ≤ 129). */
function modelWithNames(i: number, n: number): CatalogModelSpec {
  const id = String(i).padStart(4, '0');
  const adapters = Math.min(n - 1, 64);
  const aliases = n - 1 - adapters;
  const two = (k: number) => String(k).padStart(2, '0');
  return {
    name: `scale-org/model-${id}`,
    pool: `model-${id}`,
    ...(adapters ? { loraAdapters: Array.from({ length: adapters }, (_, k) => ({ name: `m${id}-lora-${two(k)}`, uri: `hf://scale-org/m${id}-lora-${two(k)}` })) } : {}),
    ...(aliases ? { aliases: Array.from({ length: aliases }, (_, k) => `m${id}-alias-${two(k)}`) } : {}),
  };
}
