#!/usr/bin/env node
import * as path from 'node:path';
import { Catalog } from './catalog';
import { defaultCatalogFile, synthesizeToDir } from './synth';
import { loadManifestDir } from './verify/manifests';
import { formatProblem } from './verify/problem';
import { verifyObjects, VerifyResult } from './verify/verify';

const USAGE = `usage: cdk8s-model-gateway synth [--catalog <file>] [--out <dir>]
       cdk8s-model-gateway verify <dir> [--namespace <ns>]

  synth    synthesize a model catalog (YAML or JSON; default: the bundled reference
           catalog) into <dir> (default: dist): one YAML file per namespace and ROUTING.md.
           The output is verified first; on any error <dir> is left untouched.
  verify   check every manifest under <dir> (ours, hand-written or Helm output) offline:
           schemas and CEL rules, the Gateway/HTTPRoute/InferencePool/picker wiring, and
           simulated requests. Objects without a namespace go to --namespace (default:
           default), as with kubectl apply -n. Exits 1 when anything is wrong.`;

class UsageError extends Error {}

function parseFlags(args: string[], allowed: Record<string, string>): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (!(name in allowed)) throw new UsageError(`unknown option '${a}': allowed are ${Object.keys(allowed).map((k) => `--${k}`).join(', ')}`);
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${a}' needs a value, e.g. ${a} ${allowed[name]}`);
    flags[name] = value;
  }
  return flags;
}

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth': {
        const flags = parseFlags(rest, { catalog: 'catalog.yaml', out: 'dist' });
        const out = flags.out ?? 'dist';
        const catalog = Catalog.fromFile(flags.catalog ?? defaultCatalogFile());
        const files = synthesizeToDir(catalog, out);
        process.stdout.write(`synthesized ${catalog.spec.models.length} model(s) from ${flags.catalog ?? 'the default catalog'}: ${files.map((f) => path.join(out, f)).join(', ')}\n`);
        return 0;
      }
      case 'verify': {
        const [dir, ...more] = rest;
        if (!dir || dir.startsWith('--')) throw new UsageError('verify needs a directory, e.g. verify dist');
        const flags = parseFlags(more, { namespace: 'llm-d' });
        const result = verifyObjects(loadManifestDir(dir).map((m) => m.obj), undefined, flags.namespace ?? 'default');
        process.stdout.write(summary(dir, result));
        if (result.problems.length) {
          process.stderr.write(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n${result.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
          return 1;
        }
        process.stdout.write('no problems\n');
        return 0;
      }
      case undefined:
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${msg}\n${err instanceof UsageError ? `\n${USAGE}\n` : ''}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

function summary(dir: string, r: VerifyResult): string {
  const lines = [
    `verified ${dir}: ${r.objects} objects (${Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `schemas: ${r.celRulesEvaluated} CEL rules evaluated, ${r.celTransitionRulesSkipped} transition rules skipped (they need the previous object)`,
  ];
  for (const g of r.wiring.index.all('gateway.networking.k8s.io/Gateway')) {
    const gateway = `${g.metadata?.namespace}/${g.metadata?.name}`;
    lines.push(`wiring: Gateway ${gateway}: ${r.wiring.attachments.get(gateway)?.length ?? 0} HTTPRoute(s) attached`);
  }
  if (r.simulations.length) lines.push(`routing: ${r.simulations.length} simulated requests`);
  for (const s of r.simulations) {
    const ok = (s.expect === 'route') === s.decision.routed;
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${s.request} -> ${s.decision.routed ? s.decision.reason : `no route: ${s.decision.reason}`}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
