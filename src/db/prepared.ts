import type { CompiledQuery, Compilable } from 'kysely'
import { sqliteConnectionOf } from './connect.ts'
import { bindValues, type PortableQuery, rowBuilder } from './portable.ts'
import type { Db } from './schema.ts'

/** Stands for a named parameter while a prepared query is built; replaced by its value on each run. */
class Slot {
  readonly name: string

  constructor(name: string) {
    this.name = name
  }
}

/** The parameters of a prepared query as its builder sees them: one placeholder per name. */
export type Slots<P> = { readonly [K in keyof P]: P[K] }

interface Compiled {
  query: CompiledQuery
  /** per SQL parameter: the name of the slot it comes from, or the constant the builder wrote */
  binds: Array<{ slot: string } | { value: unknown }>
  /** SQLite: builds a row object from a row read as an array (made on the first direct run) */
  rowOf?: (values: unknown[]) => unknown
}

const slotsProxy = new Proxy({}, { get: (_target, name) => new Slot(String(name)) })

/**
 * A Kysely query built and compiled once per dialect (and per shape), then run many times with
 * new parameter values: building a query with Kysely costs more than running a primary-key
 * look-up on SQLite (api profile of `npm run bench -- --profile`), and hot paths run a handful of
 * fixed shapes. The builder receives placeholders for the parameters; it must not branch on
 * their values (branch on `shape` instead, which is part of the cache key).
 *
 * On SQLite, when no transaction is open on the connection, the statement runs at once through
 * better-sqlite3 (synchronously, from its prepared-statement cache) instead of through Kysely's
 * driver and its promises; the rows are the same objects either way.
 *
 * ```ts
 * const byId = preparedQuery<{ id: number }, BookRow>((db, p) => db.selectFrom('books').selectAll().where('id', '=', p.id))
 * const rows = await byId.execute(db, { id: 42 })
 * ```
 * @typeParam P the named parameters
 * @typeParam R a result row
 * @typeParam S what changes the SQL text itself (sort column, which filters are present)
 * @see https://kysely.dev/docs/recipes/splitting-query-building-and-execution
 */
export function preparedQuery<P extends object, R, S = undefined>(build: (db: Db, p: Slots<P>, shape: S) => Compilable<R>) {
  // Keyed by the dialect's adapter: the SQL text differs by dialect, not by connection or transaction.
  const byAdapter = new WeakMap<object, Map<string, Compiled>>()

  function compiled(db: Db, shape: S, shapeKey: string): Compiled {
    const adapter = db.getExecutor().adapter
    let shapes = byAdapter.get(adapter)
    if (!shapes) byAdapter.set(adapter, (shapes = new Map()))
    let entry = shapes.get(shapeKey)
    if (!entry) {
      const query = build(db, slotsProxy as Slots<P>, shape).compile()
      entry = { query, binds: query.parameters.map((value) => (value instanceof Slot ? { slot: value.name } : { value })) }
      shapes.set(shapeKey, entry)
    }
    return entry
  }

  return {
    /**
     * The query compiled for `db`'s dialect as plain data, for a connection that has no Kysely
     * (a worker thread's, see `portable.ts`): its SQL text and which named parameter each SQL
     * parameter takes.
     * @param shapeKey a string naming `shape` (equal shapes, equal keys); '' when there is one shape
     */
    portable(db: Db, ...[shape, shapeKey]: S extends undefined ? [] : [shape: S, shapeKey: string]): PortableQuery {
      const { query, binds } = compiled(db, shape as S, shapeKey ?? '')
      return { sql: query.sql, binds: binds.map((bind) => ({ ...bind })) }
    },
    /**
     * Runs the query with these parameter values.
     * @param shapeKey a string naming `shape` (equal shapes, equal keys); '' when there is one shape
     * @returns every row
     * @throws whatever the driver throws (constraint violations included)
     */
    async execute(db: Db, params: P, ...[shape, shapeKey]: S extends undefined ? [] : [shape: S, shapeKey: string]): Promise<R[]> {
      const entry = compiled(db, shape as S, shapeKey ?? '')
      const { query, binds } = entry
      const values = params as Record<string, unknown>
      const parameters = bindValues(binds, values)
      // SQLite with no transaction open: run the statement now. Inside a transaction (someone
      // else's, between its statements) go through Kysely, whose mutex waits for it to end; and
      // while tracing observes queries, so that this one gets its span too.
      const sqlite = sqliteConnectionOf(db)
      if (sqlite && !sqlite.inTransaction() && !sqlite.observed()) {
        const statement = sqlite.prepare(query.sql)
        if (statement.reader) {
          entry.rowOf ??= rowBuilder(statement.columns().map((column) => column.name))
          // Arrays for this run only: the statement cache is shared with Kysely, which wants objects.
          statement.raw(true)
          let rows: unknown[][]
          try {
            rows = statement.all(parameters) as unknown[][]
          } finally {
            statement.raw(false)
          }
          const rowOf = entry.rowOf
          const result = new Array<R>(rows.length)
          for (let i = 0; i < rows.length; i++) result[i] = rowOf(rows[i]!) as R
          return result
        }
      }
      const result = await db.executeQuery<R>({ query: query.query, queryId: query.queryId, sql: query.sql, parameters })
      return result.rows
    },
  }
}
