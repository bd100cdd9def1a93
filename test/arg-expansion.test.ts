import { App, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { ModelServer } from '../src/constructs/model-server';
import { MultiModelGateway } from '../src/constructs/multi-model-gateway';
import { argExpansions } from '../src/verify/rules/container-arg-expansion';
import { formatProblem } from '../src/verify/report/problem';
import { verifyObjects } from '../src/verify/verify';
import { sharedValidator } from './helpers';

describe('argExpansions: what the kubelet expands', () => {
  const env = new Set(['HF_TOKEN', 'POD_IP']);
  it('finds $(NAME) of defined variables only, honouring $$ escapes', () => {
    expect(argExpansions('$(HF_TOKEN)', env)).toEqual([{ name: 'HF_TOKEN', index: 0 }]);
    expect(argExpansions('a-$(POD_IP):$(HF_TOKEN)', env).map((x) => x.name)).toEqual(['POD_IP', 'HF_TOKEN']);
    expect(argExpansions('$$(HF_TOKEN)', env)).toEqual([]);
    expect(argExpansions('$$$(HF_TOKEN)', env)).toEqual([{ name: 'HF_TOKEN', index: 2 }]);
    expect(argExpansions('$(OTHER) $(HF_TOKEN', env)).toEqual([]);
  });
});

describe('model names that would reach container args unchanged are refused', () => {
  it.each([
    ['$(HF_TOKEN)', /'name' must not contain '\$\(': the kubelet expands \$\(NAME\) in container args/],
    ['org/x-$(HOME)', /must not contain '\$\('/],
    ['-served', /'name' must not start with '-': vLLM would read it as an option/],
  ])('%s, in the library and in a catalog (with the path)', (name, message) => {
    expect(() => new MultiModelGateway(new App(), 'm', { models: [{ name, source: undefined, pool: 'vllm-x' }] })).toThrow(message);
    expect(() => Catalog.fromSpec({ models: [{ name, uri: 'hf://org/x' }] }).addTo(new App(), 'm'))
      .toThrow(new RegExp(`models\\[0\\]: model '${name.replace(/[$()]/g, '\\$&')}': 'name' ${message.source.split("'name' ")[1] ?? ''}`));
  });

  it('ModelServer used directly refuses them too', () => {
    const chart = Testing.chart();
    expect(() => new ModelServer(chart, 's', { name: 'x', namespace: 'd', servedModelName: 'a$(B)', selectorLabels: { app: 'x' } }))
      .toThrow("model 'a$(B)': 'servedModelName' must not contain '$('");
  });
});

describe('verify: env expansion in args and command, on any manifests', () => {
  function deployment(args: string[], env: any[]): any {
    return {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'vllm', namespace: 'llm-d' },
      spec: {
        selector: { matchLabels: { app: 'vllm' } },
        template: { metadata: { labels: { app: 'vllm' } }, spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.11.0', args, env }] } },
      },
    };
  }
  const secretEnv = { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf', key: 'HF_TOKEN' } } };
  const podIp = { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };
  const problems = (o: any) => verifyObjects([o], sharedValidator()).problems.map(formatProblem);

  it('flags a Secret-backed variable expanded anywhere in args, with the field and the fix', () => {
    expect(problems(deployment(['serve', '--api-key=$(HF_TOKEN)'], [secretEnv]))).toEqual([
      'Deployment llm-d/vllm: spec.template.spec.containers[0].args[1]: expands $(HF_TOKEN), which holds a Secret value, into the process arguments (visible in the process list and logs) (write $$(HF_TOKEN) to pass the text literally, or pass the value through an environment variable the program reads)',
    ]);
  });

  it('flags any expansion in the served model name', () => {
    expect(problems(deployment(['m', '--served-model-name', 'x-$(POD_IP)'], [podIp]))).toEqual([
      expect.stringContaining('containers[0].args[2]: expands $(POD_IP) in the served model name'),
    ]);
    expect(problems(deployment(['m', '--served-model-name=$(POD_IP)'], [podIp]))).toHaveLength(1);
  });

  it('flags a reference that may come from an envFrom Secret, naming the Secret', () => {
    const d = deployment(['--api-key=$(API_KEY)', '--host=$(POD_IP)'], [podIp]);
    d.spec.template.spec.containers[0].envFrom = [{ secretRef: { name: 'api' } }];
    expect(problems(d)).toEqual([expect.stringContaining("args[0]: may expand $(API_KEY) from Secret 'api' (envFrom) into the process arguments")]);
  });

  it('leaves escaped references, undefined names and deliberate Downward API expansions alone', () => {
    expect(problems(deployment(['--served-model-name', '$$(HF_TOKEN)', '--host=$(POD_IP)', '$(UNDEFINED)'], [secretEnv, podIp]))).toEqual([]);
  });
});
