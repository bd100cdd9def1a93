import { PROFILE_NAMES, PROFILES, RETIRED_PICKER_REPOSITORIES, StackProfile, VLLM_IMAGE_REPOSITORIES } from '../../profiles/profiles';
import { parseVersion, Version } from '../../util/version';
import { goFlag, templateContainers } from '../model/containers';
import { list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { imageRepository, imageTag } from '../model/stack';
import { RuleContext, Severity } from './rule';

/** One container of a pod template, with its image read apart. */
export interface ImageUse {
  readonly template: PodTemplate;
  readonly container: any;
  /** Path of the container entry in its owner (`spec.template.spec.containers[0]`). */
  readonly path: string;
  readonly image: string;
  readonly repository: string;
  readonly tag?: string;
}

/** Container lists whose images are pulled. */
const IMAGE_LISTS = ['containers', 'initContainers'];

/** Every container (and init container) with a string image, of every pod template. */
export function* imageUses(ctx: RuleContext): Iterable<ImageUse> {
  for (const template of ctx.model.index.podTemplates) {
    for (const { container, path } of templateContainers(template, IMAGE_LISTS)) {
      if (typeof container?.image !== 'string' || container.image === '') continue;
      const tag = imageTag(container.image);
      yield { template, container, path, image: container.image, repository: imageRepository(container.image), ...(tag !== undefined ? { tag } : {}) };
    }
  }
}

/** Image repositories of every profile's endpoint picker and of the retired picker line. */
export function pickerRepositories(): Set<string> {
  return new Set([...PROFILE_NAMES.flatMap((p) => PROFILES[p].endpointPicker.imageRepositories), ...RETIRED_PICKER_REPOSITORIES]);
}

/** `command` then `args` of a container, as strings (non-lists read as empty). */
export function argv(c: any): { field: 'command' | 'args'; index: number; value: string }[] {
  return (['command', 'args'] as const).flatMap((field) => list(c?.[field]).map((v, index) => ({ field, index, value: v === null || v === undefined ? '' : String(v) })));
}

/**
 * Whether a container runs an endpoint picker: its image is a picker image of some profile (or
 * the retired scheduler), or it is given both a pool name and a config (`--pool-name` with
 * `--config-file` or `--config-text`), as only the picker is.
 */
export function isEndpointPicker(use: ImageUse | { container: any; repository?: string }): boolean {
  if (use.repository && pickerRepositories().has(use.repository)) return true;
  const args = argv(use.container).map((a) => a.value);
  return goFlag(args, ['pool-name', 'poolName']) !== undefined && goFlag(args, ['config-file', 'config-text']) !== undefined;
}

/** The vLLM version of an upstream vLLM image (`vllm/vllm-openai:v0.13.0`), or undefined when the image does not tell. */
export function vllmVersion(use: ImageUse): Version | undefined {
  if (!VLLM_IMAGE_REPOSITORIES.includes(use.repository) || use.tag === undefined) return undefined;
  return parseVersion(use.tag);
}

/** Whether a container runs the upstream vLLM image. */
export function isVllm(use: ImageUse): boolean {
  return VLLM_IMAGE_REPOSITORIES.includes(use.repository);
}

/**
 * Severity of a finding that an object does not belong to the chosen profile: an error when
 * the profile was declared, or when every sign in the objects shows it. Undefined (not judged)
 * when the profile is only the default, as nothing said which stack the objects are for, and
 * when the signs disagree: a mixed set is `profile-consistent`'s finding, not one per object.
 */
export function profileSeverity(ctx: RuleContext): Severity | undefined {
  if (ctx.stack.chosenBy === 'flag') return 'error';
  if (ctx.stack.chosenBy === 'default') return undefined;
  return definiteSigns(ctx).every((e) => e.profile === ctx.stack.profile) ? 'error' : undefined;
}

/** The signs that decide a profile (a picker config's apiVersion only counts when nothing else shows one: later pickers still load older configs). */
function definiteSigns(ctx: RuleContext) {
  const definite = ctx.stack.evidence.filter((e) => !e.detectionOnly);
  return definite.length ? definite : ctx.stack.evidence;
}

/** `under profile X (declared|detected|by default)`, for messages. */
export function underProfile(ctx: RuleContext): string {
  const how = ctx.stack.chosenBy === 'flag' ? 'declared'
    : ctx.stack.chosenBy === 'default' ? 'the default'
      : definiteSigns(ctx).every((e) => e.profile === ctx.stack.profile) ? 'detected from the objects' : 'detected from objects of more than one profile';
  return `profile ${ctx.stack.profile} (${how})`;
}

/** The profile's facts. */
export function facts(ctx: RuleContext) {
  return PROFILES[ctx.stack.profile];
}

/** Whether the chosen profile is `p`. */
export function profileIs(ctx: RuleContext, p: StackProfile): boolean {
  return ctx.stack.profile === p;
}
