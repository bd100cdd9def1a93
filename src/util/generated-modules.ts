/**
 * Loading of the modules generated at build time (generated/validators/): plain `require`,
 * unless the command's entry installed another loader. The bin installs one that goes through
 * V8's code cache (src/cli/code-cache.ts), as for its own command bundles, so those modules are
 * not compiled again on every run; the library never writes a cache.
 *
 * The loader is kept under a global symbol rather than in this module: each bundled command
 * carries its own copy of this module, and the bin's entry must reach theirs.
 */
const LOADER = Symbol.for('cdk8s-model-gateway.generated-module-loader');

/** How a generated module file is loaded. */
export type ModuleLoader = (file: string) => unknown;

/** Makes {@link requireGenerated} load through `loader` from now on in this process. */
export function installGeneratedModuleLoader(loader: ModuleLoader): void {
  (globalThis as Record<symbol, unknown>)[LOADER] = loader;
}

/** `require(file)` for a generated module (an absolute path), through the installed loader if any. */
export function requireGenerated(file: string): any {
  const loader = (globalThis as Record<symbol, unknown>)[LOADER];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return typeof loader === 'function' ? (loader as ModuleLoader)(file) : require(file);
}
