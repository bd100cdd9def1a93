import { CelScalar, celEnv, celFunc, celMethod, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { K8S_CEL_LIBS } from './cel-k8s-libs';
import { CelBudget, expressionLengthProblem, instrument, shapeProblem, STEP_FUNCTION } from './cel-limits';
import { ParsedRules } from './cel-parsed';
import { compileRe2 } from '../simulator/regex';

/** A failed `x-kubernetes-validations` rule. */
export interface RuleProblem {
  /** Dotted path of the field the rule reports on. */
  readonly field: string;
  /** The rule's upstream message (or its evaluated messageExpression). */
  readonly message: string;
}

/** Counts of one evaluation. */
export interface RuleStats {
  /** Rules evaluated. */
  evaluated: number;
  /** Transition rules (using `oldSelf`) skipped: there is no previous object offline. */
  skippedTransition: number;
}

type Program = (ctx: Record<string, unknown>) => unknown;

// CEL words Kubernetes escapes in property names (apiextensions-apiserver's CEL escaping).
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

const NEEDS_ESCAPE = /__|[./-]/;

/** A property name as CEL rules see it: `namespace` → `__namespace__`, `a-b` → `a__dash__b`. */
export function celPropertyName(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  // Most names need no escape: one scan instead of four replaces.
  if (!NEEDS_ESCAPE.test(name)) return name;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/**
 * Evaluates the `x-kubernetes-validations` rules of a structural schema against an object,
 * the way the API server does for custom resources: `self` is the value at the rule's node,
 * integers are CEL ints, property names are escaped, and the Kubernetes string functions,
 * global `matches()` and the URL and quantity functions the pinned CRDs use are available. Rules using `oldSelf` are skipped and counted.
 */
export class CelRuleEvaluator {
  private readonly budget = new CelBudget();
  private readonly env = celEnv({
    funcs: [
      celFunc(STEP_FUNCTION, [CelScalar.DYN], CelScalar.DYN, (x: any) => {
        if (!this.budget.step()) throw new Error(this.budget.exceeded);
        return x;
      }),
      ...strings,
      // Kubernetes' URL and quantity libraries, as far as the pinned CRDs use them.
      ...K8S_CEL_LIBS,
      // Both spellings go through one RE2 engine with explicit pattern limits.
      celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, celMatches),
      celMethod('matches', CelScalar.STRING, [CelScalar.STRING], CelScalar.BOOL, function matches(this: string, re: string) {
        return celMatches(this, re);
      }),
    ],
  });
  private readonly programs = new Map<string, Program>();

  /** `parsedRules`: the stored CRDs' rules parsed at build time (default: the package's); a rule not among them is parsed here. */
  constructor(private readonly parsedRules: ParsedRules = ParsedRules.shipped()) {}

  /** Problems of `value` (already defaulted) under `schema`; adds to `stats`. */
  public evaluate(schema: any, value: unknown, stats: RuleStats, path: string = ''): RuleProblem[] {
    const problems: RuleProblem[] = [];
    this.budget.resetObject();
    this.walk(schema, value, path, stats, problems);
    return problems;
  }

  private walk(schema: any, value: unknown, path: string, stats: RuleStats, out: RuleProblem[]): void {
    if (value === undefined || value === null || !schema || typeof schema !== 'object') return;
    const rules: any[] = schema['x-kubernetes-validations'] ?? [];
    if (rules.length) {
      let self: unknown;
      for (const rule of rules) {
        if (/\boldSelf\b/.test(rule.rule)) {
          stats.skippedTransition++;
          continue;
        }
        self ??= toCel(value, schema);
        stats.evaluated++;
        const result = this.run(rule.rule, { self });
        if (result === true) continue;
        const field = rule.fieldPath ? joinPath(path, String(rule.fieldPath).replace(/^\./, '')) : path;
        if (typeof result !== 'boolean') {
          const why = isCelError(result) ? result.message : (result as { message?: string })?.message ?? typeof result;
          out.push({ field, message: `rule could not be evaluated (${why}): ${clip(rule.rule)}` });
          continue;
        }
        let message = rule.message ?? `failed rule: ${rule.rule}`;
        if (rule.messageExpression) {
          const m = this.run(rule.messageExpression, { self });
          if (typeof m === 'string' && m) message = m;
        }
        out.push({ field, message });
      }
    }
    if (Array.isArray(value)) {
      if (schema.items) value.forEach((v, i) => this.walk(schema.items, v, `${path}[${i}]`, stats, out));
      return;
    }
    if (typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (schema.properties) {
      for (const [k, child] of Object.entries<any>(schema.properties)) {
        if (obj[k] !== undefined) this.walk(child, obj[k], joinPath(path, k), stats, out);
      }
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      for (const [k, v] of Object.entries(obj)) this.walk(schema.additionalProperties, v, joinPath(path, k), stats, out);
    }
  }

  private run(expression: string, ctx: Record<string, unknown>): unknown {
    let program = this.programs.get(expression);
    if (!program) {
      program = this.compile(expression);
      this.programs.set(expression, program);
    }
    this.budget.resetCall();
    let result: unknown;
    try {
      result = program(ctx);
    } catch (err) {
      result = { message: (err as Error).message, __error: true };
    }
    return this.budget.exceeded ? { message: this.budget.exceeded } : result;
  }

  /** A program for `expression`, or one that returns why it is not evaluated (too long, too deep, does not parse). */
  private compile(expression: string): Program {
    const refuse = (message: string): Program => () => ({ message });
    if (typeof expression !== 'string') return refuse('the rule is not a string');
    const long = expressionLengthProblem(expression);
    if (long) return refuse(`the expression ${long}`);
    try {
      // The same tree parse() gives, from the build-time file when the rule is a stored CRD's.
      const expr: any = this.parsedRules.expr(expression) ?? parse(expression).expr;
      const deep = shapeProblem(expr);
      if (deep) return refuse(`the expression ${deep}`);
      instrument(expr, 1n << 40n);
      return plan(this.env, expr) as Program;
    } catch (err) {
      return refuse(err instanceof RangeError ? 'the expression nests too deeply to parse' : `does not parse: ${(err as Error).message}`);
    }
  }
}

/** A rule's text for a message: at most 200 characters. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * CEL `matches()`: whether some part of `s` matches the RE2 pattern `re`, in linear time; an
 * invalid pattern is an evaluation error, as in CEL.
 */
export function celMatches(s: string, re: string): boolean {
  const c = compileRe2(re);
  if (!c.matcher) throw new Error(`matches(): the pattern ${JSON.stringify(re.slice(0, 80))} ${c.problem}`);
  return c.matcher.find(s);
}

/** Converts a JSON value to what a CEL rule sees under `schema`. */
export function toCel(value: unknown, schema: any): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || (schema?.type === undefined && Number.isInteger(value));
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const props = schema?.properties;
    const addl = schema?.additionalProperties;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (props && props[k]) out[celPropertyName(k)] = toCel(v, props[k]);
      else if (addl && typeof addl === 'object') out[k] = toCel(v, addl);
      else out[props ? celPropertyName(k) : k] = toCel(v, undefined);
    }
    return out;
  }
  return value;
}

function joinPath(path: string, key: string): string {
  if (/^\[/.test(key)) return `${path}${key}`;
  return path ? `${path}.${key}` : key;
}
