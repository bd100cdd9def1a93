import * as YAML from 'yaml';

// Plain scalars a YAML 1.1 reader (kubectl, Go yaml) or a YAML 1.2 reader resolves to something
// other than a string: booleans and nulls of YAML 1.1 in any case, the merge and value keys,
// anything made only of the characters of a number (ints, octal `017`/`0o17`, hex `0x1F`, binary,
// floats `1e3`, hex floats `0x1p-2`, `1_000`, sexagesimal `12:30`) and starting like one, dates
// and timestamps, and infinity / not-a-number in any spelling. `10Gi` or `300s` stay plain.
const KEYWORD = /^(y|yes|n|no|true|false|on|off|null|~|<<|=)$/i;
const NUMBER_LIKE = /^[-+]?\.?[0-9][0-9a-fA-FxXoObBpP_.:+-]*$/;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)/;
const SPECIAL_FLOAT = /^[-+]?\.?(inf|infinity|nan)$/i;

/** The implicit-type tests of the YAML 1.1 and 1.2 schemas of the `yaml` library itself (e.g. `e0` is a 1.1 float there). */
const IMPLICIT: RegExp[] = (['1.1', '1.2'] as const).flatMap((version) => new YAML.Document(null, { version }).schema.tags
  .flatMap((t) => ('test' in t && t.default && t.test && t.tag !== 'tag:yaml.org,2002:str' ? [t.test] : [])));

/**
 * Whether the string `s` must be quoted so that every YAML reader (1.1 and 1.2) reads it back
 * as the same string. Errs on the side of quoting: a quoted string is always a string.
 */
export function needsQuotes(s: string): boolean {
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

function toYamlDocument(data: unknown): string {
  const doc = new YAML.Document(data, { aliasDuplicateObjects: false, keepUndefined: false });
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
