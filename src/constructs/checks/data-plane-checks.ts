import { Problem, problem, quoted } from './problem';
import { DataPlaneSecurity, GatewayServiceType } from '../../profiles/data-plane';
import { Platform } from '../platform';

/** The gateway's data-plane choices {@link checkDataPlaneOptions} checks. */
export interface DataPlaneSettings {
  readonly platform: Platform;
  readonly dataPlaneSecurity?: DataPlaneSecurity;
  readonly serviceType?: GatewayServiceType;
}

/**
 * Problems of the data-plane choices: `dataPlaneSecurity` is about OpenShift's SCCs, so it is
 * refused on plain Kubernetes (there, removing the fixed UID would leave the proxy to the
 * image's user, which `runAsNonRoot` may refuse); unknown enum values are refused everywhere.
 */
export function checkDataPlaneOptions(s: DataPlaneSettings): Problem[] {
  const problems: Problem[] = [];
  if (s.dataPlaneSecurity !== undefined && !Object.values(DataPlaneSecurity).includes(s.dataPlaneSecurity)) {
    problems.push(problem('dataPlaneSecurity', quoted(String(s.dataPlaneSecurity)), `must be one of ${Object.values(DataPlaneSecurity).join(', ')}, got ${quoted(String(s.dataPlaneSecurity))}`));
  } else if (s.dataPlaneSecurity !== undefined && s.platform !== Platform.OPENSHIFT) {
    problems.push(problem('dataPlaneSecurity', quoted(s.dataPlaneSecurity),
      `is ${quoted(s.dataPlaneSecurity)}, a choice between OpenShift security context constraints, but the platform is ${quoted(s.platform)}`,
      'remove it (plain Kubernetes runs the data plane as the controller generates it), or set platform: openshift'));
  }
  if (s.serviceType !== undefined && !Object.values(GatewayServiceType).includes(s.serviceType)) {
    problems.push(problem('serviceType', quoted(String(s.serviceType)), `must be one of ${Object.values(GatewayServiceType).join(', ')}, got ${quoted(String(s.serviceType))}`));
  }
  return problems;
}
