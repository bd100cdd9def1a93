import { ObjectIndex } from './object-index';
import { Problem, problemOn } from './problem';

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
export function argExpansions(value: string, env: ReadonlySet<string>): ArgExpansion[] {
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

/**
 * Container args and commands that expand an environment variable where it hurts:
 * - a variable filled from a Secret, in any argument: the secret ends up in the process list,
 *   in `/proc/<pid>/cmdline` and in the program's logs;
 * - any variable in vLLM's `--served-model-name`: the public model name, listed by
 *   `/v1/models` and matched against the client's `model` field, would not be the one written.
 * Deliberate expansions of other variables (a Downward API `$(POD_IP)`) are fine.
 */
export function argExpansionProblems(index: ObjectIndex): Problem[] {
  const problems: Problem[] = [];
  for (const t of index.podTemplates) {
    const all = [['containers', t.spec?.containers], ['initContainers', t.spec?.initContainers]] as const;
    for (const [list, containers] of all) {
      if (!Array.isArray(containers)) continue;
      containers.forEach((c: any, ci: number) => {
        const env = Array.isArray(c?.env) ? c.env.filter((e: any) => typeof e?.name === 'string') : [];
        const names = new Set<string>(env.map((e: any) => e.name));
        const secret = new Set<string>(env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.name));
        for (const field of ['command', 'args'] as const) {
          const values = Array.isArray(c?.[field]) ? c[field] : [];
          values.forEach((v: unknown, i: number) => {
            if (typeof v !== 'string') return;
            const servedName = values[i - 1] === SERVED_NAME_OPTION || v.startsWith(`${SERVED_NAME_OPTION}=`);
            for (const x of argExpansions(v, names)) {
              if (!secret.has(x.name) && !servedName) continue;
              const what = secret.has(x.name) ? `expands $(${x.name}), which holds a Secret value, into the process arguments (visible in the process list and logs)` : `expands $(${x.name}) in the served model name, so vLLM serves a name other than the one written`;
              problems.push(problemOn(t.owner, `${pathOf(t.label)}spec.${list}[${ci}].${field}[${i}]`, `${what}`,
                `write $$(${x.name}) to pass the text literally, or pass the value through an environment variable the program reads${servedName ? ', or rename the model' : ''}`, 'security/arg-expansion'));
            }
          });
        }
      });
    }
  }
  return problems;
}

/** The path prefix of a pod template inside its owner: `spec.template.` for Deployments. */
function pathOf(label: string): string {
  if (label.endsWith('/leader')) return 'spec.leaderWorkerTemplate.leaderTemplate.';
  if (label.endsWith('/worker')) return 'spec.leaderWorkerTemplate.workerTemplate.';
  return label.startsWith('Pod ') ? '' : 'spec.template.';
}
