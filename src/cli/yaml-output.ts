import type * as YamlLibrary from 'yaml';

let yamlLibrary: typeof YamlLibrary | undefined;

/**
 * The `yaml` library, loaded on first use: only documents the fast writer leaves to it need it
 * (the default catalog's output has none), so most runs never load it.
 */
function yaml(): typeof YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return yamlLibrary ??= require('yaml') as typeof YamlLibrary;
}

// Plain scalars a YAML 1.1 reader (kubectl, Go yaml) or a YAML 1.2 reader resolves to something
// other than a string: booleans and nulls of YAML 1.1 in any case, the merge and value keys,
// anything made only of the characters of a number (ints, octal `017`/`0o17`, hex `0x1F`, binary,
// floats `1e3`, hex floats `0x1p-2`, `1_000`, sexagesimal `12:30`) and starting like one, dates
// and timestamps, and infinity / not-a-number in any spelling. `10Gi` or `300s` stay plain.
const KEYWORD = /^(y|yes|n|no|true|false|on|off|null|~|<<|=)$/i;
const NUMBER_LIKE = /^[-+]?\.?[0-9][0-9a-fA-FxXoObBpP_.:+-]*$/;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)/;
const SPECIAL_FLOAT = /^[-+]?\.?(inf|infinity|nan)$/i;

/**
 * The implicit-type tests of the YAML 1.1 and 1.2 schemas of the `yaml` library (2.x) itself,
 * e.g. `e0` is a 1.1 float there: null, booleans, integers (binary, octal, decimal, hex), floats
 * (infinity and not-a-number, exponent, plain), the merge key, sexagesimal integers and floats,
 * and timestamps. Written out here so the library need not be loaded to decide quoting;
 * test/yaml-fast.test.ts checks that they are exactly the library's.
 */
export const IMPLICIT: readonly RegExp[] = [
  // YAML 1.1
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
  // YAML 1.2 (core schema)
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/**
 * The first characters of every string the tests of {@link needsQuotes} match (besides the empty
 * string): a digit, sign, dot, `~`, `<`, `=`, or the first letter of a keyword (y/yes, n/no/null/nan,
 * t/true, f/false, o/on/off, i/inf) or of a YAML 1.1 exponent float (`e0`). Any other first character
 * answers "no" without running the tests (most Kubernetes strings start with another letter).
 * test/yaml-fast.test.ts checks this against the tests on generated strings.
 */
export const MAY_NEED_QUOTES = /^[-+.0-9~<=eEfFiInNoOtTyY]/;

/**
 * Whether the string `s` must be quoted so that every YAML reader (1.1 and 1.2) reads it back
 * as the same string. Errs on the side of quoting: a quoted string is always a string.
 */
export function needsQuotes(s: string): boolean {
  return (s.length === 0 || MAY_NEED_QUOTES.test(s)) && readsAsAnotherType(s);
}

/** The tests behind {@link needsQuotes}, without its first-character shortcut. */
export function readsAsAnotherType(s: string): boolean {
  return KEYWORD.test(s) || NUMBER_LIKE.test(s) || DATE_LIKE.test(s) || SPECIAL_FLOAT.test(s) || IMPLICIT.some((re) => re.test(s));
}

/**
 * Serializes `docs` (JSON data: no undefined values in arrays, no cycles) as a multi-document
 * YAML stream that YAML 1.1 and 1.2 readers read back as exactly `docs`: every string that a
 * reader could take for a number, boolean, null or date is double-quoted, repeated objects are
 * written out in full (no anchors or aliases), and lines are never folded. Undefined object
 * values are left out, as JSON does. Deterministic: the same input gives the same bytes.
 */
export function toYaml(docs: readonly unknown[]): string {
  return docs.map(toYamlDocument).join('---\n');
}

/**
 * One document of {@link toYaml} (ending in a newline, without the `---` separator). Block
 * mappings and sequences of JSON data are written directly (see `fastYamlDocument`); a document
 * holding anything that writer is not certain to render exactly as the `yaml` library does is
 * rendered by the library instead, so the bytes are the same either way.
 */
export function toYamlDocument(data: unknown): string {
  return fastYamlDocument(data) ?? libraryYamlDocument(data);
}

/** {@link toYamlDocument} through the `yaml` library (2.x `Document`), the reference the fast writer matches. */
export function libraryYamlDocument(data: unknown): string {
  const YAML = yaml();
  const doc = new YAML.Document(data, { aliasDuplicateObjects: false, keepUndefined: false });
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

// --- the fast writer --------------------------------------------------------------------------
//
// It renders what `libraryYamlDocument` renders for the shapes Kubernetes objects are made of,
// following the rules of yaml 2.9.1 (read in node_modules/yaml/dist/stringify/: stringify.js,
// stringifyCollection.js, stringifyPair.js, stringifyString.js, stringifyNumber.js;
// core/bool.js, core/null.js) with its defaults plus the options above (block style, indent 2,
// sequences indented inside mappings, no line folding as lineWidth is 0):
// - a mapping is `key: value` lines; a sequence `- item` lines; an item that is a mapping or a
//   sequence continues on the `- ` line, indented two more; a non-empty collection as a mapping
//   value starts on the next line, indented two more; empty ones are `{}` and `[]`;
// - numbers as JSON writes them (`-0` for minus zero), `true`/`false`, `null`;
// - strings: double-quoted (as JSON writes them) when `needsQuotes`; otherwise plain unless
//   plain is ambiguous (an indicator first, `: ` or ` #` inside, a space or `:` last, `-`/`?`
//   alone or before a space), then quoted: single quotes when the string has `"` but no `'`,
//   else double; a multi-line value as a literal block (see `literalBlock`).
// Anything else makes the whole document go to the library: strings with a control character
// (tab included; newline too in keys), a DEL/C1 character or a surrogate (the library's
// escapes), the multi-line strings `literalBlock` leaves to it, strings starting like a document marker (`---`, `...`, `%`, where the library
// treats top-level keys apart), keys longer than the library's 1024-character implicit-key
// limit, non-finite numbers, values that are not JSON (undefined in an array, functions,
// class instances, Maps), a top level that is not a mapping, and nesting deeper than
// MAX_FAST_DEPTH.

/** Deeper documents (in indentation levels) go to the library (which has no such bound); Kubernetes objects nest about 12 deep. */
const MAX_FAST_DEPTH = 100;
/** Longer keys go to the library (it writes keys over 1024 characters as explicit `? ` keys). */
const MAX_FAST_KEY = 1000;
/** Characters the fast writer leaves to the library: C0 controls (tab, newline), DEL and C1, surrogates. */
const LIBRARY_CHARS = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;
/** Characters that send a multi-line string to the library: those of {@link LIBRARY_CHARS} except the newline. */
const BLOCK_LIBRARY_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ud800-\udfff]/;
/** Starts like a document marker or directive (the library quotes such top-level keys and block-indents such top-level values). */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;
/**
 * A single-line string that cannot be a plain scalar: an indicator character first (`,[]{}#&*!|>'"%@\``
 * or a space), `-` or `?` alone or followed by a space, `: ` or ` #` anywhere, a space or `:` last.
 */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #| $|:$/;
/** Rendered scalars by string, shared across documents (keys and values repeat across objects). */
const scalarCache = new Map<string, string>();
/** Bounds {@link scalarCache}: it is emptied when it reaches this many strings. */
const MAX_CACHED = 50_000;

/** Thrown inside the fast writer when the document needs the library. */
const LIBRARY = Symbol('library');

/** The pieces of the document being written (joined once at its end: fewer intermediate strings than concatenating). */
let parts: string[] = [];
/** Indentation strings by level (two spaces each). */
const INDENTS: string[] = [''];

function indentOf(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[level];
}

/** The fast writer's rendering of one document, or undefined when the library must render it. */
export function fastYamlDocument(data: unknown): string | undefined {
  if (!isPlainObject(data)) return undefined;
  parts = [];
  try {
    if (hasEntries(data as Record<string, unknown>)) writeMapping(data as Record<string, unknown>, 0);
    else parts.push('{}');
    parts.push('\n');
    return parts.join('');
  } catch (err) {
    if (err === LIBRARY) return undefined;
    throw err;
  } finally {
    parts = [];
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Whether a mapping has an entry to write (undefined values are left out). */
function hasEntries(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined) return true;
  return false;
}

/** Writes a non-empty block mapping whose lines after the first are at indentation `level`. */
function writeMapping(obj: Record<string, unknown>, level: number): void {
  if (level > MAX_FAST_DEPTH) throw LIBRARY;
  let first = true;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) continue;
    if (key.length > MAX_FAST_KEY) throw LIBRARY;
    if (!first) parts.push('\n', indentOf(level));
    first = false;
    parts.push(scalarString(key), ':');
    writeValueAfterKey(value, level + 1);
  }
}

/** Writes a non-empty block sequence whose lines after the first are at indentation `level`. */
function writeSequence(arr: readonly unknown[], level: number): void {
  if (level > MAX_FAST_DEPTH) throw LIBRARY;
  for (let i = 0; i < arr.length; i++) {
    if (i > 0) parts.push('\n', indentOf(level));
    parts.push('- ');
    writeNode(arr[i], level + 1);
  }
}

/** Writes what follows `key:` for `value`, the entry's children being at indentation `inner`. */
function writeValueAfterKey(value: unknown, inner: number): void {
  if (typeof value !== 'object' || value === null) {
    parts.push(' ', scalar(value, inner));
  } else if (Array.isArray(value)) {
    checkArray(value);
    if (value.length === 0) parts.push(' []');
    else {
      parts.push('\n', indentOf(inner));
      writeSequence(value, inner);
    }
  } else {
    checkObject(value);
    if (!hasEntries(value as Record<string, unknown>)) parts.push(' {}');
    else {
      parts.push('\n', indentOf(inner));
      writeMapping(value as Record<string, unknown>, inner);
    }
  }
}

/** Writes any value at indentation `level` (a sequence item, continuing the `- ` line). */
function writeNode(value: unknown, level: number): void {
  if (typeof value !== 'object' || value === null) {
    parts.push(scalar(value, level));
  } else if (Array.isArray(value)) {
    checkArray(value);
    if (value.length === 0) parts.push('[]');
    else writeSequence(value, level);
  } else {
    checkObject(value);
    if (!hasEntries(value as Record<string, unknown>)) parts.push('{}');
    else writeMapping(value as Record<string, unknown>, level);
  }
}

function checkArray(value: readonly unknown[]): void {
  if (Object.getPrototypeOf(value) !== Array.prototype) throw LIBRARY;
}

function checkObject(value: object): void {
  if (Object.getPrototypeOf(value) !== Object.prototype) throw LIBRARY;
}

/** A scalar; a multi-line string becomes a literal block scalar whose lines are at indentation `level`. */
function scalar(value: unknown, level: number): string {
  switch (typeof value) {
    case 'string': return value.includes('\n') ? literalBlock(value, indentOf(level)) : scalarString(value);
    case 'number':
      if (!Number.isFinite(value)) throw LIBRARY;
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'boolean': return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      throw LIBRARY;
  }
}

/**
 * A multi-line string value as the library writes it (its `blockString` with lineWidth 0): a
 * literal block `|`, with `-` when the string does not end in a newline (strip) and no indicator
 * when it ends in exactly one (clip), each line after a newline prefixed with `indent` (empty
 * lines stay empty). Strings with a leading space or newline, several trailing newlines,
 * spaces after the last newline, a tab or another control character, or that need quotes go to
 * the library (indentation indicators, `+` keep chomping, double-quoted escapes).
 */
function literalBlock(s: string, indent: string): string {
  if (BLOCK_LIBRARY_CHARS.test(s) || s[0] === ' ' || s[0] === '\n' || needsQuotes(s)) throw LIBRARY;
  let start = s.length;
  while (start > 0 && (s[start - 1] === ' ' || s[start - 1] === '\n')) start--;
  const trailing = s.slice(start);
  if (!/^ *\n?$/.test(trailing) || trailing.length === s.length) throw LIBRARY;
  const clip = trailing.endsWith('\n');
  const body = s.slice(0, s.length - trailing.length).replace(/\n+/g, `$&${indent}`);
  return `|${clip ? '' : '-'}\n${indent}${body}${clip ? trailing.slice(0, -1) : trailing}`;
}

/** A single-line string as a key or value (the same either way for the strings the fast writer takes). */
function scalarString(s: string): string {
  const cached = scalarCache.get(s);
  if (cached !== undefined) return cached;
  if (LIBRARY_CHARS.test(s) || DOCUMENT_MARKER.test(s)) throw LIBRARY;
  let out: string;
  if (needsQuotes(s)) out = JSON.stringify(s);
  else if (!NOT_PLAIN.test(s)) out = s;
  else if (s.includes('"') && !s.includes("'")) out = `'${s}'`;
  else out = JSON.stringify(s);
  if (scalarCache.size >= MAX_CACHED) scalarCache.clear();
  scalarCache.set(s, out);
  return out;
}
