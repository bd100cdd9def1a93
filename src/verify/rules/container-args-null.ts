import { groupOf } from '../model/object-index';
import { templateContainers } from '../model/containers';
import { finding, Rule } from './rule';

/** API groups of the built-in workload kinds, whose containers the API server decodes itself. */
const BUILT_IN_GROUPS = new Set(['', 'apps']);
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * A `null` item in a container's `args` or `command` (`- ` with nothing after it, or a Helm
 * value that rendered empty). The API server's JSON decoding turns it into an empty string and
 * accepts the object, so the program silently gets an extra empty argument; for vLLM that is
 * a positional argument it rejects or misreads. Built-in kinds only: a CRD (LeaderWorkerSet)
 * rejects the null, which the schema check reports.
 */
export const CONTAINER_ARGS_NULL_RULE: Rule = {
  id: 'container-args-null',
  summary: 'No item of a container\'s args or command is null.',
  severity: 'warning',
  category: 'schema',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'],
  phase: 'object',
  remediation: 'Remove the item, or write the value meant, quoted (\'\' for an intended empty argument).',
  rationale: 'The API server accepts a null list item as an empty string: the program gets an empty argument nobody wrote, which it may reject or misread.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      // Reported on rejected objects too: it is about the object itself, not a link.
      if (!BUILT_IN_GROUPS.has(groupOf(t.owner.apiVersion))) continue;
      for (const { container: c, path } of templateContainers(t, CONTAINER_LISTS)) {
        for (const field of ['command', 'args'] as const) {
          const items = c?.[field];
          if (!Array.isArray(items)) continue;
          for (const [i, v] of items.entries()) {
            if (v !== null) continue;
            yield finding(t.owner, `${path}.${field}[${i}]`,
              `is null: the API server accepts it as an empty string, so container '${c?.name}' gets an empty argument${i > 0 && typeof items[i - 1] === 'string' ? ` after '${items[i - 1]}'` : ''}`,
              'remove the item, or write the value meant, quoted');
          }
        }
      }
    }
  },
};
