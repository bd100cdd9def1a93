import { createHash } from 'node:crypto';

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Object names: every object the library creates gets an explicit DNS-1035 name from here.
 */
export class Names {
  /** Longest Kubernetes object name that is a DNS-1035 label. */
  public static readonly MAX_LENGTH = 63;

  /** The suffixes appended to a pool name; the longest one sets the pool name budget. */
  public static readonly POOL_SUFFIXES = ['-epp'];

  /** Longest pool name that leaves room for every suffix: 63 - length of '-epp'. */
  public static readonly MAX_POOL_LENGTH = 63 - Math.max(...Names.POOL_SUFFIXES.map((s) => s.length));

  /** The suffixes appended to the gateway name (policy and OpenShift SCC binding). */
  public static readonly GATEWAY_SUFFIXES = ['-bbr', '-scc'];

  /** Longest gateway name that leaves room for every suffix. */
  public static readonly MAX_GATEWAY_LENGTH = 63 - Math.max(...Names.GATEWAY_SUFFIXES.map((s) => s.length));

  /** Whether `name` is a DNS-1035 label of at most `maxLength` characters. */
  public static isDns1035(name: string, maxLength: number = Names.MAX_LENGTH): boolean {
    return name.length <= maxLength && DNS1035.test(name);
  }

  /** Whether `name` is a valid namespace name (a DNS-1123 label). */
  public static isNamespace(name: string): boolean {
    return name.length <= Names.MAX_LENGTH && DNS1123_LABEL.test(name);
  }

  /**
   * The default pool name for a model: `vllm-` plus the model id after its last `/`,
   * lowercased, dots dropped, other characters outside `[a-z0-9-]` turned into `-`.
   * Longer than the pool budget, it is cut and ends in 8 hex digits of a SHA-256 of the raw
   * model name, so distinct long names stay distinct.
   *
   * @example Names.poolName('Qwen/Qwen3-0.6B') // 'vllm-qwen3-06b'
   */
  public static poolName(modelName: string): string {
    const base = (modelName.split('/').pop() ?? '')
      .toLowerCase()
      .replace(/\./g, '')
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
    const name = `vllm-${base || 'model'}`;
    if (name.length <= Names.MAX_POOL_LENGTH) return name;
    const hash = createHash('sha256').update(modelName).digest('hex').slice(0, 8);
    return `${name.slice(0, Names.MAX_POOL_LENGTH - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }

  private constructor() {}
}
