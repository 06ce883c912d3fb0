// Benchmark: does a long test clock advance hold up other requests? On embedded PGlite (the laptop default), a
// Team subscription on a test clock is advanced 45 years (540 monthly renewals) while another workspace's
// GET /v1/workspaces/:ws/billing is called again and again over real HTTP; prints the advance's duration and
// the concurrent summary's latency (p50, max). Run: npx tsx bench/test-clock-stall.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openBillfold } from '../src/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'billfold-stall-'));
const port = 3990 + (process.pid % 9);
const baseUrl = `http://127.0.0.1:${port}`;
const billfold = await openBillfold(
  loadConfig({
    PORT: String(port),
    BILLFOLD_DATA_DIR: dataDir,
    BILLFOLD_BASE_URL: baseUrl,
    BILLFOLD_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    BILLFOLD_LOG_LEVEL: 'silent',
    BILLFOLD_AUTH_RATE_LIMIT: 'false',
  }),
);
await billfold.app.listen({ port, host: '127.0.0.1' });

let cookie = '';
async function post(path: string, body: unknown = {}): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response;
}
const signUp = await post('/api/auth/sign-up/email', {
  email: 'stall@example.test',
  password: 'bench-password-1',
  name: 'Stall',
});
cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

await post('/v1/workspaces', { name: 'Long Haul', slug: 'long-haul' });
await post('/v1/workspaces', { name: 'Bystander', slug: 'bystander' });
const token = await (
  await post('/sandbox/v1/tokens', { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' })
).json();
await post('/v1/workspaces/long-haul/payment-methods', { token: token.id });
await post('/v1/workspaces/long-haul/test-clock', { frozenTime: '2027-01-01T00:00:00Z' });
await post('/v1/workspaces/long-haul/subscription', { plan: 'team', seats: 1 });

const latencies: number[] = [];
let advancing = true;
const started = performance.now();
const advance = post('/v1/workspaces/long-haul/test-clock/advance', { to: '2072-01-01T00:00:00Z' }).finally(() => {
  advancing = false;
});
const bystander = (async () => {
  while (advancing) {
    const t0 = performance.now();
    const response = await fetch(`${baseUrl}/v1/workspaces/bystander/billing`, { headers: { cookie } });
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
})();
const advanced = await (await advance).json();
await bystander;
const seconds = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const at = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(0);
console.log(
  `45-year advance on PGlite: ${advanced.steps.length} steps in ${seconds.toFixed(1)} s, clock at ${advanced.frozenTime}`,
);
console.log(
  `concurrent GET billing: ${latencies.length} calls, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
);

await billfold.close();
rmSync(dataDir, { recursive: true, force: true });
