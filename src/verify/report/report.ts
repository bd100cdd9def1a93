import { SkippedFile } from '../input/manifests';
import { Problem } from './problem';
import { VerifyResult } from '../verify';
import { StackChoice } from '../model/stack';
import { profileReason, signsOf } from './stack-line';
import { PROFILES } from '../../profiles/profiles';

/** Version of the `verify --output json` document; bumped only on incompatible changes. */
export const REPORT_VERSION = 3;

/** One problem as `verify --output json` writes it (see `verify/output.schema.json`). */
export interface ReportProblem {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** File the object was read from, or null when not read from a file. */
  readonly file: string | null;
  /** 1-based index of the YAML document in the file, or null. */
  readonly document: number | null;
  /** The object, or null for a problem with a file as a whole (e.g. invalid YAML). */
  readonly object: { apiVersion: string | null; kind: string; namespace: string | null; name: string } | null;
  readonly field: string;
  readonly message: string;
  readonly fix: string | null;
}

/** The `verify --output json` document. */
export interface VerifyReport {
  readonly version: number;
  readonly ok: boolean;
  readonly inputs: string[];
  readonly counts: { files: number; objects: number; problems: number; ignored: number; skippedFiles: number; skippedKinds: number; simulations: number };
  readonly problems: ReportProblem[];
  /** Problems suppressed by a verify-ignore annotation, with the reason it gives. */
  readonly ignored: (ReportProblem & { reason: string })[];
  readonly skippedFiles: { file: string; document: number | null; reason: string }[];
  readonly skippedKinds: { apiVersion: string; kind: string; objects: number; file: string | null }[];
  readonly assumed: { object: string; unchecked: string }[];
  readonly simulations: { request: string; expect: 'route' | 'no-route'; routed: boolean; reason: string }[];
  /** The stack profile and platform the objects were judged against, and why. */
  readonly stack: ReportStack | null;
}

/** The `stack` member of the report. */
export interface ReportStack {
  readonly profile: string;
  readonly chosenBy: 'flag' | 'detected' | 'default';
  /** The text report's reason, e.g. `detected: Gateway llm-d/g has class agentgateway`. */
  readonly reason: string;
  /** Directory of schemas/ the objects were validated against. */
  readonly schemaSet: string;
  /** Each object's first sign of a profile (of any profile, so a mixed set shows both). */
  readonly signs: { profile: string; object: { apiVersion: string | null; kind: string; namespace: string | null; name: string }; field: string; reason: string }[];
  readonly platform: 'openshift' | 'kubernetes' | null;
  readonly platformChosenBy: 'flag' | 'detected' | null;
  readonly openshiftVersion: string | null;
}

/** The report's `stack` member for a choice. */
export function reportStack(stack: StackChoice): ReportStack {
  const profiles = [...new Set(stack.evidence.map((e) => e.profile))];
  return {
    profile: stack.profile,
    chosenBy: stack.chosenBy,
    reason: profileReason(stack),
    schemaSet: PROFILES[stack.profile].schemaSet,
    signs: profiles.flatMap((p) => signsOf(stack, p)).map((e) => ({
      profile: e.profile,
      object: { apiVersion: typeof e.object.apiVersion === 'string' ? e.object.apiVersion : null, kind: String(e.object.kind), namespace: e.object.metadata?.namespace ?? null, name: String(e.object.metadata?.name ?? '') },
      field: e.field,
      reason: e.reason,
    })),
    platform: stack.platform ?? null,
    platformChosenBy: stack.platformChosenBy ?? null,
    openshiftVersion: stack.openshiftVersion ?? null,
  };
}

/** `file#3` → file and document 3; a source without `#n` is a whole file. */
export function splitSource(source: string | undefined): { file: string | null; document: number | null } {
  if (source === undefined) return { file: null, document: null };
  const m = /^(.*)#(\d+)$/.exec(source);
  return m ? { file: m[1], document: Number(m[2]) } : { file: source, document: null };
}

/** A problem in the report's shape. */
export function reportProblem(p: Problem): ReportProblem {
  return {
    rule: p.rule ?? 'unknown',
    severity: p.severity ?? 'error',
    ...splitSource(p.source),
    object: p.kind ? { apiVersion: p.apiVersion ?? null, kind: p.kind, namespace: p.namespace ?? null, name: p.name } : null,
    field: p.field,
    message: p.message,
    fix: p.fix ?? null,
  };
}

/** The whole `verify --output json` document for one run. */
export function verifyReport(inputs: readonly string[], files: number, skipped: readonly SkippedFile[], problems: readonly Problem[], result?: VerifyResult): VerifyReport {
  const skippedKinds = (result?.skippedKinds ?? []).map((k) => ({ apiVersion: k.apiVersion, kind: k.kind, objects: k.objects, file: splitSource(k.source).file }));
  const simulations = (result?.simulations ?? []).map((s) => ({ request: s.request, expect: s.expect, routed: s.decision.routed, reason: s.decision.reason }));
  return {
    version: REPORT_VERSION,
    ok: !problems.some((p) => (p.severity ?? 'error') === 'error'),
    inputs: [...inputs],
    counts: { files, objects: result?.objects ?? 0, problems: problems.length, ignored: result?.ignored.length ?? 0, skippedFiles: skipped.length, skippedKinds: skippedKinds.length, simulations: simulations.length },
    problems: problems.map(reportProblem),
    ignored: (result?.ignored ?? []).map((i) => ({ ...reportProblem(i.problem), reason: i.reason })),
    skippedFiles: skipped.map((s) => ({ ...splitSource(s.source), file: splitSource(s.source).file!, reason: s.reason })),
    skippedKinds,
    assumed: (result?.assumed ?? []).map((a) => ({ ...a })),
    simulations,
    stack: result ? reportStack(result.stack) : null,
  };
}
