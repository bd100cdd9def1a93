import { VLLM_ARBITRARY_UID_CRASH_FROM } from '../../profiles/profiles';
import { compareVersions, formatVersion, parseVersion } from '../../util/version';
import { list } from '../model/object-access';
import { facts, ImageUse, imageUses, profileSeverity, underProfile, vllmVersion } from './profile-containers';
import { finding, Rule, RuleContext } from './rule';

/** vLLM images older than the chosen profile supports. */
export const VLLM_IMAGE_VERSION_RULE: Rule = {
  id: 'vllm-image-version',
  summary: 'A vLLM image is at least the oldest vLLM version the chosen profile supports.',
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'Pod', 'LeaderWorkerSet'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Use the profile\'s vLLM image or a newer release.',
  rationale: 'The endpoint picker scores pods by the metrics vLLM exports and the probes and flags the profile writes assume its vLLM: an older server exports other metric names (before v0.10) or lacks the flags and behaviour the profile relies on. In a frozen profile (rhdev-2026-03) it is a warning.',
  *check(ctx) {
    // Judged against a profile someone declared or the objects show, not against the default.
    const judged = profileSeverity(ctx);
    if (!judged) return;
    const severity = facts(ctx).frozen ? 'warning' : judged;
    const ms = facts(ctx).modelServer;
    const min = parseVersion(ms.minVersion);
    if (!min) return;
    for (const use of imageUses(ctx)) {
      const v = vllmVersion(use);
      if (!v || compareVersions(v, min) >= 0) continue;
      yield finding(use.template.owner, `${use.path}.image`,
        `vLLM image ${use.image} (${formatVersion(v)}) is older than ${ms.minVersion}, the oldest vLLM ${underProfile(ctx)} supports, so it is not in the profile`,
        `use ${ms.image}`, severity);
    }
  },
};

/** Environment variables that keep torch from looking up the user name of the pod's UID. */
const UID_SAFE_ENV = ['USER', 'TORCHINDUCTOR_CACHE_DIR'];

/** Whether `name` is set in the container's env, or `unknown` when an envFrom source outside the manifests may set it. */
function envSets(ctx: RuleContext, use: ImageUse, names: readonly string[]): boolean | 'unknown' {
  if (list(use.container.env).some((e: any) => names.includes(e?.name))) return true;
  let unknown = false;
  for (const from of list(use.container.envFrom)) {
    const cmName = from?.configMapRef?.name;
    const cm = typeof cmName === 'string' ? ctx.model.index.get('/ConfigMap', use.template.namespace, cmName) : undefined;
    if (!cm) {
      unknown = true;
      continue;
    }
    const prefix = typeof from.prefix === 'string' ? from.prefix : '';
    const data = cm.data && typeof cm.data === 'object' ? Object.keys(cm.data) : [];
    if (data.some((k) => names.includes(`${prefix}${k}`))) return true;
  }
  return unknown ? 'unknown' : false;
}

/** Whether the pod or the container fixes the UID (`runAsUser`), so no arbitrary UID is assigned. */
function fixedUid(use: ImageUse): boolean {
  const set = (sc: any) => sc && typeof sc === 'object' && sc.runAsUser !== undefined && sc.runAsUser !== null;
  return set(use.container.securityContext) || set(use.template.spec?.securityContext);
}

/** vLLM ≥ v0.20 under OpenShift's arbitrary UID without USER. */
export const VLLM_OPENSHIFT_ARBITRARY_UID_RULE: Rule = {
  id: 'vllm-openshift-arbitrary-uid',
  summary: `On OpenShift, a vLLM container of ${VLLM_ARBITRARY_UID_CRASH_FROM} or later sets USER (or TORCHINDUCTOR_CACHE_DIR) in its environment.`,
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'Pod', 'LeaderWorkerSet'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Add env USER (any name, e.g. vllm) to the vLLM container.',
  rationale: `OpenShift runs pods under an arbitrary UID with no passwd entry. From vLLM ${VLLM_ARBITRARY_UID_CRASH_FROM} (torch 2.11) the server looks up the user name at import and crashes at start with "getpwuid(): uid not found" unless USER or TORCHINDUCTOR_CACHE_DIR is set (vllm-project/vllm#44548).`,
  *check(ctx) {
    if (ctx.stack.platform !== 'openshift') return;
    const from = parseVersion(VLLM_ARBITRARY_UID_CRASH_FROM);
    if (!from) return;
    for (const use of imageUses(ctx)) {
      const v = vllmVersion(use);
      if (!v || compareVersions(v, from) < 0 || fixedUid(use)) continue;
      if (envSets(ctx, use, UID_SAFE_ENV) !== false) continue;
      yield finding(use.template.owner, `${use.path}.env`,
        `vLLM ${formatVersion(v)} (image ${use.image}) sets neither USER nor TORCHINDUCTOR_CACHE_DIR: on OpenShift it runs under an arbitrary UID and, from vLLM ${VLLM_ARBITRARY_UID_CRASH_FROM}, crashes at start with "getpwuid(): uid not found"`,
        `add env USER (e.g. name: USER, value: vllm) to container '${use.container.name ?? ''}'`);
    }
  },
};

/** vLLM image rules that depend on the chosen profile and platform. */
export const VLLM_PROFILE_RULES: Rule[] = [VLLM_IMAGE_VERSION_RULE, VLLM_OPENSHIFT_ARBITRARY_UID_RULE];
