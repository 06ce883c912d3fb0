// The limit a read route is measured against: bare Fastify + `pg` (a pool of 20, as Billfold's), one route doing
// one indexed query (a workspace row by its slug), nothing else. startBareRouteServer() runs it in a process of
// its own, through tsx like Billfold's, on the bench's database; run as a script, this file is that process.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';

export interface BareRouteServer {
  baseUrl: string;
  /** The route's path for a workspace slug. */
  pathFor(slug: string): string;
  /** Its process's resident set size, in MB. */
  rssMegabytes(): number;
  /** CPU time its process has used so far (user + system), in microseconds. */
  cpuMicroseconds(): number;
  stop(): Promise<void>;
}

export async function startBareRouteServer(databaseUrl: string, port: number): Promise<BareRouteServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BARE_DATABASE_URL: databaseUrl, BARE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  if (!line.toString().startsWith('listening')) throw new Error(`bare route server: ${line}`);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pathFor: (slug) => `/workspaces/${slug}`,
    cpuMicroseconds() {
      // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks, 100 a second on Linux.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    },
    rssMegabytes() {
      const kilobytes = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return Number(kilobytes ?? 0) / 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function serve(databaseUrl: string, port: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const app = Fastify();
  app.get<{ Params: { slug: string } }>('/workspaces/:slug', async (request, reply) => {
    const { rows } = await pool.query('select id, slug, name from organization where slug = $1', [request.params.slug]);
    if (rows.length === 0) return reply.status(404).send({ error: 'not found' });
    return rows[0];
  });
  await app.listen({ port, host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    void app.close().then(() => pool.end());
  });
  process.stdout.write('listening\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve(process.env.BARE_DATABASE_URL ?? '', Number(process.env.BARE_PORT));
}
