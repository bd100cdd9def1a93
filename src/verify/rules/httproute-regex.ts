import { finding, Finding, Rule, RuleContext } from './rule';
import { regexProblem } from '../simulator/regex';

/** Every `RegularExpression` match value of an HTTPRoute, with its dotted path. */
export function routeRegexes(route: any): { field: string; pattern: string }[] {
  const out: { field: string; pattern: string }[] = [];
  const rules: unknown = route?.spec?.rules;
  if (!Array.isArray(rules)) return out;
  rules.forEach((rule: any, r) => {
    const matches: unknown = rule?.matches;
    if (!Array.isArray(matches)) return;
    matches.forEach((m: any, i) => {
      const at = `spec.rules[${r}].matches[${i}]`;
      if (m?.path?.type === 'RegularExpression') out.push({ field: `${at}.path.value`, pattern: m.path.value });
      for (const [key, list] of [['headers', m?.headers], ['queryParams', m?.queryParams]] as const) {
        if (!Array.isArray(list)) continue;
        list.forEach((h: any, j) => {
          if (h?.type === 'RegularExpression') out.push({ field: `${at}.${key}[${j}].value`, pattern: h.value });
        });
      }
    });
  });
  return out;
}

/** `httproute-regex`: every `RegularExpression` match of an HTTPRoute is a valid RE2 pattern. */
export const HTTPROUTE_REGEX: Rule = {
  id: 'httproute-regex',
  summary: 'Each RegularExpression path, header or query match of an HTTPRoute is a valid RE2 pattern within the size limits.',
  severity: 'error',
  category: 'input',
  appliesTo: ['HTTPRoute'],
  remediation: 'Write the pattern in RE2 syntax: no lookahead or lookbehind, no backreferences; or use an Exact or PathPrefix match.',
  rationale: 'Gateway implementations compile these patterns with RE2-like engines; one they cannot compile makes the route (or the whole listener) rejected, and a backtracking pattern must never be evaluated.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const route of ctx.model.index.objects) {
      if (route?.kind !== 'HTTPRoute' || !String(route?.apiVersion ?? '').startsWith('gateway.networking.k8s.io/')) continue;
      for (const { field, pattern } of routeRegexes(route)) {
        if (typeof pattern !== 'string') continue; // the schema check reports a missing or non-string value
        const problem = regexProblem(pattern);
        if (problem) yield finding(route, field, `the regular expression ${JSON.stringify(pattern.slice(0, 80))}${pattern.length > 80 ? '…' : ''} ${problem}`);
      }
    }
  },
};
