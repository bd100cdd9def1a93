import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Catalog } from '../catalog/catalog';
import { fileHeader, FileOrigin } from './file-header';
import { MultiModelGateway } from '../constructs/multi-model-gateway';
import { writeOutput, WriteOutputResult } from './output';
import { protectedDirs } from './output-guard';
import { packageFile, packageVersion } from '../util/package-files';
import { routingReport } from '../verify/report/routing-report';
import { SchemaValidator } from '../verify/schema/schema-validator';
import { formatProblem } from '../verify/report/problem';
import { verifyObjects, VerifyResult } from '../verify/verify';
import { toYaml } from './yaml-output';

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
export function synthesize(catalog: Catalog, validator?: SchemaValidator, out: string = 'dist'): Synthesis {
  const app = new App({ outdir: 'unused' });
  return render(catalog.addTo(app, 'model-gateway'), validator, catalogOrigin(catalog, out));
}

/** The origin named in file headers: the catalog as given (none for the bundled one) and `out`. */
export function catalogOrigin(catalog: Catalog, out: string): FileOrigin {
  return { catalog: catalog.source === defaultCatalogFile() ? undefined : catalog.source, out };
}

/**
 * Checks a chart (construct validations, then `verify`) and renders its files, each YAML
 * file headed by a comment naming `origin` (or the library, when absent). Throws with every
 * problem found when any is an error; warnings stay in the result's `verification`.
 */
export function render(chart: MultiModelGateway, validator?: SchemaValidator, origin?: FileOrigin): Synthesis {
  const invalid = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (invalid.length) throw new Error(`the model gateway is incomplete:\n${invalid.map((e) => `  ${e}`).join('\n')}`);

  const objects = chart.toJson();
  // Without a validator, the output is validated against its profile's schema set.
  const verification = verifyObjects(objects, validator);
  // Warnings (a model declared with replicas: 0) do not stop synth, as they do not fail verify.
  const errors = verification.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length) {
    throw new Error(`the synthesized manifests fail verification, nothing written:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }

  const byNamespace = new Map<string, any[]>();
  for (const o of objects) {
    const file = `${o.metadata?.namespace ?? 'cluster'}.yaml`;
    if (!byNamespace.has(file)) byNamespace.set(file, []);
    byNamespace.get(file)!.push(o);
  }
  const files = new Map<string, string>();
  const header = fileHeader(PROGRAM, packageVersion(), origin);
  for (const [file, docs] of byNamespace) files.set(file, header + toYaml(docs));
  files.set(REPORT_FILE, routingReport(verification));
  return { chart, files, objects, verification };
}

/** How {@link synthesizeToDir} writes. */
export interface SynthesizeToDirOptions {
  /**
   * Write even into the current directory, the catalog's directory or a repository root (or
   * above them), and overwrite files synth did not write or that were edited since.
   */
  readonly force?: boolean;
}

/**
 * Synthesizes `catalog` into directory `out`. Nothing is written unless the catalog and its
 * output are valid; then synth's own files are replaced (see `writeOutput`: other files in
 * `out` are left alone, conflicts are refused unless `force`). Returns what was written and
 * the verification's warnings (formatted), which do not stop it.
 */
export function synthesizeToDir(catalog: Catalog, out: string, options: SynthesizeToDirOptions = {}): WriteOutputResult & { readonly warnings: string[] } {
  const { files, verification } = synthesize(catalog, undefined, out);
  const catalogFile = fs.existsSync(catalog.source) ? catalog.source : undefined;
  const warnings = verification.problems.filter((p) => p.severity === 'warning').map(formatProblem);
  return { warnings, ...writeOutput(out, files, {
    generator: PROGRAM,
    version: packageVersion(),
    protect: protectedDirs(process.cwd(), catalogFile),
    force: options.force,
  }) };
}
