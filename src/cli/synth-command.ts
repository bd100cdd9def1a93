// `synth`: loaded by src/cli.ts only when that command runs, so `--version`, `--help` and
// `verify` never load the catalog, the constructs or cdk8s.
import * as path from 'node:path';
import { Catalog } from '../catalog/catalog';
import { catalogProblems } from '../catalog/catalog-checks';
import { DEFAULT_PROFILE, isOpenShiftVersion, isProfile, OpenShiftVersion, PROFILE_NAMES } from '../profiles/profiles';
import { sanitizeForTerminal } from '../util/text';
import { ParsedArgs, UsageError } from './cli-args';
import { defaultCatalogFile, StackOverride, synthesizeToDir } from './synth';

/** `synth [--catalog <file>] [--out <dir>] ...`: synthesize, verify, write; the exit code. */
export function synthCommand(args: ParsedArgs): number {
  const out = args.flags.out ?? 'dist';
  const stack = stackFlags(args.flags);
  const catalog = Catalog.fromFile(args.flags.catalog ?? defaultCatalogFile());
  // Said once the catalog itself is sound (its own errors come first), before verification.
  if (catalog.spec.profile === undefined && stack.profile === undefined && catalogProblems(catalog.spec).length === 0) process.stderr.write(defaultProfileNote());
  const result = synthesizeToDir(catalog, out, { force: args.flags.force === 'true', stack });
  for (const w of result.warnings) process.stderr.write(sanitizeForTerminal(`${w}\n`));
  if (result.migration) process.stdout.write(sanitizeForTerminal(result.migration));
  if (result.recovered) process.stdout.write(sanitizeForTerminal(`completed an interrupted earlier synth in ${out}\n`));
  process.stdout.write(sanitizeForTerminal(`synthesized ${catalog.spec.models.length} model(s) from ${args.flags.catalog ?? 'the default catalog'}: ${result.written.map((f) => path.join(out, f)).join(', ')}\n`));
  if (result.removed.length) process.stdout.write(sanitizeForTerminal(`removed, no longer produced: ${result.removed.map((f) => path.join(out, f)).join(', ')}\n`));
  if (result.kept.length) {
    const named = result.kept.slice(0, 20).join(', ') + (result.kept.length > 20 ? ` and ${result.kept.length - 20} more` : '');
    process.stdout.write(sanitizeForTerminal(`left alone in ${out} (not written by synth): ${named}\n`));
  }
  return 0;
}

/** The `--profile` and `--openshift-version` of synth, checked; a usage error names the allowed values. */
function stackFlags(flags: Record<string, string>): StackOverride {
  const profile = flags.profile;
  const version = flags['openshift-version'];
  if (profile !== undefined && !isProfile(profile)) {
    throw new UsageError(`option '--profile' is '${profile}': use one of ${PROFILE_NAMES.join(', ')}`);
  }
  if (version !== undefined && !isOpenShiftVersion(version)) {
    throw new UsageError(`option '--openshift-version' is '${version}': use one of ${Object.values(OpenShiftVersion).join(', ')}`);
  }
  return { profile, openshiftVersion: version };
}

/** What synth says when neither the catalog nor --profile names a profile. */
function defaultProfileNote(): string {
  return `note: the catalog names no profile, so synth used ${DEFAULT_PROFILE} (the default); pin it with 'profile: ${DEFAULT_PROFILE}' in the catalog or --profile\n`;
}
