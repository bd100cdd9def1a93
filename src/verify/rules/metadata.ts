import { finding, Finding, Rule, RuleContext } from './rule';

// The API server's limits on object metadata (k8s.io/apimachinery validation), as facts.
/** Longest DNS-1123 label (namespace names, label names). */
export const MAX_LABEL_LENGTH = 63;
/** Longest DNS-1123 subdomain (most object names, label key prefixes). */
export const MAX_SUBDOMAIN_LENGTH = 253;
/** Largest total of all annotation keys and values of one object, in bytes. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** Largest total of a ConfigMap's or Secret's values, in bytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Whether `s` is a DNS-1123 label: at most 63 lowercase letters, digits and `-`, alphanumeric at both ends. */
export function isDns1123Label(s: string): boolean {
  return s.length <= MAX_LABEL_LENGTH && DNS1123_LABEL.test(s);
}

/** Whether `s` is a DNS-1035 label: a DNS-1123 label that starts with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return s.length <= MAX_LABEL_LENGTH && DNS1035_LABEL.test(s);
}

/** Whether `s` is a DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= MAX_SUBDOMAIN_LENGTH && s.split('.').every((part) => DNS1123_LABEL.test(part));
}

/** Why `key` is not a valid label or annotation key (`[prefix/]name`), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) {
    return `has the prefix ${quote(prefix)}, which is not a DNS subdomain (lowercase letters, digits, '-' and '.', at most ${MAX_SUBDOMAIN_LENGTH} characters)`;
  }
  if (name.length === 0) return 'has an empty name part';
  if (name.length > MAX_LABEL_LENGTH) return `has a name part of ${name.length} characters, over the limit of ${MAX_LABEL_LENGTH}`;
  if (!QUALIFIED_NAME.test(name)) return 'has a name part with characters other than letters, digits, \'-\', \'_\' and \'.\', or not alphanumeric at both ends';
  return undefined;
}

/** Why `value` is not a valid label value, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `is ${value === null ? 'null' : typeof value}, not a string`;
  if (value.length > MAX_LABEL_LENGTH) return `is ${value.length} characters long, over the limit of ${MAX_LABEL_LENGTH}`;
  if (!LABEL_VALUE.test(value)) return 'holds characters other than letters, digits, \'-\', \'_\' and \'.\', or is not alphanumeric at both ends';
  return undefined;
}

/** The name rule the API server applies to objects of `apiVersion`/`kind`, and a test for it. */
export function nameRuleOf(apiVersion: unknown, kind: unknown): { rule: string; valid: (s: string) => boolean } {
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group === '' && kind === 'Service') return { rule: 'a DNS-1035 label (lowercase letters, digits and \'-\', starting with a letter, at most 63 characters)', valid: isDns1035Label };
  if (group === '' && kind === 'Namespace') return { rule: 'a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters)', valid: isDns1123Label };
  if (group === RBAC_GROUP) return { rule: 'a path segment (no \'/\' or \'%\', not \'.\' or \'..\')', valid: (s) => s.length > 0 && !/[/%]/.test(s) && s !== '.' && s !== '..' };
  return { rule: `a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most ${MAX_SUBDOMAIN_LENGTH} characters)`, valid: isDns1123Subdomain };
}

function* objects(ctx: RuleContext): Iterable<any> {
  for (const o of ctx.model.index.objects) if (o && typeof o === 'object' && !Array.isArray(o)) yield o;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/** `metadata-name`: the object's name is one the API server accepts for its kind. */
export const METADATA_NAME: Rule = {
  id: 'metadata-name',
  summary: 'Each object has a metadata.name the API server accepts for its kind (a DNS-1123 subdomain; a DNS-1035 label for Services).',
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  remediation: 'Rename the object: lowercase letters, digits and \'-\' (and \'.\' where the kind allows), within the length limit.',
  rationale: 'The API server rejects the object, so everything that refers to it by name breaks on apply.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      const name = o.metadata?.name;
      if (name === undefined && typeof o.metadata?.generateName === 'string') continue;
      const { rule, valid } = nameRuleOf(o.apiVersion, o.kind);
      if (typeof name !== 'string' || name === '') {
        yield finding(o, 'metadata.name', 'has no name: the API server needs one to create the object', 'set metadata.name');
      } else if (!valid(name)) {
        yield finding(o, 'metadata.name', `${quote(name)} is not ${rule}`, `rename it to ${rule}`);
      }
    }
  },
};

/** `metadata-namespace`: the namespace (of any object, and of Namespace objects' names) is a DNS-1123 label. */
export const METADATA_NAMESPACE: Rule = {
  id: 'metadata-namespace',
  summary: 'Each metadata.namespace is a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters).',
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  remediation: 'Set the namespace to a real namespace name; a placeholder such as <application-namespace> was left unreplaced.',
  rationale: 'An object in a namespace that cannot exist is rejected, and a placeholder namespace means the manifest was copied from a doc without filling it in.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      const ns = o.metadata?.namespace;
      if (ns === undefined || ns === null) continue;
      if (typeof ns !== 'string' || !isDns1123Label(ns)) {
        yield finding(o, 'metadata.namespace', `${quote(String(ns))} is not a namespace name (lowercase letters, digits and '-', at most 63 characters)`,
          typeof ns === 'string' && /[<>{}$]/.test(ns) ? `replace the placeholder ${quote(ns)} with the real namespace` : 'set a valid namespace name');
      }
    }
  },
};

/** The label maps of `o` the API server validates: its labels, its pod template's, and its selector's. */
export function labelMaps(o: any): Array<[string, unknown]> {
  const spec = o.spec && typeof o.spec === 'object' ? o.spec : {};
  const out: Array<[string, unknown]> = [['metadata.labels', o.metadata?.labels], ['spec.template.metadata.labels', spec.template?.metadata?.labels]];
  // A Service's selector is a plain map; workloads and PodDisruptionBudgets use matchLabels.
  if (o.apiVersion === 'v1' && (o.kind === 'Service' || o.kind === 'ReplicationController')) out.push(['spec.selector', spec.selector]);
  else out.push(['spec.selector.matchLabels', spec.selector?.matchLabels]);
  return out;
}

/** `metadata-labels`: label keys and values are within their limits. */
export const METADATA_LABELS: Rule = {
  id: 'metadata-labels',
  summary: 'Each label (on the object, its pod template and its selector) has a key of at most 63 characters with an optional DNS-subdomain prefix, and a value of at most 63 characters of letters, digits, \'-\', \'_\' and \'.\'.',
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  remediation: 'Shorten the label or drop the characters the API server does not allow; put long or free-form text in an annotation.',
  rationale: 'The API server rejects an object with an invalid label, and a selector that expects it then selects nothing.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      for (const [field, labels] of labelMaps(o)) {
        if (!labels || typeof labels !== 'object' || Array.isArray(labels)) continue;
        for (const [k, v] of Object.entries(labels)) {
          const keyProblem = qualifiedNameProblem(k);
          if (keyProblem) yield finding(o, `${field}.${k}`, `the label key ${quote(k)} ${keyProblem}`);
          const valueProblem = labelValueProblem(v);
          if (valueProblem) yield finding(o, `${field}.${k}`, `the value of label ${quote(k)} ${valueProblem}`);
        }
      }
    }
  },
};

/** `metadata-annotations-size`: annotation keys are valid and all annotations together fit in 256 KiB. */
export const METADATA_ANNOTATIONS_SIZE: Rule = {
  id: 'metadata-annotations-size',
  summary: 'The annotations of each object have valid keys and total at most 256 KiB (keys and values).',
  severity: 'error',
  category: 'input',
  appliesTo: ['*'],
  remediation: 'Move large data out of annotations (into a ConfigMap), or apply with server-side apply instead of the last-applied annotation.',
  rationale: 'The API server rejects an object whose annotations total more than 256 KiB; client-side kubectl apply copies the whole object into an annotation, so large objects hit it first.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      const annotations = o.metadata?.annotations;
      if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) continue;
      let total = 0;
      for (const [k, v] of Object.entries(annotations)) {
        const keyProblem = qualifiedNameProblem(k.toLowerCase());
        if (keyProblem) yield finding(o, `metadata.annotations.${k}`, `the annotation key ${quote(k)} ${keyProblem}`);
        total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
      }
      if (total > MAX_ANNOTATIONS_BYTES) {
        yield finding(o, 'metadata.annotations', `the annotations total ${total} bytes, over the limit of ${MAX_ANNOTATIONS_BYTES} (256 KiB)`);
      }
    }
  },
};

/** The bytes a ConfigMap's or Secret's values take once stored, as the API server counts them. */
export function configBytes(o: any): number {
  let total = 0;
  const add = (m: unknown, base64: boolean) => {
    if (!m || typeof m !== 'object' || Array.isArray(m)) return;
    for (const v of Object.values(m)) if (typeof v === 'string') total += base64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v);
  };
  if (o.kind === 'ConfigMap') {
    add(o.data, false);
    add(o.binaryData, true);
  } else {
    add(o.data, true);
    add(o.stringData, false);
  }
  return total;
}

/** `configmap-size`: a ConfigMap's or Secret's data fits in 1 MiB. */
export const CONFIGMAP_SIZE: Rule = {
  id: 'configmap-size',
  summary: 'The data of each ConfigMap and Secret totals at most 1 MiB.',
  severity: 'error',
  category: 'input',
  appliesTo: ['ConfigMap', 'Secret'],
  remediation: 'Split the data over several ConfigMaps or Secrets, or mount it from a volume or an image instead.',
  rationale: 'The API server rejects a ConfigMap or Secret over 1 MiB (etcd keeps objects small), so the pods that mount it never start.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      if (o.apiVersion !== 'v1' || (o.kind !== 'ConfigMap' && o.kind !== 'Secret')) continue;
      const size = configBytes(o);
      if (size > MAX_CONFIG_BYTES) yield finding(o, o.kind === 'Secret' && o.stringData && !o.data ? 'stringData' : 'data', `the ${o.kind}'s data totals ${size} bytes, over the limit of ${MAX_CONFIG_BYTES} (1 MiB)`);
    }
  },
};

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Why `key` is not a valid ConfigMap or Secret key, or undefined. */
export function configKeyProblem(key: string): string | undefined {
  if (key.length > MAX_SUBDOMAIN_LENGTH) return `is ${key.length} characters long, over the limit of ${MAX_SUBDOMAIN_LENGTH}`;
  if (!CONFIG_KEY.test(key)) return 'holds characters other than letters, digits, \'-\', \'_\' and \'.\'';
  if (key === '.' || key === '..' || key.startsWith('..')) return 'is \'.\' or starts with \'..\'';
  return undefined;
}

/** `configmap-keys`: the keys of a ConfigMap's or Secret's data are valid file names. */
export const CONFIGMAP_KEYS: Rule = {
  id: 'configmap-keys',
  summary: 'Each key of a ConfigMap\'s or Secret\'s data is at most 253 letters, digits, \'-\', \'_\' and \'.\' (not \'.\' and not starting with \'..\').',
  severity: 'error',
  category: 'input',
  appliesTo: ['ConfigMap', 'Secret'],
  remediation: 'Rename the key (it becomes a file name when mounted); keep paths out of keys and use items[].path in the volume instead.',
  rationale: 'The API server rejects the ConfigMap or Secret, so the pods that mount it never start.',
  phase: 'object',
  *check(ctx: RuleContext): Iterable<Finding> {
    for (const o of objects(ctx)) {
      if (o.apiVersion !== 'v1' || (o.kind !== 'ConfigMap' && o.kind !== 'Secret')) continue;
      for (const field of o.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData']) {
        const m = o[field];
        if (!m || typeof m !== 'object' || Array.isArray(m)) continue;
        for (const key of Object.keys(m)) {
          const problem = configKeyProblem(key);
          if (problem) yield finding(o, `${field}.${key}`, `the key ${quote(key)} ${problem}`);
        }
      }
    }
  },
};

/** The metadata rules, in the order they run. */
export const METADATA_RULES: Rule[] = [METADATA_NAME, METADATA_NAMESPACE, METADATA_LABELS, METADATA_ANNOTATIONS_SIZE, CONFIGMAP_SIZE, CONFIGMAP_KEYS];
