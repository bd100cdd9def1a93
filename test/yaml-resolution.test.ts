import { describe, expect, it } from 'vitest';
import { MANIFEST_YAML_LIMITS, parseYamlDocuments } from '../src/util/yaml';

/** The value of `v:` when `form` is written after it, read as manifests are read. */
function read(form: string): unknown {
  const [doc] = parseYamlDocuments(`v: ${form}\n`, MANIFEST_YAML_LIMITS);
  if (doc.error !== undefined) throw new Error(doc.error);
  return (doc.value as { v: unknown }).v;
}

// What kubectl (go-yaml v2 under sigs.k8s.io/yaml, YAML 1.1 resolution) makes of each plain
// scalar. One row per form: the text after `v:`, then the value it becomes.
const TABLE: ReadonlyArray<readonly [string, unknown]> = [
  // null
  ['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
  // bool: YAML 1.1 spellings, in three cases each, nothing else
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
  ['yES', 'yES'], ['tRUE', 'tRUE'], ['oN', 'oN'],
  // int: Go's ParseInt with base 0 after every `_` is removed
  ['12', 12], ['+12', 12], ['-12', -12], ['0', 0], ['-0', 0], ['1_000', 1000], ['1_', 1],
  ['0x1F', 31], ['0X1f', 31], ['-0x1F', -31], ['0x_1F', 31], ['0o17', 15], ['0O17', 15],
  ['0777', 511], ['-0777', -511], ['0b101', 5], ['-0b101', -5], ['09', 9],
  ['0xFFFFFFFFFFFFFFFF', 18446744073709551615], ['-0x8000000000000000', -9223372036854775808],
  ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'], ['0x', '0x'], ['0b2', '0b2'], ['0o8', '0o8'],
  // float: go-yaml's float syntax, and the named special values
  ['1.5', 1.5], ['1e3', 1000], ['1E3', 1000], ['-1.5e-1', -0.15], ['5.', 5], ['.5', 0.5], ['-.5', -0.5],
  ['1_000.5', 1000.5], ['.5e1', 5], ['1e400', '1e400'], ['1.2.3', '1.2.3'], ['1e', '1e'], ['.', '.'],
  ['.inf', Infinity], ['.Inf', Infinity], ['+.INF', Infinity], ['-.inf', -Infinity], ['.nan', NaN], ['.NaN', NaN],
  ['inf', 'inf'], ['nan', 'nan'], ['.iNF', '.iNF'],
  // strings kubectl keeps: dates, times, YAML 1.1 sexagesimal numbers
  ['2024-01-01', '2024-01-01'], ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'], ['22:30', '22:30'], ['190:20:30', '190:20:30'],
  // quoted and explicitly tagged scalars
  ['"yes"', 'yes'], ["'0x1F'", '0x1F'], ['"12"', '12'], ['"null"', 'null'], ['!!str 12', '12'], ['!!str yes', 'yes'],
  ['!!int "12"', 12], ['!!float 1', 1], ['!!bool "on"', true], ['!!null ""', null], ['!!binary aGVsbG8=', 'hello'],
];

describe('YAML resolution: each plain scalar form and what kubectl reads from it', () => {
  it.each(TABLE)('%j reads as %j', (form, value) => {
    expect(read(form)).toStrictEqual(value);
  });

  it('keeps the type of each row, not only a value equal to it', () => {
    for (const [form, value] of TABLE) expect(typeof read(form), form).toBe(typeof value);
  });

  it('merges `<<` keys, the mapping\'s own keys winning', () => {
    const [doc] = parseYamlDocuments('base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\np: {<<: [*b, {c: 4}]}\n', MANIFEST_YAML_LIMITS);
    expect(doc.value).toEqual({ base: { a: 1, b: 2 }, m: { a: 1, b: 3 }, p: { a: 1, b: 2, c: 4 } });
  });

  it('reads keys by the same table (`on:` is the key "true"), and refuses tags kubectl does not have', () => {
    expect(parseYamlDocuments('on: 1\nn: 2\n0x10: 3\n', MANIFEST_YAML_LIMITS)).toEqual([{ value: { true: 1, false: 2, 16: 3 } }]);
    expect(parseYamlDocuments('v: !!set {a: null}\n', MANIFEST_YAML_LIMITS)[0].error).toBe('not valid YAML: unknown tag !<tag:yaml.org,2002:set> at line 1, column 19');
    expect(parseYamlDocuments('v: !!timestamp 2024-01-01\n', MANIFEST_YAML_LIMITS)[0].error).toMatch(/^not valid YAML: unknown tag !<tag:yaml\.org,2002:timestamp> at line 1, column \d+$/);
  });
});
