import { DEFAULT_PROFILE, PROFILE_NAMES, PROFILES, SUPERSEDED_OBJECTIVE_GROUP } from '../../profiles/profiles';
import { groupOf } from '../model/object-index';
import { pickerName } from './endpoint-picker-profile';
import { facts, underProfile } from './profile-containers';
import { finding, Rule } from './rule';

const AGENTGATEWAY_GROUP = 'agentgateway.dev';
const CRD = 'apiextensions.k8s.io/CustomResourceDefinition';

/**
 * The profile's agentgateway CRDs are refused by newer Kubernetes (ProfileFacts.agentgateway.crdDefect):
 * reported once per set that uses agentgateway.dev kinds. When the manifests carry the
 * agentgateway CRDs themselves, `crd-cel-cost` judges those instead.
 */
export const AGENTGATEWAY_CRDS_KUBERNETES_RULE: Rule = {
  id: 'agentgateway-crds-kubernetes-version',
  summary: 'The agentgateway CRDs of the chosen profile install on current Kubernetes (a warning for rhdev-2026-03, whose CRDs Kubernetes 1.37 rejects).',
  severity: 'warning',
  category: 'schema',
  appliesTo: ['AgentgatewayPolicy', 'AgentgatewayBackend', 'AgentgatewayParameters'],
  // About the objects' kinds, not their links: reported on the first even when the schema check refused it.
  phase: 'object',
  remediation: 'Stay below the Kubernetes release named, or move to a profile whose agentgateway CRDs are accepted (upstream-2026-08).',
  rationale: 'The kgateway v2.2.0-beta.3 agentgateway CRDs of rhdev-2026-03 call matches() on strings without maxLength; Kubernetes 1.37 enforces the CEL cost budget and rejects them, so no agentgateway.dev object of this set can be applied there. agentgateway v1.4.0 and later CRDs are accepted.',
  *check(ctx) {
    const f = facts(ctx).agentgateway;
    const defect = f.crdDefect;
    if (!defect) return;
    const first = ctx.model.index.objects.find((o) => o && typeof o === 'object' && groupOf(o.apiVersion) === AGENTGATEWAY_GROUP);
    if (!first) return;
    if (ctx.model.index.all(CRD).some((c) => c?.spec?.group === AGENTGATEWAY_GROUP)) return;
    const count = ctx.model.index.objects.filter((o) => o && typeof o === 'object' && groupOf(o.apiVersion) === AGENTGATEWAY_GROUP).length;
    yield finding(first, 'apiVersion',
      `${underProfile(ctx)} installs the ${f.release} agentgateway CRDs, which Kubernetes ${defect.rejectedFromKubernetes} and later reject (${defect.reason}): ${count === 1 ? `this ${first.kind} cannot` : `this ${first.kind} and the other ${count - 1} agentgateway.dev object(s) cannot`} be applied there`,
      `stay below Kubernetes ${defect.rejectedFromKubernetes}, or move to profile ${DEFAULT_PROFILE} (${PROFILES[DEFAULT_PROFILE].agentgateway.release}; CRDs fixed in ${defect.fixedIn})`);
  },
};

/** InferenceObjective / InferenceModelRewrite in the group llm-d-router ignores and GAIE v1.6 removed. */
export const INFERENCE_OBJECTIVE_GROUP_RULE: Rule = {
  id: 'inferenceobjective-superseded-group',
  summary: `InferenceObjectives and InferenceModelRewrites are not in ${SUPERSEDED_OBJECTIVE_GROUP.group}, which the endpoint picker ignores once the ${SUPERSEDED_OBJECTIVE_GROUP.by} CRDs exist (a warning under rhdev-2026-03, which uses it).`,
  severity: 'warning',
  category: 'wiring',
  appliesTo: [...SUPERSEDED_OBJECTIVE_GROUP.kinds],
  phase: 'graph',
  remediation: `Keep the GAIE v1.3 CRDs and picker while on rhdev-2026-03; on upstream-2026-08 write them in ${SUPERSEDED_OBJECTIVE_GROUP.by}/v1alpha2.`,
  rationale: `llm-d-router (the endpoint picker since GAIE v1.5) reads ${SUPERSEDED_OBJECTIVE_GROUP.by} objectives and rewrites and silently ignores the ${SUPERSEDED_OBJECTIVE_GROUP.group} ones as soon as the ${SUPERSEDED_OBJECTIVE_GROUP.by} CRDs are installed; ${SUPERSEDED_OBJECTIVE_GROUP.crdsRemovedIn} removed their CRDs. Priorities and rewrites then stop applying without an error.`,
  *check(ctx) {
    // Only a profile that itself writes them in the superseded group: elsewhere they are a sign of another profile (profile-consistent).
    if (facts(ctx).objectiveGroup !== SUPERSEDED_OBJECTIVE_GROUP.group) return;
    for (const kind of SUPERSEDED_OBJECTIVE_GROUP.kinds) {
      for (const o of ctx.model.index.all(`${SUPERSEDED_OBJECTIVE_GROUP.group}/${kind}`)) {
        yield finding(o, 'apiVersion',
          `${kind} in ${o.apiVersion} is read by ${pickerName(facts(ctx).endpointPicker)} of ${underProfile(ctx)}, but llm-d-router (the picker since GAIE v1.5) ignores it once the ${SUPERSEDED_OBJECTIVE_GROUP.by} CRDs are installed, and ${SUPERSEDED_OBJECTIVE_GROUP.crdsRemovedIn} removed its CRD`,
          `when moving to profile ${DEFAULT_PROFILE}, write it as ${SUPERSEDED_OBJECTIVE_GROUP.by}/v1alpha2 ${kind}`);
      }
    }
  },
};

/**
 * A Gateway whose class is another profile's GatewayClass, when the profile was declared: the
 * profile's agentgateway creates only its own class, so the Gateway is never programmed. When
 * the profile was detected from the objects, the class is a sign of a mixed set, which
 * `profile-consistent` reports instead.
 */
export const GATEWAY_CLASS_PROFILE_RULE: Rule = {
  id: 'gateway-class-profile',
  summary: 'A Gateway of a declared profile uses that profile\'s GatewayClass, or a GatewayClass in the manifests.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Gateway'],
  phase: 'graph',
  remediation: 'Set spec.gatewayClassName to the profile\'s GatewayClass (agentgateway for upstream-2026-08, agentgateway-v2 for rhdev-2026-03).',
  rationale: 'agentgateway v1.x creates the GatewayClass agentgateway; kgateway\'s v2.2.0-beta.3 chart created agentgateway-v2. A Gateway naming the other class is never programmed: it gets no address and routes nothing, with no error anywhere.',
  *check(ctx) {
    if (ctx.stack.chosenBy !== 'flag') return;
    const own = facts(ctx);
    const others = new Map(PROFILE_NAMES.filter((p) => PROFILES[p].gatewayClass !== own.gatewayClass).map((p) => [PROFILES[p].gatewayClass, p]));
    for (const gw of ctx.model.index.all('gateway.networking.k8s.io/Gateway')) {
      const cls = gw?.spec?.gatewayClassName;
      if (typeof cls !== 'string' || !others.has(cls)) continue;
      if (ctx.model.index.get('gateway.networking.k8s.io/GatewayClass', undefined, cls)) continue;
      yield finding(gw, 'spec.gatewayClassName',
        `gatewayClassName '${cls}' is the GatewayClass of profile ${others.get(cls)}, but ${underProfile(ctx)} installs ${own.agentgateway.release}, whose GatewayClass is '${own.gatewayClass}': the Gateway is never programmed`,
        `set spec.gatewayClassName: ${own.gatewayClass}`);
    }
  },
};

/** Known defects and mismatches of the chosen profile that concern whole sets or their Gateways. */
export const PROFILE_DEFECT_RULES: Rule[] = [AGENTGATEWAY_CRDS_KUBERNETES_RULE, INFERENCE_OBJECTIVE_GROUP_RULE, GATEWAY_CLASS_PROFILE_RULE];
