/** API group of an apiVersion: `apps/v1` → `apps`, `v1` → ``. */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** A pod template and the workload it belongs to. */
export interface PodTemplate {
  readonly owner: any;
  /** `Deployment llm-d/name` (with `/leader` or `/worker` for LeaderWorkerSets). */
  readonly label: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly spec: any;
  /** Containers that serve traffic: regular containers and native sidecars. */
  readonly containers: any[];
}

const WORKLOAD_TEMPLATE: Record<string, (o: any) => [string, any][]> = {
  'apps/Deployment': (o) => [['', o.spec?.template]],
  'apps/StatefulSet': (o) => [['', o.spec?.template]],
  'apps/ReplicaSet': (o) => [['', o.spec?.template]],
  'apps/DaemonSet': (o) => [['', o.spec?.template]],
  '/Pod': (o) => [['', { metadata: o.metadata, spec: o.spec }]],
  'leaderworkerset.x-k8s.io/LeaderWorkerSet': (o) => {
    const t = o.spec?.leaderWorkerTemplate ?? {};
    return [...(t.leaderTemplate ? [['/leader', t.leaderTemplate] as [string, any]] : []), ['/worker', t.workerTemplate]];
  },
};

/**
 * Lookups over a set of objects in constant time: by group/kind/namespace/name, by kind,
 * and pod templates by label, so selector checks never scan every workload.
 */
export class ObjectIndex {
  private readonly byKey = new Map<string, any>();
  private readonly byKind = new Map<string, any[]>();
  private readonly byName = new Map<string, any[]>();
  private readonly podsByLabel = new Map<string, PodTemplate[]>();
  /** Every pod template, in object order. */
  public readonly podTemplates: PodTemplate[] = [];

  constructor(public readonly objects: any[]) {
    for (const o of objects) {
      if (!o || typeof o !== 'object') continue;
      const gk = `${groupOf(o.apiVersion)}/${o.kind}`;
      const ns = o.metadata?.namespace ?? '';
      const name = o.metadata?.name ?? '';
      this.byKey.set(`${gk}|${ns}|${name}`, o);
      push(this.byKind, gk, o);
      push(this.byName, `${gk}|${name}`, o);
      const templates = WORKLOAD_TEMPLATE[gk]?.(o) ?? [];
      for (const [suffix, t] of templates) {
        if (!t) continue;
        if (typeof t !== 'object') continue;
        const spec = t.spec && typeof t.spec === 'object' ? t.spec : {};
        const tpl: PodTemplate = {
          owner: o,
          label: `${o.kind} ${ns ? `${ns}/` : ''}${name}${suffix}`,
          namespace: ns,
          labels: t.metadata?.labels && typeof t.metadata.labels === 'object' ? t.metadata.labels : {},
          spec,
          containers: [...arr(spec.containers), ...arr(spec.initContainers).filter((c: any) => c?.restartPolicy === 'Always')].filter((c) => c && typeof c === 'object'),
        };
        this.podTemplates.push(tpl);
        for (const [k, v] of Object.entries(tpl.labels)) push(this.podsByLabel, `${ns}\u0000${k}\u0000${v}`, tpl);
      }
    }
  }

  /** The object of `group/kind` named `namespace/name`. */
  public get(groupKind: string, namespace: string | undefined, name: string | undefined): any {
    return this.byKey.get(`${groupKind}|${namespace ?? ''}|${name ?? ''}`);
  }

  /** Every object of `group/kind`. */
  public all(groupKind: string): any[] {
    return this.byKind.get(groupKind) ?? [];
  }

  /** Objects of `group/kind` named `name`, in any namespace. */
  public named(groupKind: string, name: string): any[] {
    return this.byName.get(`${groupKind}|${name}`) ?? [];
  }

  /** Pod templates in `namespace` whose labels include every entry of `selector`. */
  public selectPods(namespace: string, selector: Record<string, string> | undefined): PodTemplate[] {
    const entries = Object.entries(selector ?? {});
    if (entries.length === 0) return [];
    const lists = entries.map(([k, v]) => this.podsByLabel.get(`${namespace}\u0000${k}\u0000${v}`) ?? []);
    lists.sort((a, b) => a.length - b.length);
    return lists[0].filter((t) => entries.every(([k, v]) => t.labels[k] === v));
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
