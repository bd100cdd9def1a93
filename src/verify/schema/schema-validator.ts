import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PROFILES } from '../../profiles/profiles';
import { StackProfile } from '../../profiles/stack-profile';
import { packageFile } from '../../util/package-files';
import { CelRuleEvaluator, RuleStats } from './cel-rules';
import { withImageVolumeSource } from './core-additions';
import { GeneratedValidators } from './generated-validators';
import { implementationLimitProblems } from './implementation-limits';
import { nullCheckCache, nullCheckSchemaOf, nullValues } from './null-values';
import { nullFreeCopy } from './null-free-copy';
import { OBJECT_META, preparedCore, preparedCrdSchema } from './prepared-schemas';
import { addCore, compileKind, newSchemaAjv } from './schema-ajv';

/** One problem found in one object. */
export interface SchemaProblem {
  /** Kind of the object, e.g. `InferencePool`. */
  readonly kind: string;
  /** `namespace/name`, or `name` for cluster-scoped or unnamespaced objects. */
  readonly object: string;
  /** Dotted path of the offending field, e.g. `spec.targetPorts[0].number`; empty for the object itself. */
  readonly field: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** `schema` for the OpenAPI schema, `cel` for an `x-kubernetes-validations` rule. */
  readonly rule?: 'schema' | 'cel';
}

interface IndexEntry {
  readonly file: string;
  readonly version?: string;
  readonly definition?: string;
  readonly scope?: string;
}

const CLUSTER_SCOPED_CORE = new Set(['Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'APIService',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/**
 * The schema set a validator uses when none is named: the article's stack, so output and
 * findings stay as they were until callers pick a set per profile.
 */
export const DEFAULT_SCHEMA_SET = PROFILES[StackProfile.RHDEV_2026_03].schemaSet;

/** A schema set name is a directory name under schemas/. */
const SET_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/** The `schemas/` directory of the installed package (written by `npm run import`). */
function schemasRoot(): string {
  return packageFile('schemas');
}

/** Names of the schema sets shipped in the package (sorted), e.g. `rhdev-2026-03`, `gateway-api-v1.2.1`. */
export function schemaSetNames(): string[] {
  const root = schemasRoot();
  return fs.readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && SET_NAME.test(e.name) && fs.existsSync(path.join(root, e.name, 'index.json')))
    .map((e) => e.name).sort();
}

/**
 * Directory of schema set `set` in the installed package (`schemas/<set>`, holding `index.json`).
 * Throws a sentence naming the known sets when there is no such set.
 */
export function schemaSetDir(set: string): string {
  const dir = typeof set === 'string' && SET_NAME.test(set) ? path.join(schemasRoot(), set) : undefined;
  if (!dir || !fs.existsSync(path.join(dir, 'index.json'))) {
    throw new Error(`unknown schema set '${String(set).slice(0, 80)}': use one of ${schemaSetNames().join(', ')}`);
  }
  return dir;
}

/** Directory of the default schema set ({@link DEFAULT_SCHEMA_SET}). */
export function defaultSchemaDir(): string {
  return schemaSetDir(DEFAULT_SCHEMA_SET);
}

/** What `schemas/<set>/index.json` holds. */
interface SetIndex {
  /** The set's name. */
  readonly set: string;
  /** The Kubernetes core definitions (object metadata of every kind), relative to the set's directory. */
  readonly core: string;
  /** `apiVersion/kind` to its schema. */
  readonly kinds: Record<string, IndexEntry>;
}

const forSetCache = new Map<string, SchemaValidator>();

/** Options of a {@link SchemaValidator}. */
export interface SchemaValidatorOptions {
  /**
   * Compile every schema with ajv at run time, even where a validator was generated at build
   * time (tests compare both paths). Default: use the generated validators of a stored set.
   */
  readonly compileAtRunTime?: boolean;
}

/**
 * Validates Kubernetes objects offline against one schema set stored in `schemas/<set>/`: the
 * pinned CRDs' openAPIV3Schema and the Kubernetes core definitions. The default set is
 * {@link DEFAULT_SCHEMA_SET}; {@link SchemaValidator.forSet} gives another (a stack profile's
 * set, or the Gateway API bundle an OpenShift release ships).
 *
 * Like the API server it applies schema defaults before validating, then evaluates the CRD's
 * `x-kubernetes-validations` CEL rules on the defaulted object and reports their upstream
 * messages (transition rules, which need the previous object, are skipped and counted).
 * Stricter than the API server in one way, like `kubectl --validate=strict`: a field that an
 * object schema does not declare is an error, because the API server would silently prune or
 * ignore it.
 *
 * The kinds of a stored set are judged by validators generated at build time
 * (generated/validators/, `npm run validators`); only users' CRDs ({@link addCrd}) are compiled
 * with ajv at run time, prepared the same way (prepared-schemas.ts, schema-ajv.ts).
 */
export class SchemaValidator {
  /**
   * The validator of schema set `set` (see {@link schemaSetNames}), one per set and process:
   * loading validators and schemas is the slow part. Shared, so callers must not {@link addCrd} on it; build
   * `new SchemaValidator(schemaSetDir(set))` for a validator of their own.
   */
  public static forSet(set: string): SchemaValidator {
    let v = forSetCache.get(set);
    if (!v) {
      v = new SchemaValidator(schemaSetDir(set));
      forSetCache.set(set, v);
    }
    return v;
  }

  /** Name of the schema set this validator judges against, e.g. `rhdev-2026-03`. */
  public readonly schemaSet: string;
  /** Validators generated at build time, for a stored set read from the package (see generated-validators.ts). */
  private readonly generated?: GeneratedValidators;
  /** Compiles users' CRDs (and every kind when no validator was generated); created on first need. */
  private ajv?: Ajv;
  private readonly index: Record<string, IndexEntry>;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly files = new Map<string, any>();
  private readonly rules = new CelRuleEvaluator();
  private readonly ruleSchemas = new Map<string, any>();
  private readonly nullCache = nullCheckCache();
  private readonly coreFile: string;
  private userCrds = 0;
  private coreDefinitions?: Record<string, any>;
  /** CEL rule counts over every object validated so far. */
  public readonly stats: RuleStats = { evaluated: 0, skippedTransition: 0 };

  constructor(private readonly schemaDir: string = defaultSchemaDir(), options: SchemaValidatorOptions = {}) {
    const setIndex: SetIndex = JSON.parse(fs.readFileSync(path.join(schemaDir, 'index.json'), 'utf8'));
    this.schemaSet = setIndex.set;
    this.coreFile = setIndex.core;
    this.index = { ...setIndex.kinds };
    if (!options.compileAtRunTime && isStoredSet(schemaDir, setIndex.set)) this.generated = GeneratedValidators.forSet(setIndex.set);
  }

  /** Whether `apiVersion`/`kind` has a stored or added schema. */
  public hasSchema(apiVersion: string, kind: string): boolean {
    return `${apiVersion}/${kind}` in this.index;
  }

  /** The apiVersions under which `kind` has a schema (to tell a wrong apiVersion from an unknown kind). */
  public versionsOf(kind: string): string[] {
    return Object.keys(this.index).filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, -kind.length - 1));
  }

  /**
   * Adds the schemas of a user's CustomResourceDefinition (`apiextensions.k8s.io/v1`), one per
   * served version, so objects of its kind are validated (schema and CEL rules) too. A version
   * that already has a stored schema keeps the stored one. Returns the `apiVersion/kind` keys
   * added; throws a sentence naming `source` when the document is not a usable CRD.
   */
  public addCrd(crd: any, source: string): string[] {
    if (crd?.apiVersion !== 'apiextensions.k8s.io/v1' || crd?.kind !== 'CustomResourceDefinition') {
      throw new Error(`${source} is not a CustomResourceDefinition (apiextensions.k8s.io/v1): give plain CRD YAML files`);
    }
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(crd.spec?.versions)) {
      throw new Error(`${source}: CustomResourceDefinition ${crd.metadata?.name ?? ''} lacks spec.group, spec.names.kind or spec.versions`);
    }
    const file = `user:${this.userCrds++}:${source}`;
    const versions = crd.spec.versions.filter((v: any) => v?.schema?.openAPIV3Schema && typeof v.name === 'string')
      .map((v: any) => ({ name: v.name, schema: v.schema.openAPIV3Schema }));
    this.files.set(file, { group, kind, scope: crd.spec.scope, versions });
    const added: string[] = [];
    for (const v of versions) {
      const key = `${group}/${v.name}/${kind}`;
      if (key in this.index) continue;
      this.index[key] = { file, version: v.name, scope: crd.spec.scope ?? 'Namespaced' };
      added.push(key);
    }
    return added;
  }

  /** The apiVersion/kind pairs that have a stored schema. */
  public get knownKinds(): string[] {
    return Object.keys(this.index);
  }

  /** Whether `apiVersion`/`kind` is namespaced, cluster-scoped, or unknown (core kinds). */
  public scopeOf(apiVersion: string, kind: string): string | undefined {
    return this.index[`${apiVersion}/${kind}`]?.scope;
  }

  /** Whether objects of `apiVersion`/`kind` live in a namespace (unknown kinds count as namespaced). */
  public isNamespaced(apiVersion: string, kind: string): boolean {
    const scope = this.index[`${apiVersion}/${kind}`]?.scope;
    if (scope) return scope === 'Namespaced';
    return !CLUSTER_SCOPED_CORE.has(kind);
  }

  /** Validates one object; returns every problem found (empty when valid). */
  public validate(obj: any): SchemaProblem[] {
    const kind = typeof obj?.kind === 'string' ? obj.kind : '<no kind>';
    const name = obj?.metadata?.name ?? '<no name>';
    const object = obj?.metadata?.namespace ? `${obj.metadata.namespace}/${name}` : name;
    const problem = (field: string, message: string, rule: 'schema' | 'cel' = 'schema'): SchemaProblem => ({ kind, object, field, message, rule });

    if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
      return [problem('', "an object needs string 'apiVersion' and 'kind'")];
    }
    const key = `${obj.apiVersion}/${obj.kind}`;
    const entry = this.index[key];
    if (!entry) {
      const sameKind = this.versionsOf(obj.kind);
      return [problem('apiVersion', `no stored schema for ${key}` + (sameKind.length
        ? `; ${obj.kind} is known as ${sameKind.join(', ')}`
        : '; give its CustomResourceDefinition file to verify with --schemas <file>'))];
    }
    const validate = this.validatorFor(key, entry);
    // Nulls the API server would drop or zero are reported; the rest are unset (stripped below).
    const allNulls = nullValues(obj, nullCheckSchemaOf(this.nullCache, key, () => this.nullCheckSchema(entry)), (ref) => this.coreDefinition(ref), this.nullCache);
    // A null in a container's args is accepted as '' (rule container-args-null warns), not rejected.
    const nulls = allNulls.filter((n) => !n.acceptedAsEmptyString).map((p) => problem(p.field, p.message));
    // Two passes: the first fills in defaults (as the API server does before validating),
    // the second judges the defaulted object, so rules that depend on defaults see them.
    // A field set to null is unset to the API server (`env:` with no items renders as null).
    const copy = nullFreeCopy(obj);
    validate(copy);
    if (!validate(copy)) {
      const nullFields = new Set(allNulls.map((n) => n.field));
      return dedupe([...nulls, ...(validate.errors ?? []).filter((e) => !isNoise(e) && !nullFields.has(fieldOf(e))).map((e) => problem(fieldOf(e), messageOf(e)))]);
    }
    if (nulls.length) return nulls;
    const limits = implementationLimitProblems(copy).map((p) => problem(p.field, p.message));
    if (limits.length) return limits;
    // CEL rules run on structurally valid objects only, so one mistake gives one message.
    const ruleSchema = this.ruleSchemaFor(key, entry);
    if (!ruleSchema) return [];
    return dedupe(this.rules.evaluate(ruleSchema, copy, this.stats).map((p) => problem(p.field, p.message, 'cel')));
  }

  /** The raw schema of a kind for the null check: metadata as ObjectMeta, refs into the core definitions. */
  private nullCheckSchema(entry: IndexEntry): any {
    if (entry.definition) return { $ref: `#/definitions/${entry.definition}` };
    const schema = this.load(entry.file).versions.find((v: any) => v.name === entry.version)?.schema ?? {};
    return { ...schema, properties: { ...schema.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } } };
  }

  private coreDefinition(ref: string): any {
    this.coreDefinitions ??= this.load(this.coreFile).definitions ?? {};
    return this.coreDefinitions![ref.slice(ref.lastIndexOf('/') + 1)];
  }

  private ruleSchemaFor(key: string, entry: IndexEntry): any {
    if (entry.definition) return undefined;
    if (!this.ruleSchemas.has(key)) {
      const version = this.load(entry.file).versions.find((v: any) => v.name === entry.version);
      this.ruleSchemas.set(key, version.schema);
    }
    return this.ruleSchemas.get(key);
  }

  private validatorFor(key: string, entry: IndexEntry): ValidateFunction {
    let fn = this.compiled.get(key);
    if (fn) return fn;
    fn = (entry.file.startsWith('user:') ? undefined : this.generated?.validatorFor(key)) ?? this.compileAtRunTime(entry);
    this.compiled.set(key, fn);
    return fn;
  }

  /** Compiles a kind's validator with ajv, prepared as the generated validators are (prepared-schemas.ts). */
  private compileAtRunTime(entry: IndexEntry): ValidateFunction {
    if (!this.ajv) {
      if (!this.coreFile || !fs.existsSync(path.join(this.schemaDir, this.coreFile))) {
        throw new Error(`no Kubernetes core definitions for schema set '${this.schemaSet}': the package is incomplete; reinstall it (in a clone of the repository: npm run import)`);
      }
      this.ajv = newSchemaAjv();
      addCore(this.ajv, preparedCore(this.load(this.coreFile).definitions ?? {}));
    }
    if (entry.definition) return compileKind(this.ajv, { definition: entry.definition });
    const version = this.load(entry.file).versions.find((v: any) => v.name === entry.version);
    return compileKind(this.ajv, { crdSchema: preparedCrdSchema(version.schema) });
  }

  private load(file: string): any {
    let doc = this.files.get(file);
    if (!doc) {
      doc = JSON.parse(fs.readFileSync(path.join(this.schemaDir, file), 'utf8'));
      // The one documented addition to the stored core definitions: image volumes (see core-additions.ts).
      if (file === this.coreFile && doc?.definitions) withImageVolumeSource(doc.definitions);
      this.files.set(file, doc);
    }
    return doc;
  }
}

/** Whether `schemaDir` is the package's own directory of stored set `set` (whose validators were generated). */
function isStoredSet(schemaDir: string, set: string): boolean {
  try {
    return fs.realpathSync(schemaDir) === fs.realpathSync(schemaSetDir(set));
  } catch {
    return false;
  }
}

function fieldOf(e: ErrorObject): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') parts.push(String(e.params.additionalProperty));
  if (e.keyword === 'required') parts.push(String(e.params.missingProperty));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const FORMAT_MESSAGES: Record<string, string> = {
  int32: 'must be an int32 (-2147483648 to 2147483647)',
  int64: 'must be an int64 (-9223372036854775808 to 9223372036854775807)',
};

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties': return 'unknown field: the schema does not declare it, so the API server would drop or reject it (check the spelling)';
    case 'required': return 'required field is missing';
    case 'enum': return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern': return `must match ${e.params.pattern}`;
    case 'format': return FORMAT_MESSAGES[String(e.params.format)] ?? `must be a valid ${e.params.format}`;
    case 'type': return `must be ${e.params.type}`;
    default: return e.message ?? e.keyword;
  }
}

/** Errors that only restate another one (the branch summary of anyOf/oneOf, `if` wrappers). */
function isNoise(e: ErrorObject): boolean {
  return e.keyword === 'if';
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.field}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
