import * as fs from 'node:fs';
import * as path from 'node:path';
import { vi } from 'vitest';
import { Catalog } from '../src/catalog/catalog';
import { CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize, Synthesis } from '../src/cli/synth';
import { StackProfile } from '../src/profiles/profiles';
import { SchemaValidator } from '../src/verify/schema/schema-validator';

export const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_CATALOG = path.join(ROOT, 'catalog', 'default.yaml');

let validator: SchemaValidator | undefined;
/** One shared validator: compiling the schemas is the slow part. */
export function sharedValidator(): SchemaValidator {
  return (validator ??= new SchemaValidator());
}

/**
 * Synthesizes a catalog given as data, validating against the stored schemas. Under
 * rhdev-2026-03 unless the spec names a profile: the tests that use it are about the catalog
 * and the wiring, not the profile (test/profiles-output.test.ts covers each profile's output).
 */
export function synth(spec: CatalogSpec): Synthesis {
  return synthesize(Catalog.fromSpec({ profile: StackProfile.RHDEV_2026_03, ...spec }), sharedValidator());
}

/** Finds exactly one object by kind and name (and namespace when given). */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}

/** Whether every label of `selector` is on `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Pod templates of every workload in `objects`, with where they come from. */
export function podTemplates(objects: any[]): { owner: string; namespace: string; labels: Record<string, string>; spec: any }[] {
  return objects.filter((o) => o.kind === 'Deployment').map((o) => ({
    owner: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
    namespace: o.metadata.namespace,
    labels: o.spec.template.metadata?.labels ?? {},
    spec: o.spec.template.spec,
  }));
}

/** Error message of `fn`, or a failure when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** What the process wrote to stdout and stderr since {@link captureStdio}. */
export interface Stdio {
  stdout: string;
  stderr: string;
}

/** Captures what the process writes to stdout and stderr (the CLI in this process) until `vi.restoreAllMocks()`. */
export function captureStdio(): Stdio {
  const io: Stdio = { stdout: '', stderr: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { io.stdout += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { io.stderr += String(s); return true; });
  return io;
}

/** A user's CustomResourceDefinition (`Widget`, example.com/v1) for `verify --schemas`: a plain CRD with an OpenAPI schema and a CEL rule. */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
              x-kubernetes-validations:
                - rule: self.size <= 10
                  message: size must be at most 10
`;

/** Newest modification time (ms) of the files under `dir`: tells whether a built artifact is older than its sources. */
export function newestMtime(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

/**
 * The warning `verify` gives on the synthesized default output (rule
 * gateway-listener-allows-all-namespaces): the constructs' Gateway listener admits routes from
 * All namespaces. Tests on that output expect no error and exactly this warning, beside the
 * known defects of its profile ({@link PROFILE_DEFECT_WARNINGS}).
 */
export const OWN_OUTPUT_WARNING = 'Gateway agentgateway-system/inference-gateway: spec.listeners[0].allowedRoutes.namespaces.from: listener \'http\' admits routes from All namespaces';

/**
 * The known defects `verify` reports as warnings on every output of profile rhdev-2026-03 (the
 * default catalog's): its agentgateway CRDs are refused by Kubernetes 1.37, and its picker
 * image line has no release after GAIE v1.5.0 (one per model).
 */
export const PROFILE_DEFECT_WARNINGS: readonly RegExp[] = [
  /Agentgateway(Policy|Parameters) [^ ]+: apiVersion: profile rhdev-2026-03 \([^)]*\) installs the kgateway v2\.2\.0-beta\.3 agentgateway CRDs, which Kubernetes 1\.37 and later reject/,
  /Deployment [^ ]+: spec\.template\.spec\.containers\[\d+\]\.image: image registry\.k8s\.io\/gateway-api-inference-extension\/epp:v1\.3\.0 has no release after GAIE v1\.5\.0 \(the endpoint picker moved to llm-d-router\): profile rhdev-2026-03 \([^)]*\) pins it/,
];

/** Rules whose warnings every output of the default catalog has: the listener's and the profile's known defects. */
const OWN_OUTPUT_RULES = ['gateway-listener-allows-all-namespaces', 'agentgateway-crds-kubernetes-version', 'container-image-retired'];

/** Whether a problem (as verify or its JSON report gives it) is a known-defect warning of profile rhdev-2026-03 ({@link PROFILE_DEFECT_WARNINGS}). */
export function isProfileDefectProblem(p: { readonly rule?: string; readonly severity?: string }): boolean {
  return p.severity === 'warning' && OWN_OUTPUT_RULES.slice(1).includes(p.rule ?? '');
}

/** Whether a problem (as verify returns it) is a warning of {@link OWN_OUTPUT_RULES}. */
export function isOwnOutputProblem(p: { readonly rule?: string; readonly severity?: string }): boolean {
  return p.severity === 'warning' && OWN_OUTPUT_RULES.includes(p.rule ?? '');
}

/** Whether a formatted problem is the listener warning {@link OWN_OUTPUT_WARNING} (with or without a source). */
function isListenerWarning(shown: string): boolean {
  return shown.startsWith('warning: ') && shown.includes(OWN_OUTPUT_WARNING);
}

/** Whether a formatted problem is {@link OWN_OUTPUT_WARNING} or one of {@link PROFILE_DEFECT_WARNINGS} (with or without a source). */
export function isOwnOutputWarning(shown: string): boolean {
  return isListenerWarning(shown) || (shown.startsWith('warning: ') && PROFILE_DEFECT_WARNINGS.some((re) => re.test(shown)));
}

/** Formatted problems without the own-output warnings; throws when the listener warning is there more than once. */
export function withoutOwnWarning(shown: readonly string[]): string[] {
  if (shown.filter(isListenerWarning).length > 1) throw new Error(`the listener warning is reported more than once:\n${shown.join('\n')}`);
  return shown.filter((s) => !isOwnOutputWarning(s));
}

/**
 * The CLI's problem text (`N problems and M warnings:` and indented lines) without the lines of
 * the own-output warnings ({@link isOwnOutputWarning}), with the counts adjusted; throws unless
 * the listener warning is there exactly once.
 */
export function withoutOwnWarningText(text: string): string {
  const lines = text.split('\n');
  const at = lines.filter((l) => isListenerWarning(l.trimStart()));
  if (at.length !== 1) throw new Error(`expected the listener warning once in:\n${text}`);
  const removed = lines.filter((l) => isOwnOutputWarning(l.trimStart())).length;
  return lines.filter((l) => !isOwnOutputWarning(l.trimStart())).flatMap((l) => {
    const m = /^(?:(\d+ problems?) and )?(\d+) warnings?:$/.exec(l);
    if (!m) return [l];
    const left = Number(m[2]) - removed;
    const warnings = left ? `${left} warning${left === 1 ? '' : 's'}` : '';
    if (!m[1]) return warnings ? [`${warnings}:`] : [];
    return [`${m[1]}${warnings ? ` and ${warnings}` : ''}:`];
  }).join('\n');
}
