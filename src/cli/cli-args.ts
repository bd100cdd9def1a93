/**
 * Command-line parsing for the CLI: GNU-style long options (`--out dist`, `--out=dist`),
 * boolean flags, repeatable options, positionals, `--` to end options, and `-h`/`--help`.
 * Every error is a `UsageError` whose message is one sentence naming the option and the fix.
 */
import { editDistance } from '../util/text';

const USAGE_ERROR = Symbol.for('cdk8s-model-gateway.UsageError');

/** A mistake in how the CLI was called (exit code 2, usage printed). */
export class UsageError extends Error {
  /**
   * Whether `err` is a UsageError, also one thrown by another copy of this module: the bundled
   * CLI (scripts/bundle-cli.ts) runs each command from its own file, which has its own copy.
   */
  static is(err: unknown): err is UsageError {
    return err instanceof Error && (err as unknown as Record<symbol, unknown>)[USAGE_ERROR] === true;
  }

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, USAGE_ERROR, { value: true });
  }
}

/** One option a command accepts. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `out`. */
  readonly name: string;
  /** Placeholder of its value, e.g. `<dir>`; absent for a boolean flag. */
  readonly value?: string;
  /** An example value used in error messages, e.g. `dist`. */
  readonly example?: string;
  /** May be given several times (values collected in order). */
  readonly repeat?: boolean;
  /** One line of help. */
  readonly help: string;
}

/** One command: its options and its positional arguments. */
export interface CommandSpec {
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** Positional arguments, e.g. `<file|dir>...`; empty when none. */
  readonly positionals: string;
  /** Least and most positionals accepted (most: Infinity for any number). */
  readonly minPositionals: number;
  readonly maxPositionals: number;
  /** What to say when too few positionals are given. */
  readonly missingPositional?: string;
  readonly options: readonly OptionSpec[];
  /** Further paragraphs of help text. */
  readonly details: string;
}

/** What a command line said. */
export interface ParsedArgs {
  /** Values of valued options (last one wins), and `'true'` for boolean flags given. */
  readonly flags: Record<string, string>;
  /** Every value of each repeatable option, in order. */
  readonly lists: Record<string, string[]>;
  readonly positionals: string[];
  /** `-h` or `--help` was given. */
  readonly help: boolean;
}

/** Parses `args` (after the command name) against `spec`. */
export function parseArgs(args: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const positionals: string[] = [];
  let help = false;
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const allowed = () => spec.options.map((o) => `--${o.name}`).join(', ');
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a === '-h' || a === '--help') {
      help = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    if (!a.startsWith('--')) throw new UsageError(`unknown option '${a}' for ${spec.name}: allowed are -h, ${allowed()}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const opt = byName.get(name);
    if (!opt) throw new UsageError(`unknown option '--${name}' for ${spec.name}: allowed are ${allowed()}${suggest(name, [...byName.keys()])}`);
    let value: string;
    if (opt.value === undefined) {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value: write --${name} alone`);
      value = 'true';
    } else {
      const inline = eq >= 0 ? a.slice(eq + 1) : undefined;
      const next = inline ?? args[++i];
      const example = `--${name} ${opt.example ?? opt.value}`;
      if (next === undefined || (inline === undefined && next.startsWith('--'))) throw new UsageError(`option '--${name}' needs a value, e.g. ${example}`);
      if (next === '') throw new UsageError(`option '--${name}' got an empty value (an unset shell variable?): give a value, e.g. ${example}`);
      value = next;
    }
    if (opt.repeat) (lists[name] ??= []).push(value);
    else if (name in flags && opt.value !== undefined && flags[name] !== value) {
      throw new UsageError(`option '--${name}' is given twice ('${flags[name]}' and '${value}'): give it once`);
    }
    flags[name] = value;
  }
  if (!help) {
    if (positionals.length < spec.minPositionals) throw new UsageError(spec.missingPositional ?? `${spec.name} needs ${spec.positionals}`);
    if (positionals.length > spec.maxPositionals) {
      throw new UsageError(`unexpected argument '${positionals[spec.maxPositionals]}' for ${spec.name}${spec.maxPositionals === 0 ? ': it takes options only' : ''}`);
    }
  }
  return { flags, lists, positionals, help };
}

/** The help text of one command. */
export function commandHelp(program: string, spec: CommandSpec): string {
  const width = Math.max(...spec.options.map((o) => optionLabel(o).length), '-h, --help'.length);
  const lines = [
    `usage: ${program} ${spec.name}${spec.options.length ? ' [options]' : ''}${spec.positionals ? ` ${spec.positionals}` : ''}`,
    '',
    spec.summary,
    '',
    'options:',
    ...spec.options.map((o) => `  ${optionLabel(o).padEnd(width)}  ${o.help}`),
    `  ${'-h, --help'.padEnd(width)}  show this help`,
  ];
  if (spec.details) lines.push('', spec.details);
  return `${lines.join('\n')}\n`;
}

function optionLabel(o: OptionSpec): string {
  return `--${o.name}${o.value ? ` ${o.value}` : ''}`;
}

/** ` (did you mean '--x'?)` for a near miss, else empty. */
function suggest(name: string, names: string[]): string {
  const prefix = names.find((n) => name.startsWith(n) || n.startsWith(name));
  const best = names.map((n) => ({ n, d: editDistance(name, n) })).sort((a, b) => a.d - b.d)[0];
  const near = prefix ?? (best && best.d <= Math.max(1, Math.floor(best.n.length / 3)) ? best.n : undefined);
  return near ? ` (did you mean '--${near}'?)` : '';
}
