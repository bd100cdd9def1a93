import { servedModelNames } from '../model/containers';
import { HeaderMatch } from '../model/model';
import { keyOf, list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { usedRoutingMaps } from './routing-policy';
import { finding, Rule, RuleContext } from './rule';

const phaseOf = (policy: any) => policy.spec?.traffic?.phase ?? 'PostRouting';

/**
 * Header matches of Gateways that route on the requested name itself (the policy sets the
 * header to the body's `model`, unchanged): each match's value is a public name. Only matches
 * that send to an InferencePool, of policies in PreRouting that no earlier rule rejected.
 */
function nameMatches(ctx: RuleContext): { gateway: string; policy: any; matches: HeaderMatch[] }[] {
  return usedRoutingMaps(ctx.model)
    .filter((u) => u.map.form === 'identity' && phaseOf(u.map.policy) === 'PreRouting' && !ctx.rejected(u.map.policy))
    .map((u) => ({ gateway: u.gateway, policy: u.map.policy, matches: u.matches.filter((x) => x.pools.length > 0 && !ctx.rejected(x.route)) }));
}

/** What each pod template serves, read once (undefined: not a vLLM server, or unreadable). */
function servedIndex(): (t: PodTemplate) => Set<string> | undefined {
  const cache = new Map<PodTemplate, Set<string> | undefined>();
  return (t) => {
    if (!cache.has(t)) {
      const names = servedModelNames(t);
      cache.set(t, names ? new Set(names) : undefined);
    }
    return cache.get(t);
  };
}

/**
 * Whether a pod template's vLLM may load LoRA adapters at runtime (`--enable-lora` with
 * `VLLM_ALLOW_RUNTIME_LORA_UPDATING` true, e.g. beside GAIE's lora-syncer): the names it serves
 * are then not all in its arguments.
 */
function loadsAdaptersAtRuntime(t: PodTemplate): boolean {
  return t.containers.some((c: any) => [...list(c?.command), ...list(c?.args)].map(String).includes('--enable-lora')
    && list(c?.env).some((e: any) => e?.name === 'VLLM_ALLOW_RUNTIME_LORA_UPDATING' && ['true', '1'].includes(String(e?.value).toLowerCase())));
}

/** HTTPRoutes of Gateways that route on the requested model name. */
export const NAME_ROUTING_RULES: Rule[] = [
  {
    id: 'httproute-model-name-unique',
    summary: 'Under routing by name, each public model name is matched by one HTTPRoute of the Gateway only.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Remove the name from all but one HTTPRoute, or rename one of the models.',
    rationale: 'When the header is the requested name, two routes matching the same name split or steal that model\'s traffic by Gateway API precedence, whatever the catalog meant.',
    *check(ctx) {
      for (const { gateway, matches } of nameMatches(ctx)) {
        // One pass, indexed by value: linear in the matches at any number of names.
        const first = new Map<string, HeaderMatch>();
        for (const x of matches) {
          const seen = first.get(x.value);
          if (!seen) {
            first.set(x.value, x);
          } else if (seen.route !== x.route) {
            yield finding(x.route, x.field, `matches model '${x.value}', which HTTPRoute ${keyOf(seen.route)} (${seen.field}) also matches on Gateway ${gateway}: requests for it go to one of the two by precedence`,
              `keep '${x.value}' in one of HTTPRoute ${keyOf(seen.route)} and HTTPRoute ${keyOf(x.route)}`, undefined, [seen.route]);
          }
        }
      }
    },
  },
  {
    id: 'httproute-model-name-served',
    summary: 'Under routing by name, each model name an HTTPRoute matches is served by the pods of the pool it sends to.',
    severity: 'error',
    category: 'wiring',
    appliesTo: ['HTTPRoute'],
    remediation: 'Add the name to the pods\' --served-model-name (or --lora-modules), or remove it from the route.',
    rationale: 'The gateway forwards the request unchanged, so vLLM answers 404 for a name its pods do not serve, after the route was taken. Pods that load LoRA adapters at runtime (--enable-lora with VLLM_ALLOW_RUNTIME_LORA_UPDATING) are not judged: their names are not all in their arguments.',
    *check(ctx) {
      const served = servedIndex();
      for (const { matches } of nameMatches(ctx)) {
        for (const x of matches) {
          for (const pool of x.pools) {
            for (const t of ctx.model.poolPods(pool)) {
              const names = served(t);
              if (!names || names.has(x.value) || (ctx.model.poolsOfPod.get(t)?.length ?? 0) > 1 || loadsAdaptersAtRuntime(t)) continue;
              const shown = [...names].slice(0, 5).map((n) => `'${n}'`).join(', ') + (names.size > 5 ? `, … (${names.size} names)` : '');
              yield finding(x.route, x.field, `matches model '${x.value}' and sends it to InferencePool ${keyOf(pool)}, whose pods (${t.label}) serve ${shown}: vLLM would answer 404 for '${x.value}'`,
                `add '${x.value}' to --served-model-name of ${t.label}, or remove the match`);
            }
          }
        }
      }
    },
  },
];
