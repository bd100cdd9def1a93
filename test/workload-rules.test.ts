import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { goFlag } from '../src/verify/model/containers';
import { watchedNamespace } from '../src/verify/rules/endpoint-picker';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

/** The problems of `rule` in a fixture of test/rules (its `# assume:` lines honoured). */
function problemsOf(rule: string, file: string) {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'rules', rule, file), 'utf8');
  const objects = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  const assume = [...text.matchAll(/^# assume: (.*)$/gm)].map((m) => m[1].trim());
  return verifyObjects(objects, sharedValidator(), 'default', { assume }).problems.filter((p) => p.rule === rule);
}

describe('goFlag: Go flag spellings', () => {
  const names = ['pool-name', 'poolName'];
  it.each([
    [['--pool-name', 'a'], 'a', '--pool-name'],
    [['-pool-name', 'a'], 'a', '-pool-name'],
    [['--pool-name=a'], 'a', '--pool-name'],
    [['-poolName=a'], 'a', '-poolName'],
    [['--poolName', 'a', '--pool-name', 'b'], 'b', '--pool-name'],
    [['--pool-name'], '', '--pool-name'],
  ])('%j gives %s as written %s', (args, value, written) => {
    expect(goFlag(args, names)).toEqual({ value, written });
  });

  it('ignores other flags, values that look like the flag, and non-lists', () => {
    expect(goFlag(['--pool-names', 'a', '---pool-name', 'b'], names)).toBeUndefined();
    expect(goFlag(['--v', '--pool-name'], ['v'])).toEqual({ value: '--pool-name', written: '--v' });
    expect(goFlag('${ARGS}', names)).toBeUndefined();
  });
});

describe('watchedNamespace: how the endpoint picker resolves its pool namespace', () => {
  const downward = [{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }];
  it.each([
    ['kebab flag wins over NAMESPACE', { args: ['--pool-name', 'p', '--pool-namespace', 'x'], env: downward }, 'x'],
    ['empty kebab flag falls back to NAMESPACE', { args: ['--pool-name', 'p', '--pool-namespace='], env: downward }, 'llm-d'],
    ['literal NAMESPACE', { args: ['--pool-name', 'p'], env: [{ name: 'NAMESPACE', value: 'y' }] }, 'y'],
    ['neither: default', { args: ['--pool-name', 'p'] }, 'default'],
    ['camelCase picker ignores NAMESPACE', { args: ['--poolName', 'p'], env: downward }, 'default'],
    ['camelCase flag', { args: ['-poolName', 'p', '-poolNamespace', 'z'], env: downward }, 'z'],
  ])('%s', (_name, container, namespace) => {
    expect(watchedNamespace(container, 'llm-d').namespace).toBe(namespace);
  });
});

describe('inferencepool-selector-overlap severity', () => {
  it('is a warning when the pools are not routed different models', () => {
    const problems = problemsOf('inferencepool-selector-overlap', 'fail-shared-pods-warning.yaml');
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
  });

  it.each(['fail-different-models.yaml', 'fail-different-models-identity.yaml'])('is an error when the pools are routed different models (%s)', (file) => {
    const problems = problemsOf('inferencepool-selector-overlap', file);
    expect(problems.length).toBe(2);
    expect(problems.every((p) => (p.severity ?? 'error') === 'error')).toBe(true);
  });
});

describe('container-args-null: a null args item is accepted as an empty string', () => {
  const deployment = (args: unknown[], apiVersion = 'apps/v1', kind = 'Deployment') => ({
    apiVersion, kind, metadata: { name: 'vllm', namespace: 'llm-d' },
    spec: { selector: { matchLabels: { app: 'vllm' } }, template: { metadata: { labels: { app: 'vllm' } }, spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.10.2', args }] } } },
  });

  it('the schema check accepts the object, and the rule warns once', () => {
    expect(sharedValidator().validate(deployment(['--model', null]))).toEqual([]);
    const { problems } = verifyObjects([deployment(['--model', null])], sharedValidator(), 'default');
    expect(problems.map((p) => [p.rule, p.severity, p.field])).toEqual([['container-args-null', 'warning', 'spec.template.spec.containers[0].args[1]']]);
  });

  it('other nulls stay schema errors', () => {
    const d = deployment(['--model']);
    d.spec.template.spec.containers[0] = { ...d.spec.template.spec.containers[0], env: [{ name: 'A', value: null }] } as any;
    expect(sharedValidator().validate(d).map((p) => p.field)).toEqual(['spec.template.spec.containers[0].env[0].value']);
  });
});
