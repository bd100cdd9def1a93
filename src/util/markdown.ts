/**
 * Escaping for the Markdown reports: names from manifests (model names, object names) are
 * shown exactly, never as live Markdown, HTML or Mermaid markup.
 */

/** Control and other invisible characters shown as `\u{…}`, so a name cannot break a line. */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/**
 * `s` as a Markdown code span: HTML and Markdown inside it are shown as text. The fence is
 * one backtick longer than the longest run of backticks in `s` (CommonMark), with padding
 * when `s` starts or ends with one; in a table cell `|` is escaped as GFM requires.
 */
export function codeSpan(s: string, inTable: boolean = true): string {
  const text = visible(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * `s` inside a quoted Mermaid label: every character that Mermaid or its HTML labels could
 * read as markup becomes a numeric entity code (`#60;` for `<`).
 */
export function mermaidLabel(s: string): string {
  return `"${visible(s).replace(/[#"<>&`|[\]{}()\\*_~]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

/** FNV-1a 32-bit hash of `s`, as 8 hex digits. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A Mermaid node id derived from `name` alone, so it does not move when other nodes are
 * added: `prefix`, the name's letters and digits (readable), and a hash of the exact name
 * (distinct names that read alike stay distinct).
 */
export function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 40)}_${fnv1a(name)}`;
}
