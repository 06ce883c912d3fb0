// Drives load at a server from a process of its own (autocannon in load-generator-process.ts), so the load
// generator neither shares the server's event loop nor is its bottleneck; every server of a bench is measured
// by the same generator, so their ratio is fair.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers by status code. */
  statusCounts: Record<string, number>;
}

const generator = join(dirname(fileURLToPath(import.meta.url)), 'load-generator-process.ts');

/** Keeps `connections` requests in flight for `durationSeconds`, cycling through `requests`. */
export async function runLoad(
  baseUrl: string,
  requests: LoadRequest[],
  { connections, durationSeconds }: { connections: number; durationSeconds: number },
): Promise<LoadResult> {
  const plan = {
    baseUrl,
    connections,
    durationSeconds,
    requests: requests.map(({ path, headers }) => ({ path, headers: headers ?? {} })),
  };
  // A file, not an argument: a thousand requests with their cookies outgrow the longest argument Linux takes.
  const dir = mkdtempSync(join(tmpdir(), 'billfold-load-'));
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', generator, planFile], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Answers that were not 2xx, plus connection errors. */
export function failuresOf(result: LoadResult): number {
  const non2xx = Object.entries(result.statusCounts)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return non2xx + result.errors;
}
