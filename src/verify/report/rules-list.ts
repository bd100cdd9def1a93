import { RULES } from '../rules/registry';
import { Rule } from '../rules/rule';
import { VERIFY_IGNORE_ANNOTATION } from '../rules/verify-ignore';

/** One rule as `verify --list-rules --output json` prints it. */
export interface ListedRule {
  readonly id: string;
  readonly severity: string;
  readonly category: string;
  readonly enabledByDefault: boolean;
  readonly appliesTo: readonly string[];
  readonly summary: string;
  readonly remediation: string;
  readonly rationale: string;
}

/** A rule's public description. */
export function listedRule(r: Rule): ListedRule {
  return {
    id: r.id,
    severity: r.severity,
    category: r.category,
    enabledByDefault: r.enabledByDefault !== false,
    appliesTo: [...r.appliesTo],
    summary: r.summary,
    remediation: r.remediation,
    rationale: r.rationale,
  };
}

/** `verify --list-rules`: one line per rule, `id  severity  category  summary`, off-by-default rules marked. */
export function rulesText(rules: readonly Rule[] = RULES): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.category.padEnd(8)}  ${r.enabledByDefault === false ? '(off by default) ' : ''}${r.summary}`);
  return `${lines.join('\n')}\n\n${rules.length} rules. Turn one off with --disable <id>, on with --enable <id>; on one object with the annotation\n${VERIFY_IGNORE_ANNOTATION}: "<id>[,<id>...]: <reason>".\n`;
}

/** RULES.md: every rule with what it requires, why, the fix, and how to silence it. */
export function rulesMarkdown(rules: readonly Rule[] = RULES): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# verify rules',
    '',
    '<!-- Generated from src/verify/rules/registry.ts by `npm run rules-doc`; a test fails when it is stale. -->',
    '',
    `\`cdk8s-model-gateway verify\` runs ${rules.length} rules, in three phases: each object on its own (\`object\`),`,
    'the links between objects (`graph`), then simulated requests (`request`, reported only when the earlier',
    'phases found no error). Objects rejected in the object phase are left out of the later rules, so one',
    'malformed object gives one problem.',
    '',
    '- List them: `cdk8s-model-gateway verify --list-rules` (add `--output json` for a machine-readable list).',
    '- Turn one off for a run: `--disable <id>` (repeatable, or ids separated by commas); turn on one that is',
    '  off by default: `--enable <id>`.',
    `- Silence one on one object: the annotation \`${VERIFY_IGNORE_ANNOTATION}: "<id>[,<id>...]: <reason>"\`. The`,
    '  reason is required; suppressed problems are still listed, as ignored, with it.',
    '',
    '| id | severity | category | applies to | requires |',
    '|---|---|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity}${r.enabledByDefault === false ? ' (off by default)' : ''} | ${r.category} | ${r.appliesTo.join(', ')} | ${cell(r.summary)} |`),
    '',
  ];
  for (const r of rules) {
    out.push(`## ${r.id}`, '', r.summary, '', `- Severity: ${r.severity}${r.enabledByDefault === false ? ' (off by default; `--enable ' + r.id + '`)' : ''}; category: ${r.category}; phase: ${r.phase ?? 'graph'}; applies to: ${r.appliesTo.join(', ')}.`,
      `- Why: ${r.rationale}`, `- Fix: ${r.remediation}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
