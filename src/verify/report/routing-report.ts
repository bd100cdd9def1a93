import { codeSpan, mermaidId, mermaidLabel as label } from '../../util/markdown';
import { appendAll } from '../../util/arrays';

/** A code span outside a table (`|` needs no escape there). */
const code = (s: string) => codeSpan(s, false);
/** A code span in a table cell. */
const cell = (s: string) => codeSpan(s, true);
import { UNKNOWN_MODEL, VerifyResult, Simulation } from '../verify';
import { answerText, OPENAI_PROBES, openAiLines } from './openai-report';

const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/i915', 'gpu.intel.com/xe', 'habana.ai/gaudi', 'google.com/tpu'];

/**
 * What agentgateway answers when no HTTPRoute rule matches a request: its `RouteNotFound`
 * error, HTTP 404 with a plain-text body (agentgateway `crates/agentgateway/src/proxy/mod.rs`).
 */
export const ROUTE_MISS_RESPONSE = 'HTTP 404, `Content-Type: text/plain`, body `route not found`';

/** GPUs a pod of `template` requests (limits of every container, any vendor). */
function templateGpus(template: any): number {
  return (template?.spec?.containers ?? [])
    .reduce((n: number, c: any) => n + GPU_RESOURCES.reduce((m, r) => m + Number(c.resources?.limits?.[r] ?? 0), 0), 0);
}

/** The serving pod template of `workload`: a LeaderWorkerSet's leader (its worker template when it has none), else the pod template. */
function servingTemplate(workload: any): any {
  const lws = workload?.kind === 'LeaderWorkerSet' ? workload.spec?.leaderWorkerTemplate : undefined;
  return lws ? lws.leaderTemplate ?? lws.workerTemplate : workload?.spec?.template;
}

/** GPUs one serving pod of `workload` requests. */
function gpusPerPod(workload: any): number {
  return templateGpus(servingTemplate(workload));
}

/** Pods and GPUs of one replica of `workload`: one pod, or a LeaderWorkerSet group (its leader and size − 1 workers). */
function replicaShape(workload: any): { pods: number; gpus: number } {
  const lws = workload?.kind === 'LeaderWorkerSet' ? workload.spec?.leaderWorkerTemplate : undefined;
  if (!lws) return { pods: 1, gpus: gpusPerPod(workload) };
  const size = Number.isInteger(lws.size) && lws.size > 0 ? lws.size : 1;
  return { pods: size, gpus: gpusPerPod(workload) + (size - 1) * templateGpus(lws.workerTemplate) };
}

/** The lines saying where clients reach `gateway`: the OpenShift Route(s) to it, else its listeners. */
function endpointLines(result: VerifyResult, gateway: any): string[] {
  const ns = gateway.metadata?.namespace;
  const name = gateway.metadata?.name;
  const listeners: any[] = gateway.spec?.listeners ?? [];
  const routes = result.model.index.all('route.openshift.io/Route').filter((r) => r.metadata?.namespace === ns && r.spec?.to?.name === name);
  const lines: string[] = [];
  for (const r of routes) {
    const scheme = r.spec?.tls ? 'https' : 'http';
    const rn = r.metadata?.name ?? '';
    lines.push(r.spec?.host
      ? `- OpenShift Route ${code(`${ns}/${rn}`)}: ${code(`${scheme}://${r.spec.host}/v1/chat/completions`)}`
      : `- OpenShift Route ${code(`${ns}/${rn}`)}, host assigned by the router: ${code(`${scheme}://<host>/v1/chat/completions`)}, where ${code(`oc get route ${rn} -n ${ns} -o jsonpath='{.spec.host}'`)} prints the host`);
  }
  for (const l of listeners) {
    const scheme = l.protocol === 'HTTPS' ? 'https' : 'http';
    lines.push(`- Gateway listener ${code(String(l.name))} ${code(`${l.protocol}:${l.port}`)}: ${code(`${scheme}://<address>:${l.port}/v1/chat/completions`)}, where ${code(`kubectl get gateways.gateway.networking.k8s.io ${name} -n ${ns} -o jsonpath='{.status.addresses[0].value}'`)} prints the address`);
  }
  return lines;
}

/** One refused request, phrased without the verifier's probe name. */
function refusedLine(s: Simulation, header: string): string {
  const spoofed = s.request.slice(`POST /v1/chat/completions model=${UNKNOWN_MODEL}`.length).trim();
  const what = `${code('POST /v1/chat/completions')} for a model not in the catalog${spoofed ? `, with the client setting ${code(spoofed)} itself` : ''}`;
  const d = s.decision;
  const policy = d.transformations.map((t) => t.split(UNKNOWN_MODEL).join('<unknown model>'));
  const steps = policy.map((t) => code(t)).join('; ');
  if (d.routed) return `- ${what}: **routed**, which must not happen: ${code(d.reason.split(UNKNOWN_MODEL).join('<unknown model>'))}`;
  const answer = d.route === undefined
    ? `no HTTPRoute rule matches, so agentgateway answers ${ROUTE_MISS_RESPONSE}`
    : d.response
      ? `answered by the gateway (HTTPRoute ${code(d.route)}): ${answerText(d.response)}`
      : `refused: ${code(d.reason.split(UNKNOWN_MODEL).join('<unknown model>'))}`;
  return `- ${what}: ${steps ? `${steps}; ` : ''}${answer}${header && !policy.length ? ` (no policy sets ${code(header)})` : ''}`;
}

/**
 * A Markdown routing report for a pull request, built from simulated requests: where
 * clients reach each Gateway, the totals (models, pods, GPUs), for each public model name
 * what a chat completion really does (header value, HTTPRoute, InferencePool, endpoint
 * picker, pods with replicas and GPUs), what a refused client receives, and a Mermaid
 * flowchart of the same paths.
 *
 * Names are shown verbatim but inert (code spans, Mermaid entity codes). Every line about a
 * model depends only on that model, and Mermaid node ids derive from object names, so adding
 * a model changes that model's lines and the totals only.
 */
export function routingReport(result: VerifyResult): string {
  const index = result.model.index;
  const owners = new Map(index.podTemplates.map((t) => [t.label, t.owner]));
  const lines: string[] = ['# Routing report', ''];
  const gateways = [...new Set(result.simulations.map((s) => s.decision.gateway))];
  if (!gateways.length) lines.push('No Gateway routes requests by model: nothing was simulated.', '');
  for (const gateway of gateways) {
    const sims = result.simulations.filter((s) => s.decision.gateway === gateway);
    const routed = sims.filter((x) => x.expect === 'route');
    const header = result.model.routingMaps.get(gateway)?.[0]?.header ?? '';
    const [ns, name] = gateway.split('/');
    const gw = index.get('gateway.networking.k8s.io/Gateway', ns, name);

    const workloads = new Map<string, any>();
    for (const s of routed) for (const p of s.decision.pods ?? []) workloads.set(p, owners.get(p));
    const pods = [...workloads.values()].reduce((n, w) => n + (w?.spec?.replicas ?? 1) * replicaShape(w).pods, 0);
    const gpus = [...workloads.values()].reduce((n, w) => n + (w?.spec?.replicas ?? 1) * replicaShape(w).gpus, 0);

    lines.push(`## Gateway ${code(gateway)}`, '', 'Clients reach it at:', '', ...endpointLines(result, gw), '');
    lines.push(`Totals: ${routed.filter((s) => s.decision.routed).length} of ${routed.length} model name(s) routed; ${workloads.size} workload(s), ${pods} pod(s), ${gpus} GPU(s) (replicas × GPUs per pod).`, '');
    lines.push(`Every row is a simulated ${code('POST /v1/chat/completions')} through this Gateway.`, '');
    lines.push(`| model (client ${cell('model')}) | ${cell(header)} | HTTPRoute | InferencePool | endpoint picker | pods | replicas | GPUs per pod |`);
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const s of routed) {
      const d = s.decision;
      const mine = (d.pods ?? []).map((p) => owners.get(p));
      lines.push(d.routed
        ? `| ${cell(s.model)} | ${cell(d.headers[header.toLowerCase()] ?? '')} | ${cell(d.route ?? '')} | ${cell(d.pool ?? '')} | ${cell(d.endpointPicker ?? '')} | ${(d.pods ?? []).map(cell).join(', ')} | ${mine.map((w) => w?.spec?.replicas ?? 1).join(', ')} | ${mine.map(gpusPerPod).join(', ')} |`
        : `| ${cell(s.model)} | not routed: ${cell(d.reason)} | | | | | | |`);
    }
    const answered = sims.some((x) => x.decision.response);
    lines.push('', answered
      ? `Refused, as they must be (here the gateway answers them itself; a request no HTTPRoute matches would get ${ROUTE_MISS_RESPONSE}):`
      : `Refused, as they must be (a request no HTTPRoute matches gets ${ROUTE_MISS_RESPONSE}):`, '');
    for (const s of sims.filter((x) => x.expect === 'no-route' && !OPENAI_PROBES.includes(x.probe))) lines.push(refusedLine(s, header));
    appendAll(lines, openAiLines(sims));

    lines.push('', '```mermaid', 'flowchart LR', `  client([client]) --> gw[${label(`Gateway ${gateway}`)}]`);
    const declared = new Set<string>();
    const declare = (id: string, text: string) => {
      if (declared.has(id)) return id;
      declared.add(id);
      return `${id}[${label(text)}]`;
    };
    for (const s of routed.filter((x) => x.decision.routed)) {
      const d = s.decision;
      const pool = mermaidId('pool', d.pool!);
      if (!declared.has(pool)) {
        lines.push(`  ${declare(pool, `InferencePool ${d.pool}`)} -. picks via .-> ${declare(mermaidId('epp', `${d.pool}/${d.endpointPicker}`), `EPP ${d.endpointPicker}`)}`);
        lines.push(`  ${pool} --> ${declare(mermaidId('pods', d.pool!), (d.pods ?? []).join(', '))}`);
      }
      const route = mermaidId('route', d.route!);
      if (!declared.has(route)) lines.push(`  ${declare(route, `HTTPRoute ${d.route}`)} --> ${pool}`);
      lines.push(`  gw -- ${label(`model: ${s.model}`)} --> ${route}`);
    }
    lines.push('```', '');
  }
  return lines.join('\n');
}
