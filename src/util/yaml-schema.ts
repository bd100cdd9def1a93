import { FAILSAFE_SCHEMA, Schema, Type } from 'js-yaml';

// How `kubectl` and the API server read an untagged plain scalar (go-yaml v2 behind
// sigs.k8s.io/yaml, YAML 1.1 resolution), written as js-yaml types. Quoted scalars are always
// strings. Nothing resolves to a timestamp or a sexagesimal number: `2024-01-01` and `22:30`
// stay strings, as kubectl keeps them.

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);

const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity] as const),
]);

// Go's strconv.ParseInt/ParseUint with base 0, which go-yaml applies after removing every `_`.
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([0-9]+))$/;
// go-yaml's own float syntax for plain scalars that start with a digit or a sign.
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// Scalars that start with `.` go straight to Go's strconv.ParseFloat.
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

/** Whether `c` (a char code) can start a number for go-yaml: a digit, a sign or a dot. */
function numberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/**
 * The integer go-yaml reads from a plain scalar (`12`, `0x1F`, `0o17`, `0777`, `0b101`, `1_000`),
 * or undefined when it is not one. Prefixed forms past 64 bits are not integers (Go's parse fails).
 */
export function kubernetesInt(text: string): number | undefined {
  if (!text || !numberStart(text.charCodeAt(0)) || text.charCodeAt(0) === 46) return undefined;
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const m = GO_INT.exec(plain);
  if (!m) return undefined;
  const [, sign, hex, oct, bin, oldOct, dec] = m;
  // Decimal (or a lone `0`); past 64 bits go-yaml reads it as a float of the same value. `-0` is 0.
  if (dec !== undefined) return Number(plain) + 0;
  const big = hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : BigInt(`0o${oldOct}`);
  // ParseInt takes a sign and 63 bits; ParseUint no sign and 64 bits.
  if (sign === '-' ? big > INT64_MAX + 1n : sign === '+' ? big > INT64_MAX : big > UINT64_MAX) return undefined;
  return Number(sign === '-' ? -big : big);
}

/**
 * The float go-yaml reads from a plain scalar (`1.5`, `1e3`, `.5`, `1_000.5`, `.inf`, `.nan`),
 * or undefined. A finite literal too large for a float64 (`1e400`) stays a string, as in Go.
 */
export function kubernetesFloat(text: string): number | undefined {
  if (!text || !numberStart(text.charCodeAt(0))) return undefined;
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return special;
  let value: number;
  if (text.charCodeAt(0) === 46) {
    if (!DOT_FLOAT.test(text)) return undefined;
    value = Number(text);
  } else {
    const plain = text.includes('_') ? text.replace(/_/g, '') : text;
    if (!YAML_STYLE_FLOAT.test(plain)) return undefined;
    value = Number(plain);
  }
  return Number.isFinite(value) ? value : undefined;
}

/** A resolver that remembers its last answer, so `construct` does not parse the text twice. */
function numberType(tag: string, read: (text: string) => number | undefined): Type {
  let lastText: string | undefined;
  let lastValue: number | undefined;
  const parse = (text: string): number | undefined => {
    if (text !== lastText) {
      lastText = text;
      lastValue = read(text);
    }
    return lastValue;
  };
  return new Type(tag, {
    kind: 'scalar',
    resolve: (data: string | null) => data !== null && parse(data) !== undefined,
    construct: (data: string) => parse(data),
    predicate: (v: unknown) => typeof v === 'number',
  });
}

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || (data.length <= 4 && NULLS.has(data)),
  construct: () => null,
  predicate: (v: unknown) => v === null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && data.length <= 5 && BOOLS.has(data),
  construct: (data: string) => BOOLS.get(data),
  predicate: (v: unknown) => typeof v === 'boolean',
});

const intType = numberType('tag:yaml.org,2002:int', kubernetesInt);

// An explicit `!!float 1` is a float too: floats accept what integers accept.
const floatType = numberType('tag:yaml.org,2002:float', (text) => kubernetesFloat(text) ?? kubernetesInt(text));

// `<<: *defaults` merges the aliased mapping(s) into this one; js-yaml does the merging.
const mergeType = new Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// `!!binary` (explicit only): go-yaml decodes the base64 and kubectl sends the bytes as a string.
const binaryType = new Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => {
    const b64 = (data ?? '').replace(/[\r\n]/g, '');
    return b64.length % 4 === 0 && BASE64.test(b64);
  },
  construct: (data: string | null) => Buffer.from((data ?? '').replace(/[\r\n]/g, ''), 'base64').toString('utf8'),
});

/**
 * The js-yaml schema of Kubernetes manifests: strings, lists and mappings, plus kubectl's
 * implicit null, bool (YAML 1.1: `yes`/`no`/`on`/`off`/`y`/`n`), int (`0x1F`, `0o17`, `0777`,
 * `0b101`, `1_000`), float (`1e3`, `.5`, `.inf`, `.nan`) and merge keys (`<<`), and the explicit
 * `!!binary` (decoded to a string). No timestamps, no sexagesimal numbers, no `!!omap`/`!!pairs`/`!!set`.
 */
export const KUBERNETES_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType, mergeType], explicit: [binaryType] });
