import { finding, Finding, Rule, RuleContext } from './rule';

/** Objects of one kind that have no schema, so were not schema-checked. */
export interface SkippedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly objects: number;
  /** Where the first of them was read from, when known. */
  readonly source?: string;
}

interface SchemaPass {
  readonly schema: Finding[];
  readonly cel: Finding[];
  readonly unknownKind: Finding[];
  readonly skippedKinds: SkippedKind[];
}

const passes = new WeakMap<object, SchemaPass>();

/**
 * Every object against its schema and CEL rules, once per verification. Objects of a kind with
 * no schema (and no other version of it) are skipped and counted per kind.
 */
export function schemaPass(ctx: RuleContext): SchemaPass {
  let pass = passes.get(ctx.model);
  if (pass) return pass;
  pass = { schema: [], cel: [], unknownKind: [], skippedKinds: [] };
  const skipped = new Map<string, SkippedKind>();
  const { objects, sources } = ctx.input;
  for (const [i, o] of objects.entries()) {
    const source = sources?.[i];
    if (typeof o?.apiVersion === 'string' && typeof o?.kind === 'string' && !ctx.validator.hasSchema(o.apiVersion, o.kind) && !ctx.validator.versionsOf(o.kind).length) {
      const k = `${o.apiVersion}/${o.kind}`;
      const seen = skipped.get(k);
      skipped.set(k, { apiVersion: o.apiVersion, kind: o.kind, objects: (seen?.objects ?? 0) + 1, ...(seen ? { source: seen.source } : source !== undefined ? { source } : {}) });
      if (!seen) pass.unknownKind.push(finding(o, 'apiVersion', `no schema for ${k} (--strict)`, 'give its CustomResourceDefinition file with --schemas <file>, or leave out --strict to skip kinds without a schema'));
      continue;
    }
    let found;
    try {
      found = ctx.validator.validate(o);
    } catch (err) {
      // A user's CRD whose schema cannot be compiled: say so on the object, keep going.
      found = [{ field: 'apiVersion', message: `the schema of ${o?.apiVersion}/${o?.kind} cannot be used: ${String((err as Error)?.message ?? err).split('\n')[0]}`, rule: 'schema' as const }];
    }
    for (const p of found) (p.rule === 'cel' ? pass.cel : pass.schema).push(finding(o, p.field, p.message));
  }
  pass.skippedKinds.push(...skipped.values());
  passes.set(ctx.model, pass);
  return pass;
}

/** The pinned schemas and their CEL rules. */
export const SCHEMA_RULES: Rule[] = [
  {
    id: 'schema-valid',
    summary: 'Each object matches the OpenAPI schema of its kind (pinned CRDs, Kubernetes 1.30, or a CRD given with --schemas).',
    severity: 'error',
    category: 'schema',
    appliesTo: ['*'],
    phase: 'object',
    remediation: 'Correct the field as the schema says.',
    rationale: 'The API server rejects the object; the rest of the set is applied without it.',
    check: (ctx) => schemaPass(ctx).schema,
  },
  {
    id: 'schema-cel',
    summary: 'Each object satisfies the x-kubernetes-validations CEL rules of its CRD.',
    severity: 'error',
    category: 'schema',
    appliesTo: ['*'],
    phase: 'object',
    remediation: 'Correct the object so the CRD\'s rule holds.',
    rationale: 'The API server evaluates the same rules and rejects the object.',
    check: (ctx) => schemaPass(ctx).cel,
  },
  {
    id: 'schema-known-kind',
    summary: 'Each object\'s kind has a schema (off by default; --strict enables it).',
    severity: 'error',
    category: 'schema',
    appliesTo: ['*'],
    phase: 'object',
    enabledByDefault: false,
    remediation: 'Give the kind\'s CustomResourceDefinition with --schemas <file>.',
    rationale: 'Objects of a kind with no schema are not schema-checked; in CI you may want that to fail.',
    check: (ctx) => schemaPass(ctx).unknownKind,
  },
];
