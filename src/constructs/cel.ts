/**
 * A CEL string literal for `value`, double-quoted. Backslash and quote are escaped, and so is
 * every character that is not printable ASCII, so the expression is plain ASCII and reads the
 * same in any YAML or terminal.
 */
export function celString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp > 0x7e && cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp > 0xffff) out += `\\U${cp.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * The body-routing expression: a CEL map from every public model name to the base model it
 * routes to, indexed by the request body's `model` field, entries in the given order.
 * A name missing from the map, a body that is not JSON, or a request without a body makes the
 * expression fail; agentgateway then removes the header, so such requests match no route.
 */
export function celRoutingMap(entries: ReadonlyArray<readonly [string, string]>, modelField: string = 'json(request.body).model'): string {
  const lines = entries.map(([k, v]) => `  ${celString(k)}: ${celString(v)}`);
  return `{\n${lines.join(',\n')}\n}[${modelField}]`;
}
