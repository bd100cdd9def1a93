import { EndpointPicker } from './endpoint-picker';
import { formatDuration } from './units';
import { ModelGateway } from './model-gateway';

/**
 * A Markdown routing report for a pull request: a table from each public model name to the
 * header value, HTTPRoute, InferencePool, endpoint picker and Deployment, and a Mermaid
 * flowchart of the same paths.
 */
export function routingReport(mg: ModelGateway): string {
  const gw = mg.gateway;
  const header = gw.routingPolicy.headerName;
  const lines: string[] = [];
  lines.push('# Routing report', '');
  lines.push(`Gateway \`${gw.namespace}/${gw.name}\` (listener \`${gw.listenerName}\`, port ${gw.port}, platform ${gw.platform}). ` +
    `Policy \`${gw.namespace}/${gw.name}-bbr\` sets \`${header}\` from the request body's \`model\`; ` +
    `each HTTPRoute matches that header exactly (request timeout ${formatDuration(gw.requestTimeout)}). ` +
    'A model not listed here matches no route.', '');
  lines.push(`| model (client \`model\`) | \`${header}\` | HTTPRoute | InferencePool | endpoint picker | Deployment | replicas | GPUs per pod |`);
  lines.push('|---|---|---|---|---|---|---|---|');
  const cell = (s: string) => `\`${s.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
  for (const m of mg.models) {
    const ns = m.namespace;
    lines.push(`| ${cell(m.modelName)} | ${cell(m.headerValue)} | ${cell(`${ns}/${m.poolName}`)} | ${cell(`${ns}/${m.poolName}`)} | ` +
      `${cell(`${m.endpointPicker.name}:${EndpointPicker.EXT_PROC_PORT}`)} | ${cell(`${ns}/${m.server.name}`)} | ${m.server.replicas} | ${m.server.gpus} |`);
  }
  lines.push('', '```mermaid', 'flowchart LR');
  const label = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  lines.push(`  client([client]) --> gw[${label(`Gateway ${gw.namespace}/${gw.name}:${gw.port}`)}]`);
  mg.models.forEach((m, i) => {
    lines.push(`  gw -- ${label(`${header}: ${m.headerValue}`)} --> r${i}[${label(`HTTPRoute ${m.poolName}`)}]`);
    lines.push(`  r${i} --> p${i}[${label(`InferencePool ${m.poolName}`)}]`);
    lines.push(`  p${i} -. picks via .-> e${i}[${label(`EPP ${m.endpointPicker.name}`)}]`);
    lines.push(`  p${i} --> d${i}[${label(`vLLM ${m.server.name} x${m.server.replicas}`)}]`);
  });
  lines.push('```', '');
  return lines.join('\n');
}
