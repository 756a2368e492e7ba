import { appendRoomEventsEach, enqueueOutboxEach } from '../../db/repos/auction-outbid'
import type { Executor } from '../../db/index'
import { insertNotifications, recipientsWithPreference } from '../../db/repos/notifications'
import type { MailPreference } from '../../db/schema'
import { isLocale } from '../i18n/catalog'
import { categoryOf, DEFAULT_MAIL } from '../notifications/categories'
import { noticeText, type Notice } from '../notifications/notify'
import { BROADCAST_KIND, roomName } from '../realtime/publish'

// 被超越 for everyone one bid batch displaced, written in a handful of
// statements (ADR 030): what notify() stores — a notification row each, an
// event on each person's room with its broadcast, a mail for those who want
// mail at once — but not one round trip per person, which under a storm of
// bids held the lot's lock for most of the batch's time.

export async function notifyOutbid(trx: Executor, userIds: string[], notice: Notice) {
  const ids = [...new Set(userIds)]
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
