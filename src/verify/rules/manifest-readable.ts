import { Rule } from './rule';

/** Files and documents that are not valid YAML, as the loader found them. */
export const MANIFEST_READABLE_RULE: Rule = {
  id: 'manifest-readable',
  summary: 'Every file and YAML document given can be read and parsed within the limits.',
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  phase: 'object',
  remediation: 'Fix the YAML (the message names the line), or leave the file out.',
  rationale: 'A document that does not parse is not applied, and nothing in it is verified.',
  check: (ctx) => (ctx.input.unreadable ?? []).map((u) => ({ object: undefined, source: u.source, field: '', message: u.message, ...(u.fix !== undefined ? { fix: u.fix } : {}) })),
};
