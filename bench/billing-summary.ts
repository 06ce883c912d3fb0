// Benchmark: the Plan & Billing page's read path (session lookup, authorize, GET /v1/workspaces/:ws/billing)
// and the invite write path (workspace lock + seat count), over real HTTP on Postgres.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
import { createWorkspaces, measure, startBenchServer } from './support/bench-server.ts';

const server = await startBenchServer();
const workspaceCount = 1000;
const slugs = await createWorkspaces(server, workspaceCount);

console.log(`Billfold benchmark on Postgres, ${workspaceCount} workspaces, over HTTP on 127.0.0.1`);
for (const concurrency of [1, 16, 64]) {
  await measure('GET billing summary (spread, 1000 workspaces)', 2000, concurrency, (i) =>
    server.get(`/v1/workspaces/${slugs[i % workspaceCount]}/billing`),
  );
}
for (const concurrency of [1, 16, 64]) {
  await measure('GET billing summary (one workspace)', 2000, concurrency, () =>
    server.get(`/v1/workspaces/${slugs[0]}/billing`),
  );
}
// Invites take the workspace's billing-row lock and count seats. Free allows 3 users, so by the third
// round (c=64) every workspace is full and that round measures the 409 seat-limit refusal.
for (const concurrency of [1, 16, 64]) {
  await measure('POST invite (spread, lock per workspace)', 1000, concurrency, (i) =>
    server.post(`/v1/workspaces/${slugs[i % workspaceCount]}/invites`, { email: `c${concurrency}-${i}@example.test` }),
  );
}

await server.stop();
