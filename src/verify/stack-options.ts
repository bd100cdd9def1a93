import { isOpenShiftVersion, isProfile, OpenShiftVersion, PROFILE_NAMES } from '../profiles/profiles';
import { PlatformName, StackDeclaration } from './model/stack';

/** The stack options as given (strings from a command line or a cdk8s.yaml). */
export interface StackOptionValues {
  readonly profile?: unknown;
  readonly platform?: unknown;
  readonly openshiftVersion?: unknown;
}

/** How each option is called where it was given, for messages (`--profile`, `properties.profile`). */
export interface StackOptionNames {
  readonly profile: string;
  readonly platform: string;
  readonly openshiftVersion: string;
}

/** The names of the `verify` command's options. */
export const CLI_STACK_OPTIONS: StackOptionNames = { profile: '--profile', platform: '--platform', openshiftVersion: '--openshift-version' };

const PLATFORMS: readonly PlatformName[] = ['openshift', 'kubernetes'];

/** A value as messages quote it: at most 80 characters. */
function shown(value: unknown): string {
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/** The profile names, for help and messages: `rhdev-2026-03, upstream-2026-08`. */
export const PROFILE_CHOICES = PROFILE_NAMES.join(', ');

/** The supported OpenShift releases, for help and messages: `4.19, 4.20, ...`. */
export const OPENSHIFT_VERSION_CHOICES = Object.values(OpenShiftVersion).join(', ');

/**
 * The declaration the options make: a known profile, platform and OpenShift release (which
 * implies `openshift`). Throws one sentence naming the option, the value and the choices.
 */
export function stackDeclaration(values: StackOptionValues, names: StackOptionNames = CLI_STACK_OPTIONS): StackDeclaration {
  const { profile, platform, openshiftVersion } = values;
  if (profile !== undefined && !isProfile(profile)) {
    throw new Error(`${names.profile} '${shown(profile)}' is not a stack profile: use one of ${PROFILE_CHOICES}`);
  }
  if (platform !== undefined && !(PLATFORMS as readonly unknown[]).includes(platform)) {
    throw new Error(`${names.platform} '${shown(platform)}' is not a platform: use ${PLATFORMS.join(' or ')}`);
  }
  if (openshiftVersion !== undefined && !isOpenShiftVersion(openshiftVersion)) {
    throw new Error(`${names.openshiftVersion} '${shown(openshiftVersion)}' is not a supported OpenShift release: use one of ${OPENSHIFT_VERSION_CHOICES}`);
  }
  if (openshiftVersion !== undefined && platform === 'kubernetes') {
    throw new Error(`${names.openshiftVersion} ${openshiftVersion} names an OpenShift release but ${names.platform} is kubernetes: drop one of them`);
  }
  return {
    ...(profile !== undefined ? { profile } : {}),
    ...(openshiftVersion !== undefined ? { platform: 'openshift' as const, openshiftVersion } : platform !== undefined ? { platform: platform as PlatformName } : {}),
  };
}
