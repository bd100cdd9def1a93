import { ApiObject, JsonPatch } from 'cdk8s';
import * as inference from '../../imports/inference.networking.k8s.io';
import * as inferenceV16 from '../../imports/upstream-2026-08/inference.networking.k8s.io';

/**
 * Sets `spec.appProtocol` of an InferencePool (GAIE v1.4 and later: how the gateway speaks to
 * the model servers). The value is typed by the generated GAIE v1.6.0 class; the pool itself
 * stays an instance of the v1.3.0 class, the public type of `ServedModel.pool` in every
 * profile, so the field is added as a JSON patch on the final manifest.
 */
export function withPoolAppProtocol(pool: inference.InferencePool, appProtocol: string): void {
  const allowed = Object.values(inferenceV16.InferencePoolSpecAppProtocol) as string[];
  if (!allowed.includes(appProtocol)) {
    throw new Error(`InferencePool appProtocol '${appProtocol}' is not one GAIE v1.6.0 accepts: use ${allowed.map((a) => `'${a}'`).join(' or ')}`);
  }
  ApiObject.of(pool).addJsonPatch(JsonPatch.add('/spec/appProtocol', appProtocol));
}
