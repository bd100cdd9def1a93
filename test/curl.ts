/**
 * Reads a README `curl` line as the request it sends, so the routing simulator can answer it:
 * shell words (single and double quotes, `$NAME` from `vars`), `-X`, `-H`, `-d`/`--data`/
 * `--data-binary`/`--json` and the URL; other flags (`-s`, `-S`, `-i`, `-w ...`) are ignored.
 */
export interface CurlRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const VALUE_FLAGS = new Set(['-w', '--write-out', '-o', '--output', '-u', '--user']);

export function parseCurl(line: string, vars: Record<string, string> = {}): CurlRequest {
  const words = shellWords(line, vars);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${line}`);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-X' || w === '--request') method = words[++i];
    else if (w === '-H' || w === '--header') {
      const h = words[++i];
      const c = h.indexOf(':');
      headers[h.slice(0, c).trim().toLowerCase()] = h.slice(c + 1).trim();
    } else if (w === '-d' || w === '--data' || w === '--data-binary' || w === '--data-raw') body = words[++i];
    else if (w === '--json') {
      body = words[++i];
      headers['content-type'] ??= 'application/json';
    } else if (VALUE_FLAGS.has(w)) i++;
    else if (w.startsWith('-')) continue;
    else url = w;
  }
  if (!url) throw new Error(`no URL in: ${line}`);
  const u = new URL(url);
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), path: u.pathname + u.search, headers, body };
}

function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  const expand = (s: string) => s.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_m, n) => {
    if (!(n in vars)) throw new Error(`unknown variable $${n} in: ${line}`);
    return vars[n];
  });
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      cur += expand(line.slice(i + 1, end));
      i = end;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      let j = i;
      while (j < line.length && !/[\s'"]/.test(line[j])) j++;
      cur += expand(line.slice(i, j));
      i = j - 1;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
