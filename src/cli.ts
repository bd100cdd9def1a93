#!/usr/bin/env node
import * as path from 'node:path';
import { Catalog } from './catalog/catalog';
import { catalogProblems } from './catalog/catalog-checks';
import { CommandSpec, commandHelp, parseArgs, UsageError } from './cli/cli-args';
import { packageVersion } from './util/package-files';
import { defaultCatalogFile, StackOverride, synthesizeToDir } from './cli/synth';
import { DEFAULT_PROFILE, isOpenShiftVersion, isProfile, OpenShiftVersion, PROFILE_NAMES } from './profiles/profiles';
import { isAssumed } from './verify/model/assume';
import { SkippedFile } from './verify/input/manifests';
import { countProblems, formatProblem } from './verify/report/problem';
import { verifyReport } from './verify/report/report';
import { listedRule, rulesText } from './verify/report/rules-list';
import { RULES, selectRules } from './verify/rules/registry';
import { VERIFY_IGNORE_ANNOTATION } from './verify/rules/verify-ignore';
import { sanitizeForTerminal } from './util/text';
import { OPENSHIFT_VERSION_CHOICES, PROFILE_CHOICES, stackDeclaration } from './verify/stack-options';
import { stackLine } from './verify/report/stack-line';
import { VerifyResult } from './verify/verify';
import { shownPaths, verifyPaths } from './verify/verify-paths';

const PROGRAM = 'cdk8s-model-gateway';

/** The commands, their options and help: the single source of parsing and `--help`. */
export const COMMANDS: Record<string, CommandSpec> = {
  synth: {
    name: 'synth',
    summary: 'Synthesize a model catalog into one YAML file per namespace plus ROUTING.md, verified before anything is written.',
    positionals: '',
    minPositionals: 0,
    maxPositionals: 0,
    options: [
      { name: 'catalog', value: '<file>', example: 'catalog.yaml', help: 'the catalog, YAML or JSON (default: the bundled reference catalog)' },
      { name: 'out', value: '<dir>', example: 'dist', help: 'the output directory (default: dist); other files in it are left alone' },
      { name: 'profile', value: '<name>', example: 'upstream-2026-08', help: `the stack profile, overriding the catalog's: ${PROFILE_NAMES.join(' or ')} (default: the catalog's, else ${DEFAULT_PROFILE})` },
      { name: 'openshift-version', value: '<version>', example: '4.21', help: `the OpenShift release to apply on, overriding the catalog's: ${Object.values(OpenShiftVersion).join(', ')}` },
      { name: 'force', help: 'write into the current, catalog or repository directory, and overwrite files synth did not write' },
    ],
    details: [
      'The output is verified first (schemas, CEL rules, wiring, simulated requests); on any error',
      '<dir> is left untouched. synth owns only the files it wrote (listed in <dir>/.model-gateway-output):',
      'it replaces or removes exactly those, and refuses to overwrite any other file unless --force.',
      'Exits 1 on a bad catalog, failed verification or a refused output, 2 on a usage error.',
    ].join('\n'),
  },
  verify: {
    name: 'verify',
    summary: 'Check manifests offline (ours, hand-written or Helm output): schemas and CEL rules, the Gateway/HTTPRoute/InferencePool/picker wiring, and simulated requests.',
    positionals: '<file|dir>...',
    minPositionals: 1,
    maxPositionals: Infinity,
    missingPositional: 'verify needs files or directories of manifests, e.g. verify dist',
    options: [
      { name: 'namespace', value: '<ns>', example: 'llm-d', help: 'namespace for objects without one, as kubectl apply -n (default: default)' },
      { name: 'schemas', value: '<file|dir>', example: 'crds/', repeat: true, help: 'CustomResourceDefinition YAML to validate more kinds against (repeatable)' },
      { name: 'assume', value: '<Kind/ns/name>', example: 'Gateway/agentgateway-system/inference-gateway', repeat: true, help: 'an object that lives in another repository (repeatable)' },
      { name: 'profile', value: '<name>', example: 'upstream-2026-08', help: `the stack profile to judge by (${PROFILE_CHOICES}; default: detected from the objects)` },
      { name: 'platform', value: '<openshift|kubernetes>', example: 'openshift', help: 'the target platform (default: openshift when Routes or SCC grants show it)' },
      { name: 'openshift-version', value: '<release>', example: '4.19', help: `the OpenShift release (${OPENSHIFT_VERSION_CHOICES}; implies --platform openshift): Gateway API objects must fit its bundle (on OpenShift, default: the oldest, 4.19)` },
      { name: 'strict', help: 'fail on kinds with no schema instead of skipping them (same as --enable schema-known-kind)' },
      { name: 'disable', value: '<rule-id>', example: 'inferencepool-selector-overlap', repeat: true, help: 'do not run a rule (repeatable; ids separated by commas work too)' },
      { name: 'enable', value: '<rule-id>', example: 'schema-known-kind', repeat: true, help: 'run a rule that is off by default (repeatable)' },
      { name: 'list-rules', help: 'list every rule (id, severity, category, summary) and exit; with --output json, as JSON' },
      { name: 'output', value: '<text|json>', example: 'json', help: 'text (default) or one JSON document on stdout (schema: verify/output.schema.json)' },
    ],
    details: [
      'Directories are read recursively (.yaml, .yml, .json); - reads standard input (kustomize build | ...).',
      'Files that are not Kubernetes objects (kustomization.yaml and the patches it names, Helm Chart.yaml',
      'and values*.yaml, unrendered templates) are skipped and counted; CustomResourceDefinitions among the',
      'inputs are used as schemas too.',
      'Assumable kinds: Gateway, AgentgatewayPolicy, InferencePool, ReferenceGrant, Service, Namespace.',
      `To silence a rule on one object, annotate it ${VERIFY_IGNORE_ANNOTATION}: "<rule-id>[,<rule-id>...]: <reason>"`,
      '(the reason is required); ignored problems are listed with their reason. RULES.md describes every rule.',
      'Exits 1 when anything is wrong or no object was found, 0 when the manifests are clean.',
    ].join('\n'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `usage: ${PROGRAM} <command> [options]`,
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run '${PROGRAM} <command> --help' for a command's options; '${PROGRAM} --version' prints the version.`,
    '',
  ].join('\n');
}

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      process.stderr.write(usage());
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      process.stdout.write(topic && COMMANDS[topic] ? commandHelp(PROGRAM, COMMANDS[topic]) : usage());
      return 0;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const spec = COMMANDS[command];
    if (!spec) throw new UsageError(`unknown command '${command}': commands are ${Object.keys(COMMANDS).join(', ')}`);
    // `verify --list-rules` needs no files.
    const args = parseArgs(rest, command === 'verify' && rest.includes('--list-rules') ? { ...spec, minPositionals: 0 } : spec);
    if (args.help) {
      process.stdout.write(commandHelp(PROGRAM, spec));
      return 0;
    }
    switch (command) {
      case 'synth': {
        const out = args.flags.out ?? 'dist';
        const stack = stackFlags(args.flags);
        const catalog = Catalog.fromFile(args.flags.catalog ?? defaultCatalogFile());
        // Said once the catalog itself is sound (its own errors come first), before verification.
        if (catalog.spec.profile === undefined && stack.profile === undefined && catalogProblems(catalog.spec).length === 0) process.stderr.write(defaultProfileNote());
        const result = synthesizeToDir(catalog, out, { force: args.flags.force === 'true', stack });
        for (const w of result.warnings) process.stderr.write(sanitizeForTerminal(`${w}\n`));
        if (result.migration) process.stdout.write(sanitizeForTerminal(result.migration));
        if (result.recovered) process.stdout.write(sanitizeForTerminal(`completed an interrupted earlier synth in ${out}\n`));
        process.stdout.write(sanitizeForTerminal(`synthesized ${catalog.spec.models.length} model(s) from ${args.flags.catalog ?? 'the default catalog'}: ${result.written.map((f) => path.join(out, f)).join(', ')}\n`));
        if (result.removed.length) process.stdout.write(sanitizeForTerminal(`removed, no longer produced: ${result.removed.map((f) => path.join(out, f)).join(', ')}\n`));
        if (result.kept.length) {
          const named = result.kept.slice(0, 20).join(', ') + (result.kept.length > 20 ? ` and ${result.kept.length - 20} more` : '');
          process.stdout.write(sanitizeForTerminal(`left alone in ${out} (not written by synth): ${named}\n`));
        }
        return 0;
      }
      case 'verify':
        return verifyCommand(args.positionals, args.flags, args.lists);
      default:
        throw new UsageError(`command '${command}' is not implemented`);
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const spec = COMMANDS[command ?? ''];
    process.stderr.write(`error: ${sanitizeForTerminal(msg)}\n${err instanceof UsageError ? `\n${spec ? commandHelp(PROGRAM, spec) : usage()}` : ''}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** The `--profile` and `--openshift-version` of synth, checked; a usage error names the allowed values. */
function stackFlags(flags: Record<string, string>): StackOverride {
  const profile = flags.profile;
  const version = flags['openshift-version'];
  if (profile !== undefined && !isProfile(profile)) {
    throw new UsageError(`option '--profile' is '${profile}': use one of ${PROFILE_NAMES.join(', ')}`);
  }
  if (version !== undefined && !isOpenShiftVersion(version)) {
    throw new UsageError(`option '--openshift-version' is '${version}': use one of ${Object.values(OpenShiftVersion).join(', ')}`);
  }
  return { profile, openshiftVersion: version };
}

/** What synth says when neither the catalog nor --profile names a profile. */
function defaultProfileNote(): string {
  return `note: the catalog names no profile, so synth used ${DEFAULT_PROFILE} (the default); pin it with 'profile: ${DEFAULT_PROFILE}' in the catalog or --profile\n`;
}

/** `verify <paths...>`: load, verify, print text or JSON; the exit code. */
function verifyCommand(paths: string[], flags: Record<string, string>, lists: Record<string, string[]>): number {
  const format = flags.output ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`option '--output' is '${format}': use --output text or --output json`);
  if (flags['list-rules'] === 'true') {
    if (paths.length) throw new UsageError(`--list-rules takes no files (got ${paths.join(', ')}): run verify --list-rules alone`);
    process.stdout.write(format === 'json' ? `${JSON.stringify(RULES.map(listedRule), null, 2)}\n` : rulesText());
    return 0;
  }
  let stack;
  try {
    selectRules(lists.disable, lists.enable);
    stack = stackDeclaration({ profile: flags.profile, platform: flags.platform, openshiftVersion: flags['openshift-version'] });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}`);
  }
  const { loaded, schemaKinds, problems, errors, result } = verifyPaths(paths, {
    namespace: flags.namespace,
    strict: flags.strict === 'true',
    assume: lists.assume,
    schemas: lists.schemas,
    disable: lists.disable,
    enable: lists.enable,
    stack,
  });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(verifyReport(paths, loaded.files, loaded.skipped, problems, result), null, 2)}\n`);
    return errors ? 1 : 0;
  }
  process.stdout.write(sanitizeForTerminal(summary(paths, loaded.files, loaded.skipped, schemaKinds, result)));
  if (problems.length) {
    process.stderr.write(sanitizeForTerminal(`${countProblems(problems)}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`));
  }
  if (result.ignored.length) {
    process.stdout.write(sanitizeForTerminal(`ignored by ${VERIFY_IGNORE_ANNOTATION} (${result.ignored.length}):\n${result.ignored.map((i) => `  ${formatProblem(i.problem)} [ignored: ${i.reason}]`).join('\n')}\n`));
  }
  if (errors) return 1;
  process.stdout.write(problems.length ? 'no problems besides the warnings\n' : 'no problems\n');
  return 0;
}

/** Skipped files as `3 files that are not Kubernetes manifests (a: why, b: why)`, reasons grouped. */
function skippedLine(skipped: readonly SkippedFile[]): string {
  const shown = skipped.slice(0, 10).map((s) => `${s.source}: ${s.reason}`).join('; ');
  const docs = skipped.filter((s) => s.source.includes('#')).length;
  const files = skipped.length - docs;
  const counted = [files ? `${files} file${files === 1 ? '' : 's'}` : '', docs ? `${docs} document${docs === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  return `skipped: ${counted} that ${skipped.length === 1 ? 'is not a Kubernetes manifest' : 'are not Kubernetes manifests'} (${shown}${skipped.length > 10 ? `; and ${skipped.length - 10} more` : ''})`;
}

function summary(paths: readonly string[], files: number, skipped: readonly SkippedFile[], schemaKinds: number, r: VerifyResult): string {
  const lines = [
    `verified ${shownPaths(paths)}: ${r.objects} objects from ${files} file${files === 1 ? '' : 's'}${r.objects ? ` (${Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  ];
  lines.push(stackLine(r.stack));
  if (skipped.length) lines.push(skippedLine(skipped));
  if (r.skippedKinds.length) {
    lines.push(`skipped kinds with no schema (not schema-checked; give their CRDs with --schemas, or --strict to fail): ${r.skippedKinds.map((k) => `${k.kind} (${k.apiVersion}) ${k.objects}`).join(', ')}`);
  }
  lines.push(`schemas: ${r.celRulesEvaluated} CEL rules evaluated, ${r.celTransitionRulesSkipped} transition rules skipped (they need the previous object)${schemaKinds ? `; ${schemaKinds} kind(s) added from --schemas` : ''}`);
  for (const a of r.assumed) lines.push(`assumed: ${a.object} (not checked: ${a.unchecked})`);
  for (const g of r.model.index.all('gateway.networking.k8s.io/Gateway')) {
    const gateway = `${g.metadata?.namespace}/${g.metadata?.name}`;
    lines.push(`wiring: Gateway ${gateway}${isAssumed(g) ? ' (assumed)' : ''}: ${r.model.attachments.get(gateway)?.length ?? 0} HTTPRoute(s) attached`);
  }
  if (r.simulations.length) lines.push(`routing: ${r.simulations.length} simulated requests`);
  for (const s of r.simulations) {
    const ok = (s.expect === 'route') === s.decision.routed && (s.expectStatus === undefined || s.decision.response === undefined || s.decision.response.status === s.expectStatus);
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${s.request} -> ${s.decision.routed ? s.decision.reason : `no route: ${s.decision.reason}`}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
