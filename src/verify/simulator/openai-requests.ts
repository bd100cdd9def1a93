import { HTTPROUTE, Model } from '../model/model';
import { modelPath } from '../../util/openai';
import { directResponses } from './direct-response';
import { RoutingDecision, RoutingSimulator } from './simulator';

/** The model id the unknown-id probe asks for. */
export const UNKNOWN_ID = 'verify/no-such-model';

/** One OpenAI-surface request: what the gateway must answer itself. */
export interface OpenAiProbe {
  readonly probe: 'listing' | 'model-by-id' | 'unknown-by-id' | 'not-json' | 'no-model';
  readonly request: string;
  /** The model or id asked for ('' when none). */
  readonly model: string;
  readonly decision: RoutingDecision;
  /** The status the answer must have. */
  readonly expectStatus: number;
  /** For the listing: the public names the gateway's routes serve, which the list must name exactly. */
  readonly expectIds?: string[];
  /**
   * When a Service answers (the static listing server) instead of a direct response: the ids its
   * content lists, read from the ConfigMaps its pods mount (`models-*.jsonl` keys), if readable.
   */
  readonly servedIds?: string[];
}

const key = (o: any) => `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;

/** Whether a route attached to `gateway` is answered by a direct response (the gateway answers requests itself). */
export function answersDirectly(model: Model, gateway: string): boolean {
  const answered = directResponses(model);
  return (model.attachments.get(gateway) ?? []).some(({ route }) => answered.has(key(route)));
}

/**
 * The OpenAI-surface requests through `gateway`, when one of its routes answers directly (so
 * manifests without such routes get none): `GET /v1/models` (must list exactly `names`), `GET
 * /v1/models/<name>` for every name answered directly (or the first one, when a Service answers),
 * an unknown id (404), a body that is not JSON and one without `model` (400).
 */
export function simulateOpenAiRequests(model: Model, simulator: RoutingSimulator, gateway: string, names: readonly string[], credential: Record<string, string> = {}): OpenAiProbe[] {
  if (!answersDirectly(model, gateway)) return [];
  const probes: OpenAiProbe[] = [];
  const get = (path: string) => simulator.simulate(gateway, { method: 'GET', path, headers: { accept: 'application/json', ...credential } });
  const listing = get('/v1/models');
  probes.push({ probe: 'listing', request: 'GET /v1/models', model: '', decision: listing, expectStatus: 200, expectIds: [...names], ...servedIdsOf(model, listing) });
  for (const [i, name] of names.entries()) {
    const path = modelPath(name);
    if (path === undefined) continue;
    const d = get(path);
    if (!d.response && i > 0) continue;
    probes.push({ probe: 'model-by-id', request: `GET ${path}`, model: name, decision: d, expectStatus: 200, ...(d.response ? {} : servedIdsOf(model, d)) });
  }
  const unknown = get(`/v1/models/${UNKNOWN_ID}`);
  probes.push({ probe: 'unknown-by-id', request: `GET /v1/models/${UNKNOWN_ID}`, model: UNKNOWN_ID, decision: unknown, expectStatus: 404, ...servedIdsOf(model, unknown) });
  const post = (body: string) => simulator.simulate(gateway, { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...credential }, body });
  probes.push({ probe: 'not-json', request: 'POST /v1/chat/completions body=not JSON', model: '', decision: post('model=Qwen'), expectStatus: 400 });
  probes.push({ probe: 'no-model', request: 'POST /v1/chat/completions body={"messages":[]}', model: '', decision: post('{"messages":[]}'), expectStatus: 400 });
  return probes;
}

/**
 * The ids a static listing server lists: the Service the chosen rule sends to, the pods it
 * selects, the ConfigMaps they mount (directly or projected), their `models-*.jsonl` lines.
 */
function servedIdsOf(model: Model, d: RoutingDecision): { servedIds?: string[] } {
  if (d.response || d.route === undefined || d.rule === undefined) return {};
  const [ns, name] = d.route.split('/');
  const route = model.index.get(HTTPROUTE, ns, name);
  const ref = (route?.spec?.rules?.[d.rule]?.backendRefs ?? []).find((b: any) => (b?.kind ?? 'Service') === 'Service' && (b?.group ?? '') === '');
  if (!ref) return {};
  const service = model.index.get('/Service', ref.namespace ?? ns, ref.name);
  const selector = service?.spec?.selector;
  if (!selector || typeof selector !== 'object') return {};
  const maps = new Set<string>();
  for (const t of model.index.selectPods(ns, selector)) {
    for (const v of Array.isArray(t.spec?.volumes) ? t.spec.volumes : []) {
      if (v?.configMap?.name) maps.add(String(v.configMap.name));
      for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) if (s?.configMap?.name) maps.add(String(s.configMap.name));
    }
  }
  const parts: [string, string][] = [];
  for (const m of maps) {
    const cm = model.index.get('/ConfigMap', ns, m);
    for (const [k, v] of Object.entries<any>(cm?.data ?? {})) if (/^models-\d+\.jsonl$/.test(k) && typeof v === 'string') parts.push([k, v]);
  }
  if (!parts.length) return {};
  parts.sort((a, b) => a[0].localeCompare(b[0]));
  const ids: string[] = [];
  for (const [, text] of parts) {
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        ids.push(String(JSON.parse(line)?.id));
      } catch {
        ids.push('<not JSON>');
      }
    }
  }
  return { servedIds: ids };
}
