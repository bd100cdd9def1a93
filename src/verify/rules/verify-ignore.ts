import { ANNOTATION_DOMAIN } from '../../util/domain';
import { finding, Rule } from './rule';

/** Annotation that suppresses named rules on one object: `<id>[,<id>...]: <reason>`. */
export const VERIFY_IGNORE_ANNOTATION = `${ANNOTATION_DOMAIN}/verify-ignore`;
/** Longest annotation value read (the API server allows 256 KiB for all annotations). */
const MAX_VALUE = 4096;

/** What an object's verify-ignore annotation says. */
export interface IgnoreAnnotation {
  /** Rule ids to ignore on the object. */
  readonly ids: string[];
  readonly reason: string;
  /** Why the annotation is not honoured, when it is not (no reason, not a string, too long). */
  readonly invalid?: string;
}

/** Parses `obj`'s verify-ignore annotation, or undefined when it has none. */
export function readIgnoreAnnotation(obj: any): IgnoreAnnotation | undefined {
  const raw = obj?.metadata?.annotations?.[VERIFY_IGNORE_ANNOTATION];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return { ids: [], reason: '', invalid: `is ${JSON.stringify(raw)}, not a string` };
  if (raw.length > MAX_VALUE) return { ids: [], reason: '', invalid: `is ${raw.length} characters long, over ${MAX_VALUE}` };
  const colon = raw.indexOf(':');
  const ids = (colon < 0 ? raw : raw.slice(0, colon)).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const reason = colon < 0 ? '' : raw.slice(colon + 1).trim();
  if (!ids.length) return { ids, reason, invalid: 'names no rule' };
  if (!reason) return { ids, reason, invalid: 'gives no reason' };
  return { ids, reason };
}

/**
 * The annotation itself: honoured only with rule ids and a reason (`<ids>: <why>`), so every
 * suppression in a repository says why it is there. Unknown ids are reported so a typo does not
 * silently suppress nothing.
 */
export const VERIFY_IGNORE_RULE: Rule = {
  id: 'verify-ignore-annotation',
  summary: `A ${VERIFY_IGNORE_ANNOTATION} annotation names known rule ids and gives a reason.`,
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  remediation: `Write the annotation as '<rule-id>[,<rule-id>...]: <why this object is an exception>'.`,
  rationale: 'A suppression without a reason cannot be reviewed; one naming an unknown rule suppresses nothing.',
  *check(ctx) {
    const known = new Set(ctx.ruleIds);
    for (const o of ctx.model.index.objects) {
      const a = readIgnoreAnnotation(o);
      if (!a) continue;
      const field = `metadata.annotations.${VERIFY_IGNORE_ANNOTATION}`;
      if (a.invalid) {
        yield finding(o, field, `${a.invalid}, so it is not honoured`, `write '${a.ids.join(',') || '<rule-id>'}: <why this object is an exception>'`);
        continue;
      }
      for (const id of a.ids.filter((x) => !known.has(x))) {
        yield finding(o, field, `names unknown rule '${id}', which suppresses nothing`, 'use an id from verify --list-rules', 'warning');
      }
    }
  },
};
