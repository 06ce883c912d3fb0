import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One suite for both databases: PGlite by default, Postgres when DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default leaves a core idle (one worker on a two-core machine), yet much of a test file's time is
    // spent waiting on the database or a child process: one worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share a worker's loaded modules instead of importing the whole server anew each (half the run's
    // time): each file still opens its own database copy and server, and none replaces a module (no vi.mock).
    isolate: false,
  },
});
