import { EndpointPickerFacts, PICKER_FLAG_HISTORY, PROFILE_NAMES, PROFILES } from '../../profiles/profiles';
import { MANIFEST_YAML_LIMITS, parseYamlDocuments } from '../../util/yaml';
import { goFlagValue } from '../model/containers';
import { list } from '../model/object-access';
import { facts, imageUses, isEndpointPicker, profileSeverity, underProfile } from './profile-containers';
import { finding, Finding, Rule, RuleContext } from './rule';

/** `the llm-d-router v0.10.0 endpoint picker`. */
export function pickerName(ep: EndpointPickerFacts): string {
  return `the ${ep.line === 'gaie' ? 'GAIE' : 'llm-d-router'} ${ep.version} endpoint picker`;
}

/** A flag as written in an argument (`--a=b`, `-a`), without its value; undefined for a non-flag. */
export function flagName(arg: string): string | undefined {
  const m = /^--?([A-Za-z][\w.-]*)(?:=.*)?$/s.exec(arg);
  return m ? `--${m[1]}` : undefined;
}

/** How a flag breaks, from PICKER_FLAG_HISTORY. */
function history(flag: string) {
  return PICKER_FLAG_HISTORY.find((h) => h.flags.some((f) => (h.prefix ? flag.startsWith(f) : flag === f)));
}

/** Most arguments read per container: a longer list is judged by its first ones. */
const MAX_ARGS = 1000;

/**
 * Flags and environment variables of endpoint picker containers that the chosen profile's
 * picker refuses (it exits at start), will refuse after an upgrade, or ignores.
 */
export const ENDPOINT_PICKER_FLAGS_RULE: Rule = {
  id: 'endpoint-picker-flags',
  summary: 'An endpoint picker is given no flag its profile\'s picker refuses (deprecated metric flags, --model-server-metrics-*) and no environment variable it ignores.',
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'Pod'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Remove the flag and configure metrics in the EndpointPickerConfig; replace an ignored environment variable by the config setting that replaced it.',
  rationale: 'The deprecated metric flags are fatal from GAIE v1.4.0 and in every llm-d-router release, and llm-d-router v0.10.0 removed --model-server-metrics-*: the picker exits at start and the pool serves nothing. Under rhdev-2026-03 (GAIE v1.3.0 accepts them) they are a warning: the next picker upgrade breaks. ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER is ignored by llm-d-router, so flow control silently stays off.',
  *check(ctx) {
    const ep = facts(ctx).endpointPicker;
    for (const use of imageUses(ctx)) {
      if (!isEndpointPicker(use)) continue;
      yield* flagFindings(ctx, use.template.owner, use.path, use.container, ep);
      // Which picker reads the environment is known only when a profile was declared or shown.
      if (ctx.stack.chosenBy === 'default') continue;
      for (const [i, e] of list(use.container.env).entries()) {
        const name = e?.name;
        if (typeof name !== 'string' || !Object.hasOwn(ep.ignoredEnv, name)) continue;
        yield finding(use.template.owner, `${use.path}.env[${i}].name`,
          `environment variable ${name} is ignored by ${pickerName(ep)} of ${underProfile(ctx)}: it was removed, so the setting silently does nothing`,
          `remove ${name} and use ${ep.ignoredEnv[name]}`, 'warning');
      }
    }
  },
};

function* flagFindings(ctx: RuleContext, owner: any, path: string, container: any, ep: EndpointPickerFacts): Iterable<Finding> {
  const seen = new Set<string>();
  let read = 0;
  for (const field of ['command', 'args'] as const) {
    for (const [i, raw] of list(container?.[field]).entries()) {
      if (++read > MAX_ARGS) return;
      const flag = typeof raw === 'string' ? flagName(raw) : undefined;
      if (!flag || seen.has(flag)) continue;
      const fatal = ep.fatalFlags.includes(flag) || ep.fatalFlagPrefixes.some((p) => flag.startsWith(p));
      const deprecated = !fatal && ep.deprecatedFlags.includes(flag);
      if (!fatal && !deprecated) continue;
      seen.add(flag);
      const h = history(flag);
      const breaks = h?.breaks ?? 'no longer accepted';
      const fix = h?.fix ?? `remove ${flag}`;
      const severity = fatal ? profileSeverity(ctx) : 'warning';
      if (!severity) continue;
      yield fatal
        ? finding(owner, `${path}.${field}[${i}]`, `flag ${flag} makes ${pickerName(ep)} of ${underProfile(ctx)} exit at start (${breaks})`, fix, severity)
        : finding(owner, `${path}.${field}[${i}]`, `flag ${flag} is still accepted by ${pickerName(ep)} of ${underProfile(ctx)} but is ${breaks}, so the next picker upgrade breaks`, fix, 'warning');
    }
  }
}

/** Largest ConfigMap value read for an EndpointPickerConfig (the API server's limit for a whole ConfigMap). */
const MAX_CONFIG_CHARS = 1024 * 1024;

/** apiVersion of every EndpointPickerConfig document in a config text (bounded: longer texts are not read). */
export function configApiVersions(text: string): readonly unknown[] {
  if (text.length > MAX_CONFIG_CHARS || !text.includes('EndpointPickerConfig')) return [];
  // Every model's picker usually carries the same config: read each text once.
  const known = READ_CONFIGS.get(text);
  if (known) return known;
  const versions = parseYamlDocuments(text, MANIFEST_YAML_LIMITS)
    .map((doc) => doc.value as any)
    .filter((v) => v && typeof v === 'object' && v.kind === 'EndpointPickerConfig')
    .map((v) => v.apiVersion);
  if (text.length <= MAX_REMEMBERED_CHARS && READ_CONFIGS.size < MAX_REMEMBERED_CONFIGS) READ_CONFIGS.set(text, versions);
  return versions;
}

/** Config texts already read, with their apiVersions: at most 256 texts of at most 16 KiB each. */
const READ_CONFIGS = new Map<string, readonly unknown[]>();
const MAX_REMEMBERED_CONFIGS = 256;
const MAX_REMEMBERED_CHARS = 16 * 1024;

/** Every EndpointPickerConfig in a ConfigMap value: the data key and its apiVersion. */
export function pickerConfigs(configMap: any): { key: string; apiVersion: unknown }[] {
  const data = configMap?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  return Object.entries(data).flatMap(([key, value]) => (typeof value === 'string' ? configApiVersions(value).map((apiVersion) => ({ key, apiVersion })) : []));
}

/** The EndpointPickerConfig apiVersion in a picker ConfigMap is one the profile's picker loads. */
export const ENDPOINT_PICKER_CONFIG_API_VERSION_RULE: Rule = {
  id: 'endpoint-picker-config-api-version',
  summary: 'An EndpointPickerConfig (in a ConfigMap, or a picker\'s --config-text) has the apiVersion its profile\'s endpoint picker loads.',
  severity: 'error',
  category: 'input',
  appliesTo: ['ConfigMap', 'Deployment'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Write the config in the apiVersion of the profile\'s picker: inference.networking.x-k8s.io/v1alpha1 for GAIE v1.3.0 (rhdev-2026-03), llm-d.ai/v1alpha1 for llm-d-router (upstream-2026-08).',
  rationale: 'The GAIE v1.3.0 picker cannot load an llm-d.ai config and exits at start; llm-d-router still loads the older inference.networking.x-k8s.io/v1alpha1 config with a deprecation log, until a release drops it.',
  *check(ctx) {
    const severity = profileSeverity(ctx);
    // Judged against a profile someone declared or the objects show, not against the default.
    if (!severity) return;
    const ep = facts(ctx).endpointPicker;
    const known = new Set(PROFILE_NAMES.map((p) => PROFILES[p].endpointPicker.configApiVersion));
    const judge = function* (object: any, field: string, apiVersion: unknown): Iterable<Finding> {
      if (apiVersion === ep.configApiVersion) return;
      const fix = `set apiVersion: ${ep.configApiVersion}`;
      if (typeof apiVersion === 'string' && ep.deprecatedConfigApiVersions.includes(apiVersion)) {
        yield finding(object, field, `EndpointPickerConfig apiVersion '${apiVersion}' is deprecated for ${pickerName(ep)} of ${underProfile(ctx)}: it still loads, with a deprecation log, until a release drops it`, fix, 'warning');
        return;
      }
      const what = typeof apiVersion === 'string' && known.has(apiVersion) ? 'belongs to another profile\'s picker' : 'is not one any picker loads';
      yield finding(object, field, `EndpointPickerConfig apiVersion '${String(apiVersion)}' ${what}: ${pickerName(ep)} of ${underProfile(ctx)} cannot load it and exits at start`, fix, severity);
    };
    for (const cm of ctx.model.index.all('/ConfigMap')) {
      for (const { key, apiVersion } of pickerConfigs(cm)) yield* judge(cm, `data.${key}`, apiVersion);
    }
    // A config given inline (`--config-text`) on a picker container.
    for (const use of imageUses(ctx)) {
      if (!isEndpointPicker(use)) continue;
      for (const field of ['command', 'args'] as const) {
        const text = goFlagValue(list(use.container[field]).map((a) => (typeof a === 'string' ? a : '')), ['config-text']);
        if (text) for (const apiVersion of configApiVersions(text)) yield* judge(use.template.owner, `${use.path}.${field}`, apiVersion);
      }
    }
  },
};

/** The endpoint picker's flags, environment and config, judged by the chosen profile. */
export const ENDPOINT_PICKER_PROFILE_RULES: Rule[] = [ENDPOINT_PICKER_FLAGS_RULE, ENDPOINT_PICKER_CONFIG_API_VERSION_RULE];
