// Constructs
export * from './constructs/platform';
export * from './profiles/stack-profile';
export * from './constructs/versions';
export * from './constructs/names';
export { Ownership } from './constructs/ownership';
export * from './constructs/model-source';
export * from './constructs/body-routing-policy';
export * from './constructs/inference-gateway';
export * from './constructs/endpoint-picker';
export * from './constructs/model-server';
export * from './constructs/served-model';
export * from './constructs/model-gateway';
export * from './constructs/multi-model-gateway';
export * from './catalog/catalog-spec';
export { Catalog } from './catalog/catalog';

// Typed classes generated from the pinned upstream CRDs (`npm run import`), one submodule per API group.
export * as agentgateway from '../imports/agentgateway.dev';
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
export * as inference from '../imports/inference.networking.k8s.io';
export * as inferenceX from '../imports/inference.networking.x-k8s.io';
export * as lws from '../imports/leaderworkerset.x-k8s.io';
export * as monitoring from '../imports/monitoring.coreos.com';
export * as openshift from '../imports/route.openshift.io';

// Verifying manifests as a library, and inside `cdk8s synth` (a cdk8s-cli validation plugin).
export * from './verify/verifier';
export * from './verify/cdk8s-plugin';
