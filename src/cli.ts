#!/usr/bin/env node
import * as path from 'node:path';
import { Catalog } from './catalog';
import { defaultCatalogFile, synthesizeToDir } from './synth';

const USAGE = `usage: cdk8s-model-gateway synth [--catalog <file>] [--out <dir>]

  synth   synthesize a model catalog (YAML or JSON; default: the bundled reference
          catalog) into <dir> (default: dist): one YAML file per namespace and ROUTING.md.
          Everything is validated first; on any error <dir> is left untouched.`;

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

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth': {
        const flags = parseFlags(rest, { catalog: 'catalog.yaml', out: 'dist' });
        const out = flags.out ?? 'dist';
        const catalog = Catalog.fromFile(flags.catalog ?? defaultCatalogFile());
        const files = synthesizeToDir(catalog, out);
        process.stdout.write(`synthesized ${catalog.spec.models.length} model(s) from ${flags.catalog ?? 'the default catalog'}: ${files.map((f) => path.join(out, f)).join(', ')}\n`);
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
