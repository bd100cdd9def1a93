import { App, Chart } from 'cdk8s';
import { routingReport } from './report/routing-report';
import { SchemaValidator } from './schema/schema-validator';
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
  /** The id of the check that found it, e.g. `wiring/parent-ref` or `schema`. */
  readonly rule: string;
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
  /** `true` when no problem is an error (warnings do not fail verification, as in the CLI). */
  readonly ok: boolean;
  /** Every problem found, in the CLI's order; empty when the manifests are sound. */
  readonly problems: VerifyProblem[];
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
    return toReport(verifyObjects(manifests, sharedValidator(), checkNamespace(options.namespace ?? 'default'), { sources: options.sources, strict: options.strict, assume: options.assume }));
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

let validator: SchemaValidator | undefined;
/** Compiling the schemas is the slow part: one validator per process. */
function sharedValidator(): SchemaValidator {
  return (validator ??= new SchemaValidator());
}

/** The public, jsii-shaped form of a verification result. */
function toReport(r: VerifyResult): VerifyReport {
  return {
    ok: r.problems.every((p) => (p.severity ?? 'error') !== 'error'),
    problems: r.problems.map(toProblem),
    objects: r.objects,
    kinds: { ...r.kinds },
    celRulesEvaluated: r.celRulesEvaluated,
    celTransitionRulesSkipped: r.celTransitionRulesSkipped,
    simulations: r.simulations.map((s) => ({ request: s.request, expectRouted: s.expect === 'route', routed: s.decision.routed, reason: s.decision.reason })),
    routingReport: routingReport(r),
  };
}

function toProblem(p: Problem): VerifyProblem {
  return {
    kind: p.kind,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    name: p.name,
    field: p.field,
    message: p.message,
    ...(p.fix !== undefined ? { fix: p.fix } : {}),
    ...(p.source !== undefined ? { source: p.source } : {}),
    rule: p.rule ?? 'wiring',
    text: formatProblem(p),
  };
}
