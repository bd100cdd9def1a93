import { allows, templatePath } from '../model/containers';
import { keyOf, list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { PROFILES, StackProfile } from '../../profiles/profiles';
import { isPickerContainer } from './endpoint-picker';
import { finding, Rule, RuleContext } from './rule';

// Endpoint picker high availability. Both pinned pickers (GAIE v1.3.0 and llm-d-router v0.10.0)
// elect a leader with `--ha-enable-leader-election` over a coordination.k8s.io Lease; only the
// leader schedules and passes the `readiness` (and `inference-extension`) gRPC health checks,
// every replica passes `liveness` (cmd/epp/runner/health.go @a93ccb58ad27 and @71f4f0999f95).

const LEADER_ELECTION = /^--?ha-enable-leader-election(=.*)?$/s;
const LEASE_VERBS = ['get', 'create', 'update'];

/** Each picker container of a Deployment, with its template and path. */
function* pickerDeployments(ctx: RuleContext): Iterable<{ t: PodTemplate; container: any; path: string; replicas: number; election: boolean }> {
  for (const t of ctx.model.index.podTemplates) {
    if (t.owner?.kind !== 'Deployment' || ctx.rejected(t.owner)) continue;
    const at = list(t.spec?.containers).findIndex(isPickerContainer);
    if (at < 0) continue;
    const container = t.spec.containers[at];
    const replicas = t.owner.spec?.replicas ?? 1;
    // A boolean Go flag: `-`/`--`, bare or `=true` (the last occurrence wins); it never takes the next argument.
    const given = [...list(container.command), ...list(container.args)].map(String).filter((a) => LEADER_ELECTION.test(a));
    const election = given.length > 0 && !/=(false|0|f|F|FALSE|False)$/.test(given[given.length - 1]);
    yield { t, container, path: `${templatePath(t)}spec.containers[${at}]`, replicas: typeof replicas === 'number' ? replicas : 1, election };
  }
}

/** The flag, the same in both profiles' pickers. */
const flagName = PROFILES[StackProfile.UPSTREAM_2026_08].endpointPicker.leaderElection.flag;

/** Endpoint pickers with more than one replica. */
export const ENDPOINT_PICKER_HA_RULES: Rule[] = [
  {
    id: 'endpoint-picker-leader-election',
    summary: `An endpoint picker Deployment with more than one replica passes ${flagName}.`,
    severity: 'warning',
    category: 'routing',
    appliesTo: ['Deployment'],
    remediation: `Add ${flagName} to the picker's args (with a Role for coordination.k8s.io Leases), or run one replica.`,
    rationale: 'Without leader election every replica is ready and the Service spreads the gateway\'s calls over them: each schedules on its own prefix-cache index and queue view, so prefix-cache hits drop and load is judged on half the traffic. Routing still works, so this is a warning.',
    *check(ctx) {
      for (const p of pickerDeployments(ctx)) {
        if (p.replicas <= 1 || p.election) continue;
        yield finding(p.t.owner, `${p.path}.args`, `runs ${p.replicas} replicas without ${flagName}: each schedules independently, with its own prefix-cache state`, `add ${flagName} and a Role granting get, create, update on leases (coordination.k8s.io), or set replicas: 1`);
      }
    },
  },
  {
    id: 'endpoint-picker-lease-rbac',
    summary: `An endpoint picker that elects a leader (${flagName}) may get, create and update Leases in its namespace, and probes liveness on the "liveness" gRPC service.`,
    severity: 'error',
    category: 'wiring',
    appliesTo: ['Deployment'],
    remediation: 'Bind a Role granting get, create, update (and list, watch, patch, delete) on leases in coordination.k8s.io to the picker\'s ServiceAccount; probe liveness with gRPC service "liveness" and readiness with "readiness".',
    rationale: 'Without the Lease no replica becomes leader, no replica is ready, and every request to the pool fails. With leader election the `inference-extension` health service passes on the leader only: as a liveness probe it restarts every standby forever.',
    *check(ctx) {
      for (const p of pickerDeployments(ctx)) {
        if (!p.election) continue;
        const sa = p.t.spec.serviceAccountName ?? 'default';
        const rules = ctx.model.rulesFor(p.t.namespace, sa);
        const missing = LEASE_VERBS.filter((verb) => !rules.some((r) => allows(r, 'coordination.k8s.io', 'leases', verb)));
        if (missing.length) {
          yield finding(p.t.owner, `${templatePath(p.t)}spec.serviceAccountName`, `elects a leader (${flagName}), but ServiceAccount ${p.t.namespace}/${sa} lacks ${missing.join(', ')} on leases (coordination.k8s.io): no replica becomes leader or ready, so the pool's requests fail`, `bind a Role granting get, list, watch, create, update, patch, delete on leases in coordination.k8s.io to ServiceAccount ${sa} in ${p.t.namespace}`);
        }
        const liveness = p.container.livenessProbe?.grpc;
        if (liveness && (liveness.service ?? '') !== 'liveness') {
          yield finding(p.t.owner, `${p.path}.livenessProbe.grpc.service`, `is '${liveness.service ?? ''}' on a picker that elects a leader: that service passes on the leader only, so the kubelet restarts every standby replica of ${keyOf(p.t.owner)}`, 'set livenessProbe.grpc.service: liveness (and readinessProbe.grpc.service: readiness)');
        }
      }
    },
  },
];
