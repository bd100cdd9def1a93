import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { multiNodeArgs, multiNodeEnv, MultiNodeRole } from './multi-node-args';
import { ANNOTATION_DOMAIN } from './ownership';
import { LWS_API_VERSION } from '../profiles/leader-worker-set';

/**
 * Label on the pods of a multi-node model naming their part in the group: `leader` (it serves
 * the OpenAI API; the InferencePool selects it) or `worker` (compute only).
 */
export const MULTI_NODE_ROLE_LABEL = `${ANNOTATION_DOMAIN}/role`;

/** The name of the vLLM container the multi-node arguments go to. */
const VLLM_CONTAINER = 'vllm';
/** The label llm-d gives pods that serve inference requests: workers serve none. */
const SERVING_LABEL = 'llm-d.ai/inference-serving';

/**
 * The labels an InferencePool selects a model's serving pods by: its selector labels, plus, for
 * a model spanning several nodes, the leader role (workers serve no API).
 */
export function servingSelector(selectorLabels: Record<string, string>, nodes: number | undefined): Record<string, string> {
  return (nodes ?? 1) > 1 ? { ...selectorLabels, [MULTI_NODE_ROLE_LABEL]: 'leader' } : { ...selectorLabels };
}

/** What a {@link LeaderWorkerSet} of vLLM pods is made of. */
export interface VllmLeaderWorkerSetProps {
  readonly metadata: ApiObjectMetadata;
  /** Groups: each is one vLLM instance of `nodes` pods. */
  readonly replicas: number;
  /** Pods per group (leaderWorkerTemplate.size), one per node. */
  readonly nodes: number;
  /** The single-node vLLM pod template both roles are made from. */
  readonly template: k8s.PodTemplateSpec;
}

/**
 * A `leaderworkerset.x-k8s.io/v1` LeaderWorkerSet running one vLLM instance per group across
 * `nodes` pods, as plain JSON (the generated class's mappers would drop the pod template's
 * quantities). Both templates come from the same pod template: the leader adds the leader role
 * label and the multi-node arguments; a worker adds `--headless`, and has no HTTP port and no
 * probes (it runs no API server: a failed worker fails the leader's `/health`, and
 * `RecreateGroupOnPodRestart` recreates the whole group). `startupPolicy: LeaderCreated`: workers
 * start with the leader, which cannot become ready before they join.
 */
export function vllmLeaderWorkerSet(scope: Construct, id: string, props: VllmLeaderWorkerSetProps): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: LWS_API_VERSION,
    kind: 'LeaderWorkerSet',
    metadata: props.metadata,
    spec: {
      replicas: props.replicas,
      startupPolicy: 'LeaderCreated',
      leaderWorkerTemplate: {
        size: props.nodes,
        restartPolicy: 'RecreateGroupOnPodRestart',
        leaderTemplate: roleTemplate(props.template, 'leader', props.nodes),
        workerTemplate: roleTemplate(props.template, 'worker', props.nodes),
      },
    },
  });
}

/** The pod template of one role: the role label, the multi-node arguments; for a worker no serving label, port or probes. */
function roleTemplate(template: k8s.PodTemplateSpec, role: MultiNodeRole, nodes: number): any {
  const json = k8s.toJson_PodTemplateSpec(template)!;
  const labels: Record<string, string> = { ...json.metadata?.labels, [MULTI_NODE_ROLE_LABEL]: role };
  if (role === 'worker') delete labels[SERVING_LABEL];
  return {
    ...json,
    metadata: { ...json.metadata, labels },
    spec: { ...json.spec, containers: json.spec.containers.map((c: any) => (c.name === VLLM_CONTAINER ? roleContainer(c, role, nodes) : c)) },
  };
}

/** The vLLM container of one role. */
function roleContainer(c: any, role: MultiNodeRole, nodes: number): any {
  const args = [...c.args ?? [], ...multiNodeArgs(role, nodes)];
  if (role === 'leader') return { ...c, args, env: [...c.env ?? [], ...multiNodeEnv(role)] };
  const { ports: _ports, startupProbe: _s, readinessProbe: _r, livenessProbe: _l, ...rest } = c;
  return { ...rest, args };
}
