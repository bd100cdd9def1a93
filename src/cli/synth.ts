import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Catalog } from '../catalog/catalog';
import { collectGarbageFor } from './collect-garbage';
import { fileHeader, FileOrigin } from './file-header';
import { MultiModelGateway } from '../constructs/multi-model-gateway';
import { FileContent, writeOutput, WriteOutputResult } from './output';
import { protectedDirs } from './output-guard';
import { packageFile, packageVersion } from '../util/package-files';
import { routingReport } from '../verify/report/routing-report';
import { SchemaValidator } from '../verify/schema/schema-validator';
import { formatProblem } from '../verify/report/problem';
import { verifyObjects, VerifyResult } from '../verify/verify';
import { toYaml, toYamlDocument } from './yaml-output';
import { DEFAULT_PROFILE, OpenShiftVersion, StackProfile } from '../profiles/profiles';
import { formatChangeSummary, summarizeChanges } from './change-summary';

/** The program name in file headers and commands. */
export const PROGRAM = 'cdk8s-model-gateway';

/** File name of the routing report written next to the manifests. */
export const REPORT_FILE = 'ROUTING.md';

/** The default catalog shipped with the package (the reference deployment). */
export function defaultCatalogFile(): string {
  return packageFile(path.join('catalog', 'default.yaml'));
}

/** What a synthesis produced: file name → content, in write order. */
export interface Synthesis {
  readonly chart: MultiModelGateway;
  readonly files: Map<string, string>;
  readonly objects: any[];
  readonly verification: VerifyResult;
}

/**
 * Builds the catalog's objects, checks them (construct validations, then `verify`: schemas,
 * CEL rules, wiring and simulated requests), and renders one YAML file per namespace plus the
 * routing report the simulator produced. Throws with every problem found; writes nothing.
 */
export function synthesize(catalog: Catalog, validator?: SchemaValidator, out: string = 'dist', override: StackOverride = {}): Synthesis {
  const app = new App({ outdir: 'unused' });
  const effective = withStack(catalog, override);
  const origin = { ...catalogOrigin(catalog, out), profile: override.profile, openshiftVersion: override.openshiftVersion };
  return render(effective.addTo(app, 'model-gateway'), validator, origin, { openshiftVersion: effective.spec.openshiftVersion });
}

/** A profile or OpenShift release given on the command line, overriding the catalog's. */
export interface StackOverride {
  readonly profile?: StackProfile;
  readonly openshiftVersion?: OpenShiftVersion;
}

/**
 * `catalog` with the profile and OpenShift release of `override` in place of its own, checked
 * again as a whole (a GatewayClass the new profile never programs is refused).
 */
export function withStack(catalog: Catalog, override: StackOverride): Catalog {
  if (override.profile === undefined && override.openshiftVersion === undefined) return catalog;
  return Catalog.fromSpec({
    ...catalog.spec,
    ...(override.profile !== undefined ? { profile: override.profile } : {}),
    ...(override.openshiftVersion !== undefined ? { openshiftVersion: override.openshiftVersion } : {}),
  }, catalog.source);
}

/** The origin named in file headers: the catalog as given (none for the bundled one) and `out`. */
export function catalogOrigin(catalog: Catalog, out: string): FileOrigin {
  return { catalog: catalog.source === defaultCatalogFile() ? undefined : catalog.source, out };
}

/** What {@link render} checks the output against besides the chart's own profile and platform. */
export interface RenderOptions {
  /** The OpenShift release the output must apply on (openshift only). */
  readonly openshiftVersion?: OpenShiftVersion;
}

/**
 * Checks a chart (construct validations, then `verify` under the chart's profile and
 * platform) and renders its files, each YAML file headed by a comment naming `origin` (or the
 * library, when absent). Throws with every problem found when any is an error; warnings stay
 * in the result's `verification`.
 */
export function render(chart: MultiModelGateway, validator?: SchemaValidator, origin?: FileOrigin, options: RenderOptions = {}): Synthesis {
  const objects = checkedObjects(chart);
  const verification = verifiedOrThrow(objects, stackOf(chart, options), validator);
  const files = manifestFiles(objects, origin);
  files.set(REPORT_FILE, routingReport(verification));
  return { chart, files, objects, verification };
}

/** The stack a chart's output is verified against: its profile and platform, and the OpenShift release of `options`. */
function stackOf(chart: MultiModelGateway, options: RenderOptions): ObjectStack {
  const mg = chart.modelGateway;
  return { profile: mg.profile, platform: mg.platform, openshiftVersion: options.openshiftVersion };
}

/** The profile, platform and OpenShift release objects are verified against. */
type ObjectStack = NonNullable<NonNullable<Parameters<typeof verifyObjects>[3]>['stack']>;

/**
 * Verifies `objects` under `stack` (without a validator, against the profile's schema set);
 * throws with every error. Warnings (a model declared with replicas: 0) do not stop synth, as
 * they do not fail verify: they stay in the result.
 */
function verifiedOrThrow(objects: readonly any[], stack: ObjectStack, validator?: SchemaValidator): VerifyResult {
  const verification = verifyObjects(objects as any[], validator, 'default', { stack });
  const errors = verification.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length) {
    throw new Error(`the synthesized manifests fail verification, nothing written:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  return verification;
}

/**
 * The chart's objects after its construct validations pass; throws every validation error
 * otherwise (as `the model gateway is incomplete:` and one line per error, by construct path).
 * cdk8s runs every construct's validations itself before rendering (`chart.toJson()`), so they
 * run once: only when cdk8s refuses the chart are they run again, for this message; if they
 * find nothing (cdk8s failed for another reason, or in another chart of the app), cdk8s's error
 * is thrown as it is.
 */
export function checkedObjects(chart: MultiModelGateway): any[] {
  try {
    return chart.toJson();
  } catch (err) {
    const invalid = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (invalid.length) throw new Error(`the model gateway is incomplete:\n${invalid.map((e) => `  ${e}`).join('\n')}`);
    throw err;
  }
}

/**
 * Largest manifest file synth writes: 24 MiB. The YAML of a namespace that would be larger is
 * written in parts (see {@link manifestFiles}), so that every file stays under verify's
 * per-file limit (32 MiB) and well under what Git hosts accept in one file (GitHub refuses
 * 100 MB): the objects of 1,000 models of the default shape take about 15 MB, 10,000 about 150 MB.
 */
export const MAX_MANIFEST_FILE_BYTES = 24 * 1024 * 1024;

/**
 * One YAML file per namespace (`cluster.yaml` for cluster-scoped objects), in object order, each
 * headed by the file header of `origin`. A namespace whose file would pass
 * {@link MAX_MANIFEST_FILE_BYTES} is written as `<namespace>.001.yaml`, `<namespace>.002.yaml`, …
 * instead, each filled in object order up to that size (a namespace name has no dot, so a
 * part never takes another namespace's file name, and the parts sort in object order).
 */
export function manifestFiles(objects: readonly any[], origin?: FileOrigin, maxFileBytes: number = MAX_MANIFEST_FILE_BYTES): Map<string, string> {
  const files = new Map<string, string>();
  const header = fileHeader(PROGRAM, packageVersion(), origin);
  for (const [file, docs] of byFile(objects, header, maxFileBytes)) files.set(file, header + toYaml(docs));
  return files;
}

/**
 * {@link manifestFiles} as contents written piece by piece (the header, then each document as
 * YAML), so the text of a large output never has to be held whole. The same bytes.
 */
export function manifestFilePieces(objects: readonly any[], origin?: FileOrigin, maxFileBytes: number = MAX_MANIFEST_FILE_BYTES): Map<string, FileContent> {
  const files = new Map<string, FileContent>();
  const header = fileHeader(PROGRAM, packageVersion(), origin);
  for (const [file, docs] of byFile(objects, header, maxFileBytes)) {
    files.set(file, {
      pieces: function* () {
        yield header;
        for (let i = 0; i < docs.length; i++) yield i === 0 ? toYamlDocument(docs[i]) : `---\n${toYamlDocument(docs[i])}`;
      },
    });
  }
  return files;
}

/**
 * The objects of each output file, in object order: one file per namespace, `cluster.yaml` for
 * cluster-scoped objects, a namespace in numbered parts when its file (headed by `header`)
 * would pass `maxFileBytes`.
 */
function byFile(objects: readonly any[], header: string, maxFileBytes: number): Map<string, any[]> {
  const groups = new Map<string, any[]>();
  for (const o of objects) {
    const group = o.metadata?.namespace ?? 'cluster';
    let docs = groups.get(group);
    if (!docs) groups.set(group, docs = []);
    docs.push(o);
  }
  const files = new Map<string, any[]>();
  for (const [group, docs] of groups) {
    const parts = fileParts(docs, Buffer.byteLength(header), maxFileBytes);
    if (parts.length === 1) {
      files.set(`${group}.yaml`, docs);
    } else {
      const width = Math.max(3, String(parts.length).length);
      parts.forEach((part, i) => files.set(`${group}.${String(i + 1).padStart(width, '0')}.yaml`, part));
    }
  }
  return files;
}

/**
 * `docs` cut in object order into runs whose file (header, documents, `---` separators) stays
 * within `maxFileBytes`; one run when the whole fits. A document larger than that on its own
 * gets a run of its own. Sizes are those of the rendered YAML, so an output under the limit
 * costs one size check per document and no second rendering of a large one is kept in memory.
 */
function fileParts(docs: any[], headerBytes: number, maxFileBytes: number): any[][] {
  const sizes = docs.map((d) => Buffer.byteLength(toYamlDocument(d)));
  const whole = sizes.reduce((sum, n) => sum + n, headerBytes + SEPARATOR_BYTES * Math.max(0, docs.length - 1));
  if (whole <= maxFileBytes) return [docs];
  const parts: any[][] = [];
  let part: any[] = [];
  let bytes = headerBytes;
  for (let i = 0; i < docs.length; i++) {
    if (part.length > 0 && bytes + SEPARATOR_BYTES + sizes[i] > maxFileBytes) {
      parts.push(part);
      part = [];
      bytes = headerBytes;
    }
    bytes += (part.length > 0 ? SEPARATOR_BYTES : 0) + sizes[i];
    part.push(docs[i]);
  }
  parts.push(part);
  return parts;
}

/** Bytes of the `---` line between two documents. */
const SEPARATOR_BYTES = 4;

/** How {@link synthesizeToDir} writes. */
export interface SynthesizeToDirOptions {
  /**
   * Write even into the current directory, the catalog's directory or a repository root (or
   * above them), and overwrite files synth did not write or that were edited since.
   */
  readonly force?: boolean;
  /** A profile or OpenShift release overriding the catalog's (`--profile`, `--openshift-version`). */
  readonly stack?: StackOverride;
}

/**
 * Synthesizes `catalog` into directory `out`. Nothing is written unless the catalog and its
 * output are valid; then synth's own files are replaced (see `writeOutput`: other files in
 * `out` are left alone, conflicts are refused unless `force`). Returns what was written and
 * the verification's warnings (formatted), which do not stop it.
 */
export function synthesizeToDir(catalog: Catalog, out: string, options: SynthesizeToDirOptions = {}): WriteOutputResult & { readonly warnings: string[]; readonly migration?: string } {
  const stack = options.stack ?? {};
  // The construct tree is built and dropped inside `verifiedObjects`: only the objects stay.
  const { objects, verification } = verifiedObjects(catalog, stack);
  const origin = { ...catalogOrigin(catalog, out), profile: stack.profile, openshiftVersion: stack.openshiftVersion };
  const files = manifestFilePieces(objects, origin);
  files.set(REPORT_FILE, routingReport(verification));
  const migration = profileMigration(catalog, { objects }, stack);
  const catalogFile = fs.existsSync(catalog.source) ? catalog.source : undefined;
  const warnings = verification.problems.filter((p) => p.severity === 'warning').map(formatProblem);
  return { warnings, ...(migration !== undefined ? { migration } : {}), ...writeOutput(out, files, {
    generator: PROGRAM,
    version: packageVersion(),
    protect: protectedDirs(process.cwd(), catalogFile),
    force: options.force,
  }) };
}

/**
 * The checked and verified objects of `catalog` under `override` (what {@link synthesize}
 * renders), without keeping the construct tree: it is garbage once this returns, so a large
 * catalog's tree and its verification are not in memory at once.
 */
function verifiedObjects(catalog: Catalog, override: StackOverride): { objects: any[]; verification: VerifyResult } {
  const effective = withStack(catalog, override);
  const { objects, stack } = builtObjects(effective);
  collectGarbageFor(effective.spec.models.length);
  return { objects, verification: verifiedOrThrow(objects, stack) };
}

function builtObjects(catalog: Catalog): { objects: any[]; stack: ObjectStack } {
  const chart = catalog.addTo(new App({ outdir: 'unused' }), 'model-gateway');
  return { objects: checkedObjects(chart), stack: stackOf(chart, { openshiftVersion: catalog.spec.openshiftVersion }) };
}

/**
 * When `override` moves `catalog` to another profile than its own: what changes, object by
 * object (added, removed and changed fields), from the catalog's profile to the new one, headed
 * by a line naming both; undefined otherwise. If the catalog's own profile cannot be
 * synthesized, that line says so instead of a summary.
 */
export function profileMigration(catalog: Catalog, after: Pick<Synthesis, 'objects'>, override: StackOverride): string | undefined {
  const from = catalog.spec.profile ?? DEFAULT_PROFILE;
  if (override.profile === undefined || override.profile === from) return undefined;
  let before: Synthesis;
  try {
    before = synthesize(catalog);
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).split('\n')[0];
    return `changes from ${from} to ${override.profile}: not shown, the catalog does not synthesize under ${from} (${reason})\n`;
  }
  return `changes from ${from} (the catalog's profile) to ${override.profile}:\n${formatChangeSummary(summarizeChanges(before.objects, after.objects))}`;
}
