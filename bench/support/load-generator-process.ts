// The load generator's own process (spawned by load-generator.ts): autocannon keeps `connections` requests in
// flight for `durationSeconds`, cycling through the given requests, and prints one JSON line with the rate and
// the latency of every answer (to the microsecond: autocannon's own histogram keeps whole milliseconds).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface LoadPlan {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  requests: { path: string; headers: Record<string, string> }[];
}

const plan = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as LoadPlan;
const latenciesMs: number[] = [];
const statusCounts: Record<string, number> = {};
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: plan.baseUrl,
      connections: plan.connections,
      duration: plan.durationSeconds,
      requests: plan.requests.map(({ path, headers }) => ({ method: 'GET', path, headers })),
    },
    (error, done) => (error ? reject(error) : resolve(done)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    latenciesMs.push(responseTimeMs);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
});
latenciesMs.sort((a, b) => a - b);
const at = (q: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.total / (result.duration || 1),
    total: result.requests.total,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors: result.errors + result.timeouts,
    statusCounts,
  })}\n`,
);
