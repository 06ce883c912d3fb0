// Runs `billfold …` (src/cli.ts) as a child process on the embedded database, as a person would from a terminal.
import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the command; stdout and stderr are collected together. DATABASE_URL is dropped: embedded PGlite. */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const { DATABASE_URL: _embedded, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
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

/** Runs the command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const running = startCli(args, env);
  const code = await running.exited;
  return { code, output: running.output() };
}
