import { sql } from 'kysely'
import type { Executor } from '../index'

/**
 * Serialises login attempts from one address until the caller's transaction
 * ends, so that counting failures and recording the next attempt are one step:
 * 100 parallel attempts cannot all see "under the limit". Per-pair and
 * per-address limits both key on the address, so one lock covers both.
 */
export async function lockLoginAddress(trx: Executor, ip: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`login:${ip}`}, 0))`.execute(trx)
}

/** Records an attempt as a failure before its password is checked; returns the row to drop if it succeeds. */
export async function recordLoginFailure(db: Executor, email: string, ip: string) {
  const row = await db.insertInto('login_failures').values({ email: email.toLowerCase(), ip }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/**
 * Failures since `since`: for the account from this address (pair), from the
 * address for any account, and for the account from anywhere; with the oldest
 * of the pair and of the address (they decide when a lock ends).
 */
export async function countLoginFailures(db: Executor, email: string, ip: string, since: Date) {
  const e = email.toLowerCase()
  return db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where email = ${e} and ip = ${ip})::int`.as('byPair'),
      sql<number>`count(*) filter (where ip = ${ip})::int`.as('byAddress'),
      sql<number>`count(*) filter (where email = ${e})::int`.as('byAccount'),
      sql<Date | null>`min(at) filter (where email = ${e} and ip = ${ip})`.as('oldestByPair'),
      sql<Date | null>`min(at) filter (where ip = ${ip})`.as('oldestByAddress'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', e), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow()
}

/** Forgets an account's failures: from one address (after a login from it), or from everywhere (after a reset). */
export async function clearLoginFailures(db: Executor, email: string, ip?: string) {
  let q = db.deleteFrom('login_failures').where('email', '=', email.toLowerCase())
  if (ip !== undefined) q = q.where('ip', '=', ip)
  await q.execute()
}

/** Failures older than the rate-limit window no longer count; they are removed. */
export async function deleteLoginFailuresBefore(db: Executor, before: Date) {
  const r = await db.deleteFrom('login_failures').where('at', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
