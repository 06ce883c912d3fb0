// Runs the benchmarks: `npm run bench` runs every bench/*.ts in turn, `npm run bench -- NAME [NAME…]` the named
// ones (NAME is the file's name without .ts). Each runs in its own process, on the Postgres of DATABASE_URL;
// BENCH_SIZE=small runs each at a small size (CI's smoke check). BENCH_RUNS=3 runs each bench three times and then
// prints the median of each figure over the runs, beside the median of its limit. Exits non-zero when any run fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, printFigure } from './support/report.ts';

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
const runs = Number(process.env.BENCH_RUNS ?? 1);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('BENCH_RUNS must be a whole number of runs, at least 1.');
  process.exit(2);
}

const failed: string[] = [];
const figuresDir = mkdtempSync(join(tmpdir(), 'billfold-bench-'));
for (const name of asked.length > 0 ? asked : available) {
  const figuresFile = join(figuresDir, `${name}.jsonl`);
  for (let run = 1; run <= runs; run++) {
    const which = runs > 1 ? `, run ${run} of ${runs}` : '';
    console.log(`\n== bench ${name}${process.env.BENCH_SIZE === 'small' ? ' (small)' : ''}${which}`);
    const ran = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(benchDir, `${name}.ts`)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_FIGURES_FILE: figuresFile },
    });
    if (ran.status !== 0) failed.push(`${name}${which}`);
  }
  if (runs > 1) printMedians(name, figuresFile);
}
rmSync(figuresDir, { recursive: true, force: true });
if (failed.length > 0) {
  console.error(`\nbenchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}

/** Each figure's median over the runs, beside the median of its limit (the same run's limits, run by run). */
function printMedians(name: string, figuresFile: string) {
  let lines: string[];
  try {
    lines = readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  const byWhat = new Map<string, Figure[]>();
  for (const figure of lines.map((line) => JSON.parse(line) as Figure)) {
    byWhat.set(figure.what, [...(byWhat.get(figure.what) ?? []), figure]);
  }
  console.log(`\n== bench ${name}: medians of ${runs} runs`);
  for (const measured of byWhat.values()) {
    const first = measured[0] as Figure;
    const limits = measured.flatMap((f) => (f.limit ? [f.limit.value] : []));
    printFigure({
      ...first,
      value: median(measured.map((f) => f.value)),
      limit: first.limit && { label: first.limit.label, value: median(limits) },
      note: `${measured.length} runs: ${measured.map((f) => f.value.toPrecision(4)).join(' / ')}`,
    });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
