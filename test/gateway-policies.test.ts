import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { MAX_REMOVED_HEADERS, removedClientHeaders } from '../src/constructs/header-hygiene';
import { PROFILES, RoutingMode, StackProfile } from '../src/profiles/profiles';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { chatCompletion } from '../src/verify/simulator/requests';
import { RoutingSimulator } from '../src/verify/simulator/simulator';

const QWEN = 'Qwen/Qwen3-0.6B';
const PROFILE_LIST = [StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08];
const GW = 'agentgateway-system/inference-gateway';

const spec = (profile: StackProfile, gateway: Record<string, unknown> = {}, model: Record<string, unknown> = {}): CatalogSpec =>
  ({ profile, platform: 'kubernetes' as CatalogSpec['platform'], gateway, models: [{ name: QWEN, ...model }] } as CatalogSpec);
const named = (objects: any[], name: string) => objects.find((o) => o.metadata?.name === name);
const simulator = (objects: any[]) => new RoutingSimulator(new Model(new ObjectIndex(objects)));

describe('header hygiene: the body-routing policy removes client routing and scheduling headers', () => {
  for (const profile of PROFILE_LIST) {
    for (const mode of [RoutingMode.MAP, RoutingMode.NAME]) {
      it(`${profile}, ${mode} mode: removes the picker's headers and the other mode's routing header, never one it sets`, () => {
        const out = synthesize(Catalog.fromSpec(spec(profile, { routing: mode })));
        const request = named(out.objects, 'inference-gateway-bbr').spec.traffic.transformation.request;
        const removed: string[] = request.remove;
        const set: string[] = request.set.map((s: any) => s.name.toLowerCase());
        expect(removed.length).toBeLessThanOrEqual(MAX_REMOVED_HEADERS);
        for (const h of PROFILES[profile].endpointPicker.clientHeaders) expect(removed).toContain(h);
        expect(removed).toContain(mode === RoutingMode.MAP ? 'X-Gateway-Model-Name' : 'X-Gateway-Base-Model-Name');
        expect(removed.filter((r) => set.includes(r.toLowerCase()))).toEqual([]);
        expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(out.verification.problems.filter((p) => p.rule === 'gateway-client-headers-removed')).toEqual([]);
      });
    }
  }

  it('every profile\'s list fits the CRD\'s 16 names with the other mode\'s routing header', () => {
    for (const profile of PROFILE_LIST) {
      for (const mode of [RoutingMode.MAP, RoutingMode.NAME]) expect(removedClientHeaders(profile, mode, []).length).toBeLessThanOrEqual(MAX_REMOVED_HEADERS);
    }
  });

  for (const profile of PROFILE_LIST) {
    it(`${profile}: the simulator drops a spoofed scheduling or routing header and still routes the model`, () => {
      const out = synthesize(Catalog.fromSpec(spec(profile)));
      const sim = simulator(out.objects);
      const spoof = { 'x-gateway-destination-endpoint': '10.0.0.9:8000', 'X-Gateway-Inference-Fairness-Id': 'someone-else', 'x-llm-d-inference-objective': 'premium' };
      const d = sim.simulate(GW, chatCompletion(QWEN, spoof));
      expect(d.routed).toBe(true);
      expect(d.pool).toBe('llm-d/vllm-qwen3-06b');
      expect(d.headers['x-gateway-destination-endpoint']).toBeUndefined();
      expect(d.headers['x-gateway-inference-fairness-id']).toBeUndefined();
      expect(d.headers['x-llm-d-inference-objective']).toBeUndefined();
      expect(d.transformations.some((t) => t.includes('removed x-gateway-destination-endpoint sent by the client'))).toBe(true);
    });
  }
});
