import { PROFILE_NAMES, PROFILES, StackProfile } from '../../profiles/profiles';
import { Problem, problem, quoted } from './problem';

/**
 * Problems of a GatewayClass name under `profile`: the class another profile's agentgateway
 * creates is never programmed by this profile's controller, so the Gateway would sit
 * unaccepted without an error anywhere. Other names (a class of one's own) pass.
 */
export function checkClassName(className: string, profile: StackProfile): Problem[] {
  const own = PROFILES[profile];
  if (className === own.gatewayClass) return [];
  const other = PROFILE_NAMES.map((p) => PROFILES[p]).find((f) => f.gatewayClass === className);
  if (!other) return [];
  return [problem('className', quoted(className), `${quoted(className)} is the GatewayClass of profile '${other.name}' and is never programmed by ${own.agentgateway.release}, which creates ${quoted(own.gatewayClass)}`,
    `use className ${quoted(own.gatewayClass)} (or leave it out), or choose profile '${other.name}'`)];
}
