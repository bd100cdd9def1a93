import { describe, expect, it } from 'vitest';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { codeSpan, mermaidId, mermaidLabel } from '../src/util/markdown';
import { UNKNOWN_MODEL } from '../src/verify/verify';
import { synth } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const commonmark = require('commonmark');

const report = (spec: CatalogSpec): string => synth(spec).files.get('ROUTING.md')!;
const model = (name: string, extra: object = {}) => ({ name, ...extra });

/** Lines of `b` not in `a`, and of `a` not in `b`. */
function lineDiff(a: string, b: string): { added: string[]; removed: string[] } {
  const la = new Set(a.split('\n'));
  const lb = new Set(b.split('\n'));
  return { added: [...lb].filter((l) => !la.has(l)), removed: [...la].filter((l) => !lb.has(l)) };
}

/** Every node type of a CommonMark parse of `md`, and the literal text of its code spans. */
function parsed(md: string): { types: Set<string>; code: string[] } {
  const walker = new commonmark.Parser().parse(md).walker();
  const types = new Set<string>();
  const code: string[] = [];
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    types.add(e.node.type);
    if (e.node.type === 'code') code.push(e.node.literal);
  }
  return { types, code };
}

describe('ROUTING.md', () => {
  it('adding a model mid-catalog changes only that model\'s lines and the totals', () => {
    const before = report({ models: [model('a/one'), model('b/two'), model('c/three')] } as CatalogSpec);
    const after = report({ models: [model('a/one'), model('x/inserted', { replicas: 2 }), model('b/two'), model('c/three')] } as CatalogSpec);
    const { added, removed } = lineDiff(before, after);
    expect(removed.filter((l) => !l.startsWith('Totals:'))).toEqual([]);
    expect(added.length).toBeGreaterThanOrEqual(5); // table row, pool, picker, route, edge
    for (const l of added.filter((x) => !x.startsWith('Totals:'))) expect(l).toMatch(/x\/inserted|vllm-inserted/);
    expect(added.filter((l) => l.startsWith('Totals:'))).toEqual(['Totals: 4 of 4 model name(s) routed; 4 workload(s), 5 pod(s), 5 GPU(s) (replicas × GPUs per pod).']);
  });

  it('totals GPUs as replicas × GPUs per pod over every routed workload', () => {
    const md = report({ platform: 'kubernetes', models: [model('a/one', { replicas: 3 }), model('b/two', { replicas: 0 })] } as CatalogSpec);
    expect(md).toContain('Totals: 2 of 2 model name(s) routed; 2 workload(s), 3 pod(s), 3 GPU(s)');
  });

  it('names the endpoint: the Route host on OpenShift, the Gateway listener everywhere', () => {
    const os = report({ gateway: { port: 9090, route: { host: 'maas.apps.example.com' } }, models: [model('a/one')] } as CatalogSpec);
    expect(os).toContain('- OpenShift Route `agentgateway-system/inference-gateway`: `https://maas.apps.example.com/v1/chat/completions`');
    expect(os).toContain("- Gateway listener `http` `HTTP:9090`: `http://<address>:9090/v1/chat/completions`, where `kubectl get gateways.gateway.networking.k8s.io inference-gateway -n agentgateway-system -o jsonpath='{.status.addresses[0].value}'` prints the address");
    const k8s = report({ platform: 'kubernetes', gateway: { name: 'gw', namespace: 'edge' }, models: [model('a/one')] } as CatalogSpec);
    expect(k8s).not.toContain('OpenShift Route');
    expect(k8s).toContain("- Gateway listener `http` `HTTP:8080`: `http://<address>:8080/v1/chat/completions`, where `kubectl get gateways.gateway.networking.k8s.io gw -n edge -o jsonpath='{.status.addresses[0].value}'` prints the address");
  });

  it('says what a refused client receives, without the verifier\'s probe name', () => {
    const md = report({ models: [model('a/one')] } as CatalogSpec);
    expect(md).not.toContain(UNKNOWN_MODEL);
    const refused = md.split('\n').filter((l) => l.startsWith('- `POST /v1/chat/completions` for a model not in the catalog'));
    expect(refused).toHaveLength(2);
    // the gateway's own model_not_found route answers them (see "Model listing and OpenAI errors")
    for (const l of refused) expect(l).toMatch(/answered by the gateway \(HTTPRoute `llm-d\/inference-gateway-model-not-found`\): HTTP 404 `\{"error":.*"code":"model_not_found"\}\}`$/);
    expect(refused[1]).toContain('with the client setting `X-Gateway-Base-Model-Name: a/one` itself');
  });

  it('shows hostile names verbatim but inert: no live HTML, links or images, table cells intact', () => {
    const names = ['a|b', '<img src=x onerror=alert(1)>', 'x`y``z', '[click](javascript:alert(1))', '*bold* _i_ ~s~', '"q" #x; \\ end'];
    const md = report({ platform: 'kubernetes', models: names.map((n, i) => model(n, { pool: `vllm-p${i}`, uri: `hf://org/m${i}` })) } as CatalogSpec);
    const { types, code } = parsed(md);
    for (const t of ['html_inline', 'html_block', 'link', 'image', 'emph', 'strong']) expect(types.has(t), t).toBe(false);
    // Outside tables (the refused list) a code span holds the name exactly, `|` unescaped.
    expect(code).toContain(`X-Gateway-Base-Model-Name: ${names[0]}`);
    const cells = code.map((c) => c.replace(/\\\|/g, '|'));
    for (const n of names) expect(cells, n).toContain(n);
    const rows = md.split('\n').filter((l) => l.startsWith('| `') && !l.startsWith('| model'));
    for (const r of rows) expect(r.replace(/\\\|/g, '').split('|').length, r).toBe(10);
    const mermaid = md.slice(md.indexOf('```mermaid'));
    expect(mermaid).not.toMatch(/<img|\[click\]|`y/);
    expect(mermaid).toContain(`gw -- ${mermaidLabel(`model: ${names[0]}`)} -->`);
  });

  it('escapes with the shortest safe code fence and distinct, stable Mermaid ids', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`a')).toBe('`` `a ``');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
    expect(codeSpan('line\nbreak')).toBe('`line\\u{a}break`');
    expect(mermaidLabel('<b>"x"</b>')).toBe('"#60;b#62;#34;x#34;#60;/b#62;"');
    expect(mermaidId('pool', 'llm-d/a')).not.toBe(mermaidId('pool', 'llm-d-a'));
    expect(mermaidId('pool', 'llm-d/a')).toBe(mermaidId('pool', 'llm-d/a'));
    expect(mermaidId('pool', 'llm-d/a')).toMatch(/^pool_llm_d_a_[0-9a-f]{8}$/);
  });
});
