import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'out-readme-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The lines of the first `sh` block under the README heading `heading`. */
function readmeBlock(heading: string): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`no sh block under ${heading}`);
  return block[1].split('\n').filter((l) => l.trim());
}

describe('README: the output directory', () => {
  it('runs every command of the section in a scratch directory, with the outcome its comment states', () => {
    const lines = readmeBlock('## The output directory');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const loader = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const cliFn = `cdk8s_model_gateway() { "${process.execPath}" --import "${loader}" "${path.join(ROOT, 'src', 'cli.ts')}" "$@"; }`;
    for (const line of lines) {
      const command = line.replace(/npx cdk8s-model-gateway/g, 'cdk8s_model_gateway');
      const r = spawnSync('sh', ['-c', `${cliFn}\n${command}`], { cwd: tmp, encoding: 'utf8' });
      const refused = /#\s*refused/.test(line);
      expect(r.status === 0, `${line}\n${r.stderr}`).toBe(!refused);
      if (refused) expect(r.stderr).toMatch(/^error: .*(current directory|edited since synth wrote it)/);
    }
    const out = path.join(tmp, 'gitops', 'models');
    expect(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: [llm-d.yaml]\n');
    expect(fs.readFileSync(path.join(out, 'llm-d.yaml'), 'utf8')).not.toContain('# my edit');
    expect(fs.readdirSync(tmp)).toEqual(['gitops']);
  });
});
