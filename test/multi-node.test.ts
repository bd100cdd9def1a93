import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { catalogProblems } from '../src/catalog/catalog-checks';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { MULTI_NODE_ROLE_LABEL } from '../src/constructs/leader-worker-set';
import { ModelServer } from '../src/constructs/model-server';
import { StackProfile } from '../src/profiles/profiles';
import { ObjectIndex } from '../src/verify/model/object-index';
import { verifyObjects } from '../src/verify/verify';
import { errorOf, find, ROOT } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const BIG = 'Qwen/Qwen2.5-72B-Instruct';
const POOL = 'vllm-qwen25-72b-instruct';
const TWO_NODES: CatalogModelSpec = { name: BIG, nodes: 2, tensorParallelSize: 4 };

function spec(models: CatalogModelSpec[], profile: StackProfile = StackProfile.RHDEV_2026_03): CatalogSpec {
  return { profile, platform: 'kubernetes' as any, models };
}

/** The value after `name` in `args`, or undefined. */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** The objects of a lone ModelServer built with `props`. */
function server(props: Record<string, unknown>): any[] {
  const chart = new Chart(new App(), 'c');
  new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: BIG, selectorLabels: { app: 'vllm-x' }, ...props });
  return chart.toJson();
}

const vllmOf = (template: any): any => template.spec.containers.find((c: any) => c.name === 'vllm');

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('a 2-node LeaderWorkerSet model under %s', (profile) => {
  const out = synthesize(Catalog.fromSpec(spec([TWO_NODES, { name: QWEN }], profile)));
  const lws = find(out.objects, 'LeaderWorkerSet', POOL);
  const leader = lws.spec.leaderWorkerTemplate.leaderTemplate;
  const worker = lws.spec.leaderWorkerTemplate.workerTemplate;

  it('golden output: a 2-node LeaderWorkerSet model beside a plain one', async () => {
    for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/multi-node-${profile}/${name}`);
  });

  it('is a LeaderWorkerSet instead of a Deployment: replicas are groups of 2 pods, recreated together, workers started with the leader', () => {
    expect(lws.apiVersion).toBe('leaderworkerset.x-k8s.io/v1');
    expect(out.objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === POOL)).toEqual([]);
    expect(lws.spec.replicas).toBe(1);
    expect(lws.spec.leaderWorkerTemplate.size).toBe(2);
    expect(lws.spec.leaderWorkerTemplate.restartPolicy).toBe('RecreateGroupOnPodRestart');
    expect(lws.spec.startupPolicy).toBe('LeaderCreated');
    // The plain model beside it is still a Deployment.
    expect(find(out.objects, 'Deployment', 'vllm-qwen3-06b').spec.template.spec.containers[0].args).not.toContain('--nnodes');
  });

  it('runs pipeline parallel across the nodes and tensor parallel within one: 4 GPUs per pod, PP 2 × TP 4 = 8 in the group', () => {
    for (const t of [leader, worker]) {
      const c = vllmOf(t);
      expect([flag(c.args, '--tensor-parallel-size'), flag(c.args, '--pipeline-parallel-size')]).toEqual(['4', '2']);
      expect(c.resources.limits['nvidia.com/gpu']).toBe(4);
      expect([flag(c.args, '--distributed-executor-backend'), flag(c.args, '--nnodes')]).toEqual(['mp', '2']);
      expect(t.spec.serviceAccountName).toBe(POOL);
    }
    expect(flag(vllmOf(leader).args, '--node-rank')).toBe('0');
    expect(flag(vllmOf(worker).args, '--node-rank')).toBe('$(LWS_WORKER_INDEX)');
    // The leader binds to its own pod IP (ZeroMQ binds to addresses), workers reach it by its LWS DNS name.
    expect(flag(vllmOf(leader).args, '--master-addr')).toBe('$(POD_IP)');
    expect(vllmOf(leader).env.find((e: any) => e.name === 'POD_IP')).toEqual({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    expect(flag(vllmOf(worker).args, '--master-addr')).toBe('$(LWS_LEADER_ADDRESS)');
    expect(vllmOf(worker).env.map((e: any) => e.name)).not.toContain('POD_IP');
  });

  it('only the leader serves: workers are headless, with no HTTP port, no probes and no serving label', () => {
    const l = vllmOf(leader);
    const w = vllmOf(worker);
    expect(l.args).not.toContain('--headless');
    expect(w.args.at(-1)).toBe('--headless');
    expect(l.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(l.readinessProbe.httpGet.port).toBe('http');
    expect([w.ports, w.startupProbe, w.readinessProbe, w.livenessProbe]).toEqual([undefined, undefined, undefined, undefined]);
    expect(leader.metadata.labels[MULTI_NODE_ROLE_LABEL]).toBe('leader');
    expect(worker.metadata.labels[MULTI_NODE_ROLE_LABEL]).toBe('worker');
    expect(leader.metadata.labels['llm-d.ai/inference-serving']).toBe('true');
    expect(worker.metadata.labels['llm-d.ai/inference-serving']).toBeUndefined();
  });

  it('the InferencePool selects the leaders only', () => {
    const pool = find(out.objects, 'InferencePool', POOL);
    expect(pool.spec.selector.matchLabels).toEqual({ app: POOL, [MULTI_NODE_ROLE_LABEL]: 'leader' });
    const selected = new ObjectIndex(out.objects).selectPods('llm-d', pool.spec.selector.matchLabels).map((t) => t.label);
    expect(selected).toEqual([`LeaderWorkerSet llm-d/${POOL}/leader`]);
  });

  it('the routing report counts the whole group: 2 + 1 pods, 4 + 4 + 1 GPUs, 4 per serving pod', () => {
    const report = out.files.get('ROUTING.md')!;
    expect(report).toContain('2 workload(s), 3 pod(s), 9 GPU(s)');
    expect(report).toContain(`| \`LeaderWorkerSet llm-d/${POOL}/leader\` | 1 | 4 |`);
  });

  it('verify fails the same output when the pool also selects the workers, or the group GPUs disagree with vLLM', () => {
    const errors = (objects: any[]) => verifyObjects(objects, undefined, 'llm-d', { stack: { profile } }).problems
      .filter((p) => (p.severity ?? 'error') === 'error').map((p) => `${p.rule} ${p.kind} ${p.name} ${p.field}`);
    const wide = structuredClone(out.objects);
    delete find(wide, 'InferencePool', POOL).spec.selector.matchLabels[MULTI_NODE_ROLE_LABEL];
    expect(errors(wide)).toEqual([`inferencepool-lws-workers InferencePool ${POOL} spec.selector.matchLabels`]);
    const big = structuredClone(out.objects);
    find(big, 'LeaderWorkerSet', POOL).spec.leaderWorkerTemplate.size = 3;
    expect(errors(big)).toEqual([
      `workload-parallelism LeaderWorkerSet ${POOL} spec.leaderWorkerTemplate.size`,
      `workload-parallelism LeaderWorkerSet ${POOL} spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0].resources`,
    ]);
  });

  it('verify fails the same output with startupPolicy LeaderReady (the leader cannot be Ready before its workers exist)', () => {
    const ready = structuredClone(out.objects);
    find(ready, 'LeaderWorkerSet', POOL).spec.startupPolicy = 'LeaderReady';
    const found = verifyObjects(ready, undefined, 'llm-d', { stack: { profile } }).problems.filter((p) => (p.severity ?? 'error') === 'error');
    expect(found.map((p) => `${p.rule} ${p.field}`)).toEqual(['leaderworkerset-startup-deadlock spec.startupPolicy']);
  });

  it('verify fails the same output on a vLLM image without multi-node serving (before v0.12.0)', () => {
    const old = structuredClone(out.objects);
    const t = find(old, 'LeaderWorkerSet', POOL).spec.leaderWorkerTemplate;
    for (const role of [t.leaderTemplate, t.workerTemplate]) vllmOf(role).image = 'vllm/vllm-openai:v0.11.0';
    const found = verifyObjects(old, undefined, 'llm-d', { stack: { profile } }).problems.filter((p) => p.rule === 'vllm-multi-node-version');
    expect(found.map((p) => p.field)).toEqual(['leaderTemplate', 'workerTemplate'].map((r) => `spec.leaderWorkerTemplate.${r}.spec.containers[0].args[${vllmOf(t.leaderTemplate).args.indexOf('--nnodes')}]`));
    expect(found[0].message).toContain('is --nnodes, which vLLM v0.11.0 (image vllm/vllm-openai:v0.11.0) does not have');
  });

  it('shares one ServiceAccount between leader and workers', () => {
    expect(out.objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === POOL)).toHaveLength(1);
  });

  it('verifies clean, and the simulator routes the model to its pool', () => {
    expect(out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
    const routed = Object.fromEntries(out.verification.simulations.filter((s) => s.probe === 'model').map((s) => [s.model, s.decision.pool]));
    expect(routed).toEqual({ [BIG]: `llm-d/${POOL}`, [QWEN]: 'llm-d/vllm-qwen3-06b' });
  });
});

describe('ModelServer nodes', () => {
  it('changes nothing for nodes 1: a Deployment, no multi-node flag, a workload that is the Deployment', () => {
    const chart = new Chart(new App(), 'c');
    const s = new ModelServer(chart, 's', { name: 'vllm-x', namespace: 'ns', servedModelName: BIG, selectorLabels: { app: 'vllm-x' }, nodes: 1, tensorParallelSize: 2 });
    expect(s.workload).toBe(s.deployment);
    expect(s.servingSelector).toEqual({ app: 'vllm-x' });
    expect(s.nodes).toBe(1);
    expect([ModelServer.ROLE_LABEL, ModelServer.MAX_NODES]).toEqual([MULTI_NODE_ROLE_LABEL, 64]);
    const d = find(chart.toJson(), 'Deployment', 'vllm-x');
    expect(d.spec.template.spec.containers[0].args).not.toContain('--nnodes');
    expect(d.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(2);
  });

  it('derives GPUs per pod as TP × stages / nodes: 4 stages on 2 nodes with TP 2 is 4 GPUs per pod', () => {
    const lws = find(server({ nodes: 2, tensorParallelSize: 2, pipelineParallelSize: 4 }), 'LeaderWorkerSet', 'vllm-x');
    const c = vllmOf(lws.spec.leaderWorkerTemplate.leaderTemplate);
    expect(c.resources.limits['nvidia.com/gpu']).toBe(4);
    expect(flag(c.args, '--pipeline-parallel-size')).toBe('4');
  });

  it('accepts gpus equal to the group share and sizes replicas as groups', () => {
    const lws = find(server({ nodes: 4, gpus: 8, tensorParallelSize: 8, replicas: 3 }), 'LeaderWorkerSet', 'vllm-x');
    expect(lws.spec.replicas).toBe(3);
    expect(lws.spec.leaderWorkerTemplate.size).toBe(4);
    expect(flag(vllmOf(lws.spec.leaderWorkerTemplate.workerTemplate).args, '--nnodes')).toBe('4');
  });

  it('fails when nodes is not a whole number from 1 to 64', () => {
    expect(errorOf(() => server({ nodes: 0 }))).toContain("'nodes' must be a whole number from 1 to 64, got 0");
    expect(errorOf(() => server({ nodes: 65 }))).toContain("'nodes' must be a whole number from 1 to 64, got 65");
    expect(errorOf(() => server({ nodes: 1.5 }))).toContain("'nodes' must be a whole number from 1 to 64, got 1.5");
  });

  it('fails when the group GPUs (nodes × gpus) differ from stages × tensor parallel', () => {
    expect(errorOf(() => server({ nodes: 2, gpus: 8, tensorParallelSize: 4 })))
      .toContain("'gpus' × nodes 2 = 16 GPUs in the group must equal pipelineParallelSize 2 × tensorParallelSize 4 = 8, got gpus 8: remove 'gpus' to derive it (4), or set it to 4");
  });

  it('fails when tensor parallel does not divide the GPUs of a pod (it stays within a node)', () => {
    expect(errorOf(() => server({ nodes: 2, gpus: 6, tensorParallelSize: 4, pipelineParallelSize: 6 })))
      .toContain("'tensorParallelSize' must divide gpus 6 (the GPUs of each node's pod) since tensor parallel stays within a node, got 4");
  });

  it('fails when the pipeline stages are not a multiple of the nodes', () => {
    expect(errorOf(() => server({ nodes: 2, pipelineParallelSize: 3 })))
      .toContain("'pipelineParallelSize' must be a multiple of nodes 2 so each node holds whole pipeline stages (tensor parallel stays within a node), got 3: set it to 2, or leave it out (it defaults to nodes)");
  });

  it('fails when nodes comes with data parallelism', () => {
    expect(errorOf(() => server({ nodes: 2, dataParallelSize: 2 })))
      .toContain("'dataParallelSize' is 2 with nodes 2, but a multi-node model is one vLLM instance whose pipeline stages span the nodes: remove 'dataParallelSize' and raise 'replicas' for more instances (each replica is a group of 2 pods)");
  });

  it('fails when a CPU model asks for several nodes', () => {
    expect(errorOf(() => server({ nodes: 2, accelerator: 'cpu' })))
      .toContain("'nodes' is 2, but accelerator is 'cpu': a multi-node model splits its layers across the GPUs of several nodes: remove 'nodes', or choose a GPU accelerator");
  });
});

describe('catalog nodes', () => {
  it('fails under the model path when the group GPUs disagree', () => {
    expect(catalogProblems(spec([{ name: BIG, nodes: 2, gpus: 8, tensorParallelSize: 4 }])))
      .toEqual([`models[0]: model '${BIG}': 'gpus' × nodes 2 = 16 GPUs in the group must equal pipelineParallelSize 2 × tensorParallelSize 4 = 8, got gpus 8: remove 'gpus' to derive it (4), or set it to 4`]);
  });

  it('the schema refuses more than 64 nodes', () => {
    expect(catalogProblems(spec([{ name: BIG, nodes: 65 }])).join('\n')).toMatch(/nodes/);
  });

  it('synth refuses a multi-node CPU model', () => {
    expect(errorOf(() => synthesize(Catalog.fromSpec(spec([{ name: BIG, nodes: 2, accelerator: 'cpu' as any }])))))
      .toContain("'nodes' is 2, but accelerator is 'cpu'");
  });
});

describe('README multi-node section', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(# multi-node\.yaml\n[\s\S]*?)```/.exec(readme)![1];

  it('its catalog synthesizes the objects the section names: a LeaderWorkerSet of 2-pod groups, a leaders-only pool', () => {
    const out = synthesize(Catalog.fromSpec(YAML.parse(block) as CatalogSpec));
    const lws = find(out.objects, 'LeaderWorkerSet', POOL);
    expect(lws.spec.leaderWorkerTemplate).toMatchObject({ size: 2, restartPolicy: 'RecreateGroupOnPodRestart' });
    expect(lws.spec.startupPolicy).toBe('LeaderCreated');
    expect(vllmOf(lws.spec.leaderWorkerTemplate.workerTemplate).resources.limits['nvidia.com/gpu']).toBe(4);
    expect(find(out.objects, 'InferencePool', POOL).spec.selector.matchLabels[MULTI_NODE_ROLE_LABEL]).toBe('leader');
    expect(readme).toContain(`\`${MULTI_NODE_ROLE_LABEL}: leader\``);
  });
});

describe('multi-node model from an OCI image', () => {
  it('mounts the image volume in the leader and the worker templates (the pods of a group all load the weights)', () => {
    const ref = `quay.io/example/qwen72b:1.0@sha256:${'b'.repeat(64)}`;
    const out = synthesize(Catalog.fromSpec(spec([{ ...TWO_NODES, uri: `oci://${ref}` }])));
    const lws = find(out.objects, 'LeaderWorkerSet', POOL).spec.leaderWorkerTemplate;
    for (const template of [lws.leaderTemplate, lws.workerTemplate]) {
      expect(template.spec.volumes).toContainEqual({ name: 'model-image', image: { reference: ref, pullPolicy: 'IfNotPresent' } });
      expect(template.spec.containers[0].args[0]).toBe('/model-image/models');
    }
  });
});

describe('multi-node keys that do not apply', () => {
  it('fails when a multi-node model asks for a Deployment rollout, or passes a multi-node flag itself', () => {
    const rollout = catalogProblems(spec([{ ...TWO_NODES, rollout: 'recreate' as any }]));
    expect(rollout).toHaveLength(1);
    expect(rollout[0]).toContain("'rollout'");
    expect(rollout[0]).toContain('LeaderWorkerSet');
    const flags = catalogProblems(spec([{ ...TWO_NODES, vllmArgs: ['--nnodes=4'] }]));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toContain('--nnodes');
    expect(flags[0]).toContain('nodes');
  });
});

describe('multi-node model of several groups', () => {
  it('gets a PodDisruptionBudget <pool> over all its pods, maxUnavailable 1; one group gets none', () => {
    const two = synthesize(Catalog.fromSpec(spec([{ ...TWO_NODES, replicas: 2 }])));
    const pdb = find(two.objects, 'PodDisruptionBudget', POOL);
    const lws = find(two.objects, 'LeaderWorkerSet', POOL);
    expect(pdb.spec.maxUnavailable).toBe(1);
    for (const t of [lws.spec.leaderWorkerTemplate.leaderTemplate, lws.spec.leaderWorkerTemplate.workerTemplate]) {
      expect(t.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    }
    const one = synthesize(Catalog.fromSpec(spec([TWO_NODES])));
    expect(one.objects.filter((o: any) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });
});
