import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { MODEL_PATH_PREFIX } from './checks/listing-checks';
import { patchedLast } from './final-patches';
import { PROFILES, StackProfile } from '../profiles/profiles';
import { ListedName, modelBody, MODEL_NOT_FOUND_BODY, modelPath } from '../util/openai';

/**
 * Properties of a {@link ListingServer}.
 */
export interface ListingServerProps {
  /** Name of the Deployment, Service and configuration ConfigMap; the content ConfigMaps add `-data-<n>`. */
  readonly name: string;
  /** Namespace (the models'). */
  readonly namespace: string;
  /** The stack profile: its pinned nginx image and the models' `created`. */
  readonly profile: StackProfile;
  /**
   * Labels on every object (metadata only).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** One content ConfigMap's share of the names: the index (1-based) of its first name and how many. */
interface Shard {
  readonly first: number;
  readonly count: number;
}

/**
 * The static server behind `/v1/models` when the list is longer than one direct response holds:
 * an unprivileged nginx (the profile's pinned image) answering `GET /v1/models` with the whole
 * list and `GET /v1/models/<id>` with one model, or 404 `model_not_found`.
 *
 * Content: ConfigMaps `<name>-data-<n>`, each at most {@link ListingServer.MAX_SHARD_BYTES}, hold
 * per name one line of JSON (`models-<first>.jsonl`) and one nginx `map` entry from the path to
 * the name's index (`ids-<first>.map`; ids contain `/`, so they are never file names). An init
 * container (same image, `sh` and `awk`) writes the list and one file per index into an
 * emptyDir; nginx maps the request path to the index. Scales with the names a gateway has: one
 * more data ConfigMap per {@link ListingServer.MAX_SHARD_BYTES} of content.
 *
 * Creates, in `namespace`: ConfigMap `<name>` (nginx.conf, build.sh), ConfigMaps
 * `<name>-data-1`, `-2`, …, Deployment `<name>` (1 replica, runAsNonRoot, no capabilities,
 * seccomp RuntimeDefault, read-only root file system with emptyDirs for /srv and /tmp, probes
 * on `/healthz`, a content checksum annotation so pods roll when the list changes) and
 * Service `<name>` on port 8080.
 */
export class ListingServer extends Construct {
  /** The port nginx listens on and the Service exposes. */
  public static readonly PORT = 8080;
  /** Most bytes of data one content ConfigMap holds (below the 1 MiB object limit). */
  public static readonly MAX_SHARD_BYTES = 900 * 1024;

  /** The Service name. */
  public readonly serviceName: string;
  /** The labels its Service and Deployment select its pods by. */
  public readonly selectorLabels: Record<string, string>;
  private readonly props: ListingServerProps;
  private names: ListedName[] = [];
  private created = 0;
  private packer = new ShardPacker(0);
  private readonly shardMaps: k8s.KubeConfigMap[] = [];
  private readonly projected: { configMap: { name: string } }[] = [];

  constructor(scope: Construct, id: string, props: ListingServerProps) {
    super(scope, id);
    this.props = props;
    this.serviceName = props.name;
    const labels = { ...props.labels, 'app.kubernetes.io/component': 'model-listing' };
    const selector = { app: props.name };
    this.selectorLabels = { ...selector };
    const metadata = (name: string, extra: object = {}) => ({ name, namespace: props.namespace, labels, ...extra });
    const image = PROFILES[props.profile].modelListing.staticServerImage;

    new (patchedLast(k8s.KubeConfigMap))(this, 'Config', {
      metadata: metadata(props.name),
      data: {
        'nginx.conf': Lazy.any({ produce: () => nginxConf(this.names.length) }) as unknown as string,
        'build.sh': BUILD_SCRIPT,
      },
    });

    const restricted: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    };
    const resources = {
      requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
      limits: { memory: k8s.Quantity.fromString('256Mi') },
    };
    const mounts = (srvReadOnly: boolean) => [
      { name: 'config', mountPath: '/config', readOnly: true },
      { name: 'parts', mountPath: '/parts', readOnly: true },
      { name: 'srv', mountPath: '/srv', readOnly: srvReadOnly },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    const probe = { httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10 };
    new (patchedLast(k8s.KubeDeployment))(this, 'Deployment', {
      metadata: metadata(props.name),
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: { ...labels, ...selector },
            annotations: { 'model-gateway.io/content-sha256': Lazy.any({ produce: () => this.checksum() }) as unknown as string },
          },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            initContainers: [{
              name: 'build',
              image,
              command: ['sh', '/config/build.sh'],
              securityContext: restricted,
              resources,
              volumeMounts: mounts(false),
            }],
            containers: [{
              name: 'nginx',
              image,
              command: ['nginx', '-c', '/config/nginx.conf'],
              ports: [{ name: 'http', containerPort: ListingServer.PORT }],
              securityContext: restricted,
              resources,
              readinessProbe: probe,
              livenessProbe: { ...probe, failureThreshold: 3 },
              volumeMounts: mounts(true),
            }],
            volumes: [
              { name: 'config', configMap: { name: props.name } },
              { name: 'parts', projected: { sources: this.projected } },
              { name: 'srv', emptyDir: { sizeLimit: k8s.Quantity.fromString('512Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });

    new (patchedLast(k8s.KubeService))(this, 'Service', {
      metadata: metadata(props.name),
      spec: {
        selector,
        ports: [{ name: 'http', port: ListingServer.PORT, targetPort: k8s.IntOrString.fromString('http'), appProtocol: 'http' }],
      },
    });
  }

  /** Serves `names` (in order) with `created`; adds content ConfigMaps as the names need them. */
  public setNames(names: ListedName[], created: number): void {
    // Names are appended one model at a time: pack only the new ones (re-packing every name on
    // each call grew with the square of the model count).
    // Appended when the names held so far are still the first ones (checked at the last of them:
    // the caller only appends; anything else starts over).
    const held = this.names.length;
    const appended = created === this.created && names.length >= held && (held === 0 || names[held - 1] === this.names[held - 1]);
    if (!appended) {
      this.packer = new ShardPacker(created);
      this.names = [];
    }
    for (let i = this.names.length; i < names.length; i++) this.names.push(names[i]);
    this.created = created;
    const shards = this.packer.extend(this.names);
    while (this.shardMaps.length < shards.length) {
      const i = this.shardMaps.length;
      const name = `${this.props.name}-data-${i + 1}`;
      this.projected.push({ configMap: { name } });
      this.shardMaps.push(new (patchedLast(k8s.KubeConfigMap))(this, `Data${i + 1}`, {
        metadata: { name, namespace: this.props.namespace, labels: { ...this.props.labels, 'app.kubernetes.io/component': 'model-listing' } },
        // A shard's first index never changes as names are appended (greedy packing in order).
        data: {
          [`ids-${tagOf(shards[i].first)}.map`]: Lazy.any({ produce: () => this.shardData(i).ids }) as unknown as string,
          [`models-${tagOf(shards[i].first)}.jsonl`]: Lazy.any({ produce: () => this.shardData(i).models }) as unknown as string,
        },
      }));
    }
  }

  /** The data of content ConfigMap `i` (0-based). */
  private shardData(i: number): { ids: string; models: string } {
    const shard = this.shards()[i];
    if (!shard) return { ids: '', models: '' };
    const slice = this.names.slice(shard.first - 1, shard.first - 1 + shard.count);
    return {
      ids: slice.map((n, j) => mapLine(n, shard.first + j)).join(''),
      models: slice.map((n) => `${modelBody(n, this.created)}\n`).join(''),
    };
  }

  /** The shards of the current names. */
  private shards(): Shard[] {
    return this.packer.extend(this.names);
  }

  private checksum(): string {
    const h = createHash('sha256').update(nginxConf(this.names.length)).update(BUILD_SCRIPT);
    for (let i = 0; i < this.shardMaps.length; i++) {
      const d = this.shardData(i);
      h.update(d.ids).update(d.models);
    }
    return h.digest('hex');
  }
}

function tagOf(first: number): string {
  return String(first).padStart(6, '0');
}

/** The nginx map entry of a name: its raw request path (percent-encoded, as clients send it) to its index. */
function mapLine(n: ListedName, index: number): string {
  return `"${modelPath(n.id)}" ${index};\n`;
}

/** Greedy shards in order: each holds as many names as fit in {@link ListingServer.MAX_SHARD_BYTES}. */
export function shardNames(names: readonly ListedName[], created: number): Shard[] {
  return new ShardPacker(created).extend(names);
}

/**
 * {@link shardNames} kept up to date as names are appended: each call packs only the names
 * after those it has seen (the earlier ones must be unchanged), so packing n names one at a time
 * costs O(n) in all.
 */
export class ShardPacker {
  private readonly closed: Shard[] = [];
  private first = 1;
  private count = 0;
  private bytes = 64; // the two keys
  private packed = 0;
  private last: Shard[] = [];

  constructor(private readonly created: number) {}

  /** The shards of `names`, whose first names are those given before. */
  public extend(names: readonly ListedName[]): Shard[] {
    if (names.length === this.packed) return this.last;
    for (let i = this.packed; i < names.length; i++) {
      const n = names[i];
      const size = Buffer.byteLength(mapLine(n, i + 1)) + Buffer.byteLength(modelBody(n, this.created)) + 1;
      if (this.count > 0 && this.bytes + size > ListingServer.MAX_SHARD_BYTES) {
        this.closed.push({ first: this.first, count: this.count });
        this.first = i + 1;
        this.count = 0;
        this.bytes = 64;
      }
      this.count++;
      this.bytes += size;
    }
    this.packed = names.length;
    this.last = this.count > 0 ? [...this.closed, { first: this.first, count: this.count }] : [...this.closed];
    return this.last;
  }
}

/** Writes /srv/list.json and /srv/m/<index>.json from the content ConfigMaps. */
const BUILD_SCRIPT = `set -eu
mkdir -p /srv/m
for f in /parts/models-*.jsonl; do
  start=\${f##*/models-}
  start=\${start%.jsonl}
  awk -v start="$start" -v dir=/srv/m '{ out = dir "/" (start + NR - 1) ".json"; printf "%s", $0 > out; close(out) }' "$f"
done
{
  printf '{"object":"list","data":['
  cat /parts/models-*.jsonl | awk 'NR > 1 { printf "," } { printf "%s", $0 }'
  printf ']}'
} > /srv/list.json
`;

/** nginx's configuration for `count` names (the map's hash is sized to them). */
export function nginxConf(count: number): string {
  let hash = 2048;
  while (hash < count * 2) hash *= 2;
  return `worker_processes 1;
daemon off;
pid /tmp/nginx.pid;
error_log stderr warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  server_tokens off;
  client_body_temp_path /tmp/client_body;
  proxy_temp_path /tmp/proxy;
  fastcgi_temp_path /tmp/fastcgi;
  uwsgi_temp_path /tmp/uwsgi;
  scgi_temp_path /tmp/scgi;
  default_type application/json;
  map_hash_max_size ${hash};
  map_hash_bucket_size 512;
  # The raw path without the query: ids are matched as clients encode them, never decoded.
  map $request_uri $model_path {
    default $request_uri;
    "~^(?<raw_path>[^?]*)[?]" $raw_path;
  }
  map $model_path $model_index {
    default "";
    include /parts/ids-*.map;
  }
  server {
    listen ${ListingServer.PORT};
    location = /healthz {
      return 200 '{"status":"ok"}';
    }
    location = /v1/models {
      root /srv;
      try_files /list.json =500;
    }
    location ${MODEL_PATH_PREFIX} {
      if ($model_index = "") {
        return 404 '${MODEL_NOT_FOUND_BODY}';
      }
      root /srv;
      try_files /m/$model_index.json =500;
    }
    location / {
      return 404 '${MODEL_NOT_FOUND_BODY}';
    }
  }
}
`;
}
