// The layer rules of DESIGN.md §2 as pure functions over what each source file imports and whether it holds SQL,
// so each rule can be shown to fail on a synthetic forbidden import before it is trusted on the real tree.
import { posix } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The importing file, from the repository root: `src/http/app.ts`. */
  from: string;
  /** The imported file, from the repository root, or the package name for a bare specifier. */
  to: string;
  typeOnly: boolean;
  line: number;
}

export interface SqlUse {
  file: string;
  /** `.selectFrom(`, `.updateTable(`, `.insertInto(`, `.deleteFrom(` or `` sql` ``. */
  what: string;
  line: number;
}

export interface SourceFacts {
  file: string;
  imports: ImportEdge[];
  sql: SqlUse[];
}

export interface Violation {
  rule: RuleName;
  file: string;
  line: number;
  message: string;
}

export type RuleName =
  | 'capability-cycle'
  | 'domain-is-pure'
  | 'http-and-jobs-skip-db'
  | 'gateways-and-http-apart'
  | 'sql-only-in-queries';

const queryBuilderCalls = new Set(['selectFrom', 'updateTable', 'insertInto', 'deleteFrom']);

function isSqlTag(tag: ts.Expression): boolean {
  return ts.isIdentifier(tag) && tag.text === 'sql';
}

/** Reads a file's `import … from`, `import '…'` and `export … from` statements (type-only too) and its SQL. */
export function factsOf(file: string, text: string): SourceFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const imports: ImportEdge[] = [];
  const sql: SqlUse[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      const everyNameTyped =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly) &&
        clause?.name === undefined;
      typeOnly = clause?.isTypeOnly === true || everyNameTyped;
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly;
    }
    if (specifier && ts.isStringLiteral(specifier)) {
      imports.push({ from: file, to: resolveSpecifier(file, specifier.text), typeOnly, line: lineOf(statement) });
    }
  }
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      queryBuilderCalls.has(node.expression.name.text)
    ) {
      sql.push({ file, what: `.${node.expression.name.text}(`, line: lineOf(node.expression.name) });
    } else if (ts.isTaggedTemplateExpression(node) && isSqlTag(node.tag)) {
      sql.push({ file, what: 'sql`', line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, imports, sql };
}

/** A relative specifier as a path from the repository root; a package name is kept as it is. */
export function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

const under = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);
const isSource = (file: string) => under(file, 'src');

/** The capability folder of a file in src/billing (`credits` for src/billing/credits/…); null for the top. */
export function capabilityOf(file: string): string | null {
  const match = /^src\/billing\/([^/]+)\/./.exec(file);
  return match?.[1] ?? null;
}

const describeImport = (edge: ImportEdge) =>
  `${edge.from}:${edge.line} imports ${edge.typeOnly ? 'type ' : ''}${edge.to}`;

function violation(rule: RuleName, edge: ImportEdge, why: string): Violation {
  return { rule, file: edge.from, line: edge.line, message: `${describeImport(edge)} (${why})` };
}

function edgesOf(facts: SourceFacts[]): ImportEdge[] {
  return facts.flatMap((f) => f.imports);
}

/** Which capability folder imports which, with the imports behind each arrow. */
export function capabilityGraph(facts: SourceFacts[]): Map<string, Map<string, ImportEdge[]>> {
  const graph = new Map<string, Map<string, ImportEdge[]>>();
  for (const edge of edgesOf(facts)) {
    const from = capabilityOf(edge.from);
    const to = capabilityOf(edge.to);
    if (from === null || to === null || from === to) continue;
    const targets = graph.get(from) ?? new Map<string, ImportEdge[]>();
    targets.set(to, [...(targets.get(to) ?? []), edge]);
    graph.set(from, targets);
  }
  return graph;
}

/** The strongly connected groups of more than one folder (Tarjan): each is a set of folders that reach each other. */
export function capabilityCycles(graph: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const connect = (folder: string) => {
    index.set(folder, counter);
    low.set(folder, counter);
    counter += 1;
    stack.push(folder);
    onStack.add(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(folder, Math.min(low.get(folder) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(folder, Math.min(low.get(folder) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(folder) === index.get(folder)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== folder);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const folder of [...graph.keys()].sort()) if (!index.has(folder)) connect(folder);
  return groups;
}

/** (a) Capability folders of src/billing form a one-way graph; files directly in src/billing are the top. */
export function capabilityCycleViolations(facts: SourceFacts[]): Violation[] {
  const graph = capabilityGraph(facts);
  return capabilityCycles(graph).flatMap((group) => {
    const cycle = group.join(' ⇄ ');
    return group.flatMap((from) =>
      [...(graph.get(from) ?? new Map<string, ImportEdge[]>())]
        .filter(([to]) => group.includes(to))
        .flatMap(([, edges]) => edges.map((edge) => violation('capability-cycle', edge, `cycle ${cycle}`))),
    );
  });
}

/** (b) src/domain imports nothing of src outside src/domain. */
export function domainPurityViolations(facts: SourceFacts[]): Violation[] {
  return edgesOf(facts)
    .filter((edge) => under(edge.from, 'src/domain') && isSource(edge.to) && !under(edge.to, 'src/domain'))
    .map((edge) => violation('domain-is-pure', edge, 'src/domain imports only src/domain'));
}

/** (c) src/http and src/jobs reach data only through src/billing: no import of src/db, not even a type. */
export function databaseReachViolations(facts: SourceFacts[]): Violation[] {
  return edgesOf(facts)
    .filter((edge) => (under(edge.from, 'src/http') || under(edge.from, 'src/jobs')) && under(edge.to, 'src/db'))
    .map((edge) => violation('http-and-jobs-skip-db', edge, 'data only through src/billing'));
}

/** (d) src/gateways know nothing of src/billing, and src/http nothing of src/gateways. */
export function gatewayViolations(facts: SourceFacts[]): Violation[] {
  return edgesOf(facts).flatMap((edge) => {
    if (under(edge.from, 'src/gateways') && under(edge.to, 'src/billing'))
      return [violation('gateways-and-http-apart', edge, 'a gateway knows no use case')];
    if (under(edge.from, 'src/http') && under(edge.to, 'src/gateways'))
      return [violation('gateways-and-http-apart', edge, 'http reaches a gateway only through src/billing')];
    return [];
  });
}

const sqlFreeFolders = [
  'src/billing',
  'src/http',
  'src/jobs',
  'src/seed',
  'src/cli.ts',
  'src/commands.ts',
  'src/serve.ts',
  'src/serve-workers.ts',
];

/** (e) SQL lives only in src/db and `*.queries.ts` files. */
export function sqlPlacementViolations(facts: SourceFacts[]): Violation[] {
  return facts
    .filter((f) => sqlFreeFolders.some((folder) => under(f.file, folder)) && !f.file.endsWith('.queries.ts'))
    .flatMap((f) =>
      f.sql.map(
        (use): Violation => ({
          rule: 'sql-only-in-queries',
          file: f.file,
          line: use.line,
          message: `${f.file}:${use.line} holds ${use.what} (SQL lives in src/db and *.queries.ts files)`,
        }),
      ),
    );
}

export const layerRules: Record<RuleName, (facts: SourceFacts[]) => Violation[]> = {
  'capability-cycle': capabilityCycleViolations,
  'domain-is-pure': domainPurityViolations,
  'http-and-jobs-skip-db': databaseReachViolations,
  'gateways-and-http-apart': gatewayViolations,
  'sql-only-in-queries': sqlPlacementViolations,
};

/** The folder graph as lines, `credits → events, invoices`, for a report. */
export function describeCapabilityGraph(facts: SourceFacts[]): string[] {
  const graph = capabilityGraph(facts);
  return [...graph.keys()].sort().map((from) => `${from} → ${[...(graph.get(from)?.keys() ?? [])].sort().join(', ')}`);
}
