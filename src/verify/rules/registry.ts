import { editDistance } from '../../util/text';
import { CONTAINER_ARG_EXPANSION_RULE } from './container-arg-expansion';
import { CONTAINER_ARGS_NULL_RULE } from './container-args-null';
import { CRD_CEL_COST_RULE } from './crd-cel-cost';
import { DUPLICATE_OBJECT_RULE } from './duplicate-object';
import { ENDPOINT_PICKER_RULES } from './endpoint-picker';
import { ENDPOINT_PICKER_PROFILE_RULES } from './endpoint-picker-profile';
import { ENDPOINT_PICKER_HA_RULES } from './endpoint-picker-ha';
import { NETWORKPOLICY_RULES } from './networkpolicy';
import { GATEWAY_LISTENER_RULES } from './gateway-listener';
import { GATEWAY_DATA_PLANE_RULES } from './gateway-data-plane';
import { GATEWAY_ROUTING_HEADER_RULE } from './gateway-routing-header';
import { CLIENT_HEADERS_RULE } from './client-headers';
import { APIKEY_SECRET_NAMESPACE_RULE, APIKEY_SECRET_VALUES_RULE, POLICY_TIMEOUT_RULE, TOKEN_LIMIT_RULE } from './edge-policies';
import { HTTPROUTE_BACKEND_RULES } from './httproute-backend';
import { HTTPROUTE_BACKEND_SERVICE_RULES } from './httproute-backend-service';
import { HTTPROUTE_PARENT_RULES } from './httproute-parent';
import { HTTPROUTE_REGEX } from './httproute-regex';
import { INFERENCEPOOL_RULES } from './inferencepool';
import { MANIFEST_READABLE_RULE } from './manifest-readable';
import { NAME_ROUTING_RULES } from './name-routing';
import { METADATA_RULES } from './metadata';
import { OPENAI_SURFACE_RULES } from './openai-surface';
import { OPENSHIFT_GATEWAY_API_RULES } from './openshift-gateway-api';
import { OPENSHIFT_ROUTE_RULES } from './openshift-route';
import { POLICY_CEL_RULES } from './policy-cel';
import { POLICY_REFERENCE_RULE } from './policy-reference';
import { PROFILE_RULES } from './profile';
import { PROFILE_DEFECT_RULES } from './profile-defects';
import { PROFILE_IMAGE_RULES } from './profile-images';
import { REQUEST_RULES } from './requests';
import { ROUTE_HIJACK_RULE } from './route-hijack';
import { ROUTING_POLICY_RULES } from './routing-policy';
import { Rule } from './rule';
import { SCHEMA_RULES } from './schema';
import { VERIFY_IGNORE_RULE } from './verify-ignore';
import { VLLM_PROFILE_RULES } from './vllm-profile';
import { WORKLOAD_PARALLELISM_RULE } from './workload-parallelism';
import { WORKLOAD_STORAGE_RULES } from './workload-storage';
import { INFERENCEPOOL_LWS_WORKERS_RULE } from './inferencepool-lws-workers';
import { VLLM_MULTI_NODE_VERSION_RULE } from './vllm-multi-node';
import { LEADERWORKERSET_STARTUP_RULE } from './leaderworkerset-startup';
import { WORKLOAD_ROLLOUT_RULES } from './workload-rollout';
import { VLLM_FLAGS_RULE } from './vllm-flags';
import { VLLM_ACCELERATOR_IMAGE_RULE, VLLM_LORA_ENABLED_RULE } from './vllm-accelerator-image';
import { CONTAINER_PROBE_PORT_NAME_RULE, SERVICE_TARGET_PORT_NAME_RULE } from './workload-ports';
import { MONITORING_RULES } from './monitoring';

/**
 * Every rule `verify` runs, in the order it runs them within a phase (object, graph, request).
 * Adding a rule: write it in its own file (or its family's), list it here, add a failing and
 * a passing fixture under test/rules/<id>/, and run `npm run rules-doc`.
 */
export const RULES: readonly Rule[] = [
  MANIFEST_READABLE_RULE,
  ...SCHEMA_RULES,
  // What the OpenShift platform owns (object phase: after the schemas).
  ...OPENSHIFT_GATEWAY_API_RULES,
  ...METADATA_RULES,
  VERIFY_IGNORE_RULE,
  DUPLICATE_OBJECT_RULE,
  ...HTTPROUTE_PARENT_RULES,
  ...HTTPROUTE_BACKEND_RULES,
  HTTPROUTE_REGEX,
  ...HTTPROUTE_BACKEND_SERVICE_RULES,
  ...GATEWAY_LISTENER_RULES,
  ...GATEWAY_DATA_PLANE_RULES,
  ...INFERENCEPOOL_RULES,
  INFERENCEPOOL_LWS_WORKERS_RULE,
  ...ENDPOINT_PICKER_RULES,
  ...ENDPOINT_PICKER_HA_RULES,
  ...NETWORKPOLICY_RULES,
  SERVICE_TARGET_PORT_NAME_RULE,
  CONTAINER_PROBE_PORT_NAME_RULE,
  ...MONITORING_RULES,
  WORKLOAD_PARALLELISM_RULE,
  ...WORKLOAD_STORAGE_RULES,
  LEADERWORKERSET_STARTUP_RULE,
  ...WORKLOAD_ROLLOUT_RULES,
  VLLM_FLAGS_RULE,
  VLLM_ACCELERATOR_IMAGE_RULE,
  VLLM_LORA_ENABLED_RULE,
  ...ROUTING_POLICY_RULES,
  ...NAME_ROUTING_RULES,
  ...POLICY_CEL_RULES,
  POLICY_REFERENCE_RULE,
  GATEWAY_ROUTING_HEADER_RULE,
  CLIENT_HEADERS_RULE,
  APIKEY_SECRET_VALUES_RULE,
  APIKEY_SECRET_NAMESPACE_RULE,
  TOKEN_LIMIT_RULE,
  POLICY_TIMEOUT_RULE,
  ...OPENSHIFT_ROUTE_RULES,
  CONTAINER_ARG_EXPANSION_RULE,
  CONTAINER_ARGS_NULL_RULE,
  // Known defects, images and flags judged by the chosen stack profile.
  ...PROFILE_DEFECT_RULES,
  CRD_CEL_COST_RULE,
  ...PROFILE_IMAGE_RULES,
  ...ENDPOINT_PICKER_PROFILE_RULES,
  ...VLLM_PROFILE_RULES,
  VLLM_MULTI_NODE_VERSION_RULE,
  // One profile per set: last of the graph rules, after the rules that judge one sign each.
  ...PROFILE_RULES,
  // Before the other request rules: a hijacked model request is reported as such, not as a failed request.
  ROUTE_HIJACK_RULE,
  ...REQUEST_RULES,
  // What the gateway answers itself: GET /v1/models and the OpenAI errors (issue 11).
  ...OPENAI_SURFACE_RULES,
];

const PHASES = ['object', 'graph', 'request'] as const;

/** The rules in the order they run: by phase, then registry order. */
export function rulesInRunOrder(rules: readonly Rule[] = RULES): Rule[] {
  return PHASES.flatMap((phase) => rules.filter((r) => (r.phase ?? 'graph') === phase));
}

/** The rule with `id`, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** `unknown rule '<id>' (did you mean '<near>'? --list-rules shows them all)`, for a bad id. */
export function unknownRuleMessage(id: string): string {
  const near = RULES.map((r) => ({ id: r.id, d: editDistance(id, r.id) })).sort((a, b) => a.d - b.d)[0];
  return `unknown rule '${id}'${near && near.d <= Math.max(2, Math.floor(id.length / 4)) ? ` (did you mean '${near.id}'?)` : ''}; verify --list-rules shows them all`;
}

/**
 * The rules that run: those enabled by default, minus `disable`, plus `enable` (ids, or lists
 * of ids separated by commas). Throws a sentence for an unknown id or one both enabled and
 * disabled.
 */
export function selectRules(disable: readonly string[] = [], enable: readonly string[] = []): Rule[] {
  const split = (ids: readonly string[]) => ids.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  const off = new Set(split(disable));
  const on = new Set(split(enable));
  for (const id of [...off, ...on]) if (!ruleById(id)) throw new Error(unknownRuleMessage(id));
  for (const id of off) if (on.has(id)) throw new Error(`rule '${id}' is both enabled and disabled; keep one of --enable ${id} and --disable ${id}`);
  return rulesInRunOrder(RULES.filter((r) => !off.has(r.id) && (r.enabledByDefault !== false || on.has(r.id))));
}
