import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandSpec, commandHelp, parseArgs, UsageError } from '../src/cli/cli-args';
import { COMMANDS, main } from '../src/cli';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'A demo command.',
  positionals: '<path>...',
  minPositionals: 1,
  maxPositionals: 2,
  options: [
    { name: 'out', value: '<dir>', example: 'dist', help: 'where' },
    { name: 'force', help: 'override' },
    { name: 'assume', value: '<ref>', repeat: true, help: 'assumed object' },
  ],
  details: '',
};

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseArgs', () => {
  it('reads --opt value, --opt=value, boolean flags, repeated options and positionals in any order', () => {
    const a = parseArgs(['x', '--out=d1', '--force', '--assume', 'A', '--assume=B', 'y'], SPEC);
    expect(a).toEqual({ flags: { out: 'd1', force: 'true', assume: 'B' }, lists: { assume: ['A', 'B'] }, positionals: ['x', 'y'], help: false });
    expect(parseArgs(['--out', 'd', '--', '--not-an-option'], SPEC).positionals).toEqual(['--not-an-option']);
    expect(parseArgs(['--out=', 'x'].slice(1), SPEC).positionals).toEqual(['x']);
  });

  it('accepts -h and --help without the required positionals', () => {
    expect(parseArgs(['-h'], SPEC).help).toBe(true);
    expect(parseArgs(['--help'], SPEC).help).toBe(true);
  });

  it('refuses each malformed call with one sentence naming the option and the fix', () => {
    expect(usageError(() => parseArgs(['x', '--out'], SPEC))).toBe("option '--out' needs a value, e.g. --out dist");
    expect(usageError(() => parseArgs(['x', '--out', '--force'], SPEC))).toBe("option '--out' needs a value, e.g. --out dist");
    expect(usageError(() => parseArgs(['x', '--out', ''], SPEC))).toBe("option '--out' got an empty value (an unset shell variable?): give a value, e.g. --out dist");
    expect(usageError(() => parseArgs(['x', '--out='], SPEC))).toContain("option '--out' got an empty value");
    expect(usageError(() => parseArgs(['x', '--force=yes'], SPEC))).toBe("option '--force' takes no value: write --force alone");
    expect(usageError(() => parseArgs(['x', '--frce'], SPEC))).toBe("unknown option '--frce' for demo: allowed are --out, --force, --assume (did you mean '--force'?)");
    expect(usageError(() => parseArgs(['x', '-o', 'd'], SPEC))).toBe("unknown option '-o' for demo: allowed are -h, --out, --force, --assume");
    expect(usageError(() => parseArgs(['x', '--out', 'a', '--out', 'b'], SPEC))).toBe("option '--out' is given twice ('a' and 'b'): give it once");
    expect(usageError(() => parseArgs([], SPEC))).toBe('demo needs <path>...');
    expect(usageError(() => parseArgs(['a', 'b', 'c'], SPEC))).toBe("unexpected argument 'c' for demo");
  });

  it('prints every option in the help text', () => {
    const help = commandHelp('prog', SPEC);
    expect(help).toContain('usage: prog demo [options] <path>...');
    for (const o of SPEC.options) expect(help).toContain(`--${o.name}`);
    expect(help).toContain('-h, --help');
  });
});

describe('cli help and version', () => {
  let stdout: string;
  let stderr: string;
  beforeEach(() => {
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  });
  afterEach(() => vi.restoreAllMocks());

  it('prints each command\'s help for --help, -h and help <command>, exit 0', () => {
    for (const c of Object.keys(COMMANDS)) {
      for (const argv of [[c, '--help'], [c, '-h'], ['help', c]]) {
        stdout = '';
        expect(main(argv)).toBe(0);
        expect(stdout).toBe(commandHelp('cdk8s-model-gateway', COMMANDS[c]));
      }
    }
    expect(stdout).toContain('--namespace <ns>');
  });

  it('prints the overview for --help and on no command (exit 2 on stderr)', () => {
    expect(main(['--help'])).toBe(0);
    expect(stdout).toContain('usage: cdk8s-model-gateway <command> [options]');
    expect(main([])).toBe(2);
    expect(stderr).toContain('commands:');
  });

  it('prints the package version for --version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(main(['--version'])).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('accepts --opt=value on the real commands', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cli-args-'));
    try {
      expect(main(['synth', `--out=${dir}/d`])).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'd'))).toContain('ROUTING.md');
      expect(main(['verify', `${dir}/d`, '--namespace=llm-d'])).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
