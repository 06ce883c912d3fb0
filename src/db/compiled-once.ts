// A hot query compiled once. Kysely builds and compiles a query on every call, about a tenth of a billing summary
// request's CPU; a query whose SQL never changes with its arguments keeps its compiled SQL and takes each call's
// values as parameters. Its SQL must not depend on the arguments' values (a value that picks a column is two queries).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './tables.ts';

type Db = Kysely<Database>;

/** Where each parameter of the compiled SQL comes from: an argument, or a constant of the query itself. */
type ParameterSource = { argument: number } | { constant: unknown };

interface Prepared<O> {
  compiled: CompiledQuery<O>;
  sources: ParameterSource[];
}

export function compiledOnce<Args extends unknown[], O>(
  build: (db: Db, ...args: Args) => Compilable<O>,
): { all(db: Db, ...args: Args): Promise<O[]>; first(db: Db, ...args: Args): Promise<O | undefined> } {
  const preparedByDb = new WeakMap<Db, Prepared<O>>();
  const prepare = (db: Db, arity: number): Prepared<O> => {
    // Each argument is a marker object the first time, so the compiled parameters show which argument went where.
    const markers = Array.from({ length: arity }, (_, index) => ({ argument: index }));
    const compiled = build(db, ...(markers as unknown as Args)).compile();
    const sources = compiled.parameters.map((value): ParameterSource => {
      const argument = markers.indexOf(value as (typeof markers)[number]);
      return argument >= 0 ? { argument } : { constant: value };
    });
    return { compiled, sources };
  };
  const all = async (db: Db, ...args: Args): Promise<O[]> => {
    let prepared = preparedByDb.get(db);
    if (!prepared) {
      prepared = prepare(db, args.length);
      preparedByDb.set(db, prepared);
    }
    const parameters = prepared.sources.map((source) =>
      'argument' in source ? args[source.argument] : source.constant,
    );
    const result = await db.executeQuery<O>({ ...prepared.compiled, parameters });
    return result.rows;
  };
  return { all, first: async (db, ...args) => (await all(db, ...args))[0] };
}
