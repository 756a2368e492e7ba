import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { DB } from './schema'

export type Database = Kysely<DB>
/** A repository function takes either the pool-backed db or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>

// bigint (int8) columns come back as strings by default; money is fen in bigint
// and ids are bigserial, so parse int8 as a JS number only when it is safe.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v)
  return Number.isSafeInteger(n) ? n : v
})

export function createDatabase(connectionString: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 })
  // An idle client whose server went away (a restart, a shutdown) emits an
  // error; without a listener Node would crash. The next query reconnects.
  pool.on('error', () => {})
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
}

/**
 * True when `err` is PostgreSQL's unique_violation (23505), optionally on the
 * named constraint: two requests racing past a service's "already taken?"
 * check meet here, and the service reports the same conflict as the check.
 */
export function isUniqueViolation(err: unknown, constraint?: string) {
  const e = err as { code?: unknown; constraint?: unknown } | null
  return typeof e === 'object' && e !== null && e.code === '23505' && (constraint === undefined || e.constraint === constraint)
}
