import { describe, expect, it } from 'vitest';
import { formatChangeSummary, MAX_DEPTH, summarizeChanges } from '../src/cli/change-summary';

/** A Deployment with one container, built fresh each call so tests can mutate it. */
function deployment(name: string, container: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'llm-d', labels: { 'app.kubernetes.io/name': name } },
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: 'epp', image: 'epp:v1', args: ['--pool-name', 'p'], ...container }] } },
    },
  };
}
const role = (name: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'llm-d' }, rules: [] });
const cluster = (name: string) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name }, spec: {} });

describe('summarizeChanges', () => {
  it('finds nothing between identical inputs, and counts them unchanged', () => {
    const s = summarizeChanges([deployment('a'), role('r')], [deployment('a'), role('r')]);
    expect(s).toEqual({ objects: [], unchanged: 2 });
    expect(formatChangeSummary(s)).toBe('no changes: 2 objects unchanged\n');
  });

  it('reports added and removed objects whole: new set order first, then the removed in old order', () => {
    const s = summarizeChanges([role('old-1'), deployment('a'), role('old-2')], [role('new'), deployment('a'), cluster('agentgateway')]);
    expect(s.objects.map((o) => [o.change, o.kind, o.namespace, o.name])).toEqual([
      ['added', 'Role', 'llm-d', 'new'],
      ['added', 'GatewayClass', undefined, 'agentgateway'],
      ['removed', 'Role', 'llm-d', 'old-1'],
      ['removed', 'Role', 'llm-d', 'old-2'],
    ]);
    expect(s.objects.every((o) => o.fields.length === 0)).toBe(true);
    expect(s.unchanged).toBe(1);
    expect(formatChangeSummary(s)).toBe([
      '+ Role llm-d/new',
      '+ GatewayClass agentgateway',
      '- Role llm-d/old-1',
      '- Role llm-d/old-2',
      '4 objects differ: 0 changed, 2 added, 2 removed, 1 unchanged',
      '',
    ].join('\n'));
  });

  it('matches objects by kind, namespace and name: the same name in another namespace or kind is another object', () => {
    const other = { ...role('r'), metadata: { name: 'r', namespace: 'other' } };
    const s = summarizeChanges([role('r'), deployment('r')], [other, { ...role('r'), kind: 'ClusterRole' }]);
    expect(s.objects.map((o) => `${o.change} ${o.kind} ${o.namespace}/${o.name}`)).toEqual([
      'added Role other/r', 'added ClusterRole llm-d/r', 'removed Role llm-d/r', 'removed Deployment llm-d/r',
    ]);
  });

  it('reports changed scalars with old and new values, added and removed fields, sorted by path', () => {
    const before = deployment('x');
    const after = deployment('x', { image: 'epp:v2', resources: { requests: { cpu: '8' } } });
    after.spec.replicas = 2;
    delete after.metadata.labels;
    const [o] = summarizeChanges([before], [after]).objects;
    expect(o).toMatchObject({ change: 'changed', kind: 'Deployment', namespace: 'llm-d', name: 'x', counts: { added: 1, removed: 1, changed: 2 }, omitted: 0 });
    expect(o.fields).toEqual([
      { path: 'metadata.labels', change: 'removed', before: { 'app.kubernetes.io/name': 'x' }, after: undefined },
      { path: 'spec.replicas', change: 'changed', before: 1, after: 2 },
      { path: 'spec.template.spec.containers[name=epp].image', change: 'changed', before: 'epp:v1', after: 'epp:v2' },
      { path: 'spec.template.spec.containers[name=epp].resources', change: 'added', before: undefined, after: { requests: { cpu: '8' } } },
    ]);
  });

  it('matches list items by name when every item has a distinct one, else by index', () => {
    const before = deployment('x', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 9002 }, { containerPort: 9090 }] });
    // Reordered env with one change and one new entry; the unnamed ports compare by index.
    const after = deployment('x', { env: [{ name: 'USER', value: 'vllm' }, { name: 'B', value: '3' }, { name: 'A', value: '1' }], ports: [{ containerPort: 9002 }] });
    const paths = summarizeChanges([before], [after]).objects[0].fields.map((f) => `${f.change} ${f.path}`);
    expect(paths).toEqual([
      'changed spec.template.spec.containers[name=epp].env[name=B].value',
      'added spec.template.spec.containers[name=epp].env[name=USER]',
      'removed spec.template.spec.containers[name=epp].ports[1]',
    ]);
  });

  it('compares a list by index when names repeat or some item has none', () => {
    const dup = (v: string) => deployment('x', { env: [{ name: 'A', value: '1' }, { name: 'A', value: v }] });
    expect(summarizeChanges([dup('2')], [dup('3')]).objects[0].fields.map((f) => f.path)).toEqual(['spec.template.spec.containers[name=epp].env[1].value']);
    const partly = (v: string) => deployment('x', { env: [{ name: 'A', value: '1' }, { value: v }] });
    expect(summarizeChanges([partly('2')], [partly('3')]).objects[0].fields.map((f) => f.path)).toEqual(['spec.template.spec.containers[name=epp].env[1].value']);
  });

  it('reports a change of type as one change at that path, not as its leaves', () => {
    const before = deployment('x');
    const after = deployment('x');
    after.spec.replicas = '1';
    after.spec.template.spec.containers[0].args = { pool: 'p' };
    after.metadata.labels = null;
    const [o] = summarizeChanges([before], [after]).objects;
    expect(o.fields).toEqual([
      { path: 'metadata.labels', change: 'changed', before: { 'app.kubernetes.io/name': 'x' }, after: null },
      { path: 'spec.replicas', change: 'changed', before: 1, after: '1' },
      { path: 'spec.template.spec.containers[name=epp].args', change: 'changed', before: ['--pool-name', 'p'], after: { pool: 'p' } },
    ]);
    expect(formatChangeSummary({ objects: [o], unchanged: 0 })).toContain('    ~ spec.replicas: 1 → "1"\n');
  });

  it('sorts list indices by number and quotes keys that are not identifiers', () => {
    const before = deployment('x', { args: Array.from({ length: 12 }, (_, i) => `a${i}`) });
    const after = deployment('x', { args: Array.from({ length: 12 }, (_, i) => `b${i}`) });
    after.metadata.labels['app.kubernetes.io/name'] = 'y';
    const paths = summarizeChanges([before], [after], { maxPathsPerObject: 100 }).objects[0].fields.map((f) => f.path);
    expect(paths[0]).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(paths.slice(1)).toEqual(Array.from({ length: 12 }, (_, i) => `spec.template.spec.containers[name=epp].args[${i}]`));
  });

  it('caps the paths listed per object and says how many more there are', () => {
    const before = deployment('x', { args: Array.from({ length: 30 }, (_, i) => `a${i}`) });
    const after = deployment('x', { args: Array.from({ length: 30 }, (_, i) => `b${i}`) });
    const [o] = summarizeChanges([before], [after], { maxPathsPerObject: 5 }).objects;
    expect(o.fields.map((f) => f.path.replace(/.*\./, ''))).toEqual(['args[0]', 'args[1]', 'args[2]', 'args[3]', 'args[4]']);
    expect(o.counts.changed).toBe(30);
    expect(o.omitted).toBe(25);
    const text = formatChangeSummary({ objects: [o], unchanged: 0 });
    expect(text.split('\n')[0]).toBe('~ Deployment llm-d/x: 30 changed');
    expect(text).toContain('\n    … and 25 more\n');
    expect(summarizeChanges([before], [after]).objects[0].fields).toHaveLength(20);
  });

  it('pairs repeated identities in order, and treats own keys such as constructor as fields', () => {
    const s = summarizeChanges([role('r'), { ...role('r'), rules: [1] }], [role('r'), { ...role('r'), rules: [2], constructor: 'x' }]);
    expect(s.unchanged).toBe(1);
    expect(s.objects[0].fields.map((f) => `${f.change} ${f.path}`)).toEqual(['added constructor', 'changed rules[0]']);
    const back = summarizeChanges([{ ...role('r'), constructor: 'x' }], [role('r')]);
    expect(back.objects[0].fields).toEqual([{ path: 'constructor', change: 'removed', before: 'x', after: undefined }]);
    const fromJson = JSON.parse('{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"x"}}');
    expect(summarizeChanges([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }], [fromJson]).objects[0].fields.map((f) => f.path)).toEqual(['data.__proto__']);
  });

  it('stays bounded on deep and cyclic input', () => {
    const deep = (leaf: number) => {
      let v: any = leaf;
      for (let i = 0; i < 10_000; i++) v = { a: v };
      return { kind: 'X', metadata: { name: 'd' }, spec: v };
    };
    const [o] = summarizeChanges([deep(1)], [deep(2)]).objects;
    expect(o.fields).toHaveLength(1);
    expect(o.fields[0].path.split('.')).toHaveLength(MAX_DEPTH);
    expect(summarizeChanges([deep(1)], [deep(1)]).unchanged).toBe(1);
    const cyclic: any = { kind: 'X', metadata: { name: 'c' }, spec: {} };
    cyclic.spec.self = cyclic.spec;
    const other: any = { kind: 'X', metadata: { name: 'c' }, spec: {} };
    other.spec.self = other.spec;
    expect(summarizeChanges([cyclic], [other]).objects[0].change).toBe('changed');
  });
});

describe('formatChangeSummary', () => {
  it('gives one header per object with its counts, then the indented paths', () => {
    const before = [deployment('vllm-qwen3-06b-epp'), role('vllm-qwen3-06b-epp')];
    const after = [deployment('vllm-qwen3-06b-epp', { image: 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0', args: ['--pool-name=p'], resources: { requests: { cpu: '8' } } }), role('vllm-qwen3-06b-epp-sa')];
    after[0].spec.replicas = 2;
    expect(formatChangeSummary(summarizeChanges(before, after))).toBe([
      '~ Deployment llm-d/vllm-qwen3-06b-epp: 3 changed, 1 added, 1 removed',
      '    ~ spec.replicas: 1 → 2',
      '    ~ spec.template.spec.containers[name=epp].args[0]: "--pool-name" → "--pool-name=p"',
      '    - spec.template.spec.containers[name=epp].args[1]: "p"',
      '    ~ spec.template.spec.containers[name=epp].image: "epp:v1" → "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0"',
      '    + spec.template.spec.containers[name=epp].resources: {"requests":{"cpu":"8"}}',
      '+ Role llm-d/vllm-qwen3-06b-epp-sa',
      '- Role llm-d/vllm-qwen3-06b-epp',
      '3 objects differ: 1 changed, 1 added, 1 removed, 0 unchanged',
      '',
    ].join('\n'));
  });

  it('cuts long values and escapes control characters in names, paths and values', () => {
    const before = { kind: 'ConfigMap', metadata: { name: 'c\u001b[31m' }, data: { 'k\r': 'x'.repeat(100) } };
    const after = { kind: 'ConfigMap', metadata: { name: 'c\u001b[31m' }, data: { 'k\r': 'line\nbreak' } };
    const text = formatChangeSummary(summarizeChanges([before], [after]), { maxValueLength: 10 });
    expect(text).toBe([
      '~ ConfigMap c\\x1b[31m: 1 changed',
      '    ~ data["k\\r"]: "xxxxxxxxx… → "line\\nbre…',
      '1 object differs: 1 changed, 0 added, 0 removed, 0 unchanged',
      '',
    ].join('\n'));
  });
});
