// Typed classes generated from the pinned upstream CRDs (`npm run import`), one submodule per API group.
export * as agentgateway from '../imports/agentgateway.dev';
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
export * as inference from '../imports/inference.networking.k8s.io';
export * as inferenceX from '../imports/inference.networking.x-k8s.io';
export * as lws from '../imports/leaderworkerset.x-k8s.io';
export * as monitoring from '../imports/monitoring.coreos.com';
export * as openshift from '../imports/route.openshift.io';
