import { list } from './object-access';
import { PodTemplate } from './object-index';

/**
 * The model names a vLLM pod template serves, or undefined when it cannot be told: every
 * `--served-model-name` value (vLLM takes several after one flag; a later flag replaces an
 * earlier one), else `--model` or the positional model of `vllm serve`; plus the names of its
 * `--lora-modules` (`name=path` or the JSON form `{"name": .., "path": ..}`).
 */
export function servedModelNames(t: PodTemplate): string[] | undefined {
  for (const c of t.containers) {
    const argv: string[] = [...list(c?.command), ...list(c?.args)].map(String);
    const base = baseNames(argv);
    if (base !== undefined) return [...base, ...loraModuleNames(argv)];
  }
  return undefined;
}

/** The base model's served names in `argv`, or undefined when this is not a vLLM server's argument list. */
function baseNames(argv: readonly string[]): string[] | undefined {
  const served = multiFlagValues(argv, '--served-model-name');
  if (served !== undefined) return served;
  const model = flagValue(argv, '--model');
  if (model !== undefined) return [model];
  const serve = argv.indexOf('serve');
  if (serve >= 0 && argv[serve + 1] && !argv[serve + 1].startsWith('-')) return [argv[serve + 1]];
  return undefined;
}

/**
 * Values of a flag that takes one or more values (`--flag a b`, `--flag=a`), the last
 * occurrence winning as with argparse; undefined when the flag is absent.
 */
export function multiFlagValues(argv: readonly string[], flag: string): string[] | undefined {
  let found: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith(`${flag}=`)) found = [argv[i].slice(flag.length + 1)];
    else if (argv[i] === flag) {
      found = [];
      for (let j = i + 1; j < argv.length && !argv[j].startsWith('-'); j++) found.push(argv[j]);
    }
  }
  return found;
}

/** Names of the LoRA adapters in `--lora-modules` (only with `--enable-lora`, as vLLM requires). */
export function loraModuleNames(argv: readonly string[]): string[] {
  if (!argv.includes('--enable-lora')) return [];
  return (multiFlagValues(argv, '--lora-modules') ?? []).map(loraModuleName).filter((n): n is string => n !== undefined);
}

/** The name of one `--lora-modules` entry: `name=path`, or the JSON object's `name`. */
function loraModuleName(entry: string): string | undefined {
  if (entry.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(entry);
      return typeof parsed?.name === 'string' ? parsed.name : undefined;
    } catch {
      return undefined;
    }
  }
  const eq = entry.indexOf('=');
  return eq > 0 ? entry.slice(0, eq) : undefined;
}

/** Value of `--flag v` or `--flag=v` in an argument list. */
export function flagValue(args: unknown, flag: string): string | undefined {
  if (!Array.isArray(args)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = String(args[i]);
    if (a === flag) return args[i + 1] === undefined ? '' : String(args[i + 1]);
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return undefined;
}

/** A Go flag as written in an argument list: its value and its spelling (`-pool-name`, `--poolName`). */
export interface GoFlag {
  readonly value: string;
  /** The flag as written, dashes included, without `=value`. */
  readonly written: string;
}

/**
 * A Go flag in an argument list: `-name v`, `--name v`, `-name=v` or `--name=v`, for any of
 * the spellings in `names` (e.g. `pool-name` and the older `poolName`); the last occurrence
 * wins, as with Go's flag package. Value `''` for a flag given last with no value.
 */
export function goFlag(args: unknown, names: readonly string[]): GoFlag | undefined {
  if (!Array.isArray(args)) return undefined;
  let found: GoFlag | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = String(args[i]);
    const m = /^(--?([A-Za-z][\w.-]*))(?:=(.*))?$/s.exec(a);
    if (!m || !names.includes(m[2])) continue;
    if (m[3] !== undefined) found = { value: m[3], written: m[1] };
    else {
      found = { value: args[i + 1] === undefined || args[i + 1] === null ? '' : String(args[i + 1]), written: m[1] };
      i++;
    }
  }
  return found;
}

/** The value of a Go flag (see goFlag), or undefined when it is not given. */
export function goFlagValue(args: unknown, names: readonly string[]): string | undefined {
  return goFlag(args, names)?.value;
}

/** Whether RBAC `rule` grants `verb` on `group/resource` for every object (no resourceNames). */
export function allows(rule: any, group: string, resource: string, verb: string): boolean {
  const has = (list: unknown, v: string) => Array.isArray(list) && (list.includes(v) || list.includes('*'));
  return has(rule?.apiGroups, group) && has(rule?.resources, resource) && has(rule?.verbs, verb) && !(rule?.resourceNames?.length);
}

/** `spec.template.` (or the LeaderWorkerSet template path) before a pod spec field of `t`'s owner. */
export function templatePath(t: PodTemplate): string {
  if (t.owner.kind === 'Pod') return '';
  if (t.label.endsWith('/leader')) return 'spec.leaderWorkerTemplate.leaderTemplate.';
  if (t.label.endsWith('/worker')) return 'spec.leaderWorkerTemplate.workerTemplate.';
  return 'spec.template.';
}

/** A container of a pod template and the path of its entry in the owner (`spec.template.spec.containers[0]`). */
export interface TemplateContainer {
  readonly container: any;
  readonly path: string;
}

/**
 * Each entry of the named container lists of `t` (lists that are not arrays are passed over).
 * Many rules ask for the same lists of every template: each answer is made once per template
 * (templates and the objects under them are not changed while verifying).
 */
export function templateContainers(t: PodTemplate, lists: readonly string[]): readonly TemplateContainer[] {
  const key = lists.join('\u0000');
  let perTemplate = CONTAINERS.get(t);
  if (!perTemplate) CONTAINERS.set(t, perTemplate = new Map());
  let out = perTemplate.get(key);
  if (!out) {
    const made: TemplateContainer[] = [];
    const prefix = templatePath(t);
    for (const which of lists) {
      const items = list(t.spec?.[which]);
      for (let i = 0; i < items.length; i++) made.push({ container: items[i], path: `${prefix}spec.${which}[${i}]` });
    }
    // At most a few list combinations are asked for; more are answered without being kept.
    if (perTemplate.size < 8) perTemplate.set(key, made);
    out = made;
  }
  return out;
}

const CONTAINERS = new WeakMap<PodTemplate, Map<string, readonly TemplateContainer[]>>();
