/**
 * Generates catalog/catalog.schema.json from the catalog interfaces in src/catalog/catalog-spec.ts,
 * so the schema is never written by hand. Run `npm run catalog-schema`; a test fails when
 * the committed schema differs from what this produces.
 *
 * Each interface becomes a closed object schema under $defs; property types come from the
 * type checker (string, number, boolean, arrays, interfaces, string enums, unions of these (anyOf), Record<string, string>
 * and, for pass-through objects, Record<string, unknown>); JSDoc text
 * becomes `description` and the tags @pattern @minimum @maximum @minLength @maxLength
 * @minItems @maxItems @maxProperties @integer @default become the matching keywords. The top level also
 * accepts `$schema` (a string), so a catalog can name its schema for editor completion.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'src', 'catalog', 'catalog-spec.ts');
export const CATALOG_SCHEMA_FILE = path.join(ROOT, 'catalog', 'catalog.schema.json');
const ROOT_TYPE = 'CatalogSpec';
const NUMBER_TAGS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'maxProperties'];
/** The JSON type each numeric tag constrains. */
const TAG_TYPE: Record<string, string> = { minimum: 'number', maximum: 'number', minLength: 'string', maxLength: 'string', minItems: 'array', maxItems: 'array', maxProperties: 'object' };

export function generateCatalogSchema(): Record<string, unknown> {
  const program = ts.createProgram([SOURCE], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(SOURCE);
  if (!file) throw new Error(`cannot read ${SOURCE}`);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  ts.forEachChild(file, (n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const defs: Record<string, unknown> = {};

  const docOf = (node: ts.Node): { text: string; tags: Map<string, string> } => {
    const tags = new Map<string, string>();
    for (const tag of ts.getJSDocTags(node)) {
      const comment = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '';
      tags.set(tag.tagName.text, comment.trim());
    }
    const jsdoc = (node as any).jsDoc?.[0] as ts.JSDoc | undefined;
    const raw = jsdoc?.comment;
    const text = (typeof raw === 'string' ? raw : ts.getTextOfJSDocComment(raw) ?? '').replace(/\s*\n\s*/g, ' ').trim();
    return { text, tags };
  };

  const schemaOf = (type: ts.Type, where: string): Record<string, unknown> => {
    if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) {
      return { type: 'string', enum: type.types.map((t) => (t as ts.StringLiteralType).value) };
    }
    if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
    // A union of shapes (a list or a mapping): any of them.
    if (type.isUnion() && !(type.flags & ts.TypeFlags.Boolean) && !type.types.some((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
      return { anyOf: type.types.map((t, i) => schemaOf(t, `${where}|${i}`)) };
    }
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (checker.isArrayType(type)) {
      const item = checker.getTypeArguments(type as ts.TypeReference)[0];
      return { type: 'array', items: schemaOf(item, `${where}[]`) };
    }
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    if (name && interfaces.has(name)) {
      addInterface(name);
      return { $ref: `#/$defs/${name}` };
    }
    // Record<string, string>: a mapping of strings; Record<string, unknown>: any mapping (passed through).
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) {
      if (index.type.flags & ts.TypeFlags.Unknown) return { type: 'object' };
      return { type: 'object', additionalProperties: schemaOf(index.type, `${where}{}`) };
    }
    throw new Error(`${where}: type '${checker.typeToString(type)}' has no JSON schema mapping; use string, number, boolean, an array, a string enum, a Record<string, string>, a Record<string, unknown> or a catalog interface`);
  };

  const addInterface = (name: string) => {
    if (name in defs) return;
    defs[name] = {};
    const decl = interfaces.get(name)!;
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const prop = (member.name as ts.Identifier).text;
      const type = checker.getTypeAtLocation(member.type);
      const nonNull = checker.getNonNullableType(type);
      const schema: Record<string, unknown> = { ...schemaOf(nonNull, `${name}.${prop}`) };
      const { text, tags } = docOf(member);
      if (tags.has('integer')) {
        if (schema.type !== 'number') throw new Error(`${name}.${prop}: @integer on a non-number`);
        schema.type = 'integer';
      }
      if (tags.has('pattern')) schema.pattern = tags.get('pattern');
      for (const t of NUMBER_TAGS) {
        if (!tags.has(t)) continue;
        // In a union, a tag goes to the branches of the type it constrains (strict JSON Schema).
        const branches = (schema.anyOf as Record<string, unknown>[] | undefined)?.filter((b) => b.type === TAG_TYPE[t]);
        for (const target of branches ?? [schema]) target[t] = Number(tags.get(t));
      }
      if (tags.has('default')) schema.default = JSON.parse(tags.get('default')!);
      const described = schema.$ref ? { description: text, allOf: [{ $ref: schema.$ref }] } : { description: text, ...schema };
      properties[prop] = described;
      if (!member.questionToken) required.push(prop);
    }
    const { text } = docOf(decl);
    defs[name] = { type: 'object', description: text, additionalProperties: false, ...(required.length ? { required } : {}), properties };
  };

  addInterface(ROOT_TYPE);
  const root = defs[ROOT_TYPE] as { properties: Record<string, unknown> };
  root.properties = { $schema: { description: 'The JSON Schema of this file, for editor completion; ignored.', type: 'string' }, ...root.properties };
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/cdk8s-model-gateway/cdk8s-model-gateway/catalog.schema.json',
    title: 'cdk8s-model-gateway model catalog',
    $ref: `#/$defs/${ROOT_TYPE}`,
    $defs: sortedDefs,
  };
}

export function renderCatalogSchema(): string {
  return JSON.stringify(generateCatalogSchema(), null, 2) + '\n';
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(CATALOG_SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(CATALOG_SCHEMA_FILE, renderCatalogSchema());
  process.stdout.write(`wrote ${path.relative(ROOT, CATALOG_SCHEMA_FILE)}\n`);
}
