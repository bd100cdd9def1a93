import { KUBERNETES_CEL_COST_ENFORCED_FROM } from '../../profiles/profiles';
import { list } from '../model/object-access';
import { finding, Rule } from './rule';

/** CEL functions that run a regular expression over a string. */
const REGEX_FUNCTIONS = ['matches', 'find', 'findAll'];
/** Bounds of the schema walk of one CRD: nodes, nesting, rules, characters of a rule and of all rules read. */
export const CEL_COST_LIMITS = { maxNodes: 50_000, maxDepth: 128, maxRules: 10_000, maxRuleChars: 16_384, maxTotalRuleChars: 1_000_000 };

const IDENT = /^[A-Za-z_]\w*$/;
/** A call of a regex function (`.matches(` or `matches(`); the receiver is read around it, never by a regex over the whole rule. */
const REGEX_CALL = new RegExp(`(?<!\\w)(?:${REGEX_FUNCTIONS.join('|')})\\s*\\(`, 'g');
/** The first argument of a function-form call, read from just after its `(` (sticky: linear). */
const FIRST_ARGUMENT = /\s*([A-Za-z_][\w\s.]{0,512}?)\s*,/y;
const MACROS = ['all', 'exists', 'exists_one', 'map', 'filter'];
/** Longest receiver expression read backwards from a call. */
const MAX_RECEIVER_CHARS = 512;

/** `a.b.c` from the text just before `.call(` at `end` (the index of the `.`'s end), or undefined. */
function receiverBefore(rule: string, end: number): string | undefined {
  let i = end;
  const stop = Math.max(0, end - MAX_RECEIVER_CHARS);
  while (i > stop && /[\w\s.]/.test(rule[i - 1])) i--;
  return identifierPath(rule.slice(i, end));
}

/** `a.b.c` (spaces around dots allowed) as written, or undefined when it is not one. */
function identifierPath(text: string): string | undefined {
  const parts = text.trim().split('.').map((p) => p.trim());
  return parts.length && parts.every((p) => IDENT.test(p)) ? parts.join('.') : undefined;
}

/** One CEL rule that runs a regular expression over a string with no maxLength. */
export interface UnboundedRegexRule {
  /** Version of the CRD. */
  readonly version: string;
  /** Data path of the string (`spec.backend.tcp.connectTimeout`, `[*]` for list items). */
  readonly path: string;
  readonly rule: string;
}

/**
 * The schema node `expr` (`self.a.b`, or a macro variable bound over a list) names, relative to
 * `node`, and its data path below `node` (`a.b`, `items[*]`); undefined when it cannot be told.
 */
export function resolveReceiver(expr: string, rule: string, node: any, depth: number = 0): { node: any; path: string } | undefined {
  if (depth > 4) return undefined;
  const parts = expr.split('.').map((p) => p.trim());
  let at: any;
  let path = '';
  if (parts[0] === 'self') at = node;
  else {
    // A macro variable: `<collection>.all(x, x.matches(...))` iterates a list's items.
    const bind = new RegExp(`\\.\\s*(?:${MACROS.join('|')})\\s*\\(\\s*${parts[0]}\\s*,`).exec(rule);
    const collectionExpr = bind ? receiverBefore(rule, bind.index) : undefined;
    const collection = collectionExpr ? resolveReceiver(collectionExpr, rule, node, depth + 1) : undefined;
    // Over a map the variable is a key, whose length the schema does not state: not judged.
    if (!collection || collection.node?.type !== 'array') return undefined;
    at = collection.node.items;
    path = `${collection.path}[*]`;
  }
  for (const p of parts.slice(1)) {
    at = at?.properties?.[p];
    if (!at || typeof at !== 'object') return undefined;
    path = path ? `${path}.${p}` : p;
  }
  return { node: at, path };
}

/** Receivers of the regex calls in a CEL rule (`self.x` of `self.x.matches(...)` and of `matches(self.x, ...)`). */
export function regexReceivers(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(REGEX_CALL)) {
    let before = m.index;
    while (before > 0 && /\s/.test(rule[before - 1])) before--;
    if (before > 0 && rule[before - 1] === '.') {
      const r = receiverBefore(rule, before - 1);
      if (r) out.push(r);
      continue;
    }
    FIRST_ARGUMENT.lastIndex = m.index + m[0].length;
    const arg = FIRST_ARGUMENT.exec(rule);
    const r = arg ? identifierPath(arg[1]) : undefined;
    if (r) out.push(r);
  }
  return out;
}

/**
 * Every CEL rule of a CRD that calls matches()/find()/findAll() on a string without maxLength,
 * in schema order; the walk stops at {@link CEL_COST_LIMITS} (`truncated`).
 */
export function unboundedRegexRules(crd: any): { found: UnboundedRegexRule[]; truncated: boolean } {
  const found: UnboundedRegexRule[] = [];
  let nodes = 0;
  let rules = 0;
  let chars = 0;
  let truncated = false;
  const walk = (node: any, path: string, version: string, depth: number): void => {
    if (truncated || !node || typeof node !== 'object' || Array.isArray(node)) return;
    if (++nodes > CEL_COST_LIMITS.maxNodes || depth > CEL_COST_LIMITS.maxDepth) {
      truncated = true;
      return;
    }
    for (const v of list(node['x-kubernetes-validations'])) {
      if (++rules > CEL_COST_LIMITS.maxRules) {
        truncated = true;
        return;
      }
      const rule = v?.rule;
      if (typeof rule !== 'string' || rule.length > CEL_COST_LIMITS.maxRuleChars) continue;
      if ((chars += rule.length) > CEL_COST_LIMITS.maxTotalRuleChars) {
        truncated = true;
        return;
      }
      for (const receiver of regexReceivers(rule)) {
        const target = resolveReceiver(receiver, rule, node);
        if (target?.node?.type === 'string' && target.node.maxLength === undefined) {
          const full = target.path.startsWith('[') ? `${path}${target.path}` : [path, target.path].filter((s) => s).join('.');
          found.push({ version, path: full || '(root)', rule });
          break;
        }
      }
    }
    const props = node.properties;
    if (props && typeof props === 'object' && !Array.isArray(props)) {
      for (const [k, child] of Object.entries(props)) walk(child, path ? `${path}.${k}` : k, version, depth + 1);
    }
    walk(node.items, `${path}[*]`, version, depth + 1);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}.*`, version, depth + 1);
  };
  for (const v of list(crd?.spec?.versions)) {
    walk(v?.schema?.openAPIV3Schema, '', String(v?.name ?? ''), 0);
  }
  return { found, truncated };
}

/** CRDs in the manifests that Kubernetes ≥ 1.37 rejects for their CEL cost. */
export const CRD_CEL_COST_RULE: Rule = {
  id: 'crd-cel-cost',
  summary: 'No CustomResourceDefinition has a CEL rule that runs a regular expression (matches, find, findAll) over a string without maxLength.',
  severity: 'warning',
  category: 'schema',
  appliesTo: ['CustomResourceDefinition'],
  phase: 'object',
  remediation: 'Give those string fields a maxLength, or install a release of the CRDs that does.',
  rationale: `Kubernetes ${KUBERNETES_CEL_COST_ENFORCED_FROM} enforces the CEL cost budget of CRD validation rules: a regular expression over a string of unbounded length exceeds it and the API server rejects the whole CRD ("estimated rule cost exceeds budget"). The agentgateway CRDs before v1.4.0 (those of rhdev-2026-03) have such rules.`,
  *check(ctx) {
    for (const crd of ctx.model.index.all('apiextensions.k8s.io/CustomResourceDefinition')) {
      const { found, truncated } = unboundedRegexRules(crd);
      if (!found.length) continue;
      const first = found[0];
      const i = list(crd.spec?.versions).findIndex((v: any) => String(v?.name ?? '') === first.version);
      yield finding(crd, `spec.versions[${i}].schema.openAPIV3Schema`,
        `${found.length} CEL rule${found.length === 1 ? '' : 's'} run a regular expression over a string without maxLength (first: ${first.path} in version ${first.version}, rule ${JSON.stringify(first.rule.slice(0, 80))})${truncated ? ' (the walk stopped at its limit)' : ''}: Kubernetes ${KUBERNETES_CEL_COST_ENFORCED_FROM} and later reject the CRD for its CEL cost`,
        `add maxLength to ${found.length === 1 ? 'that string field' : 'those string fields'}, or install a release of the CRD that bounds them`);
    }
  },
};
