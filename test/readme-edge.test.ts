/**
 * The README's "The production edge" section: its catalog is synthesized (in both profiles),
 * its commands run or are checked against the output, its table of added objects is compared
 * with what synth really adds to the default catalog's objects, and every `curl` line is sent
 * through the routing simulator and must get the answer its comment states.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { main } from '../src/cli';
import { synthesize, Synthesis } from '../src/cli/synth';
import { StackProfile } from '../src/profiles/profiles';
import { parseCurl } from './curl';
import { ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const commonmark = require('commonmark');

const HEADING = '## The production edge';
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function readmeSection(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section ${heading}`);
  const end = README.indexOf('\n## ', start + heading.length + 1);
  return README.slice(start + 1, end < 0 ? undefined : end + 1);
}
const SECTION = readmeSection(HEADING);

function blocks(md: string): { lang: string; text: string }[] {
  const walker = new commonmark.Parser().parse(md).walker();
  const out: { lang: string; text: string }[] = [];
  for (let e = walker.next(); e; e = walker.next()) {
    if (e.entering && e.node.type === 'code_block') out.push({ lang: (e.node.info ?? '').trim(), text: e.node.literal });
  }
  return out;
}
const BLOCKS = blocks(SECTION);
const CATALOG_BLOCK = BLOCKS.find((b) => b.lang === 'yaml')!;
const [SETUP, CURLS] = BLOCKS.filter((b) => b.lang === 'sh');
const CATALOG_FILE = /^# (\S+)\n/.exec(CATALOG_BLOCK.text)![1];
const SPEC = YAML.parse(CATALOG_BLOCK.text);

/** The commands of a shell block, comments kept apart: `[command, comment]`. */
function lines(text: string): [string, string][] {
  return text.split('\n').filter((l) => l.trim()).map((l) => {
    const m = /^(.*?)\s+#\s(.*)$/.exec(l);
    return m ? [m[1].trim(), m[2].trim()] : [l.trim(), ''];
  });
}

const synthCache = new Map<string, Synthesis>();
function production(profile: StackProfile): Synthesis {
  let s = synthCache.get(profile);
  if (!s) {
    // No validator given: each profile's output is validated against its own schema set.
    s = synthesize(Catalog.fromSpec({ ...SPEC, profile }));
    synthCache.set(profile, s);
  }
  return s;
}
const key = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe(`README ${HEADING}`, () => {
  it('has one catalog, one setup block and one block of curl lines', () => {
    expect(BLOCKS.map((b) => b.lang)).toEqual(['yaml', 'sh', 'sh']);
  });

  for (const profile of [StackProfile.UPSTREAM_2026_08, StackProfile.RHDEV_2026_03]) {
    it(`the catalog synthesizes under ${profile} and verifies with no error`, () => {
      const out = production(profile);
      expect(out.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
    });
  }

  describe('setup commands', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-edge-'));
      fs.writeFileSync(path.join(scratch, CATALOG_FILE), CATALOG_BLOCK.text);
    });
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('synth writes the output', async () => {
      const [cmd] = lines(SETUP.text).map(([c]) => c).filter((c) => c.startsWith('npx '));
      const m = /^npx tsx src\/cli\.ts (synth --catalog (\S+) --out (\S+))$/.exec(cmd);
      expect(m, cmd).not.toBeNull();
      expect(m![2]).toBe(CATALOG_FILE);
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const previous = process.cwd();
      process.chdir(scratch);
      try {
        expect(await Promise.resolve(main(m![1].split(' ')))).toBe(0);
      } finally {
        process.chdir(previous);
        vi.restoreAllMocks();
      }
      expect(fs.readdirSync(path.join(scratch, m![3]))).toContain('llm-d.yaml');
    });

    it('the Secret the user creates is the one the auth policy reads, with a key of a team that may use the model', () => {
      const [cmd] = lines(SETUP.text).map(([c]) => c).filter((c) => c.startsWith('oc '));
      const m = /^oc create secret generic (\S+) -n (\S+) --from-literal=([\w-]+)='(.*)'$/.exec(cmd);
      expect(m, cmd).not.toBeNull();
      const auth = production(StackProfile.UPSTREAM_2026_08).objects.find((o) => o.kind === 'AgentgatewayPolicy' && o.spec?.traffic?.apiKeyAuthentication);
      expect(auth.spec.traffic.apiKeyAuthentication.secretRef.name).toBe(m![1]);
      expect(auth.metadata.namespace).toBe(m![2]);
      const entry = JSON.parse(m![4]);
      expect(SPEC.models[0].access.apiKeys[SPEC.gateway.auth.apiKeys.fairnessField]).toContain(entry.metadata[SPEC.gateway.auth.apiKeys.fairnessField]);
      expect(lines(CURLS.text).find(([c]) => c.startsWith('API_KEY='))![0]).toBe(`API_KEY=${entry.key}`);
    });
  });

  it('the table lists exactly the objects the settings add to the same models without them', () => {
    const bare = { platform: SPEC.platform, namespace: SPEC.namespace, networkPolicies: false, models: SPEC.models.map((m: any) => ({ name: m.name, ...(m.aliases ? { aliases: m.aliases } : {}) })) };
    const base = new Set(synthesize(Catalog.fromSpec(bare)).objects.map(key));
    const out = production(StackProfile.UPSTREAM_2026_08).objects;
    const pools = out.filter((o) => o.kind === 'InferencePool').map((o) => o.metadata.name);
    const added = out.filter((o) => !base.has(key(o))).map(key).sort();
    const rows = SECTION.split('\n').filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith('| Kind '));
    const listed = rows.flatMap((row) => {
      const [kind, names, ns] = row.split('|').slice(1, 4).map((c) => c.trim());
      return [...names.matchAll(/`([^`]+)`/g)].flatMap((n) => (n[1].includes('<pool>') ? pools.map((p) => n[1].replace('<pool>', p)) : [n[1]]))
        .map((n) => `${kind} ${ns === 'cluster' ? '' : ns}/${n}`);
    }).sort();
    expect(listed).toEqual(added);
  });

  describe('curl lines', () => {
    const vars: Record<string, string> = {};
    for (const [cmd] of lines(CURLS.text).filter(([c]) => !c.startsWith('curl '))) {
      const m = /^([A-Z_]+)=(\S+)$/.exec(cmd);
      if (!m) throw new Error(`README ${HEADING}: unknown command ${cmd}`);
      vars[m[1]] = m[2];
    }
    it('GATEWAY is the OpenShift Route\'s host', () => {
      const route = production(StackProfile.UPSTREAM_2026_08).objects.find((o) => o.kind === 'Route');
      expect(vars.GATEWAY).toBe(`https://${route.spec.host}`);
    });
    for (const profile of [StackProfile.UPSTREAM_2026_08, StackProfile.RHDEV_2026_03]) {
      for (const [cmd, comment] of lines(CURLS.text).filter(([c]) => c.startsWith('curl '))) {
        it(`${profile}: ${comment}`, () => expectAnswer(production(profile), cmd, comment, vars));
      }
    }
  });
});

/** Checks that the simulator answers `cmd` as `comment` says. */
function expectAnswer(out: Synthesis, cmd: string, comment: string, vars: Record<string, string>) {
  const request = parseCurl(cmd, vars);
  const gw = out.objects.find((o) => o.kind === 'Gateway');
  const decision = out.verification.simulator.simulate(`${gw.metadata.namespace}/${gw.metadata.name}`, request);
  const body = () => JSON.parse(decision.response?.body ?? 'null');
  const publicNames = SPEC.models.flatMap((m: any) => [m.name, ...(m.aliases ?? [])]);
  let m: RegExpExecArray | null;
  if ((m = /^200: a list of the (\d+) names$/.exec(comment))) {
    expect(decision.response?.status, decision.reason).toBe(200);
    expect(body().data.map((d: any) => d.id)).toEqual(publicNames);
    expect(publicNames).toHaveLength(Number(m[1]));
  } else if ((m = /^200: the alias (\S+)$/.exec(comment))) {
    expect(decision.response?.status, decision.reason).toBe(200);
    expect(body().id).toBe(m[1]);
  } else if ((m = /^(404|400): (\w+)$/.exec(comment))) {
    expect(decision.response?.status, decision.reason).toBe(Number(m[1]));
    const error = body().error;
    expect(m[2] === 'model_not_found' ? error.code : error.type).toBe(m[2]);
  } else if ((m = /^routed: (\S+?)(?:, without the client's (\S+))?$/.exec(comment))) {
    expect(decision.routed, decision.reason).toBe(true);
    expect(decision.pool).toBe(`${SPEC.namespace}/${m[1]}`);
    if (m[2]) {
      expect(request.headers[m[2]]).toBeDefined();
      expect(decision.headers[m[2]]).toBeUndefined();
    }
  } else if (/^401: no API key$/.test(comment)) {
    expect(request.headers.authorization).toBeUndefined();
    expect(decision.response?.status, decision.reason).toBe(401);
  } else if ((m = /^429 after (\d+) requests in a minute to this model$/.exec(comment))) {
    expect(decision.routed, decision.reason).toBe(true);
    const [routeNs, routeName] = decision.route!.split('/');
    const limits = out.objects.filter((o) => o.kind === 'AgentgatewayPolicy' && o.metadata.namespace === routeNs
      && (o.spec.targetRefs ?? []).some((t: any) => t.kind === 'HTTPRoute' && t.name === routeName));
    expect(limits.flatMap((p) => p.spec.traffic?.rateLimit?.local ?? [])).toContainEqual(expect.objectContaining({ requests: Number(m[1]), unit: 'Minutes' }));
  } else if ((m = /^streams for up to (\d+)s: no layer cuts it earlier$/.exec(comment))) {
    expect(decision.routed, decision.reason).toBe(true);
    expect(cmd).toContain(`--max-time ${m[1]} `);
    const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1]);
    const [routeNs, routeName] = decision.route!.split('/');
    const route = out.objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === routeNs && o.metadata.name === routeName);
    expect(seconds(route.spec.rules[decision.rule!].timeouts.request)).toBe(Number(m[1]));
    const osRoute = out.objects.find((o) => o.kind === 'Route');
    expect(seconds(osRoute.metadata.annotations['haproxy.router.openshift.io/timeout'])).toBeGreaterThanOrEqual(Number(m[1]));
    const body = JSON.parse(request.body!);
    expect(body.stream).toBe(true);
  } else {
    throw new Error(`README ${HEADING}: no check knows the comment '${comment}'`);
  }
}
