import { templateContainers } from '../model/containers';
import { finding, Rule } from './rule';

/** One `$(NAME)` reference the kubelet expands in a container's args or command. */
export interface ArgExpansion {
  /** The variable name. */
  readonly name: string;
  /** Where the reference starts in the string. */
  readonly index: number;
}

/**
 * The `$(NAME)` references in `value` that the kubelet would expand, given the names of the
 * container's environment variables: `$$` is an escaped `$` and never starts a reference, and a
 * reference to a name the container does not define is left as written.
 */
export function argExpansions(value: string, env: { has(name: string): boolean }): ArgExpansion[] {
  const out: ArgExpansion[] = [];
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] !== '$') continue;
    if (value[i + 1] === '$') {
      i++;
      continue;
    }
    if (value[i + 1] !== '(') continue;
    const end = value.indexOf(')', i + 2);
    if (end < 0) break;
    const name = value.slice(i + 2, end);
    if (env.has(name)) out.push({ name, index: i });
    i = end;
  }
  return out;
}

const SERVED_NAME_OPTION = '--served-model-name';
// A name the kubelet accepts for an environment variable (C identifier-like, as most are).
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Container args and commands that expand an environment variable where it hurts:
 * - a variable filled from a Secret (`secretKeyRef`, or any name not set by `env` when the
 *   container loads a Secret with `envFrom`), in any argument: the secret ends up in the process
 *   list, in `/proc/<pid>/cmdline` and in the program's logs;
 * - any variable in vLLM's `--served-model-name`: the public model name, listed by
 *   `/v1/models` and matched against the client's `model` field, would not be the one written.
 * Deliberate expansions of other variables (a Downward API `$(POD_IP)`) are fine.
 */
export const CONTAINER_ARG_EXPANSION_RULE: Rule = {
  id: 'container-arg-expansion',
  summary: 'Container args do not expand a Secret-backed variable, and --served-model-name expands no variable.',
  severity: 'error',
  category: 'security',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: 'Write $$(NAME) to pass the text literally, or pass the value through an environment variable the program reads.',
  rationale: 'The kubelet expands $(NAME) in args: a Secret ends up in the process list, /proc/<pid>/cmdline and logs; an expanded served model name is not the name written, so routing and /v1/models disagree.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container, path } of templateContainers(t, ['containers', 'initContainers'])) {
        for (const p of containerProblems(container)) yield finding(t.owner, `${path}.${p.field}`, p.message, p.fix);
      }
    }
  },
};

/** What a container's environment says about a `$(NAME)` reference. */
interface ContainerEnv {
  /** Whether the kubelet would expand `$(name)`. */
  readonly expands: (name: string) => boolean;
  /** Whether the value may come from a Secret. */
  readonly secret: (name: string) => boolean;
  /** Whether `env` sets it explicitly. */
  readonly defined: (name: string) => boolean;
  /** Secrets loaded whole with `envFrom`. */
  readonly secretSources: string[];
}

function containerEnv(c: any): ContainerEnv {
  const env: any[] = Array.isArray(c?.env) ? c.env.filter((e: any) => typeof e?.name === 'string') : [];
  const defined = new Set<string>(env.map((e) => e.name));
  const plain = new Set<string>(env.filter((e) => !e.valueFrom?.secretKeyRef).map((e) => e.name));
  // Variables from `envFrom` Secrets have names only the cluster knows: any reference not set by
  // `env` may be one of them.
  const secretSources: string[] = (Array.isArray(c?.envFrom) ? c.envFrom : []).map((f: any) => f?.secretRef?.name).filter((n: unknown) => typeof n === 'string');
  return {
    expands: (n) => defined.has(n) || (secretSources.length > 0 && ENV_NAME.test(n)),
    secret: (n) => !plain.has(n) && (defined.has(n) || secretSources.length > 0),
    defined: (n) => defined.has(n),
    secretSources,
  };
}

function containerProblems(c: any): { field: string; message: string; fix: string }[] {
  const env = containerEnv(c);
  const out: { field: string; message: string; fix: string }[] = [];
  for (const field of ['command', 'args'] as const) {
    const values = Array.isArray(c?.[field]) ? c[field] : [];
    values.forEach((v: unknown, i: number) => {
      if (typeof v !== 'string') return;
      const servedName = values[i - 1] === SERVED_NAME_OPTION || v.startsWith(`${SERVED_NAME_OPTION}=`);
      for (const x of argExpansions(v, { has: env.expands })) {
        const message = !env.secret(x.name)
          ? (servedName ? `expands $(${x.name}) in the served model name, so vLLM serves a name other than the one written` : undefined)
          : env.defined(x.name)
            ? `expands $(${x.name}), which holds a Secret value, into the process arguments (visible in the process list and logs)`
            : `may expand $(${x.name}) from Secret ${env.secretSources.map((n) => `'${n}'`).join(', ')} (envFrom) into the process arguments (visible in the process list and logs)`;
        if (!message) continue;
        out.push({ field: `${field}[${i}]`, message, fix: `write $$(${x.name}) to pass the text literally, or pass the value through an environment variable the program reads${servedName ? ', or rename the model' : ''}` });
      }
    });
  }
  return out;
}
