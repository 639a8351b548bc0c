import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely'

/**
 * Wraps the run of one query: must call `run` once and return (or rethrow) what it gives. Gets
 * the compiled query — SQL with placeholders and its parameters (never log or record those: they
 * hold user data).
 */
export type QueryObserver = (query: CompiledQuery, run: () => Promise<QueryResult<unknown>>) => Promise<QueryResult<unknown>>

/** Where the current observer is read at every query, so that one can be set after the database is open. */
export interface ObserverSlot {
  current: QueryObserver | null
}

/**
 * A Kysely dialect whose connections hand every query (transactions' included, and `begin`,
 * `commit`, `rollback`) to the observer in `slot`, when one is set; with none, a query costs one
 * property read more. Streamed queries (`.stream()`) are not observed.
 * @see https://kysely.dev/docs/dialects (Dialect, Driver, DatabaseConnection)
 */
export function observedDialect(dialect: Dialect, slot: ObserverSlot): Dialect {
  return {
    createDriver: () => observedDriver(dialect.createDriver(), slot),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  }
}

function observedDriver(driver: Driver, slot: ObserverSlot): Driver {
  // The driver's own methods expect its own connection objects back.
  const originals = new WeakMap<DatabaseConnection, DatabaseConnection>()
  const wrappers = new WeakMap<DatabaseConnection, DatabaseConnection>()
  const original = (connection: DatabaseConnection) => originals.get(connection) ?? connection
  const wrap = (connection: DatabaseConnection): DatabaseConnection => {
    const known = wrappers.get(connection)
    if (known) return known
    const wrapped: DatabaseConnection = {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const observer = slot.current
        if (observer === null) return connection.executeQuery<R>(query)
        return observer(query, () => connection.executeQuery(query)) as Promise<QueryResult<R>>
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    }
    originals.set(wrapped, connection)
    wrappers.set(connection, wrapped)
    return wrapped
  }
  const observed: Driver = {
    init: () => driver.init(),
    acquireConnection: async () => wrap(await driver.acquireConnection()),
    beginTransaction: (connection, settings) => driver.beginTransaction(original(connection), settings),
    commitTransaction: (connection) => driver.commitTransaction(original(connection)),
    rollbackTransaction: (connection) => driver.rollbackTransaction(original(connection)),
    releaseConnection: (connection) => driver.releaseConnection(original(connection)),
    destroy: () => driver.destroy(),
  }
  if (driver.savepoint) observed.savepoint = (connection, name, compile) => driver.savepoint!(original(connection), name, compile)
  if (driver.rollbackToSavepoint) observed.rollbackToSavepoint = (connection, name, compile) => driver.rollbackToSavepoint!(original(connection), name, compile)
  if (driver.releaseSavepoint) observed.releaseSavepoint = (connection, name, compile) => driver.releaseSavepoint!(original(connection), name, compile)
  return observed
}
