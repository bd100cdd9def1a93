import { groupOf } from '../model/object-index';
import { finding, Rule } from './rule';

const DUPLICATE_FIX = 'keep one definition; for kustomize overlays, verify the output of kustomize build of each overlay';

/** Objects defined twice in one set. */
export const DUPLICATE_OBJECT_RULE: Rule = {
  id: 'duplicate-object',
  summary: 'Each object (API group, kind, namespace, name) is defined once.',
  severity: 'warning',
  category: 'input',
  appliesTo: ['*'],
  phase: 'object',
  remediation: 'Keep one definition; for kustomize overlays, verify the output of kustomize build of each overlay.',
  rationale: 'Applied together, the later definition silently replaces the earlier: a second policy that reads a client header can replace the real one. The wiring checks and simulated requests see only the definition that would be applied (the last one).',
  *check(ctx) {
    const first = new Map<string, number>();
    const { objects, sources } = ctx.input;
    for (const [i, o] of objects.entries()) {
      if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || !o.metadata?.name) continue;
      const k = `${groupOf(o.apiVersion)}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
      const at = first.get(k);
      if (at === undefined) {
        first.set(k, i);
        continue;
      }
      const where = sources?.[at] ? ` in ${sources[at]}` : '';
      yield finding(o, '', `is also defined${where}: applied together, this one replaces it, and only this one is verified for wiring`, DUPLICATE_FIX);
    }
  },
};
