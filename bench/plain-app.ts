/**
 * The yardstick of `npm run bench`: a plain cdk8s app that writes the same objects as `synth`,
 * one chart per output file, with no construct library, no checks and no verification.
 *
 *   node plain-app.js <objects.json> <outdir>
 *
 * objects.json is `[{ "file": "llm-d.yaml", "objects": [ {...}, ... ] }, ...]`, written by
 * bench/synth.ts from the YAML that `synth` produced. The benchmark transpiles this file to
 * JavaScript once (TypeScript's transpileModule) and runs it with plain `node`, as a user's
 * compiled app would run: what it costs is node startup, loading cdk8s and writing the YAML.
 */
import * as fs from 'node:fs';
import { ApiObject, App, Chart } from 'cdk8s';

interface OutputFile {
  readonly file: string;
  readonly objects: Array<Record<string, unknown>>;
}

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) {
  process.stderr.write('usage: plain-app <objects.json> <outdir>\n');
  process.exit(2);
}
const files = JSON.parse(fs.readFileSync(input, 'utf8')) as OutputFile[];
const app = new App({ outdir });
for (const f of files) {
  const chart = new Chart(app, f.file.replace(/\.ya?ml$/, ''));
  f.objects.forEach((o, i) => {
    const { apiVersion, kind, ...rest } = o as { apiVersion: string; kind: string };
    new ApiObject(chart, `o${i}`, { apiVersion, kind, ...rest });
  });
}
app.synth();
