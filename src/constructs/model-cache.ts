import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { patchedLast } from './final-patches';

/**
 * How the pods of a model may share its cache claim.
 */
export enum CacheAccessMode {
  /** One node mounts the claim read-write: a model with one replica. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Many nodes mount the claim read-write: needed for more than one replica. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** One pod mounts the claim read-write: a model with one replica. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * A PersistentVolumeClaim created for a model's Hugging Face cache, so the weights survive
 * restarts: vLLM's `HF_HOME` is kept on it instead of on an emptyDir.
 */
export interface ModelCache {
  /** Size of the claim, a size in bytes from 1Gi to 64Ti such as `200Gi`. */
  readonly size: string;

  /**
   * StorageClass of the claim.
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;

  /**
   * Access mode of the claim. A model with more than one replica needs ReadWriteMany (every pod
   * mounts the same cache).
   * @default CacheAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: CacheAccessMode;
}

/** Properties of a {@link ModelCacheClaim}. */
export interface ModelCacheClaimProps {
  /** Name of the model server; the claim is `<name>-cache`. */
  readonly serverName: string;
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Size, class and access mode. */
  readonly cache: ModelCache;
  /**
   * Labels of the claim.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the claim.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * The PersistentVolumeClaim `<server>-cache` holding a model server's Hugging Face cache.
 */
export class ModelCacheClaim extends Construct {
  /** The claim name of a server's cache: `<server>-cache`. */
  public static nameFor(serverName: string): string {
    return `${serverName}-cache`;
  }

  /** The claim's name. */
  public readonly name: string;
  /** The PersistentVolumeClaim. */
  public readonly claim: k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: ModelCacheClaimProps) {
    super(scope, id);
    this.name = ModelCacheClaim.nameFor(props.serverName);
    const { cache } = props;
    this.claim = new (patchedLast(k8s.KubePersistentVolumeClaim))(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        ...(props.labels ? { labels: { ...props.labels } } : {}),
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
      },
      spec: {
        accessModes: [cache.accessMode ?? CacheAccessMode.READ_WRITE_ONCE],
        ...(cache.storageClass !== undefined ? { storageClassName: cache.storageClass } : {}),
        resources: { requests: { storage: k8s.Quantity.fromString(cache.size) } },
      },
    });
  }
}
