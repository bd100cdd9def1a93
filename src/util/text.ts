/**
 * Levenshtein distance between `a` and `b`, for did-you-mean hints. Bounded: strings longer
 * than 64 characters are never near misses, so hostile input costs at most 64 × 64 steps.
 */
export function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * `s` made safe to print on a terminal: control characters (ESC, CR, BEL, backspace, C1 codes,
 * DEL...) become visible escapes such as `\x1b`, so input echoed in a message cannot move the
 * cursor, recolour, retitle or hide text. Tab and newline stay (messages are multi-line);
 * Unicode bidirectional overrides are escaped too.
 */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const cp = c.charCodeAt(0);
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}
