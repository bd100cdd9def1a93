import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestMtime, ROOT } from './helpers';

const ASSEMBLY = path.join(ROOT, '.jsii');
const assemblyStale = !fs.existsSync(ASSEMBLY) || fs.statSync(ASSEMBLY).mtimeMs < Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'imports')));
// The check needs a jsii assembly newer than the sources; building it here would race the
// other tests that read lib/. .ci/run compiles before the tests, so under CI=true a missing or
// stale assembly fails instead of skipping.
const required = process.env.CI === 'true';
const why = 'SKIPPED: .jsii is missing or older than src/ (run `npm run compile`, then the tests again)';

describe('API.md', () => {
  if (assemblyStale && !required) console.warn(`API.md freshness ${why}`);
  it.skipIf(assemblyStale && !required)(`is what jsii-docgen generates from the current assembly (npm run docgen)${assemblyStale ? ` — ${why}` : ''}`, () => {
    if (assemblyStale) throw new Error(`CI=true and .jsii is missing or older than src/: .ci/run must compile before the tests`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-'));
    try {
      const out = path.join(tmp, 'API.md');
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii-docgen', 'bin', 'jsii-docgen'), '--submodule', 'root', '--output', out], { cwd: ROOT, stdio: 'pipe' });
      const fresh = fs.readFileSync(out, 'utf8');
      expect(fresh).toContain('### MultiModelGateway');
      expect(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8') === fresh, 'API.md is stale: run `npm run docgen` and commit API.md').toBe(true);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('documents every construct the package exports', () => {
    const api = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');
    for (const c of ['MultiModelGateway', 'ModelGateway', 'InferenceGateway', 'BodyRoutingPolicy', 'ServedModel', 'EndpointPicker', 'ModelServer', 'Catalog', 'Ownership']) {
      expect(api, c).toContain(`### ${c} <a name="${c}"`);
    }
    expect(api).not.toMatch(/\/(work|home|tmp|Users)\//);
  });
});
