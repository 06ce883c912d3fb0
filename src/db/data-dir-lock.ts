// One process at a time on the embedded database: PGlite has no server between processes, so a second
// `billfold` on the same data dir (a CLI command beside `npm start`) would corrupt it. A lock file holds the
// owner's pid; a lock left behind by a process that is gone is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

/** Takes the data dir's lock; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'billfold.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (isRunning(owner)) {
        throw new DataDirInUseError(
          `The embedded database in ${dataDir} is in use by another Billfold process (pid ${owner}). ` +
            'Stop it first, or run Billfold on Postgres (DATABASE_URL) to use several processes at once. ' +
            `(If no such process runs, delete ${path}.)`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not take the lock ${path}: another process keeps taking it.`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
