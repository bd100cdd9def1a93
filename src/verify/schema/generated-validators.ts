import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { requireGenerated } from '../../util/generated-modules';
import { packageFile } from '../../util/package-files';

/**
 * The validators generated at build time (scripts/validators.ts, `npm run validators`) for the
 * stored schema sets: `generated/validators/<set>.json` maps `apiVersion/kind` to a CommonJS
 * module and export there. Modules are required on first use, so only those of the kinds
 * actually validated are loaded; plain `require` of a path found with packageFile, so the same
 * code works from src/ under tsx, from lib/ and from a bundled CLI.
 */
export class GeneratedValidators {
  /**
   * The generated validators of schema set `set`, or undefined when the package has none for it
   * (then every kind is compiled at run time).
   */
  public static forSet(set: string): GeneratedValidators | undefined {
    let dir: string;
    try {
      dir = packageFile(GENERATED_DIR);
    } catch {
      return undefined;
    }
    const mapFile = path.join(dir, `${set}.json`);
    if (!fs.existsSync(mapFile)) return undefined;
    return new GeneratedValidators(dir, JSON.parse(fs.readFileSync(mapFile, 'utf8')));
  }

  private readonly modules = new Map<string, any>();

  private constructor(private readonly dir: string, private readonly map: Record<string, [string, string]>) {}

  /** The generated validator of `apiVersion/kind` (key), or undefined when none was generated. */
  public validatorFor(key: string): ValidateFunction | undefined {
    const entry = Object.prototype.hasOwnProperty.call(this.map, key) ? this.map[key] : undefined;
    if (!entry) return undefined;
    const [module, name] = entry;
    let mod = this.modules.get(module);
    if (!mod) {
      mod = requireGenerated(path.join(this.dir, module));
      this.modules.set(module, mod);
    }
    const fn = mod[name];
    if (typeof fn !== 'function') {
      throw new Error(`${GENERATED_DIR}/${module} has no validator '${name}' for ${key}: the generated validators are stale; reinstall the package (in a clone of the repository: npm run validators)`);
    }
    return fn;
  }

  /** The modules required so far (file names), for tests and measurements. */
  public get loadedModules(): string[] {
    return [...this.modules.keys()].sort();
  }
}

/** Where the generated validators live, relative to the package root. */
export const GENERATED_DIR = 'generated/validators';
