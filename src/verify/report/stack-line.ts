import { describeObject } from '../model/assume';
import { ProfileEvidence, StackChoice } from '../model/stack';

/** Signs named on the profile line; the rest are counted. */
const SHOWN_SIGNS = 3;

/** `Gateway llm-d/inference-gateway has class agentgateway` for each object showing `profile`, first sign each. */
export function signsOf(stack: StackChoice, profile = stack.profile): ProfileEvidence[] {
  const seen = new Set<any>();
  return stack.evidence.filter((e) => e.profile === profile && !seen.has(e.object) && seen.add(e.object));
}

/** Why the profile was chosen: the flag, the signs (up to three objects), or the default. */
export function profileReason(stack: StackChoice): string {
  if (stack.chosenBy === 'flag') return '--profile';
  if (stack.chosenBy === 'default') return 'the default: no profile-specific objects';
  const signs = signsOf(stack);
  const shown = signs.slice(0, SHOWN_SIGNS).map((e) => `${describeObject(e.object)} has ${e.reason}`).join(', ');
  return `detected: ${shown}${signs.length > SHOWN_SIGNS ? ` and ${signs.length - SHOWN_SIGNS} more object(s)` : ''}`;
}

/** The platform as stated or shown: `openshift 4.19 (--openshift-version)`, or undefined when neither. */
export function platformText(stack: StackChoice): string | undefined {
  if (!stack.platform) return undefined;
  const how = stack.platformChosenBy === 'flag' ? (stack.openshiftVersion ? '--openshift-version' : '--platform') : 'detected: Routes or SCC grants';
  return `${stack.platform}${stack.openshiftVersion ? ` ${stack.openshiftVersion}` : ''} (${how})`;
}

/**
 * The text report's stack line: `profile: upstream-2026-08 (detected: ...)`, then the
 * platform when declared or shown.
 */
export function stackLine(stack: StackChoice): string {
  const platform = platformText(stack);
  return `profile: ${stack.profile} (${profileReason(stack)})${platform ? `; platform: ${platform}` : ''}`;
}
