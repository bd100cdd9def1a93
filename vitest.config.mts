import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report is what .ci/run turns into its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
    testTimeout: 60_000,
    env: { CDK8S_CHECK_UPGRADE: 'false' },
  },
});
