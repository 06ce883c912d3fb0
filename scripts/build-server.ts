// Compiles the server (src/) into dist/ for `npm start` and for the tests that spawn it: tsc strips the types
// (tsconfig.build.json, no type check: `npm run typecheck` does that), the files src/ reads at run time beside its
// modules are copied, and a build is skipped while the sources are those dist/ was built from.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
export const distDir = join(root, 'dist');
/**
 * The Node flags the built server runs with, as `npm start` gives them (package.json's start script says the same;
 * `serve --workers` passes them on to its workers): V8's young generation at 16 MB semi-spaces and its old
 * generation at most 192 MB, so a process renewing 100,000 subscriptions stays under 300 MB (docs/decisions/015).
 */
export const serverNodeFlags = ['--max-semi-space-size=16', '--max-old-space-size=192'];
// What dist/ was built from: a hash of every source file and of the compiler's settings and version.
const sourcesFile = '.sources-hash';

/** Builds dist/ unless it is fresh; a build happens beside dist/ and replaces it whole. */
export async function buildServer(): Promise<'built' | 'fresh'> {
  const hash = sourcesHash();
  if (existsSync(join(distDir, sourcesFile)) && readFileSync(join(distDir, sourcesFile), 'utf8') === hash) {
    return 'fresh';
  }
  const building = join(root, `dist.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  try {
    await compile(building);
    for (const file of sourceFiles().filter((path) => !path.endsWith('.ts'))) {
      cpSync(join(srcDir, file), join(building, file));
    }
    writeFileSync(join(building, sourcesFile), hash);
    replaceDist(building);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return 'built';
}

function compile(outDir: string): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json failed (${code}):\n${output}`)),
    );
  });
}

/**
 * Swaps the new build in, so a process starting from dist/ meanwhile finds the old build or the new one whole.
 * Two builds racing (two test runs) built the same sources: the one that finds dist/ taken leaves it.
 */
function replaceDist(building: string): void {
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(distDir)) renameSync(distDir, old);
  try {
    renameSync(building, distDir);
  } catch (error) {
    if (!existsSync(distDir)) throw error;
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  const typescript = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('typescript/package.json'), 'utf8'),
  );
  hash.update(`typescript ${typescript.version}\n`);
  for (const config of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(join(root, config)));
  for (const file of sourceFiles()) {
    hash.update(`\n${file}\n`);
    hash.update(readFileSync(join(srcDir, file)));
  }
  return hash.digest('hex');
}

/** Every file under src/, as a sorted list of paths relative to it. */
function sourceFiles(): string[] {
  return readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(srcDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outcome = await buildServer();
  console.log(outcome === 'built' ? 'Built the server into dist/.' : 'dist/ is up to date.');
}
