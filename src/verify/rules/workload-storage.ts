import { IMAGE_VOLUME_KUBERNETES, IMAGE_VOLUME_OPENSHIFT, OLDEST_OPENSHIFT } from '../../profiles/profiles';
import { flagValue, multiFlagValues, templateContainers, templatePath } from '../model/containers';
import { list } from '../model/object-access';
import { finding, Rule } from './rule';
import { isVllm } from './workload-parallelism';

/** Environment variables the Hugging Face libraries read a token from. */
export const TOKEN_ENV_NAMES: readonly string[] = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'];

/** The pod template workload kinds (LeaderWorkerSets included). */
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'LeaderWorkerSet'];

/**
 * A Hugging Face token written as a literal `value` of a container's environment: it lands in
 * Git, in `kubectl get -o yaml` and in every copy of the manifest. The value is never shown.
 */
export const CONTAINER_ENV_TOKEN_PLAINTEXT_RULE: Rule = {
  id: 'container-env-token-plaintext',
  summary: 'A container takes HF_TOKEN or HUGGING_FACE_HUB_TOKEN from a Secret (valueFrom.secretKeyRef), never as a literal value.',
  severity: 'error',
  category: 'security',
  appliesTo: WORKLOADS,
  remediation: 'Store the token in a Secret and set the variable with valueFrom.secretKeyRef (name: the Secret, key: its key).',
  rationale: 'A token written into a manifest is readable by anyone who can read the manifest, its Git history or the workload object; a Secret keeps it out of them and can be rotated alone.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      for (const { container: c, path } of templateContainers(t, ['initContainers', 'containers'])) {
        for (const [i, e] of list(c?.env).entries()) {
          if (!TOKEN_ENV_NAMES.includes(e?.name) || typeof e?.value !== 'string' || e.value === '') continue;
          yield finding(t.owner, `${path}.env[${i}].value`,
            `sets ${e.name} of container '${c?.name ?? ''}' to a literal value: the token is in plain text in the manifest (value not shown)`,
            `remove the value and use valueFrom.secretKeyRef, e.g. kubectl create secret generic hf-token --from-literal=${e.name}=<token>, then secretKeyRef: {name: hf-token, key: ${e.name}}`);
        }
      }
    }
  },
};

/** Whether `file` is `mount` or below it. */
function isUnder(file: string, mount: string): boolean {
  const m = mount.endsWith('/') ? mount.slice(0, -1) : mount;
  return file === m || file.startsWith(`${m}/`);
}

/** The local paths a vLLM argument list loads: the model (positional or `--model`) and each `--lora-modules` path. */
function loadedPaths(argv: string[]): { what: string; path: string }[] {
  const out: { what: string; path: string }[] = [];
  const serve = argv.findIndex((a, i) => a === 'serve' && i > 0 && /(^|\/)vllm$/.test(argv[i - 1]));
  const model = flagValue(argv, '--model') ?? (serve >= 0 && argv[serve + 1] && !argv[serve + 1].startsWith('-') ? argv[serve + 1] : undefined);
  if (model?.startsWith('/')) out.push({ what: 'the model', path: model });
  for (const entry of multiFlagValues(argv, '--lora-modules') ?? []) {
    const module = loraModule(entry);
    if (module?.path.startsWith('/')) out.push({ what: `LoRA adapter '${module.name}'`, path: module.path });
  }
  return out;
}

/** The name and path of one `--lora-modules` entry: `name=path`, or the JSON form `{"name": .., "path": ..}`. */
function loraModule(entry: string): { name: string; path: string } | undefined {
  if (entry.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(entry);
      return typeof parsed?.name === 'string' && typeof parsed?.path === 'string' ? { name: parsed.name, path: parsed.path } : undefined;
    } catch {
      return undefined;
    }
  }
  const eq = entry.indexOf('=');
  return eq > 0 ? { name: entry.slice(0, eq), path: entry.slice(eq + 1) } : undefined;
}

/**
 * A vLLM container told to load a local path (the model or a LoRA adapter) that none of its
 * volume mounts holds: vLLM finds an empty directory of the image, or none, and fails at start.
 */
export const WORKLOAD_MODEL_PATH_MOUNTED_RULE: Rule = {
  id: 'workload-model-path-mounted',
  summary: 'Every local path a vLLM container loads (the model, --lora-modules paths) is under one of its volume mounts.',
  severity: 'error',
  category: 'wiring',
  appliesTo: WORKLOADS,
  remediation: 'Mount the volume holding the weights (a persistentVolumeClaim or image volume) at a directory above the path, or correct the path.',
  rationale: 'vLLM loads local weights from the container filesystem: a path outside every mount reads the image, where the weights are not, and the server fails at start.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, ['containers'])) {
        const argv = [...list(c?.command), ...list(c?.args)].map(String);
        if (!isVllm(c, argv)) continue;
        const mounts = list(c?.volumeMounts).map((m) => m?.mountPath).filter((m): m is string => typeof m === 'string');
        for (const loaded of loadedPaths(argv)) {
          if (mounts.some((m) => isUnder(loaded.path, m))) continue;
          yield finding(t.owner, `${path}.args`,
            `loads ${loaded.what} from '${loaded.path}', but container '${c?.name ?? ''}' mounts no volume there (mounts: ${mounts.length ? mounts.join(', ') : 'none'})`,
            `mount the volume holding the weights at '${loaded.path}' or a directory above it, or correct the path`);
        }
      }
    }
  },
};

/**
 * An image volume (`volumes[].image`, e.g. a model image) on an OpenShift release built on a
 * Kubernetes without image volumes on by default: the API server drops or rejects the field.
 */
export const WORKLOAD_IMAGE_VOLUME_PLATFORM_RULE: Rule = {
  id: 'workload-image-volume-platform',
  summary: `Image volumes (volumes[].image) target an OpenShift release that has them on by default (${IMAGE_VOLUME_OPENSHIFT.join(', ')}).`,
  severity: 'error',
  category: 'wiring',
  appliesTo: WORKLOADS,
  remediation: 'Target a release with image volumes (--openshift-version 4.22 or later), or put the weights on a PersistentVolumeClaim and mount that.',
  rationale: `Image volumes are on by default from Kubernetes ${IMAGE_VOLUME_KUBERNETES} (OpenShift ${IMAGE_VOLUME_OPENSHIFT[0]}); earlier releases need the ImageVolume feature gate, so the pod never starts on a stock cluster.`,
  *check(ctx) {
    if (ctx.stack.platform !== 'openshift') return;
    const release = ctx.stack.openshiftVersion ?? OLDEST_OPENSHIFT;
    if (IMAGE_VOLUME_OPENSHIFT.includes(release)) return;
    for (const t of ctx.model.index.podTemplates) {
      for (const [i, v] of list(t.spec?.volumes).entries()) {
        if (!v?.image) continue;
        yield finding(t.owner, `${templatePath(t)}spec.volumes[${i}].image`,
          `mounts volume '${v.name ?? ''}' as an image volume, which needs OpenShift ${IMAGE_VOLUME_OPENSHIFT.join(' or ')} (Kubernetes ${IMAGE_VOLUME_KUBERNETES}), but the target is OpenShift ${release}${ctx.stack.openshiftVersion === undefined ? ' (the oldest supported, as none is declared)' : ''}`,
          'target OpenShift 4.22 or later (--openshift-version), or copy the weights to a PersistentVolumeClaim and mount it read-only');
      }
    }
  },
};

/** Access modes that let pods on several nodes mount one claim. */
const SHARED_MODES = ['ReadWriteMany', 'ReadOnlyMany'];

/** How many pods a workload runs at once: its replicas (1 when absent), many for a DaemonSet; undefined when not known. */
function podCount(owner: any): number | undefined {
  if (owner?.kind === 'DaemonSet') return Number.POSITIVE_INFINITY;
  if (!['Deployment', 'StatefulSet', 'ReplicaSet'].includes(owner?.kind)) return undefined;
  const r = owner?.spec?.replicas ?? 1;
  return typeof r === 'number' ? r : undefined;
}

/**
 * A claim of the same manifests that only one node (ReadWriteOnce) or one pod
 * (ReadWriteOncePod) can mount, used by a workload that runs several pods: with
 * ReadWriteOncePod all but one stay Pending; with ReadWriteOnce they must all land on one node
 * (a warning: GPU pods rarely fit). Claims that are not in the manifests are not judged.
 */
export const WORKLOAD_CLAIM_ACCESS_MODE_RULE: Rule = {
  id: 'workload-claim-access-mode',
  summary: 'A claim mounted by a workload of several pods can be mounted from several nodes (ReadWriteMany or ReadOnlyMany).',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'],
  remediation: 'Give the claim accessModes [ReadWriteMany] (or ReadOnlyMany for weights only read), or run one replica.',
  rationale: 'A ReadWriteOncePod claim admits one pod and a ReadWriteOnce claim one node: further replicas stay Pending, or all crowd onto one node that seldom has the GPUs for them.',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      const pods = podCount(t.owner);
      if (pods === undefined || pods <= 1) continue;
      for (const [i, v] of list(t.spec?.volumes).entries()) {
        const name = v?.persistentVolumeClaim?.claimName;
        if (typeof name !== 'string') continue;
        const claim = ctx.model.index.get('/PersistentVolumeClaim', t.namespace, name);
        const modes = list(claim?.spec?.accessModes).map(String);
        if (!claim || modes.length === 0 || modes.some((m) => SHARED_MODES.includes(m))) continue;
        const onePod = modes.includes('ReadWriteOncePod');
        yield finding(t.owner, `${templatePath(t)}spec.volumes[${i}].persistentVolumeClaim.claimName`,
          `mounts claim '${name}' (accessModes ${modes.join(', ')}) in ${Number.isFinite(pods) ? `${pods} replicas` : 'a pod per node'}: ${onePod ? 'only one pod can mount it, the others stay Pending' : 'every pod must run on the one node that mounts it'}`,
          `give PersistentVolumeClaim '${name}' accessModes [ReadWriteMany] (ReadOnlyMany for weights only read), or run one replica`,
          onePod ? undefined : 'warning', [claim]);
      }
    }
  },
};

/** The rules of workload storage: token Secrets, mounted model paths, image volumes per platform, shared claims. */
export const WORKLOAD_STORAGE_RULES: readonly Rule[] = [
  CONTAINER_ENV_TOKEN_PLAINTEXT_RULE,
  WORKLOAD_MODEL_PATH_MOUNTED_RULE,
  WORKLOAD_IMAGE_VOLUME_PLATFORM_RULE,
  WORKLOAD_CLAIM_ACCESS_MODE_RULE,
];
