import { ApiObject, JsonPatch } from 'cdk8s';
import * as inference from '../../imports/inference.networking.k8s.io';

/**
 * Sets `spec.appProtocol` of an InferencePool (GAIE v1.6.0: how the gateway speaks to the
 * model servers, `http` or `kubernetes.io/h2c`). The generated v1.3.0 class has no such
 * field, so it is added as a JSON patch applied to the final manifest.
 */
export function withPoolAppProtocol(pool: inference.InferencePool, appProtocol: string): void {
  ApiObject.of(pool).addJsonPatch(JsonPatch.add('/spec/appProtocol', appProtocol));
}
