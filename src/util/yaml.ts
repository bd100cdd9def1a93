import * as YAML from 'yaml';

/** Explicit bounds on what one YAML text may cost to read. */
export interface YamlLimits {
  /** Most alias expansions per document, counted the way `yaml` counts them (nested aliases weigh more). */
  readonly maxAliases: number;
  /** Deepest nesting of mappings and lists in a document. */
  readonly maxNesting: number;
}

/** Limits for Kubernetes manifests: CRD schemas nest about 40 levels deep, anchors are rare. */
export const MANIFEST_YAML_LIMITS: YamlLimits = { maxAliases: 100, maxNesting: 128 };

/** One document of a YAML stream, or why it cannot be read. */
export type YamlDocument = { readonly value: unknown; readonly error?: undefined; readonly fix?: undefined }
  | { readonly value?: undefined; readonly error: string; readonly fix: string };

const SYNTAX_FIX = 'fix the YAML syntax';

// Tags of the YAML 1.1 schema that Kubernetes' reader (go-yaml v2 via sigs.k8s.io/yaml) does
// not apply to untyped values: it keeps `2024-01-01` and `22:30` as strings.
const NOT_KUBERNETES = new Set(['tag:yaml.org,2002:timestamp']);
const SEXAGESIMAL = 'TIME';

/**
 * Parse options that read scalars the way `kubectl` and the API server do (go-yaml v2, YAML
 * 1.1 resolution): `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0x1F` and `0777` integers,
 * `1e3` a number; dates and `22:30` stay strings. Duplicate keys are an error.
 */
export const KUBERNETES_YAML: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  merge: true,
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || !(NOT_KUBERNETES.has(t.tag) || (t as { format?: string }).format === SEXAGESIMAL)),
};

/**
 * Every document of `text`, each converted to plain data under `limits`, or a sentence saying
 * why it cannot be: a syntax error, nesting past `maxNesting`, alias expansion past `maxAliases`
 * (a "billion laughs" stops at once, before anything is expanded). Never throws.
 */
export function parseYamlDocuments(text: string, limits: YamlLimits, options: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = KUBERNETES_YAML): YamlDocument[] {
  // Streamed: each document is converted and its syntax tree dropped before the next is read.
  const lines = new YAML.LineCounter();
  const composer = new YAML.Composer(options);
  const out: YamlDocument[] = [];
  try {
    for (const doc of composer.compose(new YAML.Parser(lines.addNewLine).parse(text))) out.push(toValue(doc as YAML.Document.Parsed, limits, lines));
  } catch (err) {
    return [{ error: `not valid YAML: ${firstLine(err)}`, fix: SYNTAX_FIX }];
  }
  return out;
}

function toValue(doc: YAML.Document.Parsed, limits: YamlLimits, lines: YAML.LineCounter): YamlDocument {
  if (doc.errors.some((e) => /call stack/i.test(e.message))) return nestingError(limits);
  if (doc.errors.length) return { error: `not valid YAML: ${located(doc.errors[0], lines)}`, fix: SYNTAX_FIX };
  if (nesting(doc.contents, limits.maxNesting) > limits.maxNesting) return nestingError(limits);
  try {
    return { value: doc.toJS({ maxAliasCount: limits.maxAliases }) };
  } catch (err) {
    if (/alias count/i.test(firstLine(err))) {
      return { error: `expands YAML aliases (*name) more than the limit of ${limits.maxAliases} (an alias bomb?)`, fix: 'write the values out instead of anchors and aliases' };
    }
    if (err instanceof RangeError) return nestingError(limits);
    return { error: `not valid YAML: ${firstLine(err)}`, fix: SYNTAX_FIX };
  }
}

/** A parse error's first line with its line and column: `Map keys must be unique at line 7, column 3`. */
function located(err: YAML.YAMLError, lines: YAML.LineCounter): string {
  const { line, col } = lines.linePos(err.pos[0]);
  return `${firstLine(err)} at line ${line}, column ${col}`;
}

/** How deep mappings and lists nest under `node`, counting no further than `max + 1`. */
export function nesting(node: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[node, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (YAML.isMap(n) || YAML.isSeq(n)) {
      const d = depth + 1;
      if (d > deepest) deepest = d;
      if (deepest > max) return deepest;
      for (const item of n.items as unknown[]) {
        if (YAML.isPair(item)) {
          stack.push([item.key, d]);
          stack.push([item.value, d]);
        } else {
          stack.push([item, d]);
        }
      }
    }
  }
  return deepest;
}

/**
 * The dotted path of the first number in `value` that JSON cannot hold (`.inf`, `.nan`), or
 * undefined. `kubectl` converts YAML to JSON before sending it, and fails on such a number.
 */
export function nonFiniteNumber(value: unknown, path: string = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return at || '(the document)';
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`]);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v).reverse()) stack.push([child, at ? `${at}.${k}` : k]);
    }
  }
  return undefined;
}

function nestingError(limits: YamlLimits): { error: string; fix: string } {
  return { error: `nests mappings or lists more than ${limits.maxNesting} levels deep`, fix: 'flatten it: no Kubernetes object nests that deep' };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
