import { parse } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { AGENTGATEWAY_CEL_FUNCTIONS, calledFunctions, clientReference, nearestFunction } from '../src/verify/rules/policy-cel';

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
