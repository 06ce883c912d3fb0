import { defineConfig } from 'vitest/config';

// Browser tests: the real server (built page included) driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/support/build-server.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A poll waits on the page and the server on a machine the Postgres run shares: 30 s, not vitest's 1 s.
    expect: { poll: { timeout: 30_000 } },
  },
});
