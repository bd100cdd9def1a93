import { ApiObject, JsonPatch } from 'cdk8s';

/** A class of API objects, such as `k8s.KubeDeployment` or a class generated from a CRD. */
type ApiObjectClass = new (...args: any[]) => ApiObject;

const patchedClasses = new Map<ApiObjectClass, ApiObjectClass>();

/**
 * A subclass of the generated API object class `base` whose JSON patches apply to the final
 * manifest, exactly as written.
 *
 * The generated classes (`k8s.KubeDeployment`, the classes in `imports/`) apply
 * `addJsonPatch` operations first and then map the patched data through their typed JSON
 * mappers, which lose what is not of the declared type: a quantity given as the string
 * `'200Gi'` becomes null, a field the mapper does not know is dropped. Objects built from this
 * subclass render the typed props first and then apply the patches, so
 * `ApiObject.of(construct).addJsonPatch(...)` produces what the user wrote, and a patch whose
 * path does not exist fails synthesis with the object's path.
 */
export function patchedLast<T extends ApiObjectClass>(base: T): T {
  let cls = patchedClasses.get(base);
  if (!cls) {
    cls = class extends base {
      private readonly finalPatches: JsonPatch[] = [];

      public addJsonPatch(...ops: JsonPatch[]): void {
        this.finalPatches.push(...ops);
      }

      public toJson(): any {
        const json = super.toJson();
        if (this.finalPatches.length === 0) return json;
        let patched: any;
        try {
          patched = JsonPatch.apply(json, ...this.finalPatches);
        } catch (err) {
          throw new Error(`${this.node.path}: a JSON patch on ${this.kind} '${this.name}' does not apply: ${(err as Error).message.split('\n')[0]} (check the patch path against the synthesized object)`);
        }
        return withTypeFirst(patched);
      }
    };
    patchedClasses.set(base, cls);
  }
  return cls as T;
}

/** `apiVersion`, `kind` and `metadata` first, as cdk8s orders them; the rest as it was. */
function withTypeFirst(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(obj)]) {
    if (k in obj) out[k] = obj[k];
  }
  return out;
}
