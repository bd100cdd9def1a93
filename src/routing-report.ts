import { VerifyResult } from './verify/verify';

const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/i915', 'gpu.intel.com/xe', 'habana.ai/gaudi', 'google.com/tpu'];

/**
 * A Markdown routing report for a pull request, built from simulated requests: for each
 * public model name, what a chat completion really does (header value, HTTPRoute,
 * InferencePool, endpoint picker, pods with replicas and GPUs), the requests that are
 * refused and why, and a Mermaid flowchart of the same paths.
 */
export function routingReport(result: VerifyResult): string {
  const index = result.wiring.index;
  const owners = new Map(index.podTemplates.map((t) => [t.label, t.owner]));
  const lines: string[] = ['# Routing report', ''];
  const gateways = [...new Set(result.simulations.map((s) => s.decision.gateway))];
  if (!gateways.length) lines.push('No Gateway routes requests by model: nothing was simulated.', '');
  const code = (s: string | number | undefined) => (s === undefined || s === '' ? '—' : `\`${String(s).replace(/\|/g, '\\|').replace(/`/g, "'")}\``);
  const label = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  for (const gateway of gateways) {
    const sims = result.simulations.filter((s) => s.decision.gateway === gateway);
    const header = result.wiring.routingMaps.get(gateway)?.[0]?.header ?? '';
    const [ns, name] = gateway.split('/');
    const gw = index.get('gateway.networking.k8s.io/Gateway', ns, name);
    const listeners = (gw?.spec?.listeners ?? []).map((l: any) => `${l.name} ${l.protocol}:${l.port}`).join(', ');
    lines.push(`## Gateway \`${gateway}\``, '', `Listeners: ${listeners}. Every row is a simulated \`POST /v1/chat/completions\` through this Gateway.`, '');
    lines.push(`| model (client \`model\`) | \`${header}\` | HTTPRoute | InferencePool | endpoint picker | pods | replicas | GPUs per pod |`);
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const s of sims.filter((x) => x.expect === 'route')) {
      const d = s.decision;
      const workloads = (d.pods ?? []).map((p) => owners.get(p));
      const replicas = workloads.map((w) => w?.spec?.replicas ?? 1).join(', ');
      const gpus = workloads.map((w) => (w?.spec?.template?.spec?.containers ?? [])
        .reduce((n: number, c: any) => n + GPU_RESOURCES.reduce((m, r) => m + Number(c.resources?.limits?.[r] ?? 0), 0), 0)).join(', ');
      lines.push(d.routed
        ? `| ${code(s.model)} | ${code(d.headers[header.toLowerCase()])} | ${code(d.route)} | ${code(d.pool)} | ${code(d.endpointPicker)} | ${(d.pods ?? []).map(code).join(', ')} | ${replicas} | ${gpus} |`
        : `| ${code(s.model)} | not routed: ${d.reason.replace(/\|/g, '\\|')} | | | | | | |`);
    }
    lines.push('', 'Refused, as they must be:', '');
    for (const s of sims.filter((x) => x.expect === 'no-route')) {
      lines.push(`- \`${s.request}\`: ${s.decision.routed ? `**routed** (${s.decision.reason})` : s.decision.reason}`);
    }
    lines.push('', '```mermaid', 'flowchart LR', `  client([client]) --> gw[${label(`Gateway ${gateway}`)}]`);
    const pools = new Map<string, number>();
    sims.filter((x) => x.expect === 'route' && x.decision.routed).forEach((s, i) => {
      const d = s.decision;
      if (!pools.has(d.pool!)) {
        const p = pools.size;
        pools.set(d.pool!, p);
        lines.push(`  p${p}[${label(`InferencePool ${d.pool}`)}] -. picks via .-> e${p}[${label(`EPP ${d.endpointPicker}`)}]`);
        lines.push(`  p${p} --> d${p}[${label((d.pods ?? []).join(', '))}]`);
      }
      lines.push(`  gw -- ${label(`model: ${s.model}`)} --> r${i}[${label(`HTTPRoute ${d.route}`)}] --> p${pools.get(d.pool!)}`);
    });
    lines.push('```', '');
  }
  return lines.join('\n');
}
