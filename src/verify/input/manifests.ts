import * as fs from 'node:fs';
import * as path from 'node:path';
import { kustomizeFileRoles } from './kustomize';
import { MANIFEST_YAML_LIMITS, nonFiniteNumber, parseYamlDocuments, YamlDocument } from '../../util/yaml';
import { appendAll } from '../../util/arrays';

/** One Kubernetes object and where it was read from. */
export interface Manifest {
  readonly obj: any;
  /** `file#document` (1-based). */
  readonly source: string;
}

/** A file (or one document of it) that holds no Kubernetes object, and why it was passed over. */
export interface SkippedFile {
  /** `file` or `file#document`. */
  readonly source: string;
  /** Why, e.g. `kustomize configuration`, `Helm chart metadata`. */
  readonly reason: string;
}

/** A file that should hold Kubernetes objects but cannot be read as YAML. */
export interface UnreadableFile {
  readonly source: string;
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Limits on what the loader reads, so a huge tree or a symlink loop stops early with a sentence. */
export interface LoadLimits {
  /** Most files read (default 10,000). */
  readonly maxFiles?: number;
  /** Most bytes read over all files (default 640 MiB: synth's output of 30,000 models of the default shape is about 450 MB). */
  readonly maxTotalBytes?: number;
  /** Most bytes in one file (default 32 MiB). */
  readonly maxFileBytes?: number;
  /** Deepest directory nesting followed (default 32). */
  readonly maxDepth?: number;
  /** Most directory entries looked at, manifests or not (default 100,000): a link to `/` stops early. */
  readonly maxEntries?: number;
}

/** What {@link loadManifests} found. */
export interface LoadedManifests {
  readonly manifests: Manifest[];
  /** Files and documents that are not Kubernetes objects, in path order. */
  readonly skipped: SkippedFile[];
  /** Files that are not valid YAML (and are not templates). */
  readonly unreadable: UnreadableFile[];
  /** Files read. */
  readonly files: number;
}

/** Default limits of {@link loadManifests}. */
export const DEFAULT_LOAD_LIMITS: Required<LoadLimits> = { maxFiles: 10_000, maxTotalBytes: 640 * 1024 * 1024, maxFileBytes: 32 * 1024 * 1024, maxDepth: 32, maxEntries: 100_000 };

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const HELM_VALUES = 'Helm values';
const TEMPLATE = 'a Go template, not rendered (run helm template and verify its output)';
/** A Helm template action: `{{ .Values.x }}`, `{{- include ... }}`, `{{ if ... }}`, `{{ end }}`. */
const HELM_ACTION = /\{\{-?\s*(\.(Values|Release|Chart|Capabilities|Files)\b|\$|(include|template|toYaml|tpl|if|else|range|with|end|define)\b)/;
/** A shell-style placeholder, `${NAME}`, as envsubst and CI templates use. */
const SHELL_PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;
/** Fewest values a file may expand to, whatever its length. */
const MIN_NODE_BUDGET = 100_000;

/**
 * Every Kubernetes object in the given files and directories (directories recursively, each
 * sorted by path; symlinks followed once). What is not a Kubernetes object is skipped and
 * reported, not an error: kustomize files, Helm `Chart.yaml` and `values*.yaml`, documents
 * without `apiVersion` and `kind`, and unrendered Go templates. A missing path, a symlink loop
 * or a tree past the limits is an error naming the path and the limit.
 */
export function loadManifests(paths: readonly string[], limits: LoadLimits = {}): LoadedManifests {
  const lim = { ...DEFAULT_LOAD_LIMITS, ...limits };
  const skipped: SkippedFile[] = [];
  const files = collectFiles(paths, lim, skipped);
  const manifests: Manifest[] = [];
  const unreadable: UnreadableFile[] = [];
  let total = 0;
  // Patches and plugin configurations a kustomization names are partial objects, not manifests;
  // a Helm chart's templates/ are not rendered yet.
  const roles = new Map<string, string>();
  const charts = files.filter((f) => skipByName(f.file) === 'Helm chart metadata' && path.basename(f.file).toLowerCase() === 'chart.yaml')
    .map((f) => `${path.resolve(path.dirname(f.file), 'templates')}${path.sep}`);
  for (const { file } of files) {
    if (charts.some((t) => path.resolve(file).startsWith(t))) roles.set(path.resolve(file), TEMPLATE);
  }
  for (const { file, label } of files) {
    if (skipByName(file) !== 'kustomize configuration') continue;
    for (const [f, role] of kustomizeFileRoles(file, readBounded(file, label, lim.maxFileBytes))) roles.set(f, `${role} (named by ${label})`);
  }
  for (const { file, label } of files) {
    const text = file === STDIN ? readBounded(STDIN, label, lim.maxFileBytes) : undefined;
    total += text !== undefined ? Buffer.byteLength(text) : fs.statSync(file).size;
    if (total > lim.maxTotalBytes) throw new Error(`the inputs hold more than ${lim.maxTotalBytes} bytes of manifests (limit reached at ${label}): verify a smaller folder`);
    const why = file === STDIN ? undefined : skipByName(file) ?? roles.get(path.resolve(file));
    if (why && why !== HELM_VALUES) {
      skipped.push({ source: label, reason: why });
      continue;
    }
    const r = readManifests(text ?? readBounded(file, label, lim.maxFileBytes), label);
    // A file named like Helm values that holds Kubernetes objects is a manifest after all.
    if (why === HELM_VALUES && r.manifests.length === 0 && r.unreadable.length === 0) {
      skipped.push({ source: label, reason: why });
      continue;
    }
    appendAll(manifests, r.manifests);
    appendAll(skipped, r.skipped);
    appendAll(unreadable, r.unreadable);
  }
  return { manifests, skipped, unreadable, files: files.length };
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** The path that means standard input (`kustomize build | verify -`). */
export const STDIN = '-';

/** The text of `file` (or standard input for `-`), reading at most `max` bytes: past that, an error naming it. */
function readBounded(file: string, label: string, max: number): string {
  const fd = file === STDIN ? 0 : openRegularFile(file, label);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // A regular file is read into one buffer of its size (one byte more shows it grew past
    // the limit); a pipe in 64 KiB chunks.
    const stat = fd === 0 ? undefined : fs.fstatSync(fd);
    if (stat?.isFile()) return readWhole(fd, label, max, Math.min(stat.size, max) + 1);
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') { // a non-blocking pipe not ready yet
          Atomics.wait(PAUSE, 0, 0, 10);
          continue;
        }
        if ((err as NodeJS.ErrnoException).code === 'EOF') break;
        throw new Error(`cannot read ${label}: ${(err as Error).message}`);
      }
      if (n === 0) break;
      size += n;
      if (size > max) throw new Error(`${label} is over the limit of ${max} bytes per file: split it or leave it out`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text of the regular file open as `fd`, read into a buffer of `capacity` bytes (its size
 * when opened, plus one), grown if the file grows; past `max` bytes an error naming `label`.
 */
function readWhole(fd: number, label: string, max: number, capacity: number): string {
  let buf = Buffer.allocUnsafe(capacity);
  let size = 0;
  for (;;) {
    if (size === buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, size);
      buf = bigger;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buf, size, buf.length - size, null);
    } catch (err) {
      throw new Error(`cannot read ${label}: ${(err as Error).message}`);
    }
    if (n === 0) break;
    size += n;
    if (size > max) throw new Error(`${label} is over the limit of ${max} bytes per file: split it or leave it out`);
  }
  return buf.toString('utf8', 0, size);
}

/** Every object in the `.yaml`, `.yml` and `.json` files under `dir`; throws on unreadable files. */
export function loadManifestDir(dir: string, limits: LoadLimits = {}): Manifest[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`'${dir}' is not a directory of manifests`);
  const r = loadManifests([dir], limits);
  if (r.unreadable.length) throw new Error(`${r.unreadable[0].source}: ${r.unreadable[0].message}`);
  return r.manifests;
}

/**
 * Objects of a multi-document YAML (or JSON) text; empty documents are skipped, `List`s
 * flattened. Throws on invalid YAML or a document that is not a mapping.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs = parseYamlDocuments(text, MANIFEST_YAML_LIMITS);
  const bad = firstProblem(docs);
  if (bad) throw new Error(`${source}${docs.length > 1 ? `#${bad.index + 1}` : ''}: ${bad.message}`);
  const out: Manifest[] = [];
  docs.forEach(({ value: obj }: any, i) => {
    if (obj === null || obj === undefined) return;
    if (typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${source}: document ${i + 1} is not a Kubernetes object`);
    appendAll(out, flatten(obj, `${source}#${i + 1}`));
  });
  return out;
}

/**
 * Like {@link parseManifests}, but what is not a Kubernetes object is skipped with a reason
 * instead of failing: documents without `apiVersion`/`kind`, kustomize kinds, and (when the
 * text is not YAML) unrendered Go templates.
 */
export function readManifests(text: string, source: string): { manifests: Manifest[]; skipped: SkippedFile[]; unreadable: UnreadableFile[] } {
  const manifests: Manifest[] = [];
  const skipped: SkippedFile[] = [];
  // Valid YAML can still be a template (`name: "{{ .Release.Name }}"`): its values are not real.
  if (HELM_ACTION.test(text)) return { manifests, skipped: [{ source, reason: TEMPLATE }], unreadable: [] };
  const parsed = parseYamlDocuments(text, MANIFEST_YAML_LIMITS);
  // One walk over the documents finds the first problem and counts the values.
  const scan = scanDocuments(parsed);
  const bad = scan.problem;
  if (bad) {
    if (bad.syntax && /\{\{[-\s]/.test(text)) return { manifests, skipped: [{ source, reason: TEMPLATE }], unreadable: [] };
    const at = parsed.length > 1 ? `${source}#${bad.index + 1}` : source;
    // `{x: ${A}}` is not YAML: a shell-style template left unrendered.
    const fix = bad.syntax && SHELL_PLACEHOLDER.test(text) ? 'render the template first: it holds ${...} placeholders (envsubst or the tool that fills them)' : bad.fix;
    return { manifests, skipped, unreadable: [{ source: at, message: bad.message, fix }] };
  }
  const docs = parsed.map((d) => d.value);
  // Aliases share nodes in memory but every later step copies them: bound the expanded size.
  const budget = Math.max(MIN_NODE_BUDGET, text.length);
  // The list of documents counts as one value, plus each document's values.
  if (1 + scan.values > budget) {
    return { manifests, skipped, unreadable: [{ source, message: `expands to more than ${budget} values through YAML aliases (an alias bomb?)`, fix: 'write it without anchors and aliases' }] };
  }
  docs.forEach((obj: any, i) => {
    if (obj === null || obj === undefined) return;
    const at = docs.length > 1 ? `${source}#${i + 1}` : source;
    const why = skipByContent(obj);
    if (why) skipped.push({ source: at, reason: why });
    else appendAll(manifests, flatten(obj, `${source}#${i + 1}`));
  });
  return { manifests, skipped, unreadable: [] };
}

/** Why a file is not a manifest, judged by its name alone; undefined when it may be one. */
export function skipByName(file: string): string | undefined {
  const base = path.basename(file).toLowerCase();
  if (['kustomization.yaml', 'kustomization.yml', 'kustomization'].includes(base)) return 'kustomize configuration';
  if (base === 'chart.yaml' || base === 'chart.lock') return 'Helm chart metadata';
  if (/^values([-.].*)?\.ya?ml$/.test(base) || base === 'values.schema.json') return HELM_VALUES;
  return undefined;
}

/** Why a parsed document is not a Kubernetes object to verify; undefined when it is one. */
export function skipByContent(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'not a Kubernetes object (no apiVersion and kind)';
  const o = obj as any;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return 'not a Kubernetes object (no apiVersion and kind)';
  if (o.apiVersion.startsWith('kustomize.config.k8s.io/')) return 'kustomize configuration';
  return undefined;
}

function flatten(obj: any, source: string): Manifest[] {
  const items = typeof obj.kind === 'string' && /List$/.test(obj.kind) && Array.isArray(obj.items) ? obj.items : [obj];
  return items.map((item: any) => ({ obj: item, source }));
}

/**
 * {@link firstProblem} of `docs`, and (when there is none) how many values the documents hold
 * with aliases expanded (a value reached through two aliases counts twice): each document read once.
 */
function scanDocuments(docs: readonly YamlDocument[]): { problem?: ReturnType<typeof firstProblem>; values: number } {
  let values = 0;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (d.error !== undefined) return { problem: firstProblem(docs.slice(0, i + 1)), values };
    const scanned = countValues(d.value);
    if (scanned.nonFinite) return { problem: firstProblem(docs.slice(0, i + 1)), values };
    values += scanned.values;
  }
  return { values };
}

/** How many values `value` holds (itself included, aliases expanded), and whether one is a number JSON cannot hold. */
function countValues(value: unknown): { values: number; nonFinite: boolean } {
  let values = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    values++;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { values, nonFinite: true };
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push(v[i]);
      } else {
        for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return { values, nonFinite: false };
}

/** The first document that cannot be taken as Kubernetes would take it: its index, why, and the fix. */
function firstProblem(docs: readonly YamlDocument[]): { index: number; message: string; fix: string; syntax: boolean } | undefined {
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (d.error !== undefined) {
      return { index: i, message: d.error, fix: d.fix, syntax: d.problem === 'syntax' };
    }
    const at = nonFiniteNumber(d.value);
    if (at) {
      return { index: i, message: `holds .inf or .nan at ${at}, which JSON cannot hold, so kubectl refuses the file`, fix: `quote the value at ${at} or write a finite number`, syntax: false };
    }
  }
  return undefined;
}

/** The manifest files under `paths`, with the label each is reported by. */
function collectFiles(paths: readonly string[], lim: Required<LoadLimits>, skipped: SkippedFile[]): { file: string; label: string }[] {
  const out: { file: string; label: string }[] = [];
  const seen = new Set<string>();
  const seenEntries = { count: 0 };
  const add = (file: string, label: string) => {
    const real = fs.realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    if (out.length >= lim.maxFiles) throw new Error(`the inputs hold more than ${lim.maxFiles} manifest files (limit reached at ${label}): verify a smaller folder`);
    out.push({ file, label });
  };
  for (const p of paths) {
    if (p === '') throw new Error('an input path is empty (an unset shell variable?): give manifest files or folders, e.g. dist/');
    if (p === STDIN) {
      if (out.some((f) => f.file === STDIN)) throw new Error("'-' (standard input) is given twice: give it once");
      out.push({ file: STDIN, label: '<stdin>' });
      continue;
    }
    const stat = statOrUndefined(p);
    if (!stat) throw new Error(`no such file or directory: ${p}`);
    if (stat.isDirectory()) walk(p, p, new Set([fs.realpathSync(p)]), 0, lim, add, skipped, seenEntries);
    else if (stat.isFile()) add(p, p);
    else throw new Error(`${p} is not a regular file or directory: give manifest files or folders`);
  }
  return out;
}

function walk(dir: string, root: string, ancestors: Set<string>, depth: number, lim: Required<LoadLimits>, add: (file: string, label: string) => void, skipped: SkippedFile[], seen: { count: number }) {
  if (depth > lim.maxDepth) throw new Error(`${dir} is nested more than ${lim.maxDepth} directories deep: verify a smaller folder`);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new Error(`cannot read directory ${dir}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
  seen.count += entries.length;
  if (seen.count > lim.maxEntries) throw new Error(`the inputs hold more than ${lim.maxEntries} files and folders (limit reached in ${dir}): verify a smaller folder, or remove a link to a large tree`);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue; // .git, editor and tool state
    const p = path.join(dir, e.name);
    const stat = statOrUndefined(p); // follows symlinks; a dangling one is passed over
    if (!stat) continue;
    const label = path.join(root, path.relative(root, p));
    if (stat.isDirectory()) {
      const real = fs.realpathSync(p);
      if (ancestors.has(real)) throw new Error(`${label} is a symlink loop (it leads back to a folder above it): remove the link or verify another folder`);
      walk(p, root, new Set([...ancestors, real]), depth + 1, lim, add, skipped, seen);
    } else if (MANIFEST_FILE.test(e.name) || e.name.toLowerCase() === 'kustomization') {
      // A device or FIFO behind a manifest's name would never end (or block): it is not read.
      if (stat.isFile()) add(p, label);
      else skipped.push({ source: label, reason: `${specialKind(stat)}, not a regular file, so it is not read` });
    }
  }
}

/**
 * Opens `file` for reading without blocking (a FIFO with no writer would block `open`), and
 * refuses what is not a regular file by then: it may have been swapped since it was listed.
 */
function openRegularFile(file: string, label: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${label}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied (make it readable for this user)' : code === 'ENOENT' ? 'it was removed while verifying' : (err as Error).message}`);
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new Error(`${label} is ${specialKind(stat)}, not a regular file: give manifest files or folders`);
  }
  return fd;
}

/** `a device`, `a named pipe (FIFO)`, `a socket`: what a non-regular file is. */
function specialKind(stat: fs.Stats): string {
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
