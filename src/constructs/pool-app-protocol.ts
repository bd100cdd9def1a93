import { ApiObject, JsonPatch } from 'cdk8s';
import * as inference from '../../imports/inference.networking.k8s.io';

/**
 * Sets `spec.appProtocol` of an InferencePool (GAIE v1.4 and later: how the gateway speaks to
 * the model servers, `http` or `kubernetes.io/h2c`; the profile table holds the value and a
 * test holds it to the generated GAIE v1.6.0 enum). The pool stays an instance of the v1.3.0
 * class, the public type of `ServedModel.pool` in every profile, so the field is added as a
 * JSON patch on the final manifest.
 */
export function withPoolAppProtocol(pool: inference.InferencePool, appProtocol: string): void {
  ApiObject.of(pool).addJsonPatch(JsonPatch.add('/spec/appProtocol', appProtocol));
}
