import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { requireGenerated } from '../util/generated-modules';
import { packageFile } from '../util/package-files';

/**
 * The catalog JSON Schema's validator: generated at build time (scripts/validators.ts writes
 * `generated/validators/catalog.js`, ajv standalone code, with the SHA-256 of the schema it was
 * generated from), else compiled at run time with the same options. A generated validator whose
 * schema hash differs from the installed `catalog/catalog.schema.json` is not used (`npm run
 * validators` regenerates it; a test fails while it is stale).
 */

/** The ajv (draft 2020-12) options of the catalog validator, generated or compiled. */
export const CATALOG_AJV_OPTIONS = { allErrors: true, strict: true, verbose: true } as const;

/** Where the generated catalog validator lives, relative to the package root. */
export const GENERATED_CATALOG_VALIDATOR = 'generated/validators/catalog.js';

/** SHA-256 (hex) of the catalog schema file's text, as recorded in the generated validator. */
export function catalogSchemaSha256(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

/** The validator of the catalog schema whose file text is `schemaText`: generated when fresh, else compiled. */
export function catalogSchemaValidator(schemaText: string): ValidateFunction {
  return generatedCatalogValidator(schemaText) ?? compileCatalogSchema(JSON.parse(schemaText));
}

/** The generated validator, when the package has one for exactly this schema text. */
export function generatedCatalogValidator(schemaText: string): ValidateFunction | undefined {
  let file: string;
  try {
    file = packageFile(GENERATED_CATALOG_VALIDATOR);
  } catch {
    return undefined;
  }
  const mod = requireGenerated(file);
  return typeof mod === 'function' && mod.schemaSha256 === catalogSchemaSha256(schemaText) ? mod : undefined;
}

/** Compiles the catalog schema at run time (ajv loaded here only). */
export function compileCatalogSchema(schema: object): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv2020 }: typeof import('ajv/dist/2020') = require('ajv/dist/2020');
  return new Ajv2020({ ...CATALOG_AJV_OPTIONS }).compile(schema);
}
