// Constructs
export * from './constructs/platform';
export * from './profiles/stack-profile';
export { Accelerator } from './profiles/accelerator';
export { RoutingMode } from './profiles/routing-mode';
export { RolloutStrategy } from './profiles/rollout';
export { DataPlaneSecurity, GatewayServiceType } from './profiles/data-plane';
export * from './constructs/versions';
export * from './constructs/names';
export { Ownership } from './constructs/ownership';
export * from './constructs/model-source';
export * from './constructs/model-cache';
export * from './constructs/body-routing-policy';
export * from './constructs/inference-gateway';
export * from './constructs/gateway-edge';
export * from './constructs/model-access';
export * from './constructs/endpoint-picker';
export * from './constructs/model-server';
export { AllowedRoutes } from './constructs/allowed-routes';
export * from './constructs/served-model';
export * from './constructs/lora';
export * from './constructs/model-gateway';
export { OpenAiSurface } from './constructs/openai-surface';
export type { OpenAiSurfaceProps } from './constructs/openai-surface';
export { ListingServer } from './constructs/listing-server';
export type { ListingServerProps } from './constructs/listing-server';
export type { ListedName } from './util/openai';
export * from './constructs/multi-model-gateway';
export * from './constructs/monitoring-options';
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
// The same for profile upstream-2026-08 (imports/upstream-2026-08/): only the kinds new to it or changed.
// agentgateway v1.4.1: AgentgatewayModel and AgentgatewayPolicy (agentgateway.dev/v1alpha1).
export * as agentgatewayV14 from '../imports/upstream-2026-08/agentgateway.dev';
// Gateway API v1.6.1: ListenerSet (gateway.networking.k8s.io/v1).
export * as gatewayApiV16 from '../imports/upstream-2026-08/gateway.networking.k8s.io';
// Gateway API Inference Extension v1.6.0: InferencePool with spec.appProtocol (inference.networking.k8s.io/v1).
export * as inferenceV16 from '../imports/upstream-2026-08/inference.networking.k8s.io';
// llm-d-router v0.10.0: InferenceObjective and InferenceModelRewrite (llm-d.ai/v1alpha2).
export * as llmd from '../imports/upstream-2026-08/llm-d.ai';

// Verifying manifests as a library, and inside `cdk8s synth` (a cdk8s-cli validation plugin).
export * from './verify/verifier';
export * from './verify/cdk8s-plugin';
