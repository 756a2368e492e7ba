import type { Executor } from '../index'

export async function insertSignupRequest(
  db: Executor,
  r: { tokenHash: string; email: string; name: string; passwordHash: string; locale: string; redirectTo: string | null; expiresAt: Date },
) {
  await db
    .insertInto('signup_requests')
    .values({
      token_hash: r.tokenHash,
      email: r.email.toLowerCase(),
      name: r.name,
      password_hash: r.passwordHash,
      locale: r.locale,
      redirect_to: r.redirectTo,
      expires_at: r.expiresAt,
    })
    .execute()
}

/** Marks the sign-up link used and returns what was asked for, or undefined when it is unknown, used or expired. */
export async function consumeSignupRequest(db: Executor, tokenHash: string) {
  return db
    .updateTable('signup_requests')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning(['email', 'name', 'password_hash', 'locale', 'redirect_to'])
    .executeTakeFirst()
}

export async function findLiveSignupRequest(db: Executor, tokenHash: string) {
  return db
    .selectFrom('signup_requests')
    .select('email')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
}

/** Ends the address's other pending sign-ups once one has made the account (the used one stays, without its password). */
export async function deleteSignupRequestsFor(db: Executor, email: string) {
  await db.deleteFrom('signup_requests').where('email', '=', email.toLowerCase()).where('used_at', 'is', null).execute()
  await db.updateTable('signup_requests').set({ password_hash: '' }).where('email', '=', email.toLowerCase()).execute()
}

/** Housekeeping: sign-ups whose link expired or was used. */
export async function deleteStaleSignupRequests(db: Executor, before: Date) {
  const r = await db.deleteFrom('signup_requests').where('expires_at', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
