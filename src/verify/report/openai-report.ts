import { codeSpan } from '../../util/markdown';
import type { Simulation } from '../simulator/requests';
import { UNKNOWN_ID } from '../simulator/openai-requests';

const code = (s: string) => codeSpan(s, false);

/** The probes of what the gateway answers itself (simulator/openai-requests.ts). */
export const OPENAI_PROBES: readonly Simulation['probe'][] = ['listing', 'model-by-id', 'unknown-by-id', 'not-json', 'no-model'];

/** A direct response as a report shows it: status and body, the body cut at `max` characters. */
export function answerText(r: { status: number; body: string }, max = 240): string {
  const body = r.body.length > max ? `${r.body.slice(0, max)}… (${r.body.length} characters)` : r.body;
  return `HTTP ${r.status} ${code(body)}`;
}

/**
 * The report's lines for the requests the gateway answers itself: `GET /v1/models`, one model
 * by id, an unknown id, a body that is not JSON, one without `model`; none when the Gateway
 * answers nothing itself.
 */
export function openAiLines(sims: readonly Simulation[]): string[] {
  const mine = sims.filter((s) => OPENAI_PROBES.includes(s.probe));
  if (!mine.length) return [];
  const lines = ['', 'Answered by the gateway itself, in OpenAI\'s shapes (no model pod is involved):', ''];
  // Each line depends on one name at most (adding a model adds its line only), and the
  // verifier's own probe name is shown as <unknown model>.
  const shown = (t: string) => t.split(UNKNOWN_ID).join('<unknown model>');
  for (const s of mine) {
    const d = s.decision;
    const r = d.response;
    const what = r
      ? `${s.probe === 'listing' ? `HTTP ${r.status}, ${code('{"object":"list","data":[…]}')} naming every model above` : answerText(r)} (AgentgatewayPolicy ${code(r.policy)} on HTTPRoute ${code(d.route ?? '')})`
      : s.servedIds
        ? `served by the static model-listing server behind HTTPRoute ${code(d.route ?? '')}`
        : code(shown(d.reason));
    lines.push(`- ${code(shown(s.request))}: ${what}`);
  }
  return lines;
}
