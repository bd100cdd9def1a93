import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOTATION_DOMAIN } from '../src/constructs/ownership';
import { ROOT } from './helpers';

const CHANGELOG = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('CHANGELOG.md', () => {
  it('follows Keep a Changelog: an Unreleased section first, versions as headings, known change types only', () => {
    const releases = [...CHANGELOG.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(releases[0]).toBe('Unreleased');
    for (const r of releases.slice(1)) expect(r).toMatch(/^\d+\.\d+\.\d+$/);
    const types = [...CHANGELOG.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    for (const t of types) expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(t);
    for (const r of releases) expect(CHANGELOG, `link for [${r}]`).toMatch(new RegExp(`^\\[${r.replace(/\./g, '\\.')}\\]: https://`, 'm'));
  });

  it('names the unreleased version and the breaking annotation rename', () => {
    expect(CHANGELOG).toContain(`\`${PKG.version}\`, the version in \`package.json\``);
    expect(CHANGELOG).toContain(`\`${ANNOTATION_DOMAIN}/model\``);
  });
});
