import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Yaml } from 'cdk8s';
import { Catalog } from './catalog';
import { MultiModelGateway } from './multi-model-gateway';
import { replaceDirAtomically } from './output';
import { routingReport } from './routing-report';
import { SchemaValidator } from './validation/schema-validator';
import { formatProblem } from './verify/problem';
import { verifyObjects, VerifyResult } from './verify/verify';

/** File name of the routing report written next to the manifests. */
export const REPORT_FILE = 'ROUTING.md';

/** The default catalog shipped with the package (the reference deployment). */
export function defaultCatalogFile(): string {
  return path.join(catalogDir(), 'default.yaml');
}

function catalogDir(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'catalog', 'default.yaml'))) return path.join(dir, 'catalog');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`catalog/default.yaml not found above ${__dirname}`);
    dir = parent;
  }
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
export function synthesize(catalog: Catalog, validator: SchemaValidator = new SchemaValidator()): Synthesis {
  const app = new App({ outdir: 'unused' });
  const chart = catalog.addTo(app, 'model-gateway');

  const invalid = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (invalid.length) throw new Error(`catalog '${catalog.source}' does not make a working gateway:\n${invalid.map((e) => `  ${e}`).join('\n')}`);

  const objects = chart.toJson();
  const verification = verifyObjects(objects, validator);
  if (verification.problems.length) {
    throw new Error(`the synthesized manifests fail verification, nothing written:\n${verification.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }

  const byNamespace = new Map<string, any[]>();
  for (const o of objects) {
    const file = `${o.metadata?.namespace ?? 'cluster'}.yaml`;
    if (!byNamespace.has(file)) byNamespace.set(file, []);
    byNamespace.get(file)!.push(o);
  }
  const files = new Map<string, string>();
  for (const [file, docs] of byNamespace) files.set(file, Yaml.stringify(...docs));
  files.set(REPORT_FILE, routingReport(verification));
  return { chart, files, objects, verification };
}

/**
 * Synthesizes `catalog` into directory `out`, replacing it only when everything succeeded.
 * Returns the file names written.
 */
export function synthesizeToDir(catalog: Catalog, out: string): string[] {
  const { files } = synthesize(catalog);
  replaceDirAtomically(out, (staging) => {
    for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), content);
  });
  return [...files.keys()];
}
