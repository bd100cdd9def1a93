/**
 * The README's "Profiles" section: its tables are checked cell by cell against the profile
 * facts (src/profiles/profiles.ts), so the README cannot drift from them, and its blocks are
 * run; a command whose option or catalog key the project does not have fails, naming what is
 * missing, as does an output block left as a placeholder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as YAML from 'yaml';
import { COMMANDS, main } from '../src/cli';
import { DEFAULT_MAX_PATHS, formatChangeSummary, summarizeChanges } from '../src/cli/change-summary';
import {
  DEFAULT_PROFILE, OLDEST_OPENSHIFT, OPENSHIFT_GATEWAY_API, PROFILE_NAMES, PROFILES, ProfileFacts, RETIRED_IMAGES, StackProfile,
  VLLM_ARBITRARY_UID_CRASH_FROM,
} from '../src/profiles/profiles';
import { DEFAULT_CATALOG, ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const commonmark = require('commonmark');

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const CATALOG_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'catalog', 'catalog.schema.json'), 'utf8'));
/** The top-level keys a catalog may have (the schema's root `$ref` resolved). */
const CATALOG_KEYS: readonly string[] = Object.keys(CATALOG_SCHEMA.$defs[CATALOG_SCHEMA.$ref.replace('#/$defs/', '')].properties);

/** The lines of a `## ` section of README.md, from its heading to the next one. */
function readmeSection(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section ${heading}`);
  const end = README.indexOf('\n## ', start + heading.length + 1);
  return README.slice(start + 1, end < 0 ? undefined : end + 1);
}
const SECTION = readmeSection('## Profiles');
/** The section's prose with line breaks as spaces, for sentences that wrap. */
const PROSE = SECTION.replace(/\s+/g, ' ');

/** The Markdown table whose header row starts with `firstHeader`, as rows of trimmed cells (header first, separator dropped). */
function table(firstHeader: string): string[][] {
  const lines = SECTION.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${firstHeader} |`) || (firstHeader === '' && l.startsWith('| |')));
  expect(start, `a table headed '${firstHeader}' in the Profiles section`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    if (/^\|[-| ]+\|$/.test(line)) continue;
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

const code = (s: string) => `\`${s}\``;
const bareVersion = (v: string) => v.replace(/^v/, '').replace(/\.0$/, '');

/** What each row of the profile table states, derived from a profile's facts. */
const PROFILE_ROWS: Record<string, (f: ProfileFacts) => string> = {
  'what': (f) => f.summary.split(':')[0],
  'Gateway API': (f) => f.gatewayApiVersion,
  'Gateway API Inference Extension (InferencePool)': (f) => f.inferenceExtensionVersion,
  'agentgateway release': (f) => f.agentgateway.release,
  'agentgateway chart, CRDs': (f) => `${code(f.agentgateway.chart)}, ${f.agentgateway.crdCount}`,
  'GatewayClass': (f) => code(f.gatewayClass),
  'endpoint picker image': (f) => code(f.endpointPicker.image),
  'endpoint picker config apiVersion': (f) => code(f.endpointPicker.configApiVersion),
  'endpoint picker RBAC': (f) => (f.endpointPicker.roles === 'single' ? 'one Role' : 'two Roles: `<pool>-epp-sa` (pods), `<pool>-epp-non-sa` (inference objects)'),
  'endpoint picker pod label': (f) => code(f.endpointPicker.podSelectorLabel),
  'endpoint picker Service appProtocol (ext-proc port)': (f) => (f.endpointPicker.extProcAppProtocol ? code(f.endpointPicker.extProcAppProtocol) : 'none'),
  'endpoint picker `--grpc-health-port`': (f) => (f.endpointPicker.healthPortFlag ? 'passed' : 'not passed'),
  'endpoint picker resources': (f) => {
    const r = f.endpointPicker.resources;
    return r ? `requests ${r.cpuRequest} CPU, ${r.memoryRequest} memory; limit ${r.memoryLimit} memory` : 'none';
  },
  'InferencePool appProtocol': (f) => (f.poolAppProtocol ? code(f.poolAppProtocol) : 'none'),
  'InferenceObjective, InferenceModelRewrite group': (f) => code(f.objectiveGroup),
  'vLLM image': (f) => code(f.modelServer.image),
  'vLLM `USER` env': (f) => (f.modelServer.userEnv ? `set (vLLM ≥ ${bareVersion(VLLM_ARBITRARY_UID_CRASH_FROM)} crashes under OpenShift's arbitrary UIDs without it)` : 'not set'),
  'vLLM probes: startup, readiness, liveness': (f) => [f.modelServer.probes.startup, f.modelServer.probes.readiness, f.modelServer.probes.liveness].map(code).join(', '),
  'schema set': (f) => code(f.schemaSet),
};

describe('README Profiles section: the tables state the profile facts', () => {
  it('has one column per profile, in table order', () => {
    expect(table('')[0]).toEqual(['', ...PROFILE_NAMES.map(code)]);
  });

  it('has exactly the rows it checks', () => {
    expect(table('').slice(1).map((r) => r[0])).toEqual(Object.keys(PROFILE_ROWS));
  });

  const rows = table('').slice(1);
  it.each(rows.flatMap((r) => PROFILE_NAMES.map((p, i) => [r[0], p, r[i + 1]] as const)))('row %s, column %s', (row, profile, cell) => {
    const expected = PROFILE_ROWS[row];
    if (!expected) return; // reported above
    const stated = expected(PROFILES[profile]);
    // The "what" row leads with the profile's summary and may say more.
    if (row === 'what') expect(cell.startsWith(stated), `'${cell}' starts with '${stated}'`).toBe(true);
    else expect(cell).toBe(stated);
  });

  it('lists every OpenShift release with its Gateway API bundle, and names the one assumed when none is given', () => {
    const rows2 = table('OpenShift');
    expect(rows2[0]).toEqual(['OpenShift', 'Gateway API']);
    expect(rows2.slice(1)).toEqual(Object.entries(OPENSHIFT_GATEWAY_API).map(([release, b]) => [release, b.version]));
    expect(PROSE).toContain(`without one, the oldest, ${OLDEST_OPENSHIFT}, is assumed`);
  });

  it('describes the change summary as formatChangeSummary writes it', () => {
    expect(PROSE).toContain(`at most ${DEFAULT_MAX_PATHS} per object, then \`… and N more\``);
    const text = formatChangeSummary(summarizeChanges([{ kind: 'K', metadata: { name: 'a' }, x: 1 }, { kind: 'K', metadata: { name: 'r' } }], [{ kind: 'K', metadata: { name: 'a' }, x: 2 }, { kind: 'K', metadata: { name: 'n' } }]));
    for (const mark of text.split('\n').filter((l) => /^\S/.test(l) && !/^\d/.test(l)).map((l) => l[0])) expect(PROSE).toContain(`\`${mark}\``);
    expect(text).toContain('→');
  });

  it('names the library default', () => {
    expect(PROSE).toContain(`New library code gets ${code(DEFAULT_PROFILE)}`);
  });

  it('names the flags and images the rules refuse, from the profile facts', () => {
    const rhdev = PROFILES[StackProfile.RHDEV_2026_03].endpointPicker;
    const upstream = PROFILES[StackProfile.UPSTREAM_2026_08].endpointPicker;
    const defects = PROSE.slice(PROSE.indexOf('**Known defects'));
    // The same flags: deprecated on the article's picker, fatal on today's ("the metric flags above").
    expect([...upstream.fatalFlags].sort()).toEqual([...rhdev.deprecatedFlags].sort());
    for (const flag of rhdev.deprecatedFlags) expect(defects).toContain(code(flag));
    for (const prefix of upstream.fatalFlagPrefixes) expect(defects).toContain(code(`${prefix}*`));
    for (const image of RETIRED_IMAGES) {
      expect(defects).toContain(code(image.repository));
      if (image.severity === 'profile') expect(defects).toContain(code(image.replacement));
    }
    const anyProfile = defects.slice(defects.indexOf('Under any profile'));
    for (const image of RETIRED_IMAGES.filter((i) => i.severity === 'error')) expect(anyProfile).toContain(code(image.repository));
  });

  it('states the profile the default catalog really names', () => {
    const defaultProfile = YAML.parse(fs.readFileSync(DEFAULT_CATALOG, 'utf8')).profile;
    expect(PROFILE_NAMES).toContain(defaultProfile);
    expect(PROSE).toContain(`The bundled default catalog states \`profile: ${defaultProfile}\``);
  });
});

// ---- the blocks -------------------------------------------------------------------------

interface Block { readonly lang: string; readonly text: string; readonly line: number }

function sectionBlocks(): Block[] {
  const offset = README.slice(0, README.indexOf(SECTION)).split('\n').length - 1;
  const walker = new commonmark.Parser().parse(SECTION).walker();
  const out: Block[] = [];
  for (let e = walker.next(); e; e = walker.next()) {
    const n = e.node;
    if (e.entering && n.type === 'code_block' && n._isFenced) out.push({ lang: (n.info ?? '').trim(), text: n.literal, line: n.sourcepos[0][0] + offset });
  }
  return out;
}
const BLOCKS = sectionBlocks();
const PLACEHOLDER = '# PLACEHOLDER:';

/** Splits a command line into words (single and double quotes, no expansion). */
function words(s: string): string[] {
  return [...s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

interface Run { readonly block: Block; readonly argv: string[]; readonly output?: Block; readonly pending?: string }

/** The YAML files the section's blocks define, by name. */
const FILES = new Map(BLOCKS.filter((b) => b.lang === 'yaml').map((b) => [/^# ([\w.-]+\.ya?ml)\n/.exec(b.text)?.[1] ?? '', b]));

/** Why a command cannot run yet: an option its command lacks, or a catalog key the catalog schema lacks. */
function missing(argv: readonly string[]): string | undefined {
  const spec = COMMANDS[argv[0]];
  if (!spec) return undefined; // an unknown command fails when run
  for (const a of argv.filter((w) => w.startsWith('--'))) {
    const name = a.slice(2).split('=')[0];
    if (!spec.options.some((o) => o.name === name)) return `${argv[0]} has no option --${name} yet`;
  }
  const file = argv[argv.indexOf('--catalog') + 1];
  const catalog = argv.includes('--catalog') ? FILES.get(file) : undefined;
  if (catalog) {
    for (const key of Object.keys(YAML.parse(catalog.text))) {
      if (!CATALOG_KEYS.includes(key)) return `the catalog has no key '${key}' yet (${file})`;
    }
  }
  return undefined;
}

/** Each command of the sh blocks, in order; a command after a pending one in its block is pending too (it needs the other's output). */
function runs(): Run[] {
  const out: Run[] = [];
  BLOCKS.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    const next = BLOCKS[i + 1];
    const output = next?.lang === 'text' ? next : undefined;
    let pending: string | undefined;
    const lines = block.text.split('\n').map((l) => l.replace(/\s+#\s.*$/, '').trim()).filter(Boolean);
    lines.forEach((line, j) => {
      const m = /^npx cdk8s-model-gateway (.*)$/.exec(line);
      expect(m, `README line ${block.line}: '${line}' is a cdk8s-model-gateway command`).not.toBeNull();
      const argv = words(m![1]);
      pending = pending ?? missing(argv);
      const last = j === lines.length - 1;
      const shown = last ? output : undefined;
      out.push({ block, argv, output: shown, pending: pending ?? (shown?.text.startsWith(PLACEHOLDER) ? 'the change summary is still a placeholder' : undefined) });
    });
  });
  return out;
}
const RUNS = runs();

let scratch: string;
/** Runs the CLI in the scratch directory in this process; exit code and printed text. */
function cli(args: string[]): { status: number; out: string } {
  let out = '';
  const capture = (s: unknown) => { out += String(s); return true; };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const previous = process.cwd();
  process.chdir(scratch);
  try {
    return { status: main(args), out };
  } finally {
    process.chdir(previous);
    vi.restoreAllMocks();
  }
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-profiles-'));
  for (const [name, b] of FILES) if (name) fs.writeFileSync(path.join(scratch, name), b.text);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('README Profiles section: the blocks run', () => {
  it('has only blocks this test knows: named YAML files a command uses, commands, and their output', () => {
    expect(BLOCKS.map((b) => b.lang).filter((l) => !['sh', 'text', 'yaml'].includes(l))).toEqual([]);
    for (const [name, b] of FILES) {
      expect(name, `README line ${b.line}: a YAML block starts with '# <file name>'`).not.toBe('');
      expect(RUNS.some((r) => r.argv.includes(name)), `${name} is used by a command`).toBe(true);
    }
    const outputs = new Set(RUNS.map((r) => r.output).filter((o) => o !== undefined));
    expect(BLOCKS.filter((b) => b.lang === 'text' && !outputs.has(b)).map((b) => `README line ${b.line}`)).toEqual([]);
  });

  for (const run of RUNS) {
    const title = `line ${run.block.line}: ${run.argv.join(' ')}`;
    it(title, () => {
      // A command the CLI does not (or no longer) takes, or an output block left as a placeholder, fails here.
      expect(run.pending, `README line ${run.block.line}`).toBeUndefined();
      const r = cli(run.argv);
      expect(r.status, r.out).toBe(0);
      if (run.output) expect(r.out).toContain(run.output.text);
      // verify without --profile says which profile it detected.
      if (run.argv[0] === 'verify' && !run.argv.includes('--profile')) expect(r.out).toMatch(new RegExp(PROFILE_NAMES.join('|')));
    });
  }
});
