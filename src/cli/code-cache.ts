/**
 * Loads a bundled command file (lib/cli-synth.bundle.js, lib/cli-verify.bundle.js) with V8's
 * code cache, the way `module.enableCompileCache()` does on Node.js 22 (Node.js 20, which this
 * package supports, has no such switch). Only the bundled command (scripts/bundle-cli.ts) uses
 * this; the library and lib/src/cli.js load modules the ordinary way.
 *
 * The first run compiles the file as usual and, at exit, stores V8's compiled code (including
 * the functions that run compiled) in `$XDG_CACHE_HOME/cdk8s-model-gateway/code-cache` (default
 * `~/.cache/...`); later runs hand it back to V8, which skips parsing and compiling what it holds.
 * V8 itself rejects a cache made by another V8 version, with other flags or for another source
 * length, and the file name also keys on the bundle's path, size and modification time and the
 * node version, so a changed bundle never meets an old cache. Any failure (no home directory,
 * read-only disk, a rejected or damaged cache) falls back to an ordinary compile: the cache
 * changes how fast the command starts, never what it does.
 *
 * `CDK8S_MODEL_GATEWAY_CODE_CACHE=off` (or Node's own `NODE_DISABLE_COMPILE_CACHE=1`) turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** The cache folder, or undefined when caching is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CDK8S_MODEL_GATEWAY_CODE_CACHE === 'off' || (env.NODE_DISABLE_COMPILE_CACHE ?? '') !== '') return undefined;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'cdk8s-model-gateway', 'code-cache');
}

/** What happened to the cache on a load: `used` it, `written` one (at exit), or `none` (off or failed). */
export type CodeCacheUse = 'used' | 'written' | 'none';

/**
 * `require(file)` for a CommonJS file, through the code cache in `dir` (no cache: a plain
 * require). `onCache` learns what happened, for tests.
 */
export function requireWithCodeCache(file: string, dir: string | undefined = codeCacheDir(), onCache?: (use: CodeCacheUse) => void): unknown {
  const absolute = path.resolve(file);
  let source: string;
  let cacheFile: string;
  try {
    if (dir === undefined) throw new Error('off');
    source = fs.readFileSync(absolute, 'utf8');
    const stat = fs.statSync(absolute);
    const key = createHash('sha256').update([absolute, stat.size, stat.mtimeMs, process.version, process.arch, process.execArgv.join(' ')].join('\0')).digest('hex').slice(0, 32);
    cacheFile = path.join(dir, `${cachePrefix(absolute)}${key}.v8cache`);
  } catch {
    onCache?.('none');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(absolute);
  }
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  // A first-line `#!` is legal only at the very start of a script; inside node's module wrapper it
  // becomes a comment of the same length.
  const wrapped = Module.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source);
  const script = new vm.Script(wrapped, { filename: absolute, cachedData: cached });
  const used = cached !== undefined && !script.cachedDataRejected;
  const mod = new Module(absolute) as NodeJS.Module;
  mod.filename = absolute;
  require.cache[absolute] = mod;
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, createRequire(absolute), mod, absolute, path.dirname(absolute));
  mod.loaded = true;
  if (used) {
    onCache?.('used');
  } else if (!writable(dir!)) {
    // A read-only or missing home: no cache, and no cost at exit on every run.
    onCache?.('none');
  } else {
    // At exit V8 also holds the functions the command compiled while it ran.
    atExit(() => {
      const written = writeCache(script, dir!, cacheFile, cachePrefix(absolute));
      onCache?.(written ? 'written' : 'none');
    });
  }
  return mod.exports;
}

/** Cache writes waiting for the process to exit: one `exit` listener for all of them, however many files were loaded. */
const pendingWrites: Array<() => void> = [];

function atExit(write: () => void): void {
  if (pendingWrites.length === 0) {
    process.once('exit', () => {
      for (const w of pendingWrites.splice(0)) w();
    });
  }
  pendingWrites.push(write);
}

/** Whether the cache folder exists (created if need be) and can be written. */
function writable(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The start of every cache file name of one bundle file (its name, and a hash of its folder). */
function cachePrefix(file: string): string {
  return `${path.basename(file)}-${createHash('sha256').update(path.dirname(file)).digest('hex').slice(0, 8)}-`;
}

/** Writes the cache atomically (a temporary file, then rename) and drops older caches of the same file. */
function writeCache(script: vm.Script, dir: string, cacheFile: string, prefix: string): boolean {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    for (const f of fs.readdirSync(dir)) {
      if (f.startsWith(prefix) && f.endsWith('.v8cache') && path.join(dir, f) !== cacheFile) fs.rmSync(path.join(dir, f), { force: true });
    }
    return true;
  } catch {
    return false;
  }
}
