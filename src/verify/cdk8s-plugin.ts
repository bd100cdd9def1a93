import { countProblems, formatProblem, Problem } from './report/problem';
import { verifyPaths } from './verify-paths';
import { StackDeclaration } from './model/stack';
import { stackDeclaration } from './stack-options';
import { stackLine } from './report/stack-line';

// The parts of cdk8s-cli's validation plugin API (`cdk8s-cli/lib/plugins`) this plugin uses,
// stated structurally so the library never loads cdk8s-cli at run time.

/** A resource named in a violation (cdk8s-cli `ValidationViolatingResource`). */
interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** What cdk8s-cli hands a validation plugin (`ValidationContext`). */
interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: { ruleName: string; recommendation: string; fix: string; violatingResources: readonly ViolatingResource[] }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties of {@link ModelGatewayValidation}: the `properties:` of its `validations:` entry in `cdk8s.yaml`. */
export interface ModelGatewayValidationProps {
  /**
   * Namespace given to namespaced objects without one (like `verify --namespace`).
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Report objects of a kind with no stored schema as problems instead of skipping them
   * (like `verify --strict`).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Objects that live elsewhere, `Kind/namespace/name` (like `verify --assume`).
   * @default - none
   */
  readonly assume?: string[];
  /**
   * Ids of rules not to run (like `verify --disable`).
   * @default - none
   */
  readonly disable?: string[];
  /**
   * Ids of rules that are off by default to run too (like `verify --enable`).
   * @default - none
   */
  readonly enable?: string[];
  /**
   * The stack profile to judge by, `rhdev-2026-03` or `upstream-2026-08` (like `verify --profile`).
   * @default - detected from the objects
   */
  readonly profile?: string;
  /**
   * The target platform, `openshift` or `kubernetes` (like `verify --platform`).
   * @default - `openshift` when Routes or SCC grants show it
   */
  readonly platform?: string;
  /**
   * The OpenShift release, e.g. `'4.19'` (like `verify --openshift-version`; implies `platform: openshift`).
   * @default - none
   */
  readonly openshiftVersion?: string;
}

const PROPERTIES: Record<string, 'string' | 'boolean' | 'string[]'> = {
  namespace: 'string', strict: 'boolean', assume: 'string[]', disable: 'string[]', enable: 'string[]', profile: 'string', platform: 'string', openshiftVersion: 'string',
};

/**
 * The verifier as a cdk8s-cli validation plugin: `cdk8s synth` runs it on the synthesized
 * manifests and fails on the same problems, with the same messages, as
 * `cdk8s-model-gateway verify <output dir>`. Enable it in `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-model-gateway
 *     version: 0.0.0
 *     class: ModelGatewayValidation
 *     properties:
 *       namespace: llm-d
 * ```
 */
export class ModelGatewayValidation {
  private readonly props: ModelGatewayValidationProps;
  private readonly stack: StackDeclaration = {};
  private readonly configError?: string;

  /**
   * @param props the `properties:` of the `validations:` entry (checked here, reported by `validate`)
   */
  constructor(props: ModelGatewayValidationProps = {}) {
    // cdk8s-cli prints a constructor's exception with its stack: keep the sentence for validate().
    this.configError = checkProperties(props);
    if (!this.configError) {
      try {
        const p = props as ModelGatewayValidationProps;
        this.stack = stackDeclaration({ profile: p.profile, platform: p.platform, openshiftVersion: p.openshiftVersion },
          { profile: `${WHERE}.profile`, platform: `${WHERE}.platform`, openshiftVersion: `${WHERE}.openshiftVersion` });
      } catch (err) {
        this.configError = (err as Error).message;
      }
    }
    this.props = this.configError ? {} : props;
  }

  /**
   * Runs the verifier on every manifest cdk8s-cli synthesized and submits the report.
   * @param context cdk8s-cli's `ValidationContext` (typed loosely: jsii cannot name cdk8s-cli types)
   */
  public async validate(context: any): Promise<void> {
    const ctx = context as PluginContext;
    const fail = (message: string) => {
      ctx.logger.log(`error: ${message}`);
      ctx.report.addViolation({ ruleName: 'model-gateway-verify', recommendation: message, fix: 'see the message', violatingResources: [] });
      ctx.report.submit('failure');
    };
    if (this.configError) return fail(this.configError);
    try {
      // The CLI reads a directory in path order; read the files the same way so problems come in the same order.
      const files = [...ctx.manifests].sort((a, b) => a.localeCompare(b));
      const v = verifyPaths(files, { namespace: this.props.namespace, strict: this.props.strict, assume: this.props.assume, disable: this.props.disable, enable: this.props.enable, stack: this.stack });
      // cdk8s writes its manifests itself: an unreadable one is a failure of the run, not a finding.
      const unreadable = v.loaded.unreadable[0];
      if (unreadable) return fail(`${unreadable.source}: ${unreadable.message}`);
      const resourceName = resourceNamer(v.loaded.manifests.map((m) => m.obj));
      const lines = v.problems.map(formatProblem);
      v.problems.forEach((p, i) => {
        ctx.report.addViolation({
          ruleName: lines[i],
          recommendation: p.message,
          fix: p.fix ?? 'see the message',
          violatingResources: [{ resourceName: resourceName(p), locations: [p.field || '(object)'], manifestPath: p.source?.replace(/#\d+$/, '') ?? '(unknown file)' }],
        });
      });
      if (lines.length) ctx.logger.log(`${countProblems(v.problems)}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
      ctx.report.submit(v.errors ? 'failure' : 'success', {
        objects: String(v.result.objects),
        problems: String(v.problems.length),
        'simulated requests': String(v.result.simulations.length),
        profile: stackLine(v.result.stack).replace(/^profile: /, ''),
      });
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  }
}

/** A sentence naming the first bad property, or undefined. */
const WHERE = 'cdk8s.yaml validations[].properties';

function checkProperties(props: unknown): string | undefined {
  const where = WHERE;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return `${where}: must be a mapping, got ${JSON.stringify(props)}`;
  for (const [key, value] of Object.entries(props)) {
    const type = PROPERTIES[key];
    if (!type) return `${where}.${key}: unknown property; allowed: ${Object.keys(PROPERTIES).join(', ')}`;
    const ok = type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === type;
    if (!ok) return `${where}.${key}: must be ${type === 'string[]' ? 'a list of strings' : `a ${type}`}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * The name cdk8s-cli shows for a problem's object. cdk8s-cli finds the construct path by
 * `metadata.name` alone, so a name several objects share (a model's HTTPRoute, InferencePool
 * and Deployment) is qualified as `Kind namespace/name`: no construct path rather than a wrong one.
 */
function resourceNamer(objects: any[]): (p: Problem) => string {
  const count = new Map<string, number>();
  for (const o of objects) {
    const name = o?.metadata?.name;
    if (typeof name === 'string') count.set(name, (count.get(name) ?? 0) + 1);
  }
  return (p) => (count.get(p.name) === 1 ? p.name : `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`);
}
