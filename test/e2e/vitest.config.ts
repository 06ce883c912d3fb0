import { defineConfig } from 'vitest/config';

// Browser tests: the real server (built page included) driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
