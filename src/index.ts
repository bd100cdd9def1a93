// Constructs
export * from './platform';
export * from './versions';
export * from './names';
export { Ownership } from './ownership';
export * from './model-source';
export * from './body-routing-policy';
export * from './inference-gateway';
export * from './endpoint-picker';
export * from './model-server';
export * from './served-model';
export * from './model-gateway';
export * from './multi-model-gateway';
export * from './catalog-spec';
export { Catalog } from './catalog';

// Typed classes generated from the pinned upstream CRDs (`npm run import`), one submodule per API group.
export * as agentgateway from '../imports/agentgateway.dev';
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
export * as inference from '../imports/inference.networking.k8s.io';
export * as inferenceX from '../imports/inference.networking.x-k8s.io';
export * as lws from '../imports/leaderworkerset.x-k8s.io';
export * as monitoring from '../imports/monitoring.coreos.com';
export * as openshift from '../imports/route.openshift.io';

// Verifying manifests as a library, and inside `cdk8s synth` (a cdk8s-cli validation plugin).
export * from './verifier';
export * from './cdk8s-plugin';
