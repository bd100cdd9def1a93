import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as YAML from 'yaml';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';
import { parseYamlDocuments, MANIFEST_YAML_LIMITS } from '../src/util/yaml';
import { SchemaValidator } from '../src/verify/schema/schema-validator';
const n = Number(process.argv[2] ?? 1000);
const out = synthesize(Catalog.fromSpec({ models: Array.from({ length: n }, (_, i) => ({ name: `bench-org/model-${i}` })) }), new SchemaValidator());
const texts = [...out.files.entries()].filter(([k]) => k.endsWith('.yaml')).map(([, v]) => v);
const bytes = texts.reduce((a, t) => a + t.length, 0);
for (const [name, fn] of [
  ['parseYamlDocuments', (t: string) => parseYamlDocuments(t, MANIFEST_YAML_LIMITS)],
  ['YAML.parseAllDocuments+toJS', (t: string) => YAML.parseAllDocuments(t).map((d: any) => d.toJS())],
  ['JSON roundtrip baseline', (t: string) => JSON.parse(JSON.stringify(t))],
] as const) {
  const t0 = performance.now();
  for (const t of texts) (fn as any)(t);
  console.log(name, (performance.now() - t0).toFixed(0), 'ms for', (bytes / 1e6).toFixed(1), 'MB');
}
