// Keeps the data dir (the embedded database, the generated secret, the lock) to the account running Billfold.
// PGlite's first start writes its cluster's files 0666 whatever the umask, so they are tightened once it is ready.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `dir` (and any missing parent) as 0700, and makes an existing one 0700. */
export function makeOwnerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Takes group and other permissions off `dir` and everything under it (a data dir from an older Billfold too). */
export function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const mode = lstatSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, entry.isDirectory() ? 0o700 : mode & 0o700);
  }
}
