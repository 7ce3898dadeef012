import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['conformance/**/*.conformance.test.ts'],
    globalSetup: ['conformance/corpora-check.ts'],
    testTimeout: 120_000,
  },
});
