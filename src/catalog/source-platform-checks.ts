import { CatalogSpec } from './catalog-spec';
import { modelSubject } from '../constructs/checks/model-checks';
import { problem, problemSentence, quoted } from '../constructs/checks/problem';
import { parseSourceUri } from '../constructs/checks/source-checks';
import { Platform } from '../constructs/platform';
import { IMAGE_VOLUME_KUBERNETES, IMAGE_VOLUME_OPENSHIFT, OLDEST_OPENSHIFT } from '../profiles/profiles';

/**
 * What a Hugging Face user access token looks like: `hf_` and at least 30 letters and digits
 * (tokens have 34). Model names and paths never do.
 */
export const TOKEN_PATTERN = /(^|[^A-Za-z0-9])hf_[A-Za-z0-9]{30,}/;

/**
 * Problems of `oci://` models on a platform without image volumes: on OpenShift they need a
 * release built on Kubernetes {@link IMAGE_VOLUME_KUBERNETES} or later ({@link IMAGE_VOLUME_OPENSHIFT});
 * the catalog's `openshiftVersion` (the oldest supported release when absent) must be one.
 * On plain Kubernetes the version is not known, so the README states the requirement.
 */
export function imageVolumeProblems(spec: CatalogSpec): string[] {
  if ((spec.platform ?? Platform.OPENSHIFT) !== Platform.OPENSHIFT) return [];
  const release = spec.openshiftVersion ?? OLDEST_OPENSHIFT;
  if (IMAGE_VOLUME_OPENSHIFT.includes(release)) return [];
  const lines: string[] = [];
  (spec.models ?? []).forEach((m, i) => {
    if (typeof m?.uri !== 'string' || parseSourceUri(m.uri).source?.scheme !== 'oci') return;
    const p = problem('uri', quoted(m.uri),
      `is a model image, mounted as an image volume, which needs OpenShift ${IMAGE_VOLUME_OPENSHIFT.join(' or ')} (Kubernetes ${IMAGE_VOLUME_KUBERNETES}, where image volumes are on by default), but the catalog targets OpenShift ${release}${spec.openshiftVersion === undefined ? ' (the oldest supported release, as no openshiftVersion is set)' : ''}`,
      `set openshiftVersion: "${IMAGE_VOLUME_OPENSHIFT[0]}" if the cluster runs it, or copy the weights to a claim and use pvc://<claim>/<path>, or hf://`);
    lines.push(`models[${i}]: ${problemSentence(p, modelSubject(m.name))}`);
  });
  return lines;
}

/** Most values {@link tokenValueProblems} reads: a 16 MiB catalog holds fewer. */
const MAX_VALUES = 1_000_000;

/**
 * Problems of every string in the catalog (keys and values, at any depth) that looks like a
 * Hugging Face token: a token never belongs in a catalog, whose text lands in Git and in the
 * synthesized manifests. The value itself is never repeated in the message.
 */
export function tokenValueProblems(spec: CatalogSpec): string[] {
  const lines: string[] = [];
  let seen = 0;
  const visit = (value: unknown, at: string, depth: number): void => {
    if (++seen > MAX_VALUES || depth > 64) return;
    if (typeof value === 'string') {
      if (TOKEN_PATTERN.test(value)) lines.push(tokenLine(at || '(top level)'));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${at}[${i}]`, depth + 1));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const path = at ? `${at}.${k}` : k;
        if (TOKEN_PATTERN.test(k)) lines.push(tokenLine(`${at || '(top level)'} (a key)`));
        visit(v, path, depth + 1);
      }
    }
  };
  visit(spec, '', 0);
  return lines;
}

function tokenLine(at: string): string {
  return `${at}: holds what looks like a Hugging Face token (hf_...), which must never be written in a catalog: store it in a Secret (kubectl create secret generic hf-token --from-literal=HF_TOKEN=<token>) and name the Secret in the model's hfTokenSecret`;
}
