import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Construct } from 'constructs';
import { MAX_CATALOG_BYTES, readCatalogFile } from './catalog-file';
import { catalogGatewayOptions, catalogProblems, catalogProfile, modelOptions } from './catalog-checks';
import { catalogSchemaValidator } from './catalog-validator';
import { CatalogSpec } from './catalog-spec';
import { tokenValueProblems } from './source-platform-checks';
import { packageFile } from '../util/package-files';
import { parseYamlDocuments, YamlLimits } from '../util/yaml';
import { editDistance, sanitizeForTerminal } from '../util/text';
import { MultiModelGateway } from '../constructs/multi-model-gateway';

/**
 * A validated model catalog.
 *
 * Files are YAML or JSON. Validation first checks the file against the published JSON Schema
 * (catalog/catalog.schema.json: unknown keys, types, patterns, ranges), then runs the
 * constructs' own check functions, which hold the rules that span fields and models
 * (duplicates, name collisions, reserved ports, timeouts), under the catalog's paths. Every
 * problem is reported with its path in the file, the value, and what is allowed.
 *
 * @example
 * const chart = Catalog.fromFile('catalog.yaml').addTo(new App(), 'maas');
 */
export class Catalog {
  /** Reads and validates a catalog file. */
  public static fromFile(file: string): Catalog {
    return Catalog.parse(readCatalogFile(file), file);
  }

  /**
   * Parses and validates catalog text (YAML, of which JSON is a subset).
   *
   * Values are read as `kubectl` reads manifests (YAML 1.1: an unquoted `yes` is a boolean).
   * Bounded: at most 16 MiB of text, 64 levels of nesting and 100 alias expansions (a YAML
   * "billion laughs" stops at once).
   */
  public static parse(text: string, source: string = 'catalog'): Catalog {
    if (text.length > MAX_CATALOG_BYTES) throw new Error(`catalog '${source}' is larger than the ${MAX_CATALOG_BYTES / 1024 / 1024} MiB limit for a catalog`);
    const data = catalogData(text, source);
    return Catalog.fromSpec(data as CatalogSpec, source);
  }

  /**
   * Validates a catalog given as data against the catalog schema. Rules that span fields
   * and models are checked by {@link addTo}.
   */
  public static fromSpec(spec: CatalogSpec, source: string = 'catalog'): Catalog {
    // First, so no message (a schema one quotes values) ever repeats a token.
    const tokens = tokenValueProblems(spec);
    if (tokens.length) throw catalogError(source, tokens);
    const problems = schemaProblems(spec);
    if (problems.length) throw catalogError(source, problems);
    return new Catalog(spec, source);
  }

  /** The catalog content. */
  public readonly spec: CatalogSpec;
  /** Where it came from (a file name, or 'catalog'). */
  public readonly source: string;

  private constructor(spec: CatalogSpec, source: string) {
    this.spec = spec;
    this.source = source;
  }

  /**
   * Adds the catalog's MultiModelGateway chart to `scope`.
   */
  public addTo(scope: Construct, id: string): MultiModelGateway {
    const s = this.spec;
    const problems = catalogProblems(s);
    if (problems.length) throw catalogError(this.source, problems);
    const chart = new MultiModelGateway(scope, id, {
      profile: catalogProfile(s),
      platform: s.platform,
      namespace: s.namespace,
      gateway: catalogGatewayOptions(s),
      endpointPickerResources: s.endpointPicker,
      networkPolicies: s.networkPolicies,
      monitoring: s.monitoring,
    });
    for (const m of s.models) chart.addModel(modelOptions(m));
    return chart;
  }
}

/** What reading a catalog may cost: 100 alias expansions, 64 levels of nesting (a catalog needs 4). */
const CATALOG_YAML_LIMITS: YamlLimits = { maxAliases: 100, maxNesting: 64 };

/**
 * The one document of catalog text, read as manifests are read (kubectl's YAML resolution),
 * within {@link CATALOG_YAML_LIMITS}; throws a sentence naming the catalog otherwise.
 */
function catalogData(text: string, source: string): unknown {
  const docs = parseYamlDocuments(text, CATALOG_YAML_LIMITS);
  const bad = docs.find((d) => d.error !== undefined);
  if (bad?.problem === 'syntax') throw new Error(`catalog '${source}' is not valid YAML or JSON:\n  ${sanitizeForTerminal(bad.error.replace(/^not valid YAML: /, ''))}`);
  if (bad?.problem === 'nesting') throw new Error(`catalog '${source}' nests lists or mappings more than ${CATALOG_YAML_LIMITS.maxNesting} levels deep; a catalog needs 4`);
  if (bad?.problem === 'aliases') throw new Error(`catalog '${source}' expands YAML aliases (*name) more than the limit of ${CATALOG_YAML_LIMITS.maxAliases}: write the values out instead`);
  if (bad) throw new Error(`catalog '${source}' ${bad.error}: ${bad.fix}`);
  if (docs.length !== 1) throw new Error(`catalog '${source}' must hold exactly one YAML document, found ${docs.length}`);
  return docs[0].value;
}

function catalogError(source: string, problems: string[]): Error {
  return new Error(`catalog '${source}' is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

// ---- JSON Schema validation ------------------------------------------------------------

let compiled: ValidateFunction | undefined;

function catalogValidator(): ValidateFunction {
  if (!compiled) {
    compiled = catalogSchemaValidator(fs.readFileSync(catalogSchemaFile(), 'utf8'));
  }
  return compiled;
}

/** Path of the published catalog JSON Schema. */
export function catalogSchemaFile(): string {
  return packageFile(path.join('catalog', 'catalog.schema.json'));
}

/** Schema problems of a catalog, as `path: got <value>; <what is allowed>` lines. */
export function schemaProblems(spec: unknown): string[] {
  const validate = catalogValidator();
  if (validate(spec)) return [];
  const out: string[] = [];
  for (const e of withoutUnionNoise(validate.errors ?? [])) {
    const line = describe(e);
    if (line && !out.includes(line)) out.push(line);
  }
  return out;
}

/**
 * The errors of a value that may take several shapes (a list or a mapping, `anyOf`) told once:
 * the branches' type mismatches at its own path are dropped; the anyOf error itself is kept only
 * when no error points inside the value (a deeper error says more).
 */
function withoutUnionNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (!unions.has(e.instancePath)) return true;
    if (e.keyword === 'type') return false;
    if (e.keyword === 'anyOf') return !errors.some((o) => o !== e && o.keyword !== 'type' && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
    return true;
  });
}

function describe(e: ErrorObject): string | undefined {
  const at = pointerToPath(e.instancePath);
  const got = `got ${show(e.data)}`;
  if (at === 'openshiftVersion' && typeof e.data === 'number' && (e.keyword === 'type' || e.keyword === 'enum')) {
    // YAML reads an unquoted 4.20 as the number 4.2.
    return `${at}: got the number ${e.data}; quote the release, such as "4.20" (unquoted, YAML reads 4.20 as 4.2)`;
  }
  const hint = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as any)?.properties ?? {});
      const near = allowed.find((a) => editDistance(a.toLowerCase(), key.toLowerCase()) <= 2);
      return `${join(at, key)}: unknown key${near ? ` (did you mean '${near}'?)` : ''}; allowed keys: ${allowed.join(', ')}`;
    }
    case 'required':
      return `${join(at, String(e.params.missingProperty))}: required key is missing`;
    case 'type':
      return `${at || '(top level)'}: ${got}; must be ${e.params.type === 'object' ? 'a mapping' : e.params.type === 'array' ? 'a list' : `a${/^[aeiou]/.test(String(e.params.type)) ? 'n' : ''} ${e.params.type}`}`;
    case 'enum':
      return `${at}: ${got}; must be one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'pattern':
      return `${at}: ${got}; must match ${e.params.pattern}${hint ? ` (${hint})` : ''}`;
    case 'minimum':
    case 'maximum':
      return `${at}: ${got}; must be ${e.params.comparison} ${e.params.limit}`;
    case 'maxLength':
      return `${at}: ${got} (${String(e.data).length} characters); must be at most ${e.params.limit} characters`;
    case 'minItems':
      return `${at}: got ${(e.data as unknown[]).length} item(s); must have at least ${e.params.limit}`;
    case 'maxItems':
      return `${at}: got ${(e.data as unknown[]).length} items; at most ${e.params.limit} are allowed${hint ? ` (${hint})` : ''}`;
    case 'anyOf': {
      const shapes = ((e.parentSchema as any)?.anyOf ?? []).map((b: any) => (b.type === 'object' ? 'a mapping' : b.type === 'array' ? 'a list' : `a ${b.type}`));
      return `${at}: ${got}; must be ${shapes.join(' or ')}`;
    }
    case 'maxProperties':
      return `${at}: got ${Object.keys(e.data as object).length} entries; at most ${e.params.limit} are allowed`;
    case 'allOf':
    case '$ref':
      return undefined;
    default:
      return `${at}: ${got}; ${e.message}`;
  }
}

function pointerToPath(pointer: string): string {
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
