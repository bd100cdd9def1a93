/**
 * A problem found by a check: which option, its value, what is wrong and what to do. The
 * constructs throw sentences built from these; the catalog puts the same problems under its
 * own paths. Checks are pure functions that return problems and never throw.
 */
export interface Problem {
  /**
   * The option, relative to what the check was given: `replicas`, `routeTimeout`. Empty when
   * the problem is about the whole entry (a model listed twice).
   */
  readonly path: string;
  /** The offending value as shown to the user: `-2`, `'512Mi'`, `300s`. */
  readonly value: string;
  /**
   * What is wrong, as a clause that follows the option's name (or the subject, without a path);
   * it names the value unless the subject does (`model 'a/b' is listed twice`).
   */
  readonly message: string;
  /** What to do about it; empty when the message already says what is allowed. */
  readonly fix: string;
}

/** A problem with an option: `path`, shown `value`, `message` and `fix`. */
export function problem(path: string, value: string, message: string, fix: string = ''): Problem {
  return { path, value, message, fix };
}

/**
 * One sentence for a problem: `<subject>: '<path>' <message>: <fix>`, e.g.
 * `model 'a/b': 'replicas' must be a whole number from 0 to 1000, got -2`. Without a path:
 * `<subject> <message>: <fix>`.
 */
export function problemSentence(p: Problem, subject: string = ''): string {
  const field = p.path ? `'${p.path}'` : '';
  const head = subject && field ? `${subject}: ${field}` : subject || field;
  return `${[head, p.message].filter(Boolean).join(' ')}${p.fix ? `: ${p.fix}` : ''}`;
}

/** One sentence for a problem put under a path of its own: `<at>: <message>: <fix>` (a catalog's `gateway.port`). */
export function problemAt(at: string, p: Problem): string {
  return `${at}: ${p.message}${p.fix ? `: ${p.fix}` : ''}`;
}

/** The sentences of `problems`, one per line, for an error thrown by a construct. */
export function problemText(problems: readonly Problem[], subject: string = ''): string {
  return problems.map((p) => problemSentence(p, subject)).join('\n');
}

/** Throws the sentences of `problems` as one error; does nothing when there are none. */
export function throwIfAny(problems: readonly Problem[], subject: string = ''): void {
  if (problems.length) throw new Error(problemText(problems, subject));
}

/** A string value as shown in messages: in single quotes. */
export function quoted(value: string): string {
  return `'${value}'`;
}
