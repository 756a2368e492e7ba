import type { Executor } from '../index'

// 通知中心: rows a person reads on /notifications and in the bell.

export async function insertNotifications(db: Executor, rows: { userId: string; kind: string; params: Record<string, string>; link: string }[]) {
  if (!rows.length) return []
  return db
    .insertInto('notifications')
    .values(rows.map((r) => ({ user_id: r.userId, kind: r.kind, params: JSON.stringify(r.params), link: r.link })))
    .returning(['id', 'user_id'])
    .execute()
}

export async function unreadCount(db: Executor, userId: string) {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
