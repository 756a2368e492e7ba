import { appendRoomEventsEach, enqueueOutboxEach, usersWithUnread } from '../../db/repos/auction-outbid'
import type { Executor } from '../../db/index'
import { insertNotifications, recipientsWithPreference } from '../../db/repos/notifications'
import type { MailPreference } from '../../db/schema'
import { isLocale } from '../i18n/catalog'
import { categoryOf, DEFAULT_MAIL } from '../notifications/categories'
import { noticeText, type Notice } from '../notifications/notify'
import { BROADCAST_KIND, roomName } from '../realtime/publish'

// 被超越 for everyone one bid batch displaced (ADR 030).
// - One unread notice per person and lot: someone outbid again while the last
//   被超越 notice for the lot is still unread gets no second one (nor a second
//   mail); the lot page shows the live price. In a storm a bidder is displaced
//   after nearly every bid, and a notice, a room event, a broadcast and a mail
//   for each swamped the outbox and delayed the lot's own events to watchers.
// - Written in a handful of statements: what notify() stores — a notification
//   row each, an event on each person's room with its broadcast, a mail for
//   those who want mail at once — but not one round trip per person, which held
//   the lot's lock for most of a batch's time.

export async function notifyOutbid(trx: Executor, userIds: string[], notice: Notice) {
  const unread = await usersWithUnread(trx, [...new Set(userIds)], notice.kind, notice.link)
  const ids = [...new Set(userIds)].filter((id) => !unread.has(id))
  if (!ids.length) return
  const category = categoryOf(notice.kind)
  const people = await recipientsWithPreference(trx, ids, category)
  const prefs = new Map(people.map((p) => [p.id, (p.mail ?? DEFAULT_MAIL[category]) as MailPreference]))
  const rows = await insertNotifications(
    trx,
    people.map((p) => ({ userId: p.id, ...notice, category, mailed: prefs.get(p.id) === 'immediate' })),
  )
  const seqs = await appendRoomEventsEach(
    trx,
    rows.map((r) => ({ room: roomName('user', r.user_id), kind: 'notification', payload: { id: r.id, kind: notice.kind, params: notice.params, link: notice.link } })),
  )
  await enqueueOutboxEach(trx, BROADCAST_KIND, [...seqs].map(([room, seq]) => ({ room, seq })))
  await enqueueOutboxEach(
    trx,
    'email',
    people
      .filter((p) => prefs.get(p.id) === 'immediate')
      .map((p) => {
        const locale = isLocale(p.locale) ? p.locale : 'zh-CN'
        return { to: p.email, locale, template: 'notification', params: { name: p.name, text: noticeText(locale, notice.kind, notice.params), path: notice.link } }
      }),
  )
}
