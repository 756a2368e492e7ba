import type { Database } from '../../db/index'
import {
  countNotifications,
  findOwnNotification,
  listMailPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadByCategory,
  unreadCount,
  upsertMailPreferences,
} from '../../db/repos/notifications'
import { roomLastSeq } from '../../db/repos/realtime'
import type { MailPreference, NotificationCategory } from '../../db/schema'
import { audit } from '../platform/audit'
import { notFound } from '../platform/errors'
import type { Principal, RequestMeta } from '../identity/principal'
import { roomName } from '../realtime/publish'
import { CATEGORIES, DEFAULT_MAIL } from './categories'

// 通知中心 (/notifications, ADR 024): a person's own notifications, newest
// first, filtered by unread and category, a page at a time; reading one (by
// following it) or all marks them read. Every query is scoped to the viewer:
// another person's notification is as absent as a missing one (404).

export const NOTIFICATIONS_PAGE_SIZE = 20

/** The header bell: unread count and the user room's last sequence number (live updates continue from there). */
export async function bellFor(db: Database, userId: string) {
  const [unread, seq] = await Promise.all([unreadCount(db, userId), roomLastSeq(db, roomName('user', userId))])
  return { unread, seq: Number(seq) }
}

export function unreadNotifications(db: Database, p: Principal) {
  return unreadCount(db, p.userId)
}

export async function notificationsPage(db: Database, p: Principal, f: { unread: boolean; category: NotificationCategory | null; page: number }) {
  const filter = { unread: f.unread, category: f.category ?? undefined }
  const [total, byCategory, unread] = await Promise.all([countNotifications(db, p.userId, filter), unreadByCategory(db, p.userId), unreadCount(db, p.userId)])
  const pages = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE))
  const page = Math.min(Math.max(1, f.page), pages)
  const rows = await listNotifications(db, p.userId, { ...filter, limit: NOTIFICATIONS_PAGE_SIZE, offset: (page - 1) * NOTIFICATIONS_PAGE_SIZE })
  return {
    items: rows.map((r) => ({ id: Number(r.id), kind: r.kind, category: r.category, params: r.params, link: r.link, at: r.created_at, read: r.read_at !== null })),
    total,
    page,
    pages,
    unread,
    byCategory: CATEGORIES.map((c) => ({ category: c, unread: byCategory[c] ?? 0 })),
  }
}

/** Marks one of the viewer's notifications read and returns where it leads (a path of this site). */
export async function openNotification(db: Database, p: Principal, id: number) {
  const n = await findOwnNotification(db, p.userId, id)
  if (!n) throw notFound()
  await markNotificationRead(db, p.userId, id)
  // Only a path of this site: not '//host' nor '/\\host', which browsers read as another origin.
  return { link: /^\/(?![/\\])/.test(n.link) ? n.link : '/notifications' }
}

export async function markOneRead(db: Database, p: Principal, id: number) {
  const n = await findOwnNotification(db, p.userId, id)
  if (!n) throw notFound()
  return markNotificationRead(db, p.userId, id)
}

export function markAllRead(db: Database, p: Principal, category: NotificationCategory | null) {
  return markAllNotificationsRead(db, p.userId, category ?? undefined)
}

/** Each category's mail setting: the stored choice or the default. */
export async function mailPreferences(db: Database, p: Principal) {
  const stored = new Map((await listMailPreferences(db, p.userId)).map((r) => [r.category, r.mail]))
  return CATEGORIES.map((c) => ({ category: c, mail: stored.get(c) ?? DEFAULT_MAIL[c], isDefault: !stored.has(c), defaultMail: DEFAULT_MAIL[c] }))
}

/** Saves the viewer's mail settings; audited with what changed. */
export async function saveMailPreferences(db: Database, p: Principal, prefs: Record<NotificationCategory, MailPreference>, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const before = new Map((await listMailPreferences(trx, p.userId)).map((r) => [r.category, r.mail]))
    const changed = CATEGORIES.filter((c) => (before.get(c) ?? DEFAULT_MAIL[c]) !== prefs[c])
    if (!changed.length) return { changed: 0 }
    await upsertMailPreferences(trx, p.userId, changed.map((c) => ({ category: c, mail: prefs[c] })))
    await audit(trx, meta, p.userId, 'notification.preferences', { type: 'user', id: p.userId }, Object.fromEntries(changed.map((c) => [c, prefs[c]])))
    return { changed: changed.length }
  })
}
