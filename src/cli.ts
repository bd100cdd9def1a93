#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from './catalog';
import { CommandSpec, commandHelp, parseArgs, UsageError } from './cli-args';
import { packageFile } from './package-files';
import { defaultCatalogFile, synthesizeToDir } from './synth';
import { sanitizeForTerminal } from './text';
import { loadManifestDir } from './verify/manifests';
import { formatProblem } from './verify/problem';
import { verifyObjects, VerifyResult } from './verify/verify';

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
      { name: 'out', value: '<dir>', example: 'dist', help: 'the output directory (default: dist)' },
    ],
    details: 'The output is verified first (schemas, CEL rules, wiring, simulated requests); on any error\n<dir> is left untouched. Exits 1 on a bad catalog or failed verification, 2 on a usage error.',
  },
  verify: {
    name: 'verify',
    summary: 'Check manifests offline (ours, hand-written or Helm output): schemas and CEL rules, the Gateway/HTTPRoute/InferencePool/picker wiring, and simulated requests.',
    positionals: '<dir>',
    minPositionals: 1,
    maxPositionals: 1,
    missingPositional: 'verify needs a directory, e.g. verify dist',
    options: [
      { name: 'namespace', value: '<ns>', example: 'llm-d', help: 'namespace for objects without one, as kubectl apply -n (default: default)' },
    ],
    details: 'Exits 1 when anything is wrong, 0 when the manifests are clean.',
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

/** The package version, from the package.json shipped beside the code. */
export function version(): string {
  return JSON.parse(fs.readFileSync(packageFile('package.json'), 'utf8')).version;
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
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const spec = COMMANDS[command];
    if (!spec) throw new UsageError(`unknown command '${command}': commands are ${Object.keys(COMMANDS).join(', ')}`);
    const args = parseArgs(rest, spec);
    if (args.help) {
      process.stdout.write(commandHelp(PROGRAM, spec));
      return 0;
    }
    switch (command) {
      case 'synth': {
        const out = args.flags.out ?? 'dist';
        const catalog = Catalog.fromFile(args.flags.catalog ?? defaultCatalogFile());
        const files = synthesizeToDir(catalog, out);
        process.stdout.write(sanitizeForTerminal(`synthesized ${catalog.spec.models.length} model(s) from ${args.flags.catalog ?? 'the default catalog'}: ${files.map((f) => path.join(out, f)).join(', ')}\n`));
        return 0;
      }
      case 'verify': {
        const dir = args.positionals[0];
        const result = verifyObjects(loadManifestDir(dir).map((m) => m.obj), undefined, args.flags.namespace ?? 'default');
        process.stdout.write(sanitizeForTerminal(summary(dir, result)));
        if (result.problems.length) {
          process.stderr.write(sanitizeForTerminal(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n${result.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`));
          return 1;
        }
        process.stdout.write('no problems\n');
        return 0;
      }
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

function summary(dir: string, r: VerifyResult): string {
  const lines = [
    `verified ${dir}: ${r.objects} objects (${Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `schemas: ${r.celRulesEvaluated} CEL rules evaluated, ${r.celTransitionRulesSkipped} transition rules skipped (they need the previous object)`,
  ];
  for (const g of r.wiring.index.all('gateway.networking.k8s.io/Gateway')) {
    const gateway = `${g.metadata?.namespace}/${g.metadata?.name}`;
    lines.push(`wiring: Gateway ${gateway}: ${r.wiring.attachments.get(gateway)?.length ?? 0} HTTPRoute(s) attached`);
  }
  if (r.simulations.length) lines.push(`routing: ${r.simulations.length} simulated requests`);
  for (const s of r.simulations) {
    const ok = (s.expect === 'route') === s.decision.routed;
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${s.request} -> ${s.decision.routed ? s.decision.reason : `no route: ${s.decision.reason}`}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
