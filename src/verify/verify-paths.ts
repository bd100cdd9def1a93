import { schemaSetDir, SchemaValidator } from './schema/schema-validator';
import { StackDeclaration } from './model/stack';
import { LoadedManifests, loadManifests } from './input/manifests';
import { Problem } from './report/problem';
import { verifyObjects, VerifyResult } from './verify';

/** Options of {@link verifyPaths}: what `verify` takes besides the paths. */
export interface VerifyPathsOptions {
  /** Namespace for namespaced objects without one (`--namespace`); default `default`. */
  readonly namespace?: string;
  /** Fail on kinds with no schema (`--strict`). */
  readonly strict?: boolean;
  /** Objects that live elsewhere, `Kind/namespace/name` (`--assume`). */
  readonly assume?: readonly string[];
  /** Rule ids not to run (`--disable`). */
  readonly disable?: readonly string[];
  /** Rule ids to run that are off by default (`--enable`). */
  readonly enable?: readonly string[];
  /** Files or folders of user CRDs (`--schemas`). */
  readonly schemas?: readonly string[];
  /** The stack profile, platform and OpenShift release (`--profile`, `--platform`, `--openshift-version`); detected when absent. */
  readonly stack?: StackDeclaration;
}

/** What {@link verifyPaths} found. */
export interface PathsVerification {
  readonly loaded: LoadedManifests;
  /** apiVersion/kind pairs added by `schemas`. */
  readonly schemaKinds: number;
  /** Unreadable files first, then the verifier's problems, warnings included. */
  readonly problems: Problem[];
  /** Problems that are not warnings: `verify` fails when this is above 0. */
  readonly errors: number;
  readonly result: VerifyResult;
}

/**
 * `verify` on files and folders, the one path the CLI and the cdk8s-cli plugin share: loads
 * the manifests (skipping what is not Kubernetes), adds the user's CRDs and the CRDs found
 * among the inputs as schemas, and verifies the objects with each problem naming its file.
 * Throws a sentence for a bad namespace, an unusable `schemas` path or no objects at all.
 */
export function verifyPaths(paths: readonly string[], options: VerifyPathsOptions = {}): PathsVerification {
  const namespace = checkNamespace(options.namespace ?? 'default');
  const loaded = loadManifests(paths);
  if (loaded.manifests.length === 0 && loaded.unreadable.length === 0) {
    throw new Error(`no Kubernetes objects in ${shownPaths(paths)} (${loaded.files} file(s) read, ${loaded.skipped.length} skipped): give the files or folders that hold the manifests`);
  }
  let schemaKinds = 0;
  // The chosen profile's schema set, plus the user's CRDs and the CRDs found among the inputs
  // (a chart's crds/, an operator bundle), in a validator of this run's own.
  const validatorFor = (set: string): SchemaValidator => {
    const validator = new SchemaValidator(schemaSetDir(set));
    schemaKinds = addSchemas(validator, options.schemas ?? []);
    for (const m of loaded.manifests) {
      if (m.obj?.kind === 'CustomResourceDefinition' && m.obj?.apiVersion === 'apiextensions.k8s.io/v1') {
        try {
          validator.addCrd(m.obj, m.source);
        } catch {
          // an unusable CRD is reported by its own schema check
        }
      }
    }
    return validator;
  };
  const result = verifyObjects(loaded.manifests.map((m) => m.obj), undefined, namespace, {
    sources: loaded.manifests.map((m) => m.source),
    strict: options.strict,
    assume: options.assume ?? [],
    disable: options.disable,
    enable: options.enable,
    unreadable: loaded.unreadable,
    ...(options.stack ? { stack: options.stack } : {}),
    validatorFor,
  });
  const problems = result.problems;
  return { loaded, schemaKinds, problems, errors: problems.filter((p) => p.severity !== 'warning').length, result };
}

/** The inputs as given, standard input as `<stdin>`. */
export function shownPaths(paths: readonly string[]): string {
  return paths.map((p) => (p === '-' ? '<stdin>' : p)).join(', ');
}

/** `ns` when it is a Kubernetes namespace name; else a sentence naming it and the rule. */
export function checkNamespace(ns: unknown): string {
  if (ns === '') throw new Error("namespace: '' is empty (an unset variable?): give a namespace name such as llm-d, or leave the option out for 'default'");
  if (typeof ns !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) {
    throw new Error(`namespace: '${String(ns)}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63 characters)`);
  }
  return ns;
}

/** Adds the CRDs in `paths` to `validator`; the number of apiVersion/kind pairs added. */
function addSchemas(validator: SchemaValidator, paths: readonly string[]): number {
  let added = 0;
  for (const p of paths) {
    const loaded = loadManifests([p]);
    if (loaded.unreadable.length) throw new Error(`--schemas ${p}: ${loaded.unreadable[0].source} is not valid YAML: ${loaded.unreadable[0].message}`);
    const crds = loaded.manifests.filter((m) => m.obj?.kind === 'CustomResourceDefinition');
    if (!crds.length) throw new Error(`--schemas ${p} holds no CustomResourceDefinition: give CRD YAML files (apiextensions.k8s.io/v1)`);
    for (const m of loaded.manifests) added += validator.addCrd(m.obj, `--schemas ${m.source}`).length;
  }
  return added;
}
