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

/**
 * One batch transaction may decide several lots, and one person may be outbid
 * on two of them at once: their room then gets two events. A room takes one
 * event per statement, so events go in rounds of distinct rooms; every room of
 * a later round was already locked in the first, which takes them in sorted
 * order — two transactions never wait on each other's rooms in opposite order.
 */
export async function notifyOutbid(trx: Executor, items: { userIds: string[]; notice: Notice }[]) {
  const category = categoryOf('auction_outbid')
  const rows: { userId: string; notice: Notice }[] = []
  for (const { userIds, notice } of items) {
    const unread = await usersWithUnread(trx, [...new Set(userIds)], notice.kind, notice.link)
    for (const id of new Set(userIds)) if (!unread.has(id)) rows.push({ userId: id, notice })
  }
  if (!rows.length) return
  const people = new Map((await recipientsWithPreference(trx, [...new Set(rows.map((r) => r.userId))], category)).map((p) => [p.id, p]))
  const mail = (id: string) => ((people.get(id)?.mail ?? DEFAULT_MAIL[category]) as MailPreference) === 'immediate'
  const kept = rows.filter((r) => people.has(r.userId))
  const stored = await insertNotifications(
    trx,
    kept.map((r) => ({ userId: r.userId, ...r.notice, category: categoryOf(r.notice.kind), mailed: mail(r.userId) })),
  )
  let pending = stored.map((n, i) => ({ room: roomName('user', n.user_id), kind: 'notification', payload: { id: n.id, kind: kept[i]!.notice.kind, params: kept[i]!.notice.params, link: kept[i]!.notice.link } }))
  while (pending.length) {
    const round = new Map<string, (typeof pending)[number]>()
    const later: typeof pending = []
    for (const e of pending) {
      if (round.has(e.room)) later.push(e)
      else round.set(e.room, e)
    }
    const seqs = await appendRoomEventsEach(trx, [...round.values()])
    await enqueueOutboxEach(trx, BROADCAST_KIND, [...seqs].map(([room, seq]) => ({ room, seq })))
    pending = later
  }
  await enqueueOutboxEach(
    trx,
    'email',
    kept
      .filter((r) => mail(r.userId))
      .map((r) => {
        const p = people.get(r.userId)!
        const locale = isLocale(p.locale) ? p.locale : 'zh-CN'
        return { to: p.email, locale, template: 'notification', params: { name: p.name, text: noticeText(locale, r.notice.kind, r.notice.params), path: r.notice.link } }
      }),
  )
}
