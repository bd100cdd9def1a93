// `verify`: loaded by src/cli.ts only when that command runs. It needs no catalog, construct
// or cdk8s, and `--version` and `--help` load none of it.
import { sanitizeForTerminal } from '../util/text';
import { isAssumed } from '../verify/model/assume';
import { SkippedFile } from '../verify/input/manifests';
import { countProblems, formatProblem } from '../verify/report/problem';
import { verifyReport } from '../verify/report/report';
import { listedRule, rulesText } from '../verify/report/rules-list';
import { RULES, selectRules } from '../verify/rules/registry';
import { VERIFY_IGNORE_ANNOTATION } from '../verify/rules/verify-ignore';
import { stackDeclaration } from '../verify/stack-options';
import { stackLine } from '../verify/report/stack-line';
import { VerifyResult } from '../verify/verify';
import { shownPaths, verifyPaths } from '../verify/verify-paths';
import { UsageError } from './cli-args';

/** `verify <paths...>`: load, verify, print text or JSON; the exit code. */
export function verifyCommand(paths: string[], flags: Record<string, string>, lists: Record<string, string[]>): number {
  const format = flags.output ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`option '--output' is '${format}': use --output text or --output json`);
  if (flags['list-rules'] === 'true') {
    if (paths.length) throw new UsageError(`--list-rules takes no files (got ${paths.join(', ')}): run verify --list-rules alone`);
    process.stdout.write(format === 'json' ? `${JSON.stringify(RULES.map(listedRule), null, 2)}\n` : rulesText());
    return 0;
  }
  let stack;
  try {
    selectRules(lists.disable, lists.enable);
    stack = stackDeclaration({ profile: flags.profile, platform: flags.platform, openshiftVersion: flags['openshift-version'] });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}`);
  }
  const { loaded, schemaKinds, problems, errors, result } = verifyPaths(paths, {
    namespace: flags.namespace,
    strict: flags.strict === 'true',
    assume: lists.assume,
    schemas: lists.schemas,
    disable: lists.disable,
    enable: lists.enable,
    stack,
  });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(verifyReport(paths, loaded.files, loaded.skipped, problems, result), null, 2)}\n`);
    return errors ? 1 : 0;
  }
  process.stdout.write(sanitizeForTerminal(summary(paths, loaded.files, loaded.skipped, schemaKinds, result)));
  if (problems.length) {
    process.stderr.write(sanitizeForTerminal(`${countProblems(problems)}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`));
  }
  if (result.ignored.length) {
    process.stdout.write(sanitizeForTerminal(`ignored by ${VERIFY_IGNORE_ANNOTATION} (${result.ignored.length}):\n${result.ignored.map((i) => `  ${formatProblem(i.problem)} [ignored: ${i.reason}]`).join('\n')}\n`));
  }
  if (errors) return 1;
  process.stdout.write(problems.length ? 'no problems besides the warnings\n' : 'no problems\n');
  return 0;
}

/** Skipped files as `3 files that are not Kubernetes manifests (a: why, b: why)`, reasons grouped. */
function skippedLine(skipped: readonly SkippedFile[]): string {
  const shown = skipped.slice(0, 10).map((s) => `${s.source}: ${s.reason}`).join('; ');
  const docs = skipped.filter((s) => s.source.includes('#')).length;
  const files = skipped.length - docs;
  const counted = [files ? `${files} file${files === 1 ? '' : 's'}` : '', docs ? `${docs} document${docs === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  return `skipped: ${counted} that ${skipped.length === 1 ? 'is not a Kubernetes manifest' : 'are not Kubernetes manifests'} (${shown}${skipped.length > 10 ? `; and ${skipped.length - 10} more` : ''})`;
}

function summary(paths: readonly string[], files: number, skipped: readonly SkippedFile[], schemaKinds: number, r: VerifyResult): string {
  const lines = [
    `verified ${shownPaths(paths)}: ${r.objects} objects from ${files} file${files === 1 ? '' : 's'}${r.objects ? ` (${Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  ];
  lines.push(stackLine(r.stack));
  if (skipped.length) lines.push(skippedLine(skipped));
  if (r.skippedKinds.length) {
    lines.push(`skipped kinds with no schema (not schema-checked; give their CRDs with --schemas, or --strict to fail): ${r.skippedKinds.map((k) => `${k.kind} (${k.apiVersion}) ${k.objects}`).join(', ')}`);
  }
  lines.push(`schemas: ${r.celRulesEvaluated} CEL rules evaluated, ${r.celTransitionRulesSkipped} transition rules skipped (they need the previous object)${schemaKinds ? `; ${schemaKinds} kind(s) added from --schemas` : ''}`);
  for (const a of r.assumed) lines.push(`assumed: ${a.object} (not checked: ${a.unchecked})`);
  for (const g of r.model.index.all('gateway.networking.k8s.io/Gateway')) {
    const gateway = `${g.metadata?.namespace}/${g.metadata?.name}`;
    lines.push(`wiring: Gateway ${gateway}${isAssumed(g) ? ' (assumed)' : ''}: ${r.model.attachments.get(gateway)?.length ?? 0} HTTPRoute(s) attached`);
  }
  if (r.simulations.length) lines.push(`routing: ${r.simulations.length} simulated requests`);
  for (const s of r.simulations) {
    const ok = (s.expect === 'route') === s.decision.routed && (s.expectStatus === undefined || s.decision.response === undefined || s.decision.response.status === s.expectStatus);
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${s.request} -> ${s.decision.routed ? s.decision.reason : `no route: ${s.decision.reason}`}`);
  }
  return `${lines.join('\n')}\n`;
}
