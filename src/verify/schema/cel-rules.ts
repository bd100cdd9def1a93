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
  private readonly nodes = new WeakMap<object, NodeInfo>();
  private readonly transition = new Map<string, boolean>();

  /** `parsedRules`: the stored CRDs' rules parsed at build time (default: the package's); a rule not among them is parsed here. */
  constructor(private readonly parsedRules: ParsedRules = ParsedRules.shipped()) {}

  /** Problems of `value` (JSON data, already defaulted: the validator's copy) under `schema`; adds to `stats`. */
  public evaluate(schema: any, value: unknown, stats: RuleStats, path: string = ''): RuleProblem[] {
    const problems: RuleProblem[] = [];
    this.budget.resetObject();
    this.walk(schema, value, path, stats, problems);
    return problems;
  }

  private walk(schema: any, value: unknown, path: string, stats: RuleStats, out: RuleProblem[]): void {
    if (value === undefined || value === null || !schema || typeof schema !== 'object') return;
    // A schema subtree without rules has nothing to evaluate: not visited.
    const info = this.nodeInfo(schema);
    if (!info.subtreeHasRules) return;
    const rules: any[] = schema['x-kubernetes-validations'] ?? [];
    if (rules.length) {
      let self: unknown;
      let json: string | undefined;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (this.isTransition(rule.rule)) {
          stats.skippedTransition++;
          continue;
        }
        stats.evaluated++;
        // The same rule on an equal value passes again, at the same cost (see NodeInfo.passed).
        let key: string | undefined;
        if (info.passed) {
          json ??= JSON.stringify(value);
          key = `${i}\u0000${json}`;
          const steps = info.passed.get(key);
          if (steps !== undefined && this.budget.charge(steps)) continue;
        }
        self ??= toCel(value, schema);
        const result = this.run(rule.rule, { self });
        if (result === true) {
          if (key !== undefined && key.length <= MAX_REMEMBERED_CHARS && info.passed!.size < MAX_PASSED_PER_NODE) info.passed!.set(key, this.budget.callSteps);
          continue;
        }
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

  /** Whether `text` is a transition rule (uses `oldSelf`), decided once per text. */
  private isTransition(text: string): boolean {
    let t = this.transition.get(text);
    if (t === undefined) {
      t = /\boldSelf\b/.test(text);
      if (this.transition.size < MAX_TRANSITION_TEXTS) this.transition.set(text, t);
    }
    return t;
  }

  /** What {@link walk} keeps per schema node (see {@link NodeInfo}). */
  private nodeInfo(schema: any): NodeInfo {
    let info = this.nodes.get(schema);
    if (info) return info;
    const children: any[] = [];
    if (schema.items && typeof schema.items === 'object') children.push(schema.items);
    if (schema.properties && typeof schema.properties === 'object') {
      for (const c of Object.values<any>(schema.properties)) if (c && typeof c === 'object') children.push(c);
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      children.push(schema.additionalProperties);
    }
    // Placeholder first: a schema that contains itself (only built in memory) ends here.
    info = { subtreeHasRules: true, exactJson: false };
    this.nodes.set(schema, info);
    const own = Array.isArray(schema['x-kubernetes-validations']) && schema['x-kubernetes-validations'].length > 0;
    const kids = children.map((c) => this.nodeInfo(c));
    const exactJson = schema.type !== 'number' && kids.every((k) => k.exactJson);
    const done: NodeInfo = {
      subtreeHasRules: own || kids.some((k) => k.subtreeHasRules),
      exactJson,
      ...(own && exactJson ? { passed: new Map<string, number>() } : {}),
    };
    this.nodes.set(schema, done);
    return done;
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

/** Most passed evaluations remembered per schema node, each of a value of at most 2,048 characters of JSON: a bound on memory, whatever the input. */
const MAX_PASSED_PER_NODE = 256;
const MAX_REMEMBERED_CHARS = 2048;
/** Most rule texts whose transition check is remembered. */
const MAX_TRANSITION_TEXTS = 4096;

/** What the rule walk keeps per schema node. */
interface NodeInfo {
  /** Whether this node or one below it has rules: a subtree without rules is not visited. */
  readonly subtreeHasRules: boolean;
  /**
   * Whether equal JSON text means an equal CEL value below this node: true unless some node
   * below is `type: number` (JSON writes -0 as 0, and a double keeps its sign; integers,
   * strings and schemaless values convert the same from equal text).
   */
  readonly exactJson: boolean;
  /**
   * For a node with rules and {@link exactJson}: `<rule index>\u0000<value JSON>` → the cost
   * units its evaluation spent, for each rule that passed on that value. Rules are pure
   * functions of `self` (no clock, no state): the same rule on an equal value passes again at
   * the same cost, which is charged to the object's budget as if it ran.
   */
  readonly passed?: Map<string, number>;
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
