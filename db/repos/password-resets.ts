import type { Executor } from '../index'

export async function insertPasswordReset(db: Executor, r: { tokenHash: string; userId: string; expiresAt: Date }) {
  await db.insertInto('password_resets').values({ token_hash: r.tokenHash, user_id: r.userId, expires_at: r.expiresAt }).execute()
}

/**
 * Marks the token used and returns its user, or undefined when it is unknown,
 * used or expired. Call it after lockUserForReset so two tokens of one account
 * cannot be used side by side.
 */
export async function consumePasswordReset(db: Executor, tokenHash: string) {
  return db
    .updateTable('password_resets')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst()
}

/** Ends every outstanding (unused) token of the account; used ones stay as a record. */
export async function endOutstandingPasswordResets(db: Executor, userId: string) {
  await db.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute()
}

/** The account a token belongs to, live or not (to lock it before using the token). */
export async function findPasswordResetUser(db: Executor, tokenHash: string) {
  const row = await db.selectFrom('password_resets').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst()
  return row?.user_id
}

/** Holds the account's row until the transaction ends: issuing and using its tokens go one at a time. */
export async function lockUserForReset(db: Executor, userId: string) {
  await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst()
}

export async function findLivePasswordReset(db: Executor, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
}
