import { sql } from 'kysely'
import type { Executor } from '../index'

/**
 * Serialises account-mail requests for one e-mail and from one client address
 * until the caller's transaction ends, so that counting and recording are one
 * step. Always the e-mail first, then the address: no two requests wait on each
 * other in opposite order.
 */
export async function lockAccountMail(trx: Executor, email: string, ip: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`account-mail-email:${email.toLowerCase()}`}, 0))`.execute(trx)
  await sql`select pg_advisory_xact_lock(hashtextextended(${`account-mail-ip:${ip}`}, 0))`.execute(trx)
}

/** Requests since `since` for the e-mail and from the address, of every kind. */
export async function countAccountMailRequests(db: Executor, email: string, ip: string, since: Date) {
  const e = email.toLowerCase()
  return db
    .selectFrom('account_mail_requests')
    .select([
      sql<number>`count(*) filter (where email = ${e})::int`.as('byEmail'),
      sql<number>`count(*) filter (where ip = ${ip})::int`.as('byAddress'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', e), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow()
}

export async function recordAccountMailRequest(db: Executor, r: { kind: string; email: string; ip: string }) {
  await db.insertInto('account_mail_requests').values({ kind: r.kind, email: r.email.toLowerCase(), ip: r.ip }).execute()
}

export async function deleteAccountMailRequestsBefore(db: Executor, before: Date) {
  const r = await db.deleteFrom('account_mail_requests').where('at', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
