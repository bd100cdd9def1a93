import { App, Chart } from 'cdk8s';
import { routingReport } from './report/routing-report';
import { OpenShiftVersion, StackProfile } from '../profiles/stack-profile';
import { platformText, profileReason } from './report/stack-line';
import { stackDeclaration } from './stack-options';
import { parseManifests } from './input/manifests';
import { formatProblem, Problem } from './report/problem';
import { verifyObjects, VerifyResult } from './verify';
import { checkNamespace } from './verify-paths';

/** Options of {@link Verifier} methods. */
export interface VerifyOptions {
  /**
   * Namespace given to namespaced objects that have none, as `kubectl apply -n` (or Helm)
   * would give them.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Where each manifest was read from (e.g. `dist/llm-d.yaml#3`), index for index with the
   * manifests; each problem names it.
   * @default - problems name no file
   */
  readonly sources?: string[];
  /**
   * Report objects of a kind with no stored schema as problems instead of skipping them.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Objects that live elsewhere, as `Kind/namespace/name` (e.g. the platform team's
   * `Gateway/agentgateway-system/inference-gateway`), so manifests that refer to them verify
   * without them (like `verify --assume`).
   * @default - none
   */
  readonly assume?: string[];
  /**
   * Ids of rules not to run (like `verify --disable`; `verify --list-rules` lists them).
   * @default - none
   */
  readonly disable?: string[];
  /**
   * Ids of rules that are off by default to run too (like `verify --enable`).
   * @default - none
   */
  readonly enable?: string[];
  /**
   * The stack profile to judge the manifests by: its schema set and rules (like
   * `verify --profile`). Objects of another profile are refused (rule `profile-consistent`).
   * @default - detected from the objects (GatewayClass, endpoint picker image and config, API groups), else `upstream-2026-08`
   */
  readonly profile?: StackProfile;
  /**
   * The target platform, `openshift` or `kubernetes` (like `verify --platform`).
   * @default - `openshift` when Routes or SCC grants show it, else not stated
   */
  readonly platform?: string;
  /**
   * The OpenShift release (like `verify --openshift-version`; implies `platform: openshift`):
   * Gateway API objects must fit the Gateway API bundle it installs.
   * @default - none: the Gateway API objects are judged by the profile's schemas only
   */
  readonly openshiftVersion?: OpenShiftVersion;
}

/** One thing wrong with a set of manifests, as `cdk8s-model-gateway verify` reports it. */
export interface VerifyProblem {
  /** Kind of the object the problem is reported on. */
  readonly kind: string;
  /** Its namespace, if it has one. */
  readonly namespace?: string;
  /** Its name. */
  readonly name: string;
  /** Dotted path of the offending field; empty for the object as a whole. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it, when the verifier knows. */
  readonly fix?: string;
  /** Where the object was read from (`file#document`), when the manifests came with sources. */
  readonly source?: string;
  /** The id of the rule that found it, e.g. `httproute-parent-exists` (RULES.md lists them). */
  readonly rule: string;
  /** `error` (fails verification) or `warning`. */
  readonly severity: string;
  /** For an ignored problem: the reason its object's verify-ignore annotation gives. */
  readonly ignoredBecause?: string;
  /** The problem as one line, exactly as the CLI prints it: `source: Kind namespace/name: field: problem (fix)`. */
  readonly text: string;
}

/** One simulated request and its outcome. */
export interface VerifySimulation {
  /** What was sent, e.g. `POST /v1/chat/completions model=Qwen/Qwen3-0.6B`. */
  readonly request: string;
  /** Whether the request must reach a model (`true`) or be refused (`false`). */
  readonly expectRouted: boolean;
  /** Whether it did reach a model. */
  readonly routed: boolean;
  /** Why: the path it took, or where it stopped. */
  readonly reason: string;
}

/** Result of {@link Verifier} checks on a set of manifests. */
export interface VerifyReport {
  /** `true` when no problem is an error (warnings do not fail verification). */
  readonly ok: boolean;
  /** Every problem found, warnings included, in the CLI's order; empty when the manifests are sound. */
  readonly problems: VerifyProblem[];
  /** Problems suppressed by a verify-ignore annotation on their object, each with its reason. */
  readonly ignored: VerifyProblem[];
  /** Number of objects verified. */
  readonly objects: number;
  /** Object count per kind. */
  readonly kinds: { [kind: string]: number };
  /** CRD `x-kubernetes-validations` CEL rules evaluated. */
  readonly celRulesEvaluated: number;
  /** CEL transition rules skipped (they need the previous object). */
  readonly celTransitionRulesSkipped: number;
  /** The simulated requests (only judged once the static checks pass). */
  readonly simulations: VerifySimulation[];
  /** The Markdown routing report (what `synth` writes as `ROUTING.md`), built from the simulated requests. */
  readonly routingReport: string;
  /** The stack profile the manifests were judged against, e.g. `upstream-2026-08`. */
  readonly profile: string;
  /** Why that profile: `--profile`, `detected: <signs>`, or `the default: no profile-specific objects`. */
  readonly profileReason: string;
  /**
   * The platform, as declared or shown, e.g. `openshift 4.19 (--openshift-version)`.
   * @default - not stated and not shown
   */
  readonly platform?: string;
}

/**
 * The offline verifier of `cdk8s-model-gateway verify` as a library: schemas and CEL rules,
 * the wiring graph and simulated requests, on any manifests (ours, hand-written, Helm output).
 *
 * @example
 * const report = Verifier.verifyChart(chart);
 * if (!report.ok) throw new Error(report.problems.map((p) => p.text).join('\n'));
 */
export class Verifier {
  /**
   * Verifies Kubernetes objects given as plain data (e.g. `chart.toJson()`).
   * @param manifests the objects; `List`s are not expanded here (see `verifyYaml`)
   */
  public static verifyManifests(manifests: any[], options: VerifyOptions = {}): VerifyReport {
    if (!Array.isArray(manifests)) throw new Error(`Verifier.verifyManifests: manifests must be an array of Kubernetes objects, got ${manifests === null ? 'null' : typeof manifests}`);
    if (options.sources !== undefined && options.sources.length !== manifests.length) {
      throw new Error(`Verifier.verifyManifests: sources has ${options.sources.length} entries for ${manifests.length} manifests: give one source per manifest, or none`);
    }
    const stack = stackDeclaration({ profile: options.profile, platform: options.platform, openshiftVersion: options.openshiftVersion }, { profile: 'profile', platform: 'platform', openshiftVersion: 'openshiftVersion' });
    // Without a validator, verification uses the chosen profile's schema set (one per process).
    return toReport(verifyObjects(manifests, undefined, checkNamespace(options.namespace ?? 'default'), { sources: options.sources, strict: options.strict, assume: options.assume, disable: options.disable, enable: options.enable, stack }));
  }

  /**
   * Verifies a multi-document YAML (or JSON) text, as `kubectl apply -f` reads it: empty
   * documents are skipped and `List`s flattened.
   * @param text the manifests
   * @param source name used in YAML syntax errors, e.g. the file name
   */
  public static verifyYaml(text: string, options: VerifyOptions = {}, source: string = 'manifests'): VerifyReport {
    return Verifier.verifyManifests(parseManifests(text, source).map((m) => m.obj), options);
  }

  /** Verifies the objects a chart synthesizes (`chart.toJson()`). */
  public static verifyChart(chart: Chart, options: VerifyOptions = {}): VerifyReport {
    return Verifier.verifyManifests(chart.toJson(), options);
  }

  /**
   * Verifies the objects of every chart of an app together, so wiring across charts (a
   * model's HTTPRoute in one chart, the Gateway in another) is checked.
   */
  public static verifyApp(app: App, options: VerifyOptions = {}): VerifyReport {
    return Verifier.verifyManifests(app.charts.flatMap((c) => c.toJson()), options);
  }

  /**
   * The Markdown routing report of a set of objects: for each public model name what a chat
   * completion really does, the refused requests, and a Mermaid flowchart.
   */
  public static routingReport(manifests: any[], options: VerifyOptions = {}): string {
    return Verifier.verifyManifests(manifests, options).routingReport;
  }

  private constructor() {}
}

/** The public, jsii-shaped form of a verification result. */
function toReport(r: VerifyResult): VerifyReport {
  return {
    ok: !r.problems.some((p) => p.severity !== 'warning'),
    problems: r.problems.map((p) => toProblem(p)),
    ignored: r.ignored.map((i) => toProblem(i.problem, i.reason)),
    objects: r.objects,
    kinds: { ...r.kinds },
    celRulesEvaluated: r.celRulesEvaluated,
    celTransitionRulesSkipped: r.celTransitionRulesSkipped,
    simulations: r.simulations.map((s) => ({ request: s.request, expectRouted: s.expect === 'route', routed: s.decision.routed, reason: s.decision.reason })),
    routingReport: routingReport(r),
    profile: r.stack.profile,
    profileReason: profileReason(r.stack),
    ...(platformText(r.stack) ? { platform: platformText(r.stack) } : {}),
  };
}

function toProblem(p: Problem, ignoredBecause?: string): VerifyProblem {
  return {
    kind: p.kind,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    name: p.name,
    field: p.field,
    message: p.message,
    ...(p.fix !== undefined ? { fix: p.fix } : {}),
    ...(p.source !== undefined ? { source: p.source } : {}),
    rule: p.rule ?? 'unknown',
    severity: p.severity ?? 'error',
    ...(ignoredBecause !== undefined ? { ignoredBecause } : {}),
    text: formatProblem(p),
  };
}
