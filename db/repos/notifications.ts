import { sql } from 'kysely'
import type { Executor } from '../index'
import type { MailPreference, NotificationCategory } from '../schema'

// 通知中心: rows a person reads on /notifications and in the bell, their mail
// preferences per category and the daily digest's bookkeeping (ADR 024).
// Every read and write here is scoped by user_id: a person only ever reaches their own rows.

export async function insertNotifications(
  db: Executor,
  rows: { userId: string; kind: string; params: Record<string, string>; link: string; category?: NotificationCategory; mailed?: boolean }[],
) {
  if (!rows.length) return []
  return db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        kind: r.kind,
        params: JSON.stringify(r.params),
        link: r.link,
        ...(r.category ? { category: r.category } : {}),
        ...(r.mailed ? { mailed_at: sql<Date>`now()` } : {}),
      })),
    )
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

export interface NotificationFilter {
  unread?: boolean
  category?: NotificationCategory
}

function filtered(db: Executor, userId: string, f: NotificationFilter) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId)
  if (f.unread) q = q.where('read_at', 'is', null)
  if (f.category) q = q.where('category', '=', f.category)
  return q
}

export async function countNotifications(db: Executor, userId: string, f: NotificationFilter) {
  const r = await filtered(db, userId, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Newest first. */
export async function listNotifications(db: Executor, userId: string, f: NotificationFilter & { limit: number; offset: number }) {
  return filtered(db, userId, f)
    .select(['id', 'kind', 'category', 'params', 'link', 'created_at', 'read_at'])
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute()
}

/** Unread per category, for the filter's labels. */
export async function unreadByCategory(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('notifications')
    .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .groupBy('category')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.category, Number(r.n)])) as Partial<Record<NotificationCategory, number>>
}

/** One of the user's own rows, or undefined (someone else's row is as absent as a missing one). */
export async function findOwnNotification(db: Executor, userId: string, id: number) {
  return db.selectFrom('notifications').select(['id', 'link', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
}

export async function markNotificationRead(db: Executor, userId: string, id: number) {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function markAllNotificationsRead(db: Executor, userId: string, category?: NotificationCategory) {
  let q = db.updateTable('notifications').set({ read_at: sql<Date>`now()` }).where('user_id', '=', userId).where('read_at', 'is', null)
  if (category) q = q.where('category', '=', category)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function markNotificationsMailed(db: Executor, ids: number[]) {
  if (!ids.length) return
  await db.updateTable('notifications').set({ mailed_at: sql<Date>`now()` }).where('id', 'in', ids).where('mailed_at', 'is', null).execute()
}

// ── preferences ──

export async function listMailPreferences(db: Executor, userId: string) {
  return db.selectFrom('notification_preferences').select(['category', 'mail']).where('user_id', '=', userId).execute()
}

/** Recipients' addresses, languages and stored preference for one category (null = the default). */
export async function recipientsWithPreference(db: Executor, userIds: string[], category: NotificationCategory) {
  if (!userIds.length) return []
  return db
    .selectFrom('users')
    .leftJoin('notification_preferences as p', (j) => j.onRef('p.user_id', '=', 'users.id').on('p.category', '=', category))
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'p.mail'])
    .where('users.id', 'in', userIds)
    .execute()
}

export async function upsertMailPreferences(db: Executor, userId: string, prefs: { category: NotificationCategory; mail: MailPreference }[]) {
  if (!prefs.length) return
  await db
    .insertInto('notification_preferences')
    .values(prefs.map((p) => ({ user_id: userId, category: p.category, mail: p.mail })))
    .onConflict((oc) => oc.columns(['user_id', 'category']).doUpdateSet((eb) => ({ mail: eb.ref('excluded.mail'), updated_at: sql<Date>`now()` })))
    .execute()
}

// ── daily digest ──

/** Claims the day's digest run; true for the one process that inserted it. */
export async function claimDigestRun(db: Executor, day: string) {
  const r = await db.insertInto('notification_digest_runs').values({ day }).onConflict((oc) => oc.column('day').doNothing()).returning('day').executeTakeFirst()
  return !!r
}

/**
 * Unread rows nobody mailed yet whose category the recipient gets as a daily
 * digest: a stored 'daily', or no stored choice and a category daily by default.
 */
export async function listDigestRows(db: Executor, dailyByDefault: NotificationCategory[], limitUsers = 500) {
  const users = await db
    .selectFrom('notifications as n')
    .leftJoin('notification_preferences as p', (j) => j.onRef('p.user_id', '=', 'n.user_id').onRef('p.category', '=', 'n.category'))
    .select('n.user_id')
    .distinct()
    .where('n.read_at', 'is', null)
    .where('n.mailed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.mail', '=', 'daily'),
        dailyByDefault.length ? eb.and([eb('p.mail', 'is', null), eb('n.category', 'in', dailyByDefault)]) : eb.val(false),
      ]),
    )
    .limit(limitUsers)
    .execute()
  if (!users.length) return []
  return db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .leftJoin('notification_preferences as p', (j) => j.onRef('p.user_id', '=', 'n.user_id').onRef('p.category', '=', 'n.category'))
    .select(['n.id', 'n.user_id', 'n.kind', 'n.params', 'n.link', 'n.created_at', 'u.email', 'u.name', 'u.locale'])
    .where('n.user_id', 'in', users.map((u) => u.user_id))
    .where('n.read_at', 'is', null)
    .where('n.mailed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.mail', '=', 'daily'),
        dailyByDefault.length ? eb.and([eb('p.mail', 'is', null), eb('n.category', 'in', dailyByDefault)]) : eb.val(false),
      ]),
    )
    .orderBy('n.user_id')
    .orderBy('n.id')
    .execute()
}
