import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { AGENTGATEWAY_CEL_FUNCTIONS, calledFunctions, clientReference, nearestFunction } from '../src/verify/rules/policy-cel';
import { verifyObjects } from '../src/verify/verify';
import { ROOT, sharedValidator } from './helpers';

const ast = (e: string) => parse(e).expr;

describe('policy CEL: what an expression calls and reads', () => {
  it('lists called functions, methods and namespaced functions, not operators or macros', () => {
    expect(calledFunctions(ast('{"a": "b"}[string(json(request.body).model)]')).sort()).toEqual(['json', 'string']);
    expect(calledFunctions(ast('base64.encode(request.path) + json(request.body).messages.map(m, m.content).join(",")')).sort()).toEqual(['encode', 'join', 'json']);
    expect(calledFunctions(ast('has(request.body) && 1 in [1] ? -1 : !true'))).toEqual([]);
  });

  it('knows agentgateway\'s own functions and the strings extension, and not foreign names', () => {
    for (const f of ['json', 'toJson', 'default', 'coalesce', 'regexReplace', 'lowerAscii', 'with', 'unvalidatedJwtPayload']) expect(AGENTGATEWAY_CEL_FUNCTIONS.has(f), f).toBe(true);
    for (const f of ['toLower', 'parseJSON', 'lower']) expect(AGENTGATEWAY_CEL_FUNCTIONS.has(f), f).toBe(false);
    expect(nearestFunction('toLower')).toBe('lowerAscii');
    expect(nearestFunction('regexReplce')).toBe('regexReplace');
    expect(nearestFunction('frobnicate')).toBeUndefined();
  });

  it('finds client-chosen request parts other than the body, wherever they are in the expression', () => {
    expect(clientReference(ast('"x-route-override" in request.headers ? request.headers["x-route-override"] : json(request.body).model'))).toBe('request.headers');
    expect(clientReference(ast('{"a": "a"}[default(request.headers["x-model"], json(request.body).model)]'))).toBe('request.headers');
    expect(clientReference(ast('request.path.startsWith("/qwen") ? "Qwen/Qwen3-0.6B" : "none"'))).toBe('request.path');
    expect(clientReference(ast('variables.request.headers["x"]'))).toBe('variables');
    expect(clientReference(ast('{"Qwen/Qwen3-0.6B": "Qwen/Qwen3-0.6B"}[string(json(request.body).model)]'))).toBeUndefined();
    expect(clientReference(ast('jwt.sub == "admin" ? json(request.body).model : "none"'))).toBeUndefined();
  });
});

const EXTERNAL = path.resolve(ROOT, '..', 'shared', 'external-manifests', 'agentgateway-c24aacf8');

describe.skipIf(!fs.existsSync(EXTERNAL))('policy CEL on agentgateway\'s own test data', () => {
  const problems = (file: string) => {
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(EXTERNAL, file), 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind);
    return verifyObjects(objects, sharedValidator(), 'default').problems.filter((p) => p.rule === 'policy-transformation-cel').map((p) => `${p.field}: ${p.message}`);
  };

  it('the translator\'s cel-invalid case: only the template-style value is reported, the valid CEL beside it is not', () => {
    const found = problems('pkg/agentgateway/plugins/testdata/trafficpolicy/cel-invalid.yaml');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^spec\.traffic\.transformation\.request\.set\[0\]\.value: is not valid CEL \(line 1, column \d+: .+\): the controller marks the policy PartiallyValid and never applies it, so x-invalid-header is never set$/);
  });

  it('an e2e policy with a Jinja-style template in a CEL field is reported; its valid response value is not', () => {
    const found = problems('test/e2e/features/agentgateway/transformation/testdata/gateway-attached-transform.yaml');
    expect(found.map((f) => f.split(':')[0])).toEqual(['spec.traffic.transformation.request.set[0].value']);
  });
});
