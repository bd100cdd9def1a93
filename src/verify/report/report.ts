import { SkippedFile } from '../input/manifests';
import { Problem } from './problem';
import { VerifyResult } from '../verify';

/** Version of the `verify --output json` document; bumped only on incompatible changes. */
export const REPORT_VERSION = 2;

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
  };
}
