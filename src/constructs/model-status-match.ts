import { ApiObject } from 'cdk8s';
import { BodyRoutingPolicy } from './body-routing-policy';

/**
 * Makes every match of a model's HTTPRoute also match the routing policy's status header when
 * the policy says so ({@link BodyRoutingPolicy.statusMatchedByModelRoutes}: name mode, or a map
 * replaced by the `model` field itself). Decided when the route is rendered, because a map's
 * fallback depends on every model added. The model's route then has two header matches and
 * outranks the gateway's `model_not_found` route, which matches the status header alone.
 * In map mode with a readable map the route is left exactly as the article writes it.
 */
export function matchStatusWhenNeeded(route: ApiObject, policy: BodyRoutingPolicy): void {
  const render = route.toJson.bind(route);
  route.toJson = () => {
    const json = render();
    if (!policy.statusMatchedByModelRoutes) return json;
    const status = { name: BodyRoutingPolicy.STATUS_HEADER, type: 'Exact', value: policy.statusValue };
    for (const rule of json?.spec?.rules ?? []) {
      for (const m of rule?.matches ?? []) {
        const headers = Array.isArray(m.headers) ? m.headers : [];
        if (!headers.some((h: any) => String(h?.name).toLowerCase() === status.name.toLowerCase())) m.headers = [...headers, status];
      }
    }
    return json;
  };
}
