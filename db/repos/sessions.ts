import type { Executor } from '../index'

export async function insertSession(
  db: Executor,
  s: { idHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .execute()
}

export async function findLiveSession(db: Executor, idHash: string) {
  return db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at'])
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
}

export async function deleteSession(db: Executor, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash)
  await q.execute()
}

export async function deleteExpiredSessions(db: Executor) {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst()
  return Number(r.numDeletedRows)
}
