import { groupOf, ObjectIndex } from './object-index';
import { templateContainers } from './containers';
import { DEFAULT_PROFILE, OpenShiftVersion, PROFILE_NAMES, PROFILES, StackProfile } from '../../profiles/profiles';

/** One object's sign that it belongs to one profile. */
export interface ProfileEvidence {
  readonly profile: StackProfile;
  readonly object: any;
  /** Dotted path of the field that shows it; empty for the object as a whole. */
  readonly field: string;
  /** What shows it, e.g. `GatewayClass agentgateway-v2`. */
  readonly reason: string;
  /**
   * A sign for detection only, not of a conflict: whether it fits the chosen profile is judged
   * by its own rule (an EndpointPickerConfig apiVersion: a later picker still loads the older one).
   */
  readonly detectionOnly?: boolean;
}

/** Where the manifests go, and how that was decided. */
export type PlatformName = 'openshift' | 'kubernetes';

/** The stack a set of manifests is judged against. */
export interface StackChoice {
  /** The profile whose schemas and facts apply. */
  readonly profile: StackProfile;
  /** `flag` when asked for, `detected` from the objects, `default` when nothing showed one. */
  readonly chosenBy: 'flag' | 'detected' | 'default';
  /** Every sign found, in object order. */
  readonly evidence: readonly ProfileEvidence[];
  /** The target platform, when declared or shown by the objects (OpenShift Routes, SCC grants). */
  readonly platform?: PlatformName;
  readonly platformChosenBy?: 'flag' | 'detected';
  /** The OpenShift release, when declared. */
  readonly openshiftVersion?: OpenShiftVersion;
}

/** What the caller declared. */
export interface StackDeclaration {
  readonly profile?: StackProfile;
  readonly platform?: PlatformName;
  readonly openshiftVersion?: OpenShiftVersion;
}

const LEGACY_INFERENCE_KINDS = new Set(['InferenceObjective', 'InferenceModelRewrite', 'InferencePool']);

/** Image repository of an image reference: `ghcr.io/a/b:v1@sha256:..` → `ghcr.io/a/b`. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Tag of an image reference, if it has one. */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/**
 * The signs, object by object, that manifests belong to one profile: the GatewayClass their
 * Gateways use, the endpoint picker image, API groups and kinds only one profile has, and
 * fields only one profile's CRDs define.
 */
export function profileEvidence(index: ObjectIndex): ProfileEvidence[] {
  const out: ProfileEvidence[] = [];
  const classProfile = new Map(PROFILE_NAMES.map((p) => [PROFILES[p].gatewayClass, p]));
  const configProfile = new Map(PROFILE_NAMES.map((p) => [PROFILES[p].endpointPicker.configApiVersion, p]));
  const pickerRepo = new Map<string, StackProfile>();
  for (const p of PROFILE_NAMES) for (const r of PROFILES[p].endpointPicker.imageRepositories) pickerRepo.set(r, p);
  const templates = new Map<any, typeof index.podTemplates>();
  for (const t of index.podTemplates) templates.set(t.owner, [...(templates.get(t.owner) ?? []), t]);

  for (const o of index.objects) {
    if (!o || typeof o !== 'object') continue;
    const group = groupOf(o.apiVersion);
    const kind = o.kind;
    if (group === 'gateway.networking.k8s.io' && kind === 'GatewayClass') {
      const p = classProfile.get(o.metadata?.name);
      if (p) out.push({ profile: p, object: o, field: 'metadata.name', reason: `GatewayClass ${o.metadata.name}` });
    } else if (group === 'gateway.networking.k8s.io' && kind === 'Gateway') {
      const p = classProfile.get(o.spec?.gatewayClassName);
      if (p) out.push({ profile: p, object: o, field: 'spec.gatewayClassName', reason: `class ${o.spec.gatewayClassName}` });
    } else if (group === 'gateway.networking.k8s.io' && kind === 'ListenerSet') {
      out.push({ profile: StackProfile.UPSTREAM_2026_08, object: o, field: 'apiVersion', reason: 'kind ListenerSet (Gateway API v1.5 and later)' });
    } else if (group === 'inference.networking.x-k8s.io' && LEGACY_INFERENCE_KINDS.has(kind)) {
      out.push({ profile: StackProfile.RHDEV_2026_03, object: o, field: 'apiVersion', reason: `apiVersion ${o.apiVersion} (GAIE v1.3)` });
    } else if (group === 'llm-d.ai') {
      out.push({ profile: StackProfile.UPSTREAM_2026_08, object: o, field: 'apiVersion', reason: `apiVersion ${o.apiVersion} (llm-d-router)` });
    } else if (group === 'agentgateway.dev' && kind === 'AgentgatewayModel') {
      out.push({ profile: StackProfile.UPSTREAM_2026_08, object: o, field: 'apiVersion', reason: 'kind AgentgatewayModel (agentgateway v1.4 and later)' });
    } else if (group === 'inference.networking.k8s.io' && kind === 'InferencePool' && o.spec && typeof o.spec === 'object' && 'appProtocol' in o.spec) {
      out.push({ profile: StackProfile.UPSTREAM_2026_08, object: o, field: 'spec.appProtocol', reason: 'field spec.appProtocol (GAIE v1.4 and later)' });
    } else if (group === '' && kind === 'ConfigMap' && o.data && typeof o.data === 'object') {
      for (const [key, value] of Object.entries(o.data)) {
        if (typeof value !== 'string' || !/^kind:\s*EndpointPickerConfig\s*$/m.test(value)) continue;
        const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(value)?.[1];
        const p = apiVersion ? configProfile.get(apiVersion) : undefined;
        if (p) out.push({ profile: p, object: o, field: `data.${key}`, reason: `EndpointPickerConfig ${apiVersion}`, detectionOnly: true });
      }
    }
    for (const t of templates.get(o) ?? []) {
      for (const { container, path } of templateContainers(t, ['containers', 'initContainers'])) {
        if (typeof container?.image !== 'string') continue;
        const p = pickerRepo.get(imageRepository(container.image));
        if (p) out.push({ profile: p, object: o, field: `${path}.image`, reason: `image ${container.image}` });
      }
    }
  }
  return out;
}

/** Whether the objects show they are meant for OpenShift (a Route, or an SCC grant). */
export function showsOpenShift(index: ObjectIndex): boolean {
  if (index.all('route.openshift.io/Route').length) return true;
  if (index.all('security.openshift.io/SecurityContextConstraints').length) return true;
  return [...index.all('rbac.authorization.k8s.io/RoleBinding'), ...index.all('rbac.authorization.k8s.io/ClusterRoleBinding')]
    .some((b) => typeof b?.roleRef?.name === 'string' && b.roleRef.name.startsWith('system:openshift:scc:'));
}

/**
 * The profile and platform to judge `index` by: what was declared, else what the objects show
 * (the profile more objects show, the first seen on a tie; signs for detection only count when
 * there is no other), else the default profile.
 */
export function chooseStack(index: ObjectIndex, declared: StackDeclaration = {}): StackChoice {
  const evidence = profileEvidence(index);
  let profile: StackProfile = DEFAULT_PROFILE;
  let chosenBy: StackChoice['chosenBy'] = 'default';
  if (declared.profile) {
    profile = declared.profile;
    chosenBy = 'flag';
  } else if (evidence.length) {
    // Objects, not signs, are counted: a Deployment with two picker containers is one vote.
    // Signs for detection only count when no other sign shows a profile.
    const definite = evidence.filter((e) => !e.detectionOnly);
    const objects = new Map<StackProfile, Set<any>>();
    for (const e of definite.length ? definite : evidence) objects.set(e.profile, (objects.get(e.profile) ?? new Set()).add(e.object));
    profile = [...objects].reduce((best, cur) => (cur[1].size > best[1].size ? cur : best))[0];
    chosenBy = 'detected';
  }
  const platform: PlatformName | undefined = declared.openshiftVersion ? 'openshift' : declared.platform ?? (showsOpenShift(index) ? 'openshift' : undefined);
  const platformChosenBy = declared.openshiftVersion || declared.platform ? 'flag' as const : platform ? 'detected' as const : undefined;
  return {
    profile,
    chosenBy,
    evidence,
    ...(platform ? { platform, platformChosenBy } : {}),
    ...(declared.openshiftVersion ? { openshiftVersion: declared.openshiftVersion } : {}),
  };
}

/** Container images of every pod template, with their paths (for image rules). */
export function* templateImages(index: ObjectIndex): Iterable<{ object: any; field: string; image: string; container: any }> {
  for (const t of index.podTemplates) {
    for (const { container, path } of templateContainers(t, ['containers', 'initContainers'])) {
      if (typeof container?.image === 'string') yield { object: t.owner, field: `${path}.image`, image: container.image, container };
    }
  }
}

