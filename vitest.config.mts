import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineConfig, Plugin } from 'vitest/config';

/**
 * src/cli.ts loads each command's code with a lazy `require('./cli/<command>-command')` (see
 * there), which node (compiled lib/, the bundle) and tsx resolve at run time. Inside vitest the
 * modules are ES modules and a plain `require` cannot load TypeScript, so for tests each relative
 * `require('./x')` of a TypeScript file in src/ becomes a static import of the same module (a
 * required .js or .json file stays a require): tests then see one copy of every module (one
 * `UsageError` class), exactly as before the split. What each command loads in a real process is
 * checked by test/cli-startup.test.ts, which runs the built CLI.
 */
function lazyRequiresAsImports(): Plugin {
  return {
    name: 'lazy-requires-as-imports',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\brequire\(['"]\.{1,2}\//.test(code)) return undefined;
      const names = new Map<string, string>();
      const out = code.replace(/\brequire\((['"])(\.{1,2}\/[^'"]+)\1\)/g, (whole, _q: string, spec: string) => {
        // Only TypeScript sources: a required .js/.json file (generated code) stays a plain require.
        if (!fs.existsSync(path.resolve(path.dirname(id), `${spec}.ts`))) return whole;
        if (!names.has(spec)) names.set(spec, `__lazyRequire${names.size}`);
        return names.get(spec)!;
      });
      const imports = [...names].map(([spec, name]) => `import * as ${name} from '${spec}';`).join('\n');
      // Appended: imports are hoisted anyway, and a first line may be a shebang.
      return { code: `${out}\n${imports}\n`, map: null };
    },
  };
}

export default defineConfig({
  plugins: [lazyRequiresAsImports()],
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report is what .ci/run turns into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
    testTimeout: 60_000,
    env: { CDK8S_CHECK_UPGRADE: 'false' },
  },
});
