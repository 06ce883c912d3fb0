// `npm start` runs the built server with the Node flags the browser tests and the benchmarks start it with, so what
// they measure (a renewing process's RSS above all) is what a newcomer runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../scripts/build-server.ts';

describe('npm start', () => {
  it('starts dist/cli.js with the server flags', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(scripts.start).toBe(`npm run build && node ${serverNodeFlags.join(' ')} dist/cli.js serve --demo`);
  });
});
