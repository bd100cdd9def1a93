#!/usr/bin/env node
// Only what parsing and `--help` need is imported here; each command's code (the catalog,
// constructs and cdk8s for synth, the verifier for verify) is required when that command runs,
// so `--version` and `--help` start in a few milliseconds and `verify` never loads cdk8s.
// test/cli-startup.test.ts checks what each command loads.
import type * as SynthCommand from './cli/synth-command';
import type * as VerifyCommand from './cli/verify-command';
import { CommandSpec, commandHelp, parseArgs, UsageError } from './cli/cli-args';
import { packageVersion } from './util/package-files';
import { DEFAULT_PROFILE, OpenShiftVersion, PROFILE_NAMES } from './profiles/profiles';
import { VERIFY_IGNORE_ANNOTATION } from './verify/rules/verify-ignore';
import { sanitizeForTerminal } from './util/text';
import { OPENSHIFT_VERSION_CHOICES, PROFILE_CHOICES } from './verify/stack-options';

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
      case 'synth':
        return (require('./cli/synth-command') as typeof SynthCommand).synthCommand(args);
      case 'verify':
        return (require('./cli/verify-command') as typeof VerifyCommand).verifyCommand(args.positionals, args.flags, args.lists);
      default:
        throw new UsageError(`command '${command}' is not implemented`);
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const spec = COMMANDS[command ?? ''];
    process.stderr.write(`error: ${sanitizeForTerminal(msg)}\n${UsageError.is(err) ? `\n${spec ? commandHelp(PROGRAM, spec) : usage()}` : ''}`);
    return UsageError.is(err) ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
