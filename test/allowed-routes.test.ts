import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { AllowedRoutes } from '../src/constructs/allowed-routes';
import { StackProfile } from '../src/profiles/profiles';
import { verifyObjects } from '../src/verify/verify';
import { find, sharedValidator } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const spec = (extra: Partial<CatalogSpec> = {}, gateway: Record<string, unknown> = {}): CatalogSpec =>
  ({ profile: StackProfile.UPSTREAM_2026_08, namespace: 'team-a', models: [{ name: QWEN }], gateway, ...extra } as CatalogSpec);
const listener = (objects: any[]) => find(objects, 'Gateway', 'inference-gateway').spec.listeners[0];
const ids = (problems: readonly any[]) => problems.map((p: any) => p.rule);

describe('gateway.allowedRoutes', () => {
  it('defaults to the models\' namespace: a Selector on kubernetes.io/metadata.name, and the routes attach with no listener warning', () => {
    const out = synthesize(Catalog.fromSpec(spec()));
    expect(listener(out.objects).allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } } } });
    expect(out.verification.problems.filter((p: any) => p.severity === 'error')).toEqual([]);
    expect(ids(out.verification.problems)).not.toContain('gateway-listener-allows-all-namespaces');
  });

  it('all: every namespace, as the article (and the default catalog, which says so) does; verify warns about it', () => {
    const out = synthesize(Catalog.fromSpec(spec({}, { allowedRoutes: AllowedRoutes.ALL })));
    expect(listener(out.objects).allowedRoutes).toEqual({ namespaces: { from: 'All' } });
    expect(ids(out.verification.problems)).toContain('gateway-listener-allows-all-namespaces');
  });

  it('keeps another namespace\'s HTTPRoute out: verify reports it as not admitted by the listener', () => {
    const out = synthesize(Catalog.fromSpec(spec()));
    const route = find(out.objects, 'HTTPRoute', 'vllm-qwen3-06b');
    const stranger = { ...route, metadata: { ...route.metadata, name: 'stranger', namespace: 'team-b' } };
    const result = verifyObjects([...out.objects, stranger], sharedValidator(), 'team-a');
    const texts = result.problems.map((p: any) => `${p.object ?? ''} ${p.message ?? ''} ${p.text ?? ''}`).join('\n');
    expect(texts).toContain('no listener of Gateway');
  });
});
