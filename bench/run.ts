// Runs the benchmarks: `npm run bench` runs every bench/*.ts in turn, `npm run bench -- NAME [NAME…]` the named
// ones (NAME is the file's name without .ts). Each runs in its own process, on the Postgres of DATABASE_URL;
// BENCH_SIZE=small runs each at a small size (CI's smoke check). Exits non-zero when any bench fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== self)
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(', ')}. Benchmarks: ${available.join(', ')}`);
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL to a Postgres server (benchmarks run on real Postgres).');
  process.exit(2);
}

const failed: string[] = [];
for (const name of asked.length > 0 ? asked : available) {
  console.log(`\n== bench ${name}${process.env.BENCH_SIZE === 'small' ? ' (small)' : ''}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(benchDir, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
