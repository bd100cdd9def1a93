/**
 * A per-object change summary between two sets of manifests (e.g. the same catalog synthesized
 * under two stack profiles), compact enough for a GitOps reviewer to read at a glance: which
 * objects were added or removed, and for each changed object the field paths added, removed and
 * changed, with old → new values for scalars. Pure: no I/O, deterministic, bounded.
 */
import { sanitizeForTerminal } from '../util/text';

/** What happened to an object or a field. */
export type ChangeType = 'added' | 'removed' | 'changed';

/** One field that differs, by its dotted path in the object. */
export interface FieldChange {
  /**
   * Dotted path: `spec.replicas`, list items by index (`args[3]`) or, in lists whose items all
   * carry a distinct string `name`, by name (`containers[name=epp]`); keys that are not plain
   * identifiers are quoted (`metadata.labels["app.kubernetes.io/name"]`).
   */
  readonly path: string;
  readonly change: ChangeType;
  /** The value before (absent when added). */
  readonly before?: unknown;
  /** The value after (absent when removed). */
  readonly after?: unknown;
}

/** One object that was added, removed or changed. */
export interface ObjectChange {
  readonly change: ChangeType;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
  /** How many field paths were added, removed and changed (all of them, also those past the cap). */
  readonly counts: { readonly added: number; readonly removed: number; readonly changed: number };
  /** The first field changes by path, at most `maxPathsPerObject`; empty for added and removed objects. */
  readonly fields: readonly FieldChange[];
  /** Field changes left out by the cap. */
  readonly omitted: number;
}

/** The differences between two sets of objects. */
export interface ChangeSummary {
  /** Objects of the new set in their order, then objects only in the old set in theirs. */
  readonly objects: readonly ObjectChange[];
  /** Objects present in both sets and identical. */
  readonly unchanged: number;
}

/** Limits of a summary. */
export interface ChangeSummaryOptions {
  /** Field changes listed per object; the rest are counted as "and N more" (default 20). */
  readonly maxPathsPerObject?: number;
}

/** Limits of the text form. */
export interface FormatOptions {
  /** Characters of a value shown before it is cut with `…` (default 60). */
  readonly maxValueLength?: number;
}

/** Default cap on field paths listed per object. */
export const DEFAULT_MAX_PATHS = 20;
/** Default length at which a shown value is cut. */
export const DEFAULT_MAX_VALUE_LENGTH = 60;
/** Nesting below which subtrees are compared whole, never walked (hostile or cyclic input). */
export const MAX_DEPTH = 64;
/** Nodes a whole-subtree comparison visits at most before calling the subtrees different. */
const EQUAL_BUDGET = 1_000_000;

type Segment = { readonly key: string } | { readonly index: number } | { readonly name: string };
interface RawChange { readonly segments: readonly Segment[]; readonly change: ChangeType; readonly before?: unknown; readonly after?: unknown }

/**
 * The per-object differences from `before` to `after`. Objects are matched by kind, namespace
 * and name (the n-th of a repeated identity with the n-th); a difference in `apiVersion` is a
 * field change. Field changes are sorted by path; a field added or removed as a whole is one
 * change, not one per leaf.
 */
export function summarizeChanges(before: readonly unknown[], after: readonly unknown[], options: ChangeSummaryOptions = {}): ChangeSummary {
  const cap = Math.max(0, Math.floor(options.maxPathsPerObject ?? DEFAULT_MAX_PATHS));
  const old = keyed(before);
  const seen = new Set<string>();
  const objects: ObjectChange[] = [];
  let unchanged = 0;
  for (const [key, obj] of keyed(after)) {
    seen.add(key);
    const prev = old.get(key);
    if (prev === undefined) {
      objects.push(wholeObject('added', obj));
      continue;
    }
    const raw: RawChange[] = [];
    diff(prev, obj, [], raw);
    if (raw.length === 0) {
      unchanged++;
      continue;
    }
    raw.sort((a, b) => compareSegments(a.segments, b.segments));
    objects.push({
      change: 'changed',
      ...identity(obj),
      counts: countOf(raw),
      fields: raw.slice(0, cap).map((r) => ({ path: pathText(r.segments), change: r.change, before: r.before, after: r.after })),
      omitted: Math.max(0, raw.length - cap),
    });
  }
  for (const [key, obj] of old) if (!seen.has(key)) objects.push(wholeObject('removed', obj));
  return { objects, unchanged };
}

/**
 * The summary as text: one header line per object (`~ Deployment llm-d/x-epp: 3 changed, 1
 * added`, `+ Role llm-d/x-epp-sa`, `- Role llm-d/x-epp`), its field changes indented beneath
 * (`~ path: old → new`, `+ path: value`, `- path: value`, values as JSON, cut), `… and N more`
 * past the cap, and a closing line of totals. Control characters in names and values are shown
 * escaped.
 */
export function formatChangeSummary(summary: ChangeSummary, options: FormatOptions = {}): string {
  const max = Math.max(1, Math.floor(options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH));
  const lines: string[] = [];
  for (const o of summary.objects) {
    const title = `${MARK[o.change]} ${clean(o.kind)} ${o.namespace === undefined ? '' : `${clean(o.namespace)}/`}${clean(o.name)}`;
    const counts = (['changed', 'added', 'removed'] as const).filter((c) => o.counts[c] > 0).map((c) => `${o.counts[c]} ${c}`);
    lines.push(o.change === 'changed' ? `${title}: ${counts.join(', ')}` : title);
    for (const f of o.fields) lines.push(`    ${fieldLine(f, max)}`);
    if (o.omitted > 0) lines.push(`    … and ${o.omitted} more`);
  }
  lines.push(totals(summary));
  return `${lines.join('\n')}\n`;
}

const MARK: Record<ChangeType, string> = { added: '+', removed: '-', changed: '~' };

function fieldLine(f: FieldChange, max: number): string {
  const path = clean(f.path);
  if (f.change === 'changed') return `~ ${path}: ${shown(f.before, max)} → ${shown(f.after, max)}`;
  return `${MARK[f.change]} ${path}: ${shown(f.change === 'added' ? f.after : f.before, max)}`;
}

function totals(summary: ChangeSummary): string {
  const n = (c: ChangeType) => summary.objects.filter((o) => o.change === c).length;
  const parts = [`${n('changed')} changed`, `${n('added')} added`, `${n('removed')} removed`, `${summary.unchanged} unchanged`];
  const noun = (k: number) => (k === 1 ? 'object' : 'objects');
  if (summary.objects.length === 0) return `no changes: ${summary.unchanged} ${noun(summary.unchanged)} unchanged`;
  return `${summary.objects.length} ${noun(summary.objects.length)} ${summary.objects.length === 1 ? 'differs' : 'differ'}: ${parts.join(', ')}`;
}

/** A value as compact JSON (strings quoted, so `1 → "1"` shows a type change), cut at `max` characters. */
function shown(v: unknown, max: number): string {
  let text: string;
  try {
    text = v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  } catch {
    text = Array.isArray(v) ? '[…]' : '{…}'; // cyclic
  }
  const chars = [...text];
  return clean(chars.length > max ? `${chars.slice(0, max).join('')}…` : text);
}

function clean(s: string): string {
  return sanitizeForTerminal(s).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

// ---- objects ---------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own keys only: `constructor` or `__proto__` in a manifest are fields like any other. */
function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function identity(obj: unknown): { kind: string; namespace?: string; name: string } {
  const o = isRecord(obj) ? obj : {};
  const meta = isRecord(o.metadata) ? o.metadata : {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  return { kind: String(o.kind ?? '?'), ...(namespace === undefined ? {} : { namespace }), name: String(meta.name ?? '?') };
}

/** Objects by identity (kind, namespace, name, occurrence), in input order. */
function keyed(objects: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const counts = new Map<string, number>();
  for (const obj of objects) {
    const id = identity(obj);
    const base = JSON.stringify([id.kind, id.namespace ?? null, id.name]);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    out.set(`${base}#${n}`, obj);
  }
  return out;
}

function wholeObject(change: 'added' | 'removed', obj: unknown): ObjectChange {
  return { change, ...identity(obj), counts: { added: 0, removed: 0, changed: 0 }, fields: [], omitted: 0 };
}

function countOf(raw: readonly RawChange[]): ObjectChange['counts'] {
  const n = (c: ChangeType) => raw.filter((r) => r.change === c).length;
  return { added: n('added'), removed: n('removed'), changed: n('changed') };
}

// ---- fields ----------------------------------------------------------------------------

/** Appends the differences between `a` and `b` at `at` to `out`. */
function diff(a: unknown, b: unknown, at: readonly Segment[], out: RawChange[]): void {
  if (a === b) return;
  if (at.length >= MAX_DEPTH) {
    if (!deepEqual(a, b)) out.push({ segments: at, change: 'changed', before: a, after: b });
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const k of Object.keys(a)) {
      if (!has(b, k)) out.push({ segments: [...at, { key: k }], change: 'removed', before: a[k] });
      else diff(a[k], b[k], [...at, { key: k }], out);
    }
    for (const k of Object.keys(b)) if (!has(a, k)) out.push({ segments: [...at, { key: k }], change: 'added', after: b[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffList(a, b, at, out);
    return;
  }
  if (!deepEqual(a, b)) out.push({ segments: at, change: 'changed', before: a, after: b });
}

/** Lists of named items are matched by `name`, others by index. */
function diffList(a: readonly unknown[], b: readonly unknown[], at: readonly Segment[], out: RawChange[]): void {
  const byNameA = namedItems(a);
  const byNameB = namedItems(b);
  if (byNameA && byNameB) {
    for (const [name, item] of byNameA) {
      const seg = [...at, { name }];
      if (!byNameB.has(name)) out.push({ segments: seg, change: 'removed', before: item });
      else diff(item, byNameB.get(name), seg, out);
    }
    for (const [name, item] of byNameB) if (!byNameA.has(name)) out.push({ segments: [...at, { name }], change: 'added', after: item });
    return;
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const seg = [...at, { index: i }];
    if (i >= b.length) out.push({ segments: seg, change: 'removed', before: a[i] });
    else if (i >= a.length) out.push({ segments: seg, change: 'added', after: b[i] });
    else diff(a[i], b[i], seg, out);
  }
}

/** The items by name when every item is an object with a distinct string `name` (an empty list counts), else undefined. */
function namedItems(list: readonly unknown[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || out.has(item.name)) return undefined;
    out.set(item.name, item);
  }
  return out;
}

/** Structural equality without recursion, giving up (unequal) past a node budget, so cycles and depth cannot hang it. */
function deepEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  let budget = EQUAL_BUDGET;
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const [x, y] = stack.pop()!;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    if (isRecord(x) && isRecord(y)) {
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      for (const k of kx) {
        if (!has(y, k)) return false;
        stack.push([x[k], y[k]]);
      }
      continue;
    }
    return false;
  }
  return true;
}

// ---- paths -----------------------------------------------------------------------------

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Segments as a dotted path. */
function pathText(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += PLAIN_KEY.test(s.key) ? `${out ? '.' : ''}${s.key}` : `[${JSON.stringify(s.key)}]`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[name=${s.name}]`;
  }
  return out;
}

const RANK = (s: Segment) => ('key' in s ? 0 : 'index' in s ? 1 : 2);

/** Orders paths segment by segment: keys and names by code unit, indices by number, a parent before its children. */
function compareSegments(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (RANK(x) !== RANK(y)) return RANK(x) - RANK(y);
    const c = 'index' in x ? x.index - (y as { index: number }).index : compareText('key' in x ? x.key : x.name, 'key' in y ? y.key : (y as { name: string }).name);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
