import type { Executor } from '../index'

export async function insertPasswordReset(db: Executor, r: { tokenHash: string; userId: string; expiresAt: Date }) {
  await db.insertInto('password_resets').values({ token_hash: r.tokenHash, user_id: r.userId, expires_at: r.expiresAt }).execute()
}

/** Marks the token used and returns its user, or undefined when it is unknown, used or expired. */
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

export async function findLivePasswordReset(db: Executor, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
}
