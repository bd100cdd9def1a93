import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG, ROOT, sharedValidator } from './helpers';
import { snapshot } from './output-helpers';
import { Catalog } from '../src/catalog/catalog';
import { synthesize } from '../src/cli/synth';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-cdk8s-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The `app:` and `output:` lines of the repository's cdk8s.yaml: the `npx cdk8s synth` story. */
function synthLines(): { app: string; output: string } {
  const text = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
  const line = (key: string) => /^(\S.*)$/m.exec(text.split('\n').find((l) => l.startsWith(`${key}:`)) ?? '')?.[1] ?? '';
  return { app: line('app'), output: line('output') };
}

describe('npx cdk8s synth (the library path)', () => {
  it('writes to a gitignored folder of its own, never to the CLI\'s dist/', () => {
    const { output } = synthLines();
    expect(output).toBe('output: cdk8s.out');
    const ignored = fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('/cdk8s.out/');
    expect(ignored).toContain('/dist/');
  });

  it('run with the real cdk8s-cli in a scratch copy: dist/ is left exactly as it was, cdk8s.out/ gets exactly the objects the CLI verifies', () => {
    const { app, output } = synthLines();
    fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), `language: typescript\n${app}\n${output}\n`);
    for (const entry of ['src', 'imports', 'catalog', 'schemas', 'node_modules', 'package.json', 'tsconfig.json']) {
      fs.symlinkSync(path.join(ROOT, entry), path.join(tmp, entry));
    }
    fs.mkdirSync(path.join(tmp, 'dist'));
    fs.writeFileSync(path.join(tmp, 'dist', 'kustomization.yaml'), 'resources: [llm-d.yaml]\n');
    fs.writeFileSync(path.join(tmp, 'dist', 'llm-d.yaml'), '# from the CLI\n');
    const before = snapshot(path.join(tmp, 'dist'));

    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth'], {
      cwd: tmp, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(snapshot(path.join(tmp, 'dist'))).toEqual(before);
    const written = fs.readdirSync(path.join(tmp, 'cdk8s.out'));
    expect(written).toEqual(['model-gateway.k8s.yaml']);
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(tmp, 'cdk8s.out', 'model-gateway.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(objects).toEqual(synthesize(Catalog.fromFile(DEFAULT_CATALOG), sharedValidator()).objects);
  });
});
