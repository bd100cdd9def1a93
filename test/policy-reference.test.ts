import { describe, expect, it } from 'vitest';
import { policyReferences } from '../src/verify/rules/policy-reference';

const policy = (spec: any) => ({ apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayPolicy', metadata: { name: 'p', namespace: 'agentgateway-system' }, spec });

describe('policyReferences: the Secrets and ConfigMaps an AgentgatewayPolicy names', () => {
  it('reads backend auth, TLS CA ConfigMaps, mTLS Secrets and prompt-guard credentials wherever they nest', () => {
    const refs = policyReferences(policy({
      backend: {
        auth: { secretRef: { name: 'openai-key' } },
        tls: { caCertificateRefs: [{ name: 'internal-ca' }], mtlsCertificateRef: [{ name: 'client-cert' }] },
        ai: { promptGuard: { request: [{ openAIModeration: { policies: { auth: { aws: { secretRef: { name: 'aws-creds' } } } } } }] } },
      },
      traffic: { basicAuthentication: { secretRef: { name: 'htpasswd' } } },
    }));
    expect(refs.map((r) => `${r.kind} ${r.name} ${r.field}`)).toEqual([
      'Secret openai-key spec.backend.auth.secretRef.name',
      'ConfigMap internal-ca spec.backend.tls.caCertificateRefs[0].name',
      'Secret client-cert spec.backend.tls.mtlsCertificateRef[0].name',
      'Secret aws-creds spec.backend.ai.promptGuard.request[0].openAIModeration.policies.auth.aws.secretRef.name',
      'Secret htpasswd spec.traffic.basicAuthentication.secretRef.name',
    ]);
  });

  it('never crashes on unrendered templates or hostile nesting, and stops at a fixed depth', () => {
    expect(policyReferences(policy({ traffic: { apiKeyAuthentication: { secretRef: '${API_KEY_SECRET}' } }, backend: '${BACKEND}' }))).toEqual([]);
    expect(policyReferences({ spec: null })).toEqual([]);
    let deep: any = { secretRef: { name: 'too-deep' } };
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    expect(policyReferences(policy(deep))).toEqual([]);
  });
});
