import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { catalogProblems } from '../src/catalog/catalog-checks';
import { CatalogModelSpec, CatalogSpec } from '../src/catalog/catalog-spec';
import { synthesize } from '../src/cli/synth';
import { CacheAccessMode } from '../src/constructs/model-cache';
import { ModelGateway } from '../src/constructs/model-gateway';
import { ModelSource, ModelSourceKind } from '../src/constructs/model-source';
import { Platform } from '../src/constructs/platform';
import { OpenShiftVersion, StackProfile } from '../src/profiles/profiles';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
import { errorOf, find, ROOT } from './helpers';

const QWEN = 'Qwen/Qwen3-0.6B';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const GRANITE = 'ibm-granite/granite-3.3-8b-instruct';
const QWEN_POOL = 'vllm-qwen3-06b';
const LLAMA_POOL = 'vllm-llama-31-8b-instruct';
const GRANITE_POOL = 'vllm-granite-33-8b-instruct';

function spec(models: CatalogModelSpec[], extra: Partial<CatalogSpec> = {}): CatalogSpec {
  return { profile: StackProfile.RHDEV_2026_03, platform: Platform.OPENSHIFT, models, ...extra };
}
const vllm = (objects: any[], pool: string): any => find(objects, 'Deployment', pool).spec.template.spec.containers.find((c: any) => c.name === 'vllm');
const volumes = (objects: any[], pool: string): any[] => find(objects, 'Deployment', pool).spec.template.spec.volumes;
const env = (objects: any[], pool: string): Record<string, any> => Object.fromEntries(vllm(objects, pool).env.map((e: any) => [e.name, e]));
const errors = (out: { verification: { problems: readonly any[] } }) => out.verification.problems.filter((p) => p.severity === 'error');
const fails = (s: CatalogSpec) => errorOf(() => synthesize(Catalog.fromSpec(s)));
const PVC_MODEL: CatalogModelSpec = { name: QWEN, uri: 'pvc://models/qwen/Qwen3-0.6B' };
const CACHED_MODEL: CatalogModelSpec = { name: LLAMA, cache: { size: '100Gi', storageClass: 'gp3-csi' } };

describe.each([StackProfile.RHDEV_2026_03, StackProfile.UPSTREAM_2026_08])('model storage under %s (openshift)', (profile) => {
  describe('a gated model with a token Secret', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ name: LLAMA, hfTokenSecret: 'hf-token', hfTokenSecretKey: 'token' }], { profile })));

    it('golden output', async () => {
      for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/gated-${profile}/${name}`);
    });

    it('gives vLLM HF_TOKEN from the named Secret key, never as a value, and verifies clean', () => {
      expect(env(out.objects, LLAMA_POOL).HF_TOKEN).toEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } });
      expect(errors(out)).toEqual([]);
    });
  });

  describe('a PVC model beside a model with a persistent cache', () => {
    const out = synthesize(Catalog.fromSpec(spec([PVC_MODEL, CACHED_MODEL], { profile })));

    it('golden output', async () => {
      for (const [name, content] of out.files) await expect(content).toMatchFileSnapshot(`__snapshots__/storage-${profile}/${name}`);
    });

    it('mounts the claim read-only, gives vLLM the directory and keeps it offline', () => {
      expect(vllm(out.objects, QWEN_POOL).args[0]).toBe('/model-weights/models/qwen/Qwen3-0.6B');
      expect(volumes(out.objects, QWEN_POOL)).toContainEqual({ name: 'weights-0', persistentVolumeClaim: { claimName: 'models', readOnly: true } });
      expect(vllm(out.objects, QWEN_POOL).volumeMounts).toContainEqual({ name: 'weights-0', mountPath: '/model-weights/models', readOnly: true });
      expect(env(out.objects, QWEN_POOL).HF_HUB_OFFLINE).toEqual({ name: 'HF_HUB_OFFLINE', value: '1' });
    });

    it('creates <pool>-cache, labelled like the other objects, and keeps HF_HOME on it instead of the emptyDir', () => {
      const claim = find(out.objects, 'PersistentVolumeClaim', `${LLAMA_POOL}-cache`, 'llm-d');
      expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'gp3-csi', resources: { requests: { storage: '100Gi' } } });
      expect(claim.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'cdk8s-model-gateway', 'app.kubernetes.io/instance': LLAMA_POOL });
      const cache = volumes(out.objects, LLAMA_POOL).find((v) => v.name === 'model-cache');
      expect(cache).toEqual({ name: 'model-cache', persistentVolumeClaim: { claimName: `${LLAMA_POOL}-cache` } });
      expect(vllm(out.objects, LLAMA_POOL).args[0]).toBe(LLAMA);
      expect(env(out.objects, LLAMA_POOL).HF_HUB_OFFLINE).toBeUndefined();
    });

    it('requests node ephemeral storage for the cache only when the cache is an emptyDir', () => {
      expect(vllm(out.objects, LLAMA_POOL).resources.requests['ephemeral-storage']).toBeUndefined();
      expect(vllm(out.objects, QWEN_POOL).resources.requests['ephemeral-storage']).toBe('10Gi');
    });

    it('verifies clean', () => {
      expect(errors(out)).toEqual([]);
    });
  });
});

describe('model sources: what each produces', () => {
  it('hf:// output is unchanged: the repository id, an emptyDir cache, no offline flag', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ name: 'qwen', uri: `hf://${QWEN}` }])));
    expect(vllm(out.objects, 'vllm-qwen').args[0]).toBe(QWEN);
    expect(volumes(out.objects, 'vllm-qwen')[0]).toEqual({ name: 'model-cache', emptyDir: { sizeLimit: '10Gi' } });
    expect(env(out.objects, 'vllm-qwen').HF_HUB_OFFLINE).toBeUndefined();
  });

  it('pvc+hf:// keeps HF_HOME on the existing claim and downloads the id given, else the model name', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ name: 'granite', uri: `pvc+hf://hf-cache/${GRANITE}` }, { name: LLAMA, uri: 'pvc+hf://hf-cache' }])));
    expect(vllm(out.objects, 'vllm-granite').args[0]).toBe(GRANITE);
    expect(vllm(out.objects, LLAMA_POOL).args[0]).toBe(LLAMA);
    expect(volumes(out.objects, 'vllm-granite')[0]).toEqual({ name: 'model-cache', persistentVolumeClaim: { claimName: 'hf-cache' } });
    expect(out.objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(errors(out)).toEqual([]);
  });

  it('oci:// mounts the image read-only as an image volume and gives vLLM its models directory (OpenShift 4.22), verifying clean', () => {
    const ref = `quay.io/example/qwen3-0.6b:1.0@sha256:${'a'.repeat(64)}`;
    const out = synthesize(Catalog.fromSpec(spec([{ name: QWEN, uri: `oci://${ref}` }], { openshiftVersion: OpenShiftVersion.V4_22 })));
    expect(volumes(out.objects, QWEN_POOL)).toContainEqual({ name: 'model-image', image: { reference: ref, pullPolicy: 'IfNotPresent' } });
    expect(vllm(out.objects, QWEN_POOL).volumeMounts).toContainEqual({ name: 'model-image', mountPath: '/model-image', readOnly: true });
    expect(vllm(out.objects, QWEN_POOL).args[0]).toBe('/model-image/models');
    expect(env(out.objects, QWEN_POOL).HF_HUB_OFFLINE).toEqual({ name: 'HF_HUB_OFFLINE', value: '1' });
    expect(errors(out)).toEqual([]);
  });

  it('oci:// on plain Kubernetes is accepted (its version is not known; the README states the requirement)', () => {
    expect(catalogProblems(spec([{ name: QWEN, uri: 'oci://quay.io/example/qwen:1.0' }], { platform: Platform.KUBERNETES }))).toEqual([]);
  });

  it('pvc:// adapters are mounted read-only (one volume per claim) and passed by path; offline only when nothing is downloaded', () => {
    const model: CatalogModelSpec = { ...PVC_MODEL, loraAdapters: [{ name: 'sql', uri: 'pvc://adapters/sql' }, { name: 'fr', uri: 'pvc://models/fr' }] };
    const out = synthesize(Catalog.fromSpec(spec([model])));
    const args: string[] = vllm(out.objects, QWEN_POOL).args;
    expect(args.slice(args.indexOf('--lora-modules') + 1, args.indexOf('--lora-modules') + 3)).toEqual(['sql=/model-weights/adapters/sql', 'fr=/model-weights/models/fr']);
    expect(volumes(out.objects, QWEN_POOL).filter((v) => v.persistentVolumeClaim)).toEqual([
      { name: 'weights-0', persistentVolumeClaim: { claimName: 'models', readOnly: true } },
      { name: 'weights-1', persistentVolumeClaim: { claimName: 'adapters', readOnly: true } },
    ]);
    expect(env(out.objects, QWEN_POOL).HF_HUB_OFFLINE).toBeDefined();
    expect(errors(out)).toEqual([]);
    const mixed = synthesize(Catalog.fromSpec(spec([{ ...PVC_MODEL, loraAdapters: [{ name: 'sql', uri: 'hf://org/sql' }] }])));
    expect(env(mixed.objects, QWEN_POOL).HF_HUB_OFFLINE).toBeUndefined();
  });

  it('a cache with three replicas on ReadWriteMany is accepted', () => {
    const out = synthesize(Catalog.fromSpec(spec([{ ...CACHED_MODEL, replicas: 3, cache: { size: '100Gi', accessMode: CacheAccessMode.READ_WRITE_MANY } }])));
    expect(find(out.objects, 'PersistentVolumeClaim', `${LLAMA_POOL}-cache`).spec.accessModes).toEqual(['ReadWriteMany']);
    expect(find(out.objects, 'PersistentVolumeClaim', `${LLAMA_POOL}-cache`).spec.storageClassName).toBeUndefined();
  });
});

describe('model sources: fails when (catalog)', () => {
  const FORMS = 'use hf://<organization>/<name>, pvc://<claim>/<path>, pvc+hf://<claim>[/<organization>/<name>] or oci://<registry>/<repository>:<tag>[@sha256:<digest>]';
  const problemOf = (m: Partial<CatalogModelSpec>, extra: Partial<CatalogSpec> = {}) => catalogProblems(spec([{ name: QWEN, ...m }], extra));

  it.each([
    ['a pvc:// URI without a claim name', 'pvc:///qwen', "'uri' must name a PersistentVolumeClaim after pvc://, got 'pvc:///qwen': use pvc://<claim>/<path>"],
    ['a claim name that is not DNS-1123', 'pvc://Models_1/qwen', "'uri' names the claim 'Models_1', which is not a PersistentVolumeClaim name (lowercase DNS-1123 subdomain: letters, digits, '-' and '.', at most 253), got 'pvc://Models_1/qwen': use pvc://<claim>/<path>"],
    ["'..' in the path", 'pvc://models/../etc', "'uri' must not use '.' or '..' path segments (the path stays inside the claim), got 'pvc://models/../etc': use pvc://<claim>/<path> with the directory's path from the claim's root"],
    ['an empty path', 'pvc://models', "'uri' must give the model's directory inside claim 'models' after the claim name, got 'pvc://models': use pvc://<claim>/<path>, e.g. pvc://models/Qwen3-0.6B"],
    ['an empty path segment', 'pvc://models/qwen//x', "'uri' must not have empty path segments ('//' or a trailing '/'), got 'pvc://models/qwen//x': use pvc://<claim>/<path>"],
    ['an unknown scheme, listing the allowed ones', 's3://bucket/qwen', `'uri' must use one of the schemes hf://, pvc://, pvc+hf://, oci:// (s3:// is not supported here), got 's3://bucket/qwen': ${FORMS}`],
    ['an unpinned image', 'oci://quay.io/example/qwen', "'uri' must pin the image with a tag or a digest (an unpinned image can change under running pods), got 'oci://quay.io/example/qwen': use oci://<registry>/<repository>:<tag>[@sha256:<digest>]"],
    ["an image tagged 'latest'", 'oci://quay.io/example/qwen:latest', "'uri' must pin the image: the tag 'latest' moves, got 'oci://quay.io/example/qwen:latest': use a release tag or a digest: oci://<registry>/<repository>:<tag>[@sha256:<digest>]"],
    ['a pvc+hf:// claim followed by no repository id', 'pvc+hf://cache/not a repo', "'uri' must name a Hugging Face repository id after the claim name, or nothing (the model name is then the id), got 'pvc+hf://cache/not a repo': use pvc+hf://<claim>[/<organization>/<name>], e.g. pvc+hf://cache/Qwen/Qwen3-0.6B"],
  ])('fails on %s', (_, uri, sentence) => {
    expect(problemOf({ uri })).toEqual([`models[0]: model '${QWEN}': ${sentence}`]);
    expect(errorOf(() => ModelSource.fromUri(uri))).toBe(sentence);
  });

  it('fails on oci:// where the OpenShift release has no image volumes, naming the requirement and the alternatives', () => {
    const line = (release: string, defaulted: string) => `models[0]: model '${QWEN}': 'uri' is a model image, mounted as an image volume, which needs OpenShift 4.22 or 5.0 (Kubernetes 1.35, where image volumes are on by default), but the catalog targets OpenShift ${release}${defaulted}: set openshiftVersion: "4.22" if the cluster runs it, or copy the weights to a claim and use pvc://<claim>/<path>, or hf://`;
    expect(problemOf({ uri: 'oci://quay.io/example/qwen:1.0' })).toEqual([line('4.19', ' (the oldest supported release, as no openshiftVersion is set)')]);
    expect(problemOf({ uri: 'oci://quay.io/example/qwen:1.0' }, { openshiftVersion: OpenShiftVersion.V4_21 })).toEqual([line('4.21', '')]);
    expect(problemOf({ uri: 'oci://quay.io/example/qwen:1.0' }, { openshiftVersion: OpenShiftVersion.V5_0 })).toEqual([]);
  });

  it('fails on an adapter with an oci:// URI, listing the adapter forms', () => {
    expect(problemOf({ loraAdapters: [{ name: 'a', uri: 'oci://quay.io/x/a:1' }] })).toEqual([
      `models[0]: model '${QWEN}': 'loraAdapters[0].uri' must use one of the schemes hf://, pvc:// (oci:// is not supported here), got 'oci://quay.io/x/a:1': use hf://<organization>/<name> or pvc://<claim>/<path>`,
    ]);
  });

  it('fails on more than one replica sharing a ReadWriteOnce cache, naming both fixes', () => {
    expect(problemOf({ replicas: 2, cache: { size: '50Gi' } })).toEqual([
      `models[0]: model '${QWEN}': 'cache.accessMode' is ReadWriteOnce (the default), but the model has 2 replicas that all mount the cache claim: set cache.accessMode: ReadWriteMany (a StorageClass that offers it), or replicas: 1`,
    ]);
  });

  it('fails on storage with cache or with pvc+hf:// (storage sizes the emptyDir they replace), and on cache with a source that downloads nothing', () => {
    expect(problemOf({ storage: '20Gi', cache: { size: '50Gi' } })).toEqual([
      `models[0]: model '${QWEN}': 'storage' sizes the emptyDir cache, which 'cache' replaces with a claim, got '20Gi': remove 'storage' and size the claim with cache.size`,
    ]);
    expect(problemOf({ storage: '20Gi', uri: 'pvc+hf://hf-cache' })).toEqual([
      `models[0]: model '${QWEN}': 'storage' sizes the emptyDir cache, but the source 'pvc+hf://hf-cache' keeps the cache on claim 'hf-cache', got '20Gi': remove 'storage'`,
    ]);
    expect(problemOf({ uri: 'pvc://models/qwen', cache: { size: '50Gi' } })).toEqual([
      `models[0]: model '${QWEN}': 'cache' keeps weights downloaded from Hugging Face, but the source 'pvc://models/qwen' downloads nothing: remove 'cache'`,
    ]);
    expect(problemOf({ cache: { size: '512Mi' } })[0]).toContain("'cache.size' must be a size in bytes from 1Gi to 64Ti");
  });

  it('fails on a token Secret key without a Secret', () => {
    expect(problemOf({ hfTokenSecretKey: 'token' })).toEqual([`models[0]: model '${QWEN}': 'hfTokenSecretKey' is set to 'token' but no hfTokenSecret names the Secret: add 'hfTokenSecret' or remove 'hfTokenSecretKey'`]);
  });

  it('fails when any catalog string holds a token value, without repeating it', () => {
    const token = `hf_${'AbCdEfGhIjKlMnOpQrStUvWxYz01234567'}`;
    for (const m of [{ hfTokenSecret: token }, { aliases: ['ok', token] }, { uri: `hf://${token}/x` }] as Partial<CatalogModelSpec>[]) {
      const msg = fails(spec([{ name: QWEN, ...m }]));
      expect(msg).toContain('holds what looks like a Hugging Face token (hf_...), which must never be written in a catalog: store it in a Secret');
      expect(msg).not.toContain(token.slice(3));
    }
    expect(fails(spec([{ name: QWEN, aliases: ['ok', token] }]))).toContain('models[0].aliases[1]: holds what looks like');
    expect(() => Catalog.fromSpec(spec([{ name: 'org/hf_model' }]))).not.toThrow();
  });
});

describe('model sources: the TypeScript API', () => {
  it('factories build the same sources as URIs', () => {
    expect(ModelSource.persistentVolumeClaim('models', 'qwen/Qwen3-0.6B')).toMatchObject({ kind: ModelSourceKind.PERSISTENT_VOLUME_CLAIM, claimName: 'models', claimPath: 'qwen/Qwen3-0.6B', uri: 'pvc://models/qwen/Qwen3-0.6B' });
    expect(ModelSource.huggingFaceOnClaim('hf-cache')).toMatchObject({ kind: ModelSourceKind.HUGGING_FACE_ON_CLAIM, claimName: 'hf-cache', huggingFaceId: undefined });
    expect(ModelSource.huggingFaceOnClaim('hf-cache', GRANITE).huggingFaceId).toBe(GRANITE);
    expect(ModelSource.ociImage('quay.io/x/y:2').imageReference).toBe('quay.io/x/y:2');
    expect(ModelSource.fromUri(`hf://${QWEN}`)).toMatchObject({ kind: ModelSourceKind.HUGGING_FACE, huggingFaceId: QWEN });
  });

  it('factories fail with one sentence naming the source and the form', () => {
    expect(errorOf(() => ModelSource.persistentVolumeClaim('models', '../x'))).toBe("'source' must not use '.' or '..' path segments (the path stays inside the claim), got 'pvc://models/../x': use pvc://<claim>/<path> with the directory's path from the claim's root");
    expect(errorOf(() => ModelSource.ociImage('quay.io/x/y'))).toContain("'source' must pin the image with a tag or a digest");
  });

  it('ModelGateway: a PVC model and a cached model, and the construct errors of cache and storage', () => {
    const chart = Testing.chart();
    const mg = new ModelGateway(chart, 'mg', { models: [{ name: QWEN, source: ModelSource.persistentVolumeClaim('models', 'qwen') }] });
    const llama = mg.addModel({ name: LLAMA, cache: { size: '80Gi' } });
    expect(llama.server.cacheClaim?.name).toBe(`${LLAMA_POOL}-cache`);
    const objects = Testing.synth(chart);
    expect(vllm(objects, QWEN_POOL).args[0]).toBe('/model-weights/models/qwen');
    expect(find(objects, 'PersistentVolumeClaim', `${LLAMA_POOL}-cache`).spec.resources.requests.storage).toBe('80Gi');
    expect(errorOf(() => mg.addModel({ name: GRANITE, replicas: 2, cache: { size: '80Gi' } })))
      .toBe(`model '${GRANITE}': 'cache.accessMode' is ReadWriteOnce (the default), but the model has 2 replicas that all mount the cache claim: set cache.accessMode: ReadWriteMany (a StorageClass that offers it), or replicas: 1`);
    expect(errorOf(() => mg.addModel({ name: GRANITE, storage: '20Gi', source: ModelSource.huggingFaceOnClaim('c') })))
      .toContain("'storage' sizes the emptyDir cache, but the source 'pvc+hf://c' keeps the cache on claim 'c'");
    expect(GRANITE_POOL).toBe('vllm-granite-33-8b-instruct');
  });

  it('a LoRA adapter always has a base: it is declared on a model, and a bad adapter URI names the model', () => {
    const mg = new ModelGateway(Testing.chart(), 'mg');
    expect(errorOf(() => mg.addModel({ name: QWEN, loraAdapters: [{ name: 'a', uri: 'pvc://adapters' }] })))
      .toBe(`model '${QWEN}': 'loraAdapters[0].uri' must give the model's directory inside claim 'adapters' after the claim name, got 'pvc://adapters': use pvc://<claim>/<path>, e.g. pvc://adapters/Qwen3-0.6B`);
  });
});

describe('verify: the image volume source, the one addition to the stored v1.30 core schema', () => {
  const deployment = (volume: any) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }], volumes: [volume] } } },
  });
  const validator = new SchemaValidator();

  it('accepts volumes[].image with reference and pullPolicy', () => {
    expect(validator.validate(deployment({ name: 'm', image: { reference: 'quay.io/x/y:1', pullPolicy: 'IfNotPresent' } }))).toEqual([]);
  });

  it('still rejects an unknown key or a bad pull policy in it, and unknown volume sources', () => {
    expect(validator.validate(deployment({ name: 'm', image: { ref: 'quay.io/x/y:1' } })).map((p) => p.field)).toEqual(['spec.template.spec.volumes[0].image.ref']);
    expect(validator.validate(deployment({ name: 'm', image: { reference: 'x:1', pullPolicy: 'Sometimes' } })).map((p) => p.field)).toEqual(['spec.template.spec.volumes[0].image.pullPolicy']);
    expect(validator.validate(deployment({ name: 'm', imageVolume: { reference: 'x:1' } })).map((p) => p.field)).toEqual(['spec.template.spec.volumes[0].imageVolume']);
  });
});

describe('README: the storage sections say what synth makes of their catalogs', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = (file: string): CatalogSpec => {
    const m = new RegExp('```yaml\\n# ' + file.replace('.', '\\.') + '\\n([\\s\\S]*?)```').exec(readme);
    if (!m) throw new Error(`README has no ${file} block`);
    return YAML.parse(m[1]);
  };

  it('pvc-catalog.yaml: the claims, paths and offline flag the section lists', () => {
    const out = synthesize(Catalog.fromSpec(block('pvc-catalog.yaml')));
    const args: string[] = vllm(out.objects, QWEN_POOL).args;
    expect(args[0]).toBe('/model-weights/models/qwen/Qwen3-0.6B');
    expect(args).toContain('qwen-sql=/model-weights/adapters/qwen-sql');
    expect(env(out.objects, QWEN_POOL).HF_HUB_OFFLINE.value).toBe('1');
  });

  it('cache-catalog.yaml: PVC vllm-qwen3-8b-cache, and HF_HOME on claim hf-cache for the pvc+hf:// model', () => {
    const out = synthesize(Catalog.fromSpec(block('cache-catalog.yaml')));
    expect(find(out.objects, 'PersistentVolumeClaim', 'vllm-qwen3-8b-cache').spec.storageClassName).toBe('gp3-csi');
    expect(volumes(out.objects, GRANITE_POOL)[0]).toEqual({ name: 'model-cache', persistentVolumeClaim: { claimName: 'hf-cache' } });
    expect(vllm(out.objects, GRANITE_POOL).args[0]).toBe(GRANITE);
  });

  it('oci-catalog.yaml and gated-catalog.yaml: the image volume and the token reference', () => {
    const oci = synthesize(Catalog.fromSpec(block('oci-catalog.yaml')));
    expect(volumes(oci.objects, QWEN_POOL)).toContainEqual({ name: 'model-image', image: { reference: 'quay.io/example/qwen3-0.6b-modelcar:1.0', pullPolicy: 'IfNotPresent' } });
    const gated = synthesize(Catalog.fromSpec(block('gated-catalog.yaml')));
    expect(env(gated.objects, LLAMA_POOL).HF_TOKEN.valueFrom).toEqual({ secretKeyRef: { name: 'hf-token', key: 'token' } });
  });
});
