/**
 * The one addition made to the stored Kubernetes core definitions (v1.30, which predate it):
 * the `image` volume source (`volumes[].image`: `reference` and `pullPolicy`), added to the API
 * in Kubernetes 1.31 and on by default from 1.35. Model images (`oci://` sources) are mounted
 * with it. Only this field is added, with the upstream shape, so a misspelled or extra key in
 * it is still an error; whether the target platform supports image volumes is a rule of its
 * own, not a schema matter.
 */

/** `io.k8s.api.core.v1.ImageVolumeSource` as Kubernetes 1.31 and later define it. */
export const IMAGE_VOLUME_SOURCE = {
  description: 'An OCI object (a container image or artifact) pulled and mounted read-only (Kubernetes 1.31 and later).',
  type: 'object',
  properties: {
    reference: { description: 'Image or artifact reference, as pod.spec.containers[*].image.', type: 'string' },
    pullPolicy: { description: 'Always, Never or IfNotPresent.', type: 'string', enum: ['Always', 'Never', 'IfNotPresent'] },
  },
};

const VOLUME = 'io.k8s.api.core.v1.Volume';
const IMAGE_SOURCE = 'io.k8s.api.core.v1.ImageVolumeSource';

/**
 * The core definitions with the image volume source added to `Volume` when they lack it
 * (definitions of a later Kubernetes that have it are left as they are). Mutates and returns `defs`.
 */
export function withImageVolumeSource(defs: Record<string, any>): Record<string, any> {
  const volume = defs[VOLUME];
  if (!volume?.properties || volume.properties.image) return defs;
  defs[IMAGE_SOURCE] = JSON.parse(JSON.stringify(IMAGE_VOLUME_SOURCE));
  volume.properties.image = { $ref: `#/definitions/${IMAGE_SOURCE}`, description: IMAGE_VOLUME_SOURCE.description };
  return defs;
}
