// The limit `billfold serve`'s /healthz is measured against: bare Fastify + `pg` (a pool of 20, as Billfold's), one
// route answering `select 1` with the pid, nothing else, in BARE_WORKERS processes on one port (Node's cluster, as
// `serve --workers`). Run by plain node (Node 24 strips the types), so its start is a Node process's floor.
import cluster from 'node:cluster';
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.env.BARE_PORT);
const workers = Number(process.env.BARE_WORKERS ?? 1);

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === workers) console.log('listening');
  });
  for (let n = 0; n < workers; n++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.values(cluster.workers ?? {}).every((worker) => worker?.isDead() ?? true)) process.exit(0);
    });
  });
} else {
  const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 20 });
  const app = Fastify();
  app.get('/healthz', async () => {
    await pool.query('select 1');
    return { status: 'ok', pid: process.pid };
  });
  await app.listen({ port, host: '127.0.0.1' });
  if (cluster.isPrimary) console.log('listening');
  process.once('SIGTERM', async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  });
}
