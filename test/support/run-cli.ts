// Runs `billfold …` as a child process on the embedded database, as a person would from a terminal: the built
// server (dist/cli.js, built by the global setup), which starts in a fraction of tsx's time on a busy machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distDir } from '../../scripts/build-server.ts';

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the command; stdout and stderr are collected together. DATABASE_URL is dropped (embedded PGlite) unless
 * `env` names one.
 */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const { DATABASE_URL: _embedded, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [join(distDir, 'cli.js'), ...args], {
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Waits until the command has printed `text`. A server's first start on a fresh embedded data dir (initdb, the
 * migrations, a seed) takes seconds on an idle machine and tens of seconds when CI runs the browser tests beside
 * the suite: past 90 s it is called a hang, with what the command printed.
 */
export async function waitForOutput(running: RunningCli, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; output:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const running = startCli(args, env);
  const code = await running.exited;
  return { code, output: running.output() };
}

/** A terminal on a fresh embedded data dir of its own, with a fixed secret and quiet logs; `remove` deletes it. */
export function cliOnFreshDataDir(label: string): {
  env: Record<string, string>;
  run: (args: string[]) => Promise<{ code: number | null; output: string }>;
  remove: () => void;
} {
  const dataDir = mkdtempSync(join(tmpdir(), `billfold-${label}-`));
  const env = {
    BILLFOLD_DATA_DIR: dataDir,
    BILLFOLD_BASE_URL: 'http://localhost:3000',
    BILLFOLD_SECRET: 'test-secret-test-secret-test-secret-0123',
    BILLFOLD_LOG_LEVEL: 'silent',
    BILLFOLD_AUTH_RATE_LIMIT: 'false',
  };
  return { env, run: (args) => runCli(args, env), remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
