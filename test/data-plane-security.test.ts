import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { InferenceGateway } from '../src/constructs/inference-gateway';
import { Platform } from '../src/constructs/platform';
import { DataPlaneSecurity, GatewayServiceType } from '../src/profiles/data-plane';
import { PROFILES, StackProfile } from '../src/profiles/profiles';
import { find } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const spec = (profile: StackProfile, platform: Platform, gateway: Record<string, unknown> = {}): CatalogSpec =>
  ({ profile, platform, models: [{ name: QWEN }], gateway } as CatalogSpec);
const kinds = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);
const errors = (out: ReturnType<typeof synthesize>) => out.verification.problems.filter((p) => (p.severity ?? 'error') === 'error');

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('gateway.dataPlaneSecurity and serviceType under %s', (profile) => {
  it('restricted-v2 on OpenShift: no SCC RoleBinding; the Gateway references AgentgatewayParameters whose overlay replaces the proxy\'s security context without the fixed UID', () => {
    const out = synthesize(Catalog.fromSpec(spec(profile, Platform.OPENSHIFT, { dataPlaneSecurity: DataPlaneSecurity.RESTRICTED_V2 })));
    expect(kinds(out.objects, 'RoleBinding').filter((b) => b.roleRef.kind === 'ClusterRole')).toEqual([]);
    const gw = find(out.objects, 'Gateway', 'inference-gateway');
    expect(gw.spec.infrastructure).toEqual({ parametersRef: { group: 'agentgateway.dev', kind: 'AgentgatewayParameters', name: 'inference-gateway' } });
    const params = find(out.objects, 'AgentgatewayParameters', 'inference-gateway', 'agentgateway-system');
    const [container] = params.spec.deployment.spec.template.spec.containers;
    expect(container.name).toBe(PROFILES[profile].dataPlane.container);
    expect(container.securityContext.$patch).toBe('replace');
    expect(container.securityContext).not.toHaveProperty('runAsUser');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // OpenShift's default: ClusterIP behind the Route.
    expect(params.spec.service).toEqual({ spec: { type: 'ClusterIP' } });
    expect(errors(out)).toEqual([]);
  });

  it('scc-grant on OpenShift: the article\'s RoleBinding to nonroot-v2, and no overlay of the security context', () => {
    const out = synthesize(Catalog.fromSpec(spec(profile, Platform.OPENSHIFT, { dataPlaneSecurity: DataPlaneSecurity.SCC_GRANT })));
    const scc = find(out.objects, 'RoleBinding', 'inference-gateway-scc');
    expect(scc.roleRef.name).toBe('system:openshift:scc:nonroot-v2');
    expect(find(out.objects, 'AgentgatewayParameters', 'inference-gateway').spec).toEqual({ service: { spec: { type: 'ClusterIP' } } });
    expect(errors(out)).toEqual([]);
  });

  it('the profile decides the default on OpenShift: scc-grant under rhdev-2026-03, restricted-v2 under upstream-2026-08', () => {
    const out = synthesize(Catalog.fromSpec(spec(profile, Platform.OPENSHIFT)));
    const granted = out.objects.some((o) => o.kind === 'RoleBinding' && o.metadata.name === 'inference-gateway-scc');
    expect(granted).toBe(profile === StackProfile.RHDEV_2026_03);
    expect(PROFILES[profile].dataPlane.defaultSecurity).toBe(profile === StackProfile.RHDEV_2026_03 ? DataPlaneSecurity.SCC_GRANT : DataPlaneSecurity.RESTRICTED_V2);
  });

  it('Kubernetes: the controller\'s LoadBalancer needs no parameters; ClusterIP and NodePort go through AgentgatewayParameters', () => {
    const plain = synthesize(Catalog.fromSpec(spec(profile, Platform.KUBERNETES)));
    expect(kinds(plain.objects, 'AgentgatewayParameters')).toEqual([]);
    expect(find(plain.objects, 'Gateway', 'inference-gateway').spec.infrastructure).toBeUndefined();
    for (const type of [GatewayServiceType.NODE_PORT, GatewayServiceType.CLUSTER_IP]) {
      const out = synthesize(Catalog.fromSpec(spec(profile, Platform.KUBERNETES, { serviceType: type })));
      expect(find(out.objects, 'AgentgatewayParameters', 'inference-gateway').spec).toEqual({ service: { spec: { type } } });
      expect(find(out.objects, 'Gateway', 'inference-gateway').spec.infrastructure.parametersRef.name).toBe('inference-gateway');
      expect(errors(out)).toEqual([]);
    }
  });

  it('OpenShift with scc-grant and LoadBalancer (the default catalog\'s choice) emits no parameters: the article\'s objects', () => {
    const out = synthesize(Catalog.fromSpec(spec(profile, Platform.OPENSHIFT, { dataPlaneSecurity: DataPlaneSecurity.SCC_GRANT, serviceType: GatewayServiceType.LOAD_BALANCER })));
    expect(kinds(out.objects, 'AgentgatewayParameters')).toEqual([]);
    expect(find(out.objects, 'Gateway', 'inference-gateway').spec.infrastructure).toBeUndefined();
  });
});

describe('data-plane choices that cannot be expressed are refused with one sentence', () => {
  it('dataPlaneSecurity on kubernetes: catalog and construct name the key, the value and the fix', () => {
    expect(() => synthesize(Catalog.fromSpec(spec(StackProfile.UPSTREAM_2026_08, Platform.KUBERNETES, { dataPlaneSecurity: DataPlaneSecurity.RESTRICTED_V2 }))))
      .toThrow(/gateway\.dataPlaneSecurity: is 'restricted-v2', a choice between OpenShift security context constraints, but the platform is 'kubernetes': remove it/);
    expect(() => new InferenceGateway(Testing.chart(), 'gw', { platform: Platform.KUBERNETES, dataPlaneSecurity: DataPlaneSecurity.SCC_GRANT }))
      .toThrow(/gateway: 'dataPlaneSecurity' is 'scc-grant'.*platform is 'kubernetes'/);
  });

  it('an unknown value is refused by the catalog schema, naming the allowed ones', () => {
    expect(() => Catalog.fromSpec(spec(StackProfile.UPSTREAM_2026_08, Platform.OPENSHIFT, { serviceType: 'External' }))).toThrow(/gateway\.serviceType/);
    expect(() => new InferenceGateway(Testing.chart(), 'gw', { serviceType: 'External' as GatewayServiceType })).toThrow(/'serviceType' must be one of LoadBalancer, ClusterIP, NodePort/);
  });
});
