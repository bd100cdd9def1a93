import type Ajv from 'ajv';
import type { Code, CodeKeywordDefinition, FormatDefinition, KeywordCxt, ValidateFunction } from 'ajv';
import { isInt32, isInt64 } from './implementation-limits';
import { CORE_ID } from './prepared-schemas';

/**
 * The one ajv setup of schema validators (options, formats, keywords) and how a kind is compiled
 * on it, shared by the run-time path of `SchemaValidator` (users' CRDs) and the generator of
 * `generated/validators/` (scripts/validators.ts). ajv itself is loaded on first use only: a
 * process whose objects are all served by generated validators never loads it.
 */

/** The ajv library, loaded on first use. */
function ajvLibrary(): typeof import('ajv') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ajv');
}

/** ajv's code template tags (see ajv's codegen), from the library loaded on first use. */
const _ = (strings: TemplateStringsArray, ...args: any[]): Code => ajvLibrary()._(strings, ...args);
const str = (strings: TemplateStringsArray, ...args: any[]): Code => ajvLibrary().str(strings, ...args);

/** Keywords of Kubernetes structural schemas that carry no check for ajv (the API server's own concerns). */
const ANNOTATION_KEYWORDS = ['x-kubernetes-map-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-patch-merge-key', 'x-kubernetes-patch-strategy',
  'x-kubernetes-group-version-kind', 'x-kubernetes-unions', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations'];

/** The ajv-formats formats the stored schemas use (ajv-formats' "full" mode). */
export const AJV_FORMATS = ['date-time', 'byte', 'ipv4', 'ipv6'] as const;

/**
 * The Kubernetes number formats: int32 and int64 as the API server bounds them
 * (implementation-limits.ts), double accepts every number. The generated formats module
 * (generated/validators/formats.js) states the same checks; a test compares them.
 */
export const NUMBER_FORMATS: Readonly<Record<string, FormatDefinition<number>>> = {
  int32: { type: 'number', validate: isInt32 },
  int64: { type: 'number', validate: isInt64 },
  double: { type: 'number', validate: () => true },
};

/**
 * `x-kubernetes-list-type` as ajv code: `map` lists must be unique by their
 * `x-kubernetes-list-map-keys`, `set` lists by whole items; `atomic` (or anything else) checks
 * nothing. Reports the first duplicate with its index. A code keyword (not a `validate`
 * function) so that ajv standalone can emit it into generated modules.
 */
export const LIST_TYPE_KEYWORD: CodeKeywordDefinition = {
  keyword: 'x-kubernetes-list-type',
  type: 'array',
  schemaType: 'string',
  error: {
    message: ({ schema, parentSchema, params }) => schema === 'map'
      ? str`duplicate entry for key (${mapKeysOf(parentSchema).join(', ')}) = ${params.key} at index ${params.index}: entries must be unique by these fields`
      : str`duplicate entry ${params.key} at index ${params.index}: the list is a set`,
    params: () => _`{}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema, parentSchema } = cxt;
    if (schema !== 'map' && schema !== 'set') return;
    const seen = gen.const('seen', _`new Set()`);
    const valid = gen.let('valid', true);
    gen.forRange('i', 0, _`${data}.length`, (i) => {
      const item = gen.const('item', _`${data}[${i}]`);
      let keyOf: Code;
      if (schema === 'map') {
        const parts = mapKeysOf(parentSchema).map((k) => _`${item}?.[${k}]`);
        keyOf = _`JSON.stringify([${parts.reduce((acc: Code | undefined, p) => (acc ? _`${acc}, ${p}` : p), undefined) ?? _``}])`;
      } else {
        keyOf = _`JSON.stringify(${item})`;
      }
      const key = gen.const('key', keyOf);
      gen.if(_`${seen}.has(${key})`, () => {
        cxt.error(false, { key, index: i });
        gen.assign(valid, false);
        gen.break();
      });
      gen.code(_`${seen}.add(${key})`);
    });
    cxt.ok(valid);
  },
};

function mapKeysOf(parentSchema: any): string[] {
  const keys = parentSchema?.['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.map(String) : [];
}

/** Options of {@link newSchemaAjv}. */
export interface SchemaAjvOptions {
  /**
   * Keep the generated code (ajv `code.source`) so ajv standalone can write it out, with formats
   * referenced through this expression (the generator's `require("./formats.js")`).
   */
  readonly standaloneFormats?: Code;
}

/**
 * How often this process created a schema ajv and compiled a kind with it: a default synth or
 * verify, served by the generated validators, leaves both at 0 (a test checks it).
 */
export const compileCounts = { ajvInstances: 0, kindsCompiled: 0 };

/** A fresh ajv with the options, formats and keywords every schema validator uses. */
export function newSchemaAjv(options: SchemaAjvOptions = {}): Ajv {
  compileCounts.ajvInstances++;
  const { default: AjvClass } = ajvLibrary();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: addFormats }: typeof import('ajv-formats') = require('ajv-formats');
  const ajv = new AjvClass({
    strict: false, allErrors: true, useDefaults: true, logger: false,
    ...(options.standaloneFormats ? { code: { source: true, formats: options.standaloneFormats } } : {}),
  });
  addFormats(ajv, [...AJV_FORMATS]);
  for (const [name, def] of Object.entries(NUMBER_FORMATS)) ajv.addFormat(name, def);
  for (const kw of ANNOTATION_KEYWORDS) ajv.addKeyword(kw);
  ajv.addKeyword(LIST_TYPE_KEYWORD);
  return ajv;
}

/** Adds the prepared core definitions (see {@link preparedCore}) to `ajv` once. */
export function addCore(ajv: Ajv, prepared: Record<string, any>): void {
  if (!ajv.getSchema(CORE_ID)) ajv.addSchema({ $id: CORE_ID, definitions: prepared });
}

/** What a kind is validated against: a core definition, or a prepared CRD schema. */
export type KindSchema = { readonly definition: string } | { readonly crdSchema: any };

/**
 * Compiles the validator of one kind on an ajv that has the core (see {@link addCore}): a core
 * kind is its definition in the core, a CRD kind its {@link preparedCrdSchema}.
 */
export function compileKind(ajv: Ajv, kind: KindSchema): ValidateFunction {
  compileCounts.kindsCompiled++;
  if ('definition' in kind) {
    const fn = ajv.getSchema(`${CORE_ID}#/definitions/${kind.definition}`);
    if (!fn) throw new Error(`no core definition '${kind.definition}' in the stored Kubernetes definitions: the package is incomplete; reinstall it (in a clone of the repository: npm run import)`);
    return fn;
  }
  return ajv.compile(kind.crdSchema);
}

