import { DEFAULT_PROFILE, PROFILES, RETIRED_IMAGES, ROLLING_IMAGE_TAGS } from '../../profiles/profiles';
import { facts, imageUses, isEndpointPicker, isVllm, profileSeverity, underProfile } from './profile-containers';
import { finding, Rule } from './rule';

/** The image the chosen profile pins in place of a retired repository, when it pins one there. */
function pinnedReplacement(repository: string, profile: keyof typeof PROFILES): string | undefined {
  const f = PROFILES[profile];
  return [f.endpointPicker.image, f.modelServer.image].find((i) => i.startsWith(`${repository}:`));
}

/** Images that are no longer published, or were renamed (RETIRED_IMAGES). */
export const CONTAINER_IMAGE_RETIRED_RULE: Rule = {
  id: 'container-image-retired',
  summary: 'No container uses an image that is no longer published or was renamed (a warning where the profile itself pinned it).',
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Use the replacement image of the chosen profile.',
  rationale: 'ghcr.io/llm-d/llm-d-inference-scheduler is no longer pullable, so its pods never start; llm-d-routing-sidecar was renamed llm-d-router-disagg-sidecar in llm-d-router v0.9 and the GAIE epp image has no release after GAIE v1.5.0. rhdev-2026-03 pinned the last two, so there they are known defects (warnings); in any other profile they do not belong.',
  *check(ctx) {
    for (const use of imageUses(ctx)) {
      const retired = RETIRED_IMAGES.find((r) => r.repository === use.repository);
      if (!retired) continue;
      const pinned = retired.severity === 'profile' && (retired.pinnedBy ?? []).includes(ctx.stack.profile);
      const replacement = pinnedReplacement(retired.replacement, ctx.stack.profile) ?? retired.replacement;
      const field = `${use.path}.image`;
      if (pinned) {
        yield finding(use.template.owner, field, `image ${use.image} ${retired.reason}: ${underProfile(ctx)} pins it, but it gets no fixes and cannot be upgraded in place`, `move to profile ${DEFAULT_PROFILE}, which uses ${pinnedReplacement(retired.replacement, DEFAULT_PROFILE) ?? retired.replacement}`, 'warning');
      } else {
        const severity = retired.severity === 'error' ? 'error' : profileSeverity(ctx);
        if (!severity) continue;
        yield finding(use.template.owner, field, `image ${use.image} ${retired.reason}${retired.severity === 'error' ? ', so the pod never starts' : `, and is not part of ${underProfile(ctx)}`}`, `use ${replacement}`, severity);
      }
    }
  },
};

/** Endpoint picker and vLLM images pinned to a version, not a moving tag. */
export const CONTAINER_IMAGE_PINNED_RULE: Rule = {
  id: 'container-image-pinned',
  summary: 'Endpoint picker and vLLM images name a version (a tag other than latest/main, or a digest).',
  severity: 'error',
  category: 'input',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  // Not an API-server refusal: the object is applied, and requests are simulated through it.
  phase: 'graph',
  remediation: 'Pin the image to a release tag (or a digest); the chosen profile\'s pinned images are listed in README "Profiles".',
  rationale: 'A profile is a closed set of versions whose flags, config format and metrics fit together; an image under a moving tag (latest, main) changes under the same manifest, and the picker or server that comes up may refuse the flags and config written for the pinned one. llm-d-router\'s in-repo chart defaults to the main tag.',
  *check(ctx) {
    for (const use of imageUses(ctx)) {
      // A digest pins the image; an unrendered template variable is not an image yet.
      if (use.image.includes('@') || /\$|\{\{/.test(use.image)) continue;
      const moving = use.tag === undefined || ROLLING_IMAGE_TAGS.includes(use.tag);
      if (!moving || !(isVllm(use) || isEndpointPicker(use))) continue;
      const what = isVllm(use) ? 'vLLM' : 'endpoint picker';
      const pin = isVllm(use) ? facts(ctx).modelServer.image : facts(ctx).endpointPicker.image;
      yield finding(use.template.owner, `${use.path}.image`,
        `${what} image ${use.image} ${use.tag === undefined ? 'has no tag (it pulls latest)' : `uses the moving tag '${use.tag}'`}: the version that runs changes without a change to the manifest`,
        `pin a release, e.g. ${pin} (${underProfile(ctx)})`);
    }
  },
};

/** Image rules that depend on the chosen profile. */
export const PROFILE_IMAGE_RULES: Rule[] = [CONTAINER_IMAGE_RETIRED_RULE, CONTAINER_IMAGE_PINNED_RULE];
