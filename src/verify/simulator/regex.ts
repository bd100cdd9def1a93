import { RE2JS } from 're2js';

/** Longest pattern compiled: the Gateway API allows 4096 characters in a header match value. */
export const MAX_REGEX_LENGTH = 4096;
/** Largest compiled program (RE2 instructions); `a{1000}` alone is about 1000. */
export const MAX_REGEX_PROGRAM = 10_000;
/** Compiled patterns kept; past this the cache starts over (hostile sets hold many patterns). */
const CACHE_SIZE = 1000;

/** A compiled RE2 pattern, matched in time linear in the input. */
export interface Re2Matcher {
  /** Whether the whole of `s` matches (Gateway API `RegularExpression` semantics). */
  fullMatch(s: string): boolean;
  /** Whether some part of `s` matches (CEL `matches()` semantics). */
  find(s: string): boolean;
}

/** A pattern compiled, or the sentence saying why it cannot be. */
export type Re2Compiled = { readonly matcher: Re2Matcher; readonly problem?: undefined } | { readonly matcher?: undefined; readonly problem: string };

const cache = new Map<string, Re2Compiled>();

/**
 * Compiles `pattern` with RE2 semantics (the syntax Gateway API implementations and CEL
 * accept: no lookaround, no backreferences; `(?P<name>...)` and `(?i)` are fine). Matching is
 * linear in the input, so `(.|.|.|.)*Z` cannot backtrack. Never throws: an invalid, unsupported
 * or over-limit pattern gives a `problem` sentence instead.
 */
export function compileRe2(pattern: string): Re2Compiled {
  let hit = cache.get(pattern);
  if (hit) return hit;
  hit = compile(pattern);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(pattern, hit);
  return hit;
}

/**
 * Why `pattern` is not a regular expression a Gateway API implementation accepts (RE2
 * syntax, within {@link MAX_REGEX_LENGTH} and {@link MAX_REGEX_PROGRAM}), or undefined when it is.
 * Pure: a rule reports the sentence on the object that holds the pattern.
 */
export function regexProblem(pattern: string): string | undefined {
  return compileRe2(pattern).problem;
}

/** Whether all of `s` matches `pattern`; false when the pattern is invalid (reported elsewhere). */
export function fullMatch(pattern: string, s: string): boolean {
  return compileRe2(pattern).matcher?.fullMatch(s) ?? false;
}

function compile(pattern: string): Re2Compiled {
  if (typeof pattern !== 'string') return { problem: 'is not a string' };
  if (pattern.length > MAX_REGEX_LENGTH) return { problem: `is ${pattern.length} characters long, over the limit of ${MAX_REGEX_LENGTH}` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    return { problem: `is not a valid RE2 regular expression (${describe(err)})` };
  }
  const size = re.programSize();
  if (size > MAX_REGEX_PROGRAM) return { problem: `compiles to ${size} RE2 instructions, over the limit of ${MAX_REGEX_PROGRAM}` };
  return {
    matcher: {
      fullMatch: (s: string) => re.matches(s),
      find: (s: string) => re.test(s),
    },
  };
}

/** The library's reason, with a hint for the Perl/JavaScript features RE2 leaves out. */
function describe(err: unknown): string {
  const raw = String((err as Error)?.message ?? err).split('\n')[0].replace(/^error parsing regexp: /, '');
  if (/\(\?[=!]|\(\?<[=!]/.test(raw) || /invalid named capture: `\(\?<[=!]/.test(raw)) return `${raw}: RE2 has no lookahead or lookbehind`;
  if (/invalid escape sequence: `\\[1-9]/.test(raw)) return `${raw}: RE2 has no backreferences`;
  if (/invalid escape sequence: `\\C`/.test(raw)) return `${raw}: \\C (any byte) is not supported`;
  return raw;
}
