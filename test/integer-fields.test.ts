import { describe, expect, it } from 'vitest';
import { sharedValidator } from './helpers';
import { parseManifests } from '../src/verify/input/manifests';
import { implementationLimitProblems, INT32_MAX, isInt32, isInt64 } from '../src/verify/schema/implementation-limits';

const policy = (attempts: string) => parseManifests(`apiVersion: agentgateway.dev/v1alpha1
kind: AgentgatewayPolicy
metadata: {name: retry, namespace: agentgateway-system}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: inference-gateway}]
  traffic:
    retry: {attempts: ${attempts}}
`, 'policy.yaml')[0].obj;

const route = (weight: string) => parseManifests(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: llm-d}
spec:
  rules:
  - backendRefs: [{name: s, port: 8000, weight: ${weight}}]
`, 'route.yaml')[0].obj;

const messages = (obj: any) => sharedValidator().validate(obj).map((p) => `${p.field}: ${p.message}`);

describe('integer fields out of range', () => {
  it('AgentgatewayPolicy retry.attempts: 2147483648 and -4 are refused as agentgateway refuses them', () => {
    expect(messages(policy('2147483648'))).toEqual(['spec.traffic.retry.attempts: 2147483648 is outside 1..2147483647: agentgateway marks the policy Invalid and does not attach it']);
    expect(messages(policy('-4'))).toEqual(['spec.traffic.retry.attempts: -4 is outside 1..2147483647: agentgateway marks the policy Invalid and does not attach it']);
    expect(messages(policy('0'))).toHaveLength(1);
    expect(messages(policy('3'))).toEqual([]);
    expect(messages(policy(String(INT32_MAX)))).toEqual([]);
  });

  it('HTTPRoute weight: format int32, minimum and maximum from the CRD', () => {
    expect(messages(route('2147483648'))).toEqual([
      'spec.rules[0].backendRefs[0].weight: must be <= 1000000',
      'spec.rules[0].backendRefs[0].weight: must be an int32 (-2147483648 to 2147483647)',
    ]);
    expect(messages(route('-4'))).toEqual(['spec.rules[0].backendRefs[0].weight: must be >= 0']);
    expect(messages(route('1000000'))).toEqual([]);
  });

  it('a CRD integer without a format is an int64 to the API server', () => {
    expect(messages(policy('1e19'))).toEqual(['spec.traffic.retry.attempts: must be an int64 (-9223372036854775808 to 9223372036854775807)']);
  });

  it('range helpers', () => {
    expect([isInt32(2 ** 31 - 1), isInt32(2 ** 31), isInt32(-(2 ** 31)), isInt32(-(2 ** 31) - 1), isInt32(1.5)]).toEqual([true, false, true, false, false]);
    // 9223372036854775807 is read as 2^63 (double rounding): accepted; anything certainly larger is not.
    expect([isInt64(9223372036854775807), isInt64(2 ** 64), isInt64(-(2 ** 63)), isInt64(-(2 ** 64))]).toEqual([true, false, true, false]);
    expect(implementationLimitProblems({ apiVersion: 'agentgateway.dev/v1', kind: 'AgentgatewayPolicy', spec: { traffic: { retry: { attempts: 'x' } } } })).toEqual([]);
    expect(implementationLimitProblems({ apiVersion: 'example.com/v1', kind: 'AgentgatewayPolicy', spec: { traffic: { retry: { attempts: -1 } } } })).toEqual([]);
  });
});
