/**
 * Every fenced block of README.md is exercised here: shell commands run (offline ones) or are
 * checked against what the project really has (scripts, versions, names and ports that synth
 * emits, for cluster commands); YAML files are written and used; text blocks are compared
 * with what the tool prints; TypeScript is type-checked. A block or command this file does
 * not know fails the test, so a new README line cannot go unchecked.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as YAML from 'yaml';
import { parseBenchArgs } from '../bench/bench-stats';
import { Catalog } from '../src/catalog/catalog';
import { main } from '../src/cli';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../src/constructs/ownership';
import { ROUTE_MISS_RESPONSE } from '../src/verify/report/routing-report';
import { synthesize } from '../src/cli/synth';
import { DEFAULT_CATALOG, newestMtime, ROOT, sharedValidator } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const commonmark = require('commonmark');

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TASKS = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Block { readonly lang: string; readonly text: string; readonly output?: string; readonly line: number }
interface Command { readonly text: string; readonly block: Block; readonly last: boolean }

/** The fenced code blocks, in order; a `text` block right after a `sh` block is its output. */
function codeBlocks(md: string): Block[] {
  const walker = new commonmark.Parser().parse(md).walker();
  const blocks: Block[] = [];
  for (let e = walker.next(); e; e = walker.next()) {
    const n = e.node;
    if (!e.entering || n.type !== 'code_block' || !n._isFenced) continue;
    const lang = (n.info ?? '').trim();
    const next = n.next;
    const output = lang === 'sh' && next?.type === 'code_block' && next._isFenced && next.info?.trim() === 'text' ? next.literal : undefined;
    blocks.push({ lang, text: n.literal, output, line: n.sourcepos[0][0] });
  }
  return blocks;
}

/** Shell commands of a block: continuation lines joined, comments dropped, `&&` chains split. */
function commandsOf(block: Block): Command[] {
  const lines = block.text.replace(/\\\n\s*/g, '').split('\n').map((l) => l.replace(/\s+#\s.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
  const cmds = lines.flatMap((l) => l.split(/\s+&&\s+/));
  return cmds.map((text, i) => ({ text, block, last: i === cmds.length - 1 }));
}

/**
 * Sections whose blocks a dedicated test runs, each reading the section from README.md itself
 * (checked below): their commands need fixtures (foreign files, CRDs, a packed tarball) that
 * belong with those tests.
 */
const EXERCISED_ELSEWHERE: Record<string, { test: string; reads: string }> = {
  '## The output directory': { test: 'output-readme.test.ts', reads: "readmeBlock('## The output directory')" },
  '## Verify before you apply': { test: 'verify-readme.test.ts', reads: "README.indexOf('## Verify before you apply')" },
  '## Verify inside cdk8s synth': { test: 'cdk8s-plugin-e2e.test.ts', reads: "The `validations:` block the README tells users" },
  '## Profiles': { test: 'readme-profiles.test.ts', reads: "readmeSection('## Profiles')" },
  '## The production edge': { test: 'readme-edge.test.ts', reads: "const HEADING = '## The production edge'" },
};
/** The `## ` heading a README line falls under. */
function sectionOf(line: number): string {
  return README.split('\n').slice(0, line).reverse().find((l) => l.startsWith('## ')) ?? '';
}
const ALL_BLOCKS = codeBlocks(README);
const BLOCKS = ALL_BLOCKS.filter((b) => !(sectionOf(b.line) in EXERCISED_ELSEWHERE));
const COMMANDS = BLOCKS.filter((b) => b.lang === 'sh').flatMap(commandsOf);
const defaultObjects = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects;
const defaultModels: string[] = (YAML.parse(fs.readFileSync(DEFAULT_CATALOG, 'utf8')).models ?? []).map((m: any) => m.name);

let scratch: string;
/**
 * Runs the CLI in the scratch directory as `npx tsx src/cli.ts` does in a clone, in this
 * process (vitest runs each test file in its own child process, so changing directory is
 * safe here) to keep the test fast; exit code and printed text as the command line sees them.
 */
async function cli(args: string[], cwd = scratch): Promise<{ status: number; out: string }> {
  let out = '';
  const capture = (s: unknown) => { out += String(s); return true; };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return { status: await Promise.resolve(main(args)), out };
  } finally {
    process.chdir(previous);
    vi.restoreAllMocks();
  }
}
/** Splits a command line into words (single and double quotes, no expansion). */
function words(s: string): string[] {
  return [...s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
function object(kind: string, name: string, namespace: string): any {
  const found = defaultObjects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  expect(found, `${kind} ${namespace}/${name} is what synth emits for the default catalog`).toBeDefined();
  return found;
}
/** Checks the output a README text block shows, or that the command succeeded. */
function expectResult(cmd: Command, r: { status: number | null; out: string }) {
  if (cmd.last && cmd.block.output !== undefined) {
    expect(r.out).toBe(cmd.block.output);
    expect(r.status).not.toBe(0);
  } else {
    expect(r.status, r.out).toBe(0);
  }
}
const portForwards: number[] = [];
const curled = new Set<string>();

/** What each kind of README command means, and how it is exercised. */
const HANDLERS: [RegExp, (m: RegExpMatchArray, cmd: Command) => void | Promise<void>][] = [
  [/^git clone (\S+)$/, (m) => expect(`${m[1]}`).toBe(PKG.repository.url)],
  [/^cd (\S+)$/, (m) => expect(m[1]).toBe(PKG.name)],
  [/^npm ci$/, () => expect(fs.existsSync(path.join(ROOT, 'package-lock.json'))).toBe(true)],
  [/^npm test$/, () => expect(TASKS.test.steps[0].exec).toMatch(/^vitest run/)],
  [/^(?:CRD_MIRROR=\S+ )?npm run (\S+)(?: -- (.*))?$/, async (m, cmd) => {
    expect(PKG.scripts[m[1]], `npm run ${m[1]}`).toBeDefined();
    if (m[1] === 'synth') {
      // The task's command, run with the README's extra arguments.
      expect(TASKS.synth.steps[0].exec).toBe('tsx src/cli.ts synth --out dist');
      expectResult(cmd, await cli(['synth', '--out', 'dist', ...words(m[2] ?? '')]));
    }
    if (m[1].startsWith('package:')) expect(TASKS[m[1]].steps[0]).toEqual({ spawn: 'compile' });
    // The benchmark is not run here (minutes); its arguments must parse.
    if (m[1] === 'bench') expect(() => parseBenchArgs(words(m[2] ?? ''))).not.toThrow();
  }],
  [/^npx (?:tsx src\/cli\.ts|cdk8s-model-gateway) (.*)$/, async (m, cmd) => expectResult(cmd, await cli(words(m[1])))],
  [/^npm install (.*)$/, (m) => {
    const [pkg, ...peers] = words(m[1]);
    expect(pkg === PKG.name || path.basename(pkg) === `${PKG.name}@${PKG.version}.jsii.tgz`, pkg).toBe(true);
    expect(Object.fromEntries(peers.map((p) => [p.slice(0, p.lastIndexOf('@')), p.slice(p.lastIndexOf('@') + 1)]))).toEqual(PKG.peerDependencies);
  }],
  [/^(?:oc|kubectl) create namespace (\S+)$/, (m) => expect(defaultObjects.some((o) => o.metadata.namespace === m[1])).toBe(true)],
  [/^(?:oc|kubectl) apply -f (\S+)$/, (m) => expect(m[1]).toBe(`${TASKS.synth.steps[0].exec.split('--out ')[1]}/`)],
  [/^(?:oc|kubectl) rollout status deployment\/(\S+) -n (\S+) --timeout=\d+m$/, (m) => object('Deployment', m[1], m[2])],
  [/^BASE=https:\/\/\$\((?:oc|kubectl) get route (\S+) -n (\S+) -o jsonpath='\{\.spec\.host\}'\)$/, (m) => {
    expect(object('Route', m[1], m[2]).spec.tls.termination).toBe('edge');
  }],
  [/^BASE=http:\/\/\$\((?:oc|kubectl) get gateways\.gateway\.networking\.k8s\.io (\S+) -n (\S+) -o jsonpath='\{\.status\.addresses\[0\]\.value\}'\):(\d+)$/, (m) => {
    expect(object('Gateway', m[1], m[2]).spec.listeners.map((l: any) => l.port)).toContain(Number(m[3]));
  }],
  [/^curl -s "\$BASE\/v1\/chat\/completions" -H 'Content-Type: application\/json' -d '(.*)'$/, (m) => {
    const body = JSON.parse(m[1]);
    expect(defaultModels).toContain(body.model);
    expect(body.messages[0]).toMatchObject({ role: 'user' });
    curled.add(body.model);
  }],
  [/^(?:oc|kubectl) port-forward -n (\S+) deployment\/(\S+) (\d+):(\d+) &$/, (m) => {
    const ports = object('Deployment', m[2], m[1]).spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
    expect(ports).toContain(Number(m[4]));
    portForwards.push(Number(m[3]));
  }],
  [/^(?:oc|kubectl) get (\S+) -A -l ([\w./-]+)=(\S+)$/, (m) => {
    expect([m[2], m[3]]).toEqual([MANAGED_BY_LABEL, MANAGED_BY]);
    // Every kind synth emits, as kubectl names it (plural, API group for non-core kinds).
    const resource = (o: any) => {
      const plural = o.kind.toLowerCase().replace(/([^aeiou])y$/, '$1ie') + 's';
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      return ['apps', 'rbac.authorization.k8s.io', ''].includes(group) ? plural : `${plural}.${group}`;
    };
    expect(m[1].split(',').sort()).toEqual([...new Set(defaultObjects.map(resource))].sort());
  }],
  [/^curl -s localhost:(\d+)\/v1\/models$/, (m) => expect(portForwards).toContain(Number(m[1]))],
  // The API-key Secret users create: a policy the README's edge catalog synthesizes reads it, in its namespace.
  [/^(?:oc|kubectl) create secret generic (\S+) -n (\S+)(?: --from-literal=\S+)+$/, (m) => {
    const edge = synthesize(Catalog.fromFile(path.join(scratch, 'edge-catalog.yaml'))).objects;
    expect(edge.some((o) => o.kind === 'AgentgatewayPolicy' && o.spec?.traffic?.apiKeyAuthentication?.secretRef?.name === m[1] && o.metadata.namespace === m[2])).toBe(true);
  }],
];

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  // Files the README's YAML blocks name in their first line, and a folder of other manifests.
  for (const b of BLOCKS.filter((x) => x.lang === 'yaml')) {
    const file = /^# ([\w.-]+\.ya?ml)\n/.exec(b.text)?.[1];
    if (file) fs.writeFileSync(path.join(scratch, file), b.text);
  }
  fs.mkdirSync(path.join(scratch, 'rendered'));
  for (const [name, content] of synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).files) {
    if (name.endsWith('.yaml')) fs.writeFileSync(path.join(scratch, 'rendered', name), content);
  }
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('README', () => {
  it('leaves to other tests only sections those tests really read', () => {
    for (const [heading, { test, reads }] of Object.entries(EXERCISED_ELSEWHERE)) {
      expect(README.split('\n'), heading).toContain(heading);
      expect(ALL_BLOCKS.some((b) => sectionOf(b.line) === heading), `${heading} has blocks`).toBe(true);
      expect(fs.readFileSync(path.join(ROOT, 'test', test), 'utf8'), `${test} reads ${heading}`).toContain(reads);
    }
  });

  it('has only blocks and commands this test knows', () => {
    expect(BLOCKS.map((b) => b.lang).filter((l) => !['sh', 'text', 'yaml', 'ts'].includes(l))).toEqual([]);
    expect(COMMANDS.filter((c) => !HANDLERS.some(([re]) => re.test(c.text))).map((c) => `README line ${c.block.line}: ${c.text}`)).toEqual([]);
    const outputs = new Set(BLOCKS.map((b) => b.output).filter((o) => o !== undefined));
    const loose = BLOCKS.filter((b) => b.lang === 'text' && !outputs.has(b.text) && !b.text.startsWith('# Generated by'));
    expect(loose.map((b) => `README line ${b.line}`)).toEqual([]);
    for (const b of BLOCKS.filter((x) => x.lang === 'yaml')) {
      const file = /^# ([\w.-]+\.ya?ml)\n/.exec(b.text)?.[1];
      expect(file, `README line ${b.line}: a YAML block starts with '# <file name>'`).toBeDefined();
      expect(COMMANDS.some((c) => c.text.includes(file!)), `${file} is used by a README command`).toBe(true);
    }
  });

  it.each(COMMANDS.map((c) => [`line ${c.block.line}: ${c.text}`, c] as const))('%s', async (_, cmd) => {
    const handler = HANDLERS.find(([re]) => re.test(cmd.text));
    if (!handler) return; // reported by the test above
    await handler[1](cmd.text.match(handler[0])!, cmd);
  });

  it('curls a chat completion for every model of the default catalog, and states what agentgateway answers an unknown one', () => {
    expect([...curled].sort()).toEqual([...defaultModels].sort());
    expect(ROUTE_MISS_RESPONSE).toContain('body `route not found`');
    expect(README).toContain('HTTP 404 with the body `route not found`');
  });

  it('lists in its file table the objects synth really writes to each file', () => {
    const { files } = synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator());
    const rows = [...README.matchAll(/^\| `dist\/([\w.-]+\.yaml)` \| (.*) \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual([...files.keys()].filter((f) => f.endsWith('.yaml')).sort());
    for (const [, file, cell] of rows) {
      const objects = YAML.parseAllDocuments(files.get(file)!).map((d) => d.toJS());
      for (const kind of new Set(objects.map((o) => o.kind))) expect(cell, `${file} lists ${kind}`).toMatch(new RegExp(`\\b${kind}\\b`));
      for (const [, kind, name] of cell.matchAll(/([A-Z]\w+) `([a-z0-9-]+)`/g)) expect(objects.some((o) => o.kind === kind && o.metadata.name === name), `${file}: ${kind} ${name}`).toBe(true);
    }
  });

  it('shows the file header synth really writes', async () => {
    const header = BLOCKS.find((b) => b.lang === 'text' && b.text.startsWith('# Generated by'))!;
    const dir = fs.mkdtempSync(path.join(scratch, 'header-'));
    fs.copyFileSync(path.join(scratch, 'my-catalog.yaml'), path.join(dir, 'my-catalog.yaml'));
    const command = header.text.split('\n')[1].replace(/^#\s+cdk8s-model-gateway /, '');
    expect((await cli(words(command), dir)).status).toBe(0);
    const written = fs.readFileSync(path.join(dir, 'dist', 'llm-d.yaml'), 'utf8');
    expect(written.startsWith(header.text.replace(/0\.0\.0/, PKG.version))).toBe(true);
  });

  // The installed-package block, run for real against the packed tarball when it is newer
  // than the sources (npm run package:js).
  const TARBALL = path.join(ROOT, 'artifacts', 'js', `${PKG.name}@${PKG.version}.jsii.tgz`);
  const packed = fs.existsSync(TARBALL) && fs.statSync(TARBALL).mtimeMs > newestMtime(path.join(ROOT, 'src'));
  // .ci/run packs before the tests: under CI=true a missing or stale tarball fails instead of skipping.
  const required = process.env.CI === 'true';
  if (!packed && !required) console.warn(`README install block: SKIPPED the real install: ${path.relative(ROOT, TARBALL)} is missing or older than src/ (run npm run package:js)`);
  it.skipIf(!packed && !required)('installs the packed tarball with its peers into an app, where npx cdk8s-model-gateway runs', () => {
    if (!packed) throw new Error(`CI=true and ${path.relative(ROOT, TARBALL)} is missing or older than src/: .ci/run must pack before the tests`);
    const block = BLOCKS.find((b) => b.lang === 'sh' && b.text.includes(`npm install ../${PKG.name}/artifacts/js/`))!;
    const app = fs.mkdtempSync(path.join(scratch, 'installed-'));
    fs.writeFileSync(path.join(app, 'package.json'), '{"name": "app", "private": true}\n');
    fs.copyFileSync(path.join(scratch, 'my-catalog.yaml'), path.join(app, 'my-catalog.yaml'));
    for (const cmd of commandsOf(block).filter((c) => !c.text.startsWith('npm run '))) {
      const argv = words(cmd.text.replace(`../${PKG.name}/`, `${ROOT}/`));
      if (argv[0] === 'npm') argv.push('--prefer-offline', '--no-audit', '--no-fund');
      // XDG_CACHE_HOME: the command's code cache (src/cli/code-cache.ts) stays in the scratch app.
      const r = spawnSync(argv[0], argv.slice(1), { cwd: app, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', XDG_CACHE_HOME: path.join(app, '.cache') } });
      expect(r.status, `${cmd.text}\n${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(fs.readFileSync(path.join(app, 'dist', 'llm-d.yaml'), 'utf8')).toMatch(/^# Generated by cdk8s-model-gateway /);
  }, 180_000);

  it('keeps every TypeScript block as a file in examples/readme/ (type-checked by npm run typecheck) and runs it', () => {
    const snippets = BLOCKS.filter((b) => b.lang === 'ts');
    const dir = path.join(ROOT, 'examples', 'readme');
    expect(fs.readdirSync(dir).sort()).toEqual(snippets.map((_, i) => `block-${i + 1}.ts`).sort());
    snippets.forEach((b, i) => {
      const file = fs.readFileSync(path.join(dir, `block-${i + 1}.ts`), 'utf8');
      expect(file.replace(/^\/\/.*\n/, '').replace("'../../src'", "'cdk8s-model-gateway'"), `examples/readme/block-${i + 1}.ts`).toBe(b.text);
    });
    // Run the first one where it writes: cdk8s apps synthesize into ./dist.
    const cwd = fs.mkdtempSync(path.join(scratch, 'app-'));
    const r = spawnSync(process.execPath, [TSX, path.join(dir, 'block-1.ts')], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    expect(r.status, r.stderr).toBe(0);
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(cwd, 'dist', 'maas.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const llama = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'vllm-tinyllama-11b');
    expect(llama.spec.replicas).toBe(2);
    expect(llama.metadata.annotations['example.com/owner']).toBe('ml-platform');
  });
});
