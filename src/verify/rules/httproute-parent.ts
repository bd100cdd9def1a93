import { ParentLink, Unresolved } from '../model/model';
import { finding, Finding, Rule, RuleContext } from './rule';

/** Findings for parentRefs that fail for `reason`. */
function unresolvedParents(ctx: RuleContext, reason: Unresolved['reason']): Finding[] {
  return ctx.model.parents
    .filter((p): p is ParentLink & { unresolved: Unresolved } => p.unresolved?.reason === reason && !ctx.rejected(p.route))
    .map((p) => finding(p.route, `spec.parentRefs[${p.index}]${p.unresolved.field ? `.${p.unresolved.field}` : ''}`, p.unresolved.message, p.unresolved.fix));
}

const parentRule = (id: string, reason: Unresolved['reason'], summary: string, remediation: string, rationale: string): Rule => ({
  id, summary, remediation, rationale, severity: 'error', category: 'wiring', appliesTo: ['HTTPRoute'],
  check: (ctx) => unresolvedParents(ctx, reason),
});

/** An HTTPRoute's Gateway parentRefs must resolve to a listener that admits the route. */
export const HTTPROUTE_PARENT_RULES: Rule[] = [
  parentRule('httproute-parent-namespace', 'namespace',
    'A parentRef to a Gateway in another namespace names that namespace.',
    'Set parentRefs[].namespace to the Gateway\'s namespace.',
    'Without a namespace a parentRef means the route\'s own namespace; the route silently attaches to nothing.'),
  parentRule('httproute-parent-exists', 'missing',
    'Each Gateway a parentRef names is in the manifests (or declared with --assume).',
    'Create the Gateway, correct the name, or declare it with --assume Gateway/<namespace>/<name>.',
    'A route whose Gateway does not exist is accepted by the API server and never serves a request.'),
  parentRule('httproute-parent-section', 'section',
    'A parentRef\'s sectionName names a listener of the Gateway.',
    'Use the name of one of the Gateway\'s listeners.',
    'A misspelled sectionName leaves the route unattached.'),
  parentRule('httproute-parent-port', 'port',
    'A parentRef\'s port is the port of a listener of the Gateway.',
    'Use the port of one of the Gateway\'s listeners, or drop the port.',
    'A parentRef port that no listener has leaves the route unattached.'),
  parentRule('httproute-parent-admitted', 'not-admitted',
    'Some listener the parentRef selects admits the route (protocol, allowedRoutes kinds and namespaces).',
    'Let the listener admit the route\'s namespace (allowedRoutes.namespaces), or move the route.',
    'A listener that refuses the route leaves it unattached, and the Gateway answers 404 for its traffic.'),
];
