// `billfold serve --workers N`: N processes on one port through Node's cluster (the primary accepts connections
// and hands them to its workers in turn). The primary applies the migrations (and seeds the demo) once, before
// any worker starts; prints where to open Billfold once all listen; starts another worker when one dies, after a
// delay that doubles while workers keep dying young; and on SIGTERM or SIGINT stops every worker gracefully.
// The periodic jobs run in every worker: each claims its work (SKIP LOCKED, an advisory lock, conflict-free
// inserts), so several processes share it without doing it twice (docs/decisions/015-compiled-server-and-workers.md).
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { type Config, ConfigError } from './config.ts';
import { seedDemo } from './seed/demo-workspace.ts';
import { startupBanner } from './serve.ts';
import { createLogger, openBillfold } from './server.ts';

const firstRestartDelayMs = 500;
const longestRestartDelayMs = 30_000;
// A worker that served this long died of something new: the next restart waits the first delay again.
const settledAfterMs = 60_000;
// A worker still running this long after it was told to stop is killed (a webhook in flight waits up to 10 s).
const stopTimeoutMs = 30_000;

/** How many processes `serve` runs: `--workers`, else one per core on Postgres; PGlite is one process's. */
export function workerCount(config: Config, flag: string | undefined): number {
  if (flag === undefined) return config.databaseUrl ? availableParallelism() : 1;
  const count = Number(flag);
  if (!/^\d+$/.test(flag) || count < 1) {
    throw new ConfigError(`--workers must be a whole number of processes, 1 or more (got "${flag}").`);
  }
  if (count > 1 && !config.databaseUrl) {
    throw new ConfigError(
      `--workers ${count} needs Postgres: the embedded PGlite database (in ${config.dataDir}) is one process's. ` +
        'Set DATABASE_URL to a Postgres server to run several workers, or leave out --workers.',
    );
  }
  return count;
}

/** Runs as the primary until told to stop; resolves to the exit code (0 when every worker stopped cleanly). */
export async function serveWithWorkers(config: Config, options: { demo: boolean; workers: number }): Promise<number> {
  const log = createLogger(config.logLevel);
  const setup = await openBillfold(config);
  try {
    if (options.demo) await seedDemo(setup.deps, setup.auth);
  } finally {
    await setup.close();
  }

  return new Promise((resolve) => {
    const startedAt = new Map<Worker, number>();
    const restarts = new Set<NodeJS.Timeout>();
    let listening = 0;
    let announced = false;
    let youngDeaths = 0;
    let stopping = false;
    let exitCode = 0;

    const startWorker = () => startedAt.set(cluster.fork(), Date.now());
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      for (const timer of restarts) clearTimeout(timer);
      for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      }, stopTimeoutMs).unref();
      if (startedAt.size === 0) resolve(exitCode);
    };

    cluster.on('listening', (worker, address) => {
      if (announced) {
        log.info({ workerPid: worker.process.pid }, 'a new worker is serving');
        return;
      }
      listening += 1;
      if (listening < options.workers) return;
      announced = true;
      console.log(startupBanner(config, address.port, options));
    });
    cluster.on('exit', (worker, code, signal) => {
      const lifetimeMs = Date.now() - (startedAt.get(worker) ?? Date.now());
      startedAt.delete(worker);
      if (stopping) {
        if (code !== 0) exitCode = 1;
        if (startedAt.size === 0) resolve(exitCode);
        return;
      }
      if (!announced) {
        // A worker that cannot start (the port is taken, the database refuses it) would fail again: give up.
        log.error({ workerPid: worker.process.pid, code, signal }, 'a worker died while starting; stopping');
        stop(1);
        return;
      }
      youngDeaths = lifetimeMs >= settledAfterMs ? 0 : youngDeaths + 1;
      const delayMs = Math.min(longestRestartDelayMs, firstRestartDelayMs * 2 ** Math.max(0, youngDeaths - 1));
      log.error(
        { workerPid: worker.process.pid, code, signal, restartInMs: delayMs },
        'a worker died; starting another',
      );
      const timer = setTimeout(() => {
        restarts.delete(timer);
        startWorker();
      }, delayMs);
      restarts.add(timer);
    });

    for (let n = 0; n < options.workers; n++) startWorker();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        log.info({ signal }, 'shutting down');
        stop(0);
      });
    }
  });
}
