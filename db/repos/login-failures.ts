import { sql } from 'kysely'
import type { Executor } from '../index'

export async function recordLoginFailure(db: Executor, email: string, ip: string) {
  await db.insertInto('login_failures').values({ email: email.toLowerCase(), ip }).execute()
}

/** Failures since `since` for the account and for the address, with the oldest of each. */
export async function countLoginFailures(db: Executor, email: string, ip: string, since: Date) {
  const row = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where email = ${email.toLowerCase()})::int`.as('byAccount'),
      sql<number>`count(*) filter (where ip = ${ip})::int`.as('byAddress'),
      sql<Date | null>`min(at) filter (where email = ${email.toLowerCase()})`.as('oldestByAccount'),
      sql<Date | null>`min(at) filter (where ip = ${ip})`.as('oldestByAddress'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email.toLowerCase()), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow()
  return row
}

export async function clearLoginFailures(db: Executor, email: string) {
  await db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute()
}

/** Failures older than the rate-limit window no longer count; they are removed. */
export async function deleteLoginFailuresBefore(db: Executor, before: Date) {
  const r = await db.deleteFrom('login_failures').where('at', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
