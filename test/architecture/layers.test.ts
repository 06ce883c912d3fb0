// The layers of DESIGN.md §2 on the real tree: every .ts file under src/ read for its imports and its SQL, and
// each rule of import-graph.ts failing with the list of offending imports.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsOf, layerRules, type RuleName, type SourceFacts } from './import-graph.ts';

const root = resolve(import.meta.dirname, '../..');

function sourceFacts(): SourceFacts[] {
  return readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
    .map((file) => factsOf(file, readFileSync(join(root, file), 'utf8')));
}

const facts = sourceFacts();

const rules: [RuleName, string][] = [
  ['capability-cycle', 'capability folders of src/billing form a one-way graph'],
  ['domain-is-pure', 'src/domain imports nothing of src outside src/domain'],
  ['http-and-jobs-skip-db', 'src/http and src/jobs import nothing of src/db, not even types'],
  ['gateways-and-http-apart', 'src/gateways import no src/billing, src/http no src/gateways'],
  ['sql-only-in-queries', 'SQL lives only in src/db and *.queries.ts files'],
];

describe('layers', () => {
  it('reads the whole tree', () => {
    expect(facts.length).toBeGreaterThan(100);
    expect(facts.some((f) => f.imports.length > 0)).toBe(true);
  });

  it.each(rules)('%s: %s', (rule) => {
    expect(layerRules[rule](facts).map((v) => v.message)).toEqual([]);
  });
});
