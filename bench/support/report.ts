// How every benchmark prints a figure: the figure, the limit measured in the same run (what the same work
// costs at its cheapest on this machine, e.g. a bare one-query route or a bare UPDATE), their ratio, the
// target, and whether it is met; plus the process's RSS. A bench ends by calling `reportVerdict()`. Under
// `npm run bench` with BENCH_RUNS, each figure is also written to BENCH_FIGURES_FILE, for the medians (bench/run.ts).
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Figure {
  /** What was measured, e.g. "GET billing summary, c=64". */
  what: string;
  value: number;
  /** "req/s", "ms", "debits/s", "MB"… */
  unit: string;
  /** The same run's limit: what the cheapest equivalent reaches here. */
  limit?: { label: string; value: number };
  /** The target: a least ratio to the limit, a least value, or a most value. */
  target?: { ratioAtLeast?: number; atLeast?: number; atMost?: number };
  /** Anything else worth a column: queries per request, failures… */
  note?: string;
}

const figures: { figure: Figure; met: boolean | null }[] = [];

function formatted(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
}

/** Prints one figure beside its limit and target; remembers whether the target is met. */
export function reportFigure(figure: Figure): void {
  figures.push({ figure, met: printFigure(figure) });
  if (process.env.BENCH_FIGURES_FILE) appendFileSync(process.env.BENCH_FIGURES_FILE, `${JSON.stringify(figure)}\n`);
}

/** Prints a figure's line: the figure, its limit, the ratio, the target; answers whether the target is met. */
export function printFigure(figure: Figure): boolean | null {
  const { what, value, unit, limit } = figure;
  const ratio = limit && limit.value > 0 ? value / limit.value : null;
  const met = targetMet(figure, ratio);
  const parts = [`${what.padEnd(48)} ${formatted(value).padStart(9)} ${unit}`];
  if (limit) parts.push(`limit ${formatted(limit.value)} ${unit} (${limit.label})`, `ratio ${ratio?.toFixed(2)}`);
  if (met.text) parts.push(`target ${met.text} → ${met.met ? 'met' : 'NOT MET'}`);
  if (figure.note) parts.push(figure.note);
  console.log(parts.join(' | '));
  return met.met;
}

/** Whether a figure meets its target (null: it has none), and the target in words. */
function targetMet(figure: Figure, ratio: number | null): { met: boolean | null; text: string } {
  const { value, unit, target } = figure;
  const checks: boolean[] = [];
  const texts: string[] = [];
  if (target?.ratioAtLeast !== undefined && ratio !== null) {
    checks.push(ratio >= target.ratioAtLeast);
    texts.push(`ratio ≥ ${target.ratioAtLeast}`);
  }
  if (target?.atLeast !== undefined) {
    checks.push(value >= target.atLeast);
    texts.push(`≥ ${formatted(target.atLeast)} ${unit}`);
  }
  if (target?.atMost !== undefined) {
    checks.push(value <= target.atMost);
    texts.push(`≤ ${formatted(target.atMost)} ${unit}`);
  }
  return { met: checks.length === 0 ? null : checks.every(Boolean), text: texts.join(', ') };
}

/** The process's resident set size, in MB. */
export function rssMegabytes(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}

/** Prints the machine's load: figures measured on a busy machine are not the machine's figures. */
export function reportLoad(): void {
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}, RSS ${rssMegabytes().toFixed(0)} MB`,
  );
}

/** Prints how many targets were met and the correctness check's outcome; sets the exit code if it failed. */
export function reportVerdict(correct: { ok: boolean; what: string }): void {
  const judged = figures.filter((f) => f.met !== null);
  const met = judged.filter((f) => f.met).length;
  reportLoad();
  console.log(
    `targets met: ${met} of ${judged.length}; correctness: ${correct.what} → ${correct.ok ? 'ok' : 'FAILED'}`,
  );
  if (!correct.ok) process.exitCode = 1;
}
