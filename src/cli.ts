#!/usr/bin/env node
import * as path from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { replaceDirAtomically } from './output';
import { addStarterChart } from './starter';
import { SchemaValidator } from './validation/schema-validator';

const USAGE = `usage: cdk8s-model-gateway synth [--out <dir>]

  synth   synthesize the manifests into <dir> (default dist), validating every object
          against the pinned schemas first; on any error <dir> is left untouched`;

class UsageError extends Error {}

function parseFlags(args: string[], allowed: Record<string, string>): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (!(name in allowed)) throw new UsageError(`unknown option '${a}': allowed are ${Object.keys(allowed).map((k) => `--${k}`).join(', ')}`);
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${a}' needs a value, e.g. ${a} ${allowed[name]}`);
    flags[name] = value;
  }
  return flags;
}

/** Synthesizes into `out` atomically; returns the written file names. */
export function synth(out: string): string[] {
  let files: string[] = [];
  replaceDirAtomically(out, (staging) => {
    const app = new App({ outdir: staging, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
    addStarterChart(app);
    const validator = new SchemaValidator();
    const problems = app.charts.flatMap((c) => c.toJson()).flatMap((o) => validator.validate(o));
    if (problems.length) {
      throw new Error(`synthesized objects fail schema validation, nothing written:\n${problems.map((p) => `  ${p.kind} ${p.object}: ${p.field}: ${p.message}`).join('\n')}`);
    }
    app.synth();
    files = app.charts.map((c) => `${c.node.id}.yaml`);
  });
  return files;
}

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth': {
        const flags = parseFlags(rest, { out: 'dist' });
        const out = flags.out ?? 'dist';
        const files = synth(out);
        process.stdout.write(`wrote ${files.map((f) => path.join(out, f)).join(', ')}\n`);
        return 0;
      }
      case undefined:
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${msg}\n${err instanceof UsageError ? `\n${USAGE}\n` : ''}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
