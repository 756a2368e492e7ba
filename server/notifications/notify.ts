import type { Executor } from '../../db/index'
import { insertNotifications, recipientsWithPreference } from '../../db/repos/notifications'
import { enqueueOutbox } from '../../db/repos/outbox'
import type { MailPreference } from '../../db/schema'
import { isLocale, translate } from '../i18n/catalog'
import { publish, roomName } from '../realtime/publish'
import { categoryOf, DEFAULT_MAIL } from './categories'

// Tells people about an event they would act on, inside the transaction of the
// change: a row in their notification centre and a live event to their own
// room (the bell's count). Mail follows each person's preferences for the
// kind's category (ADR 024): 'immediate' queues one mail now through the
// outbox (the row is marked mailed), 'daily' leaves the row to the daily
// digest, 'off' sends none.

export interface Notice {
  /** A catalog key under `notifications.kinds.*`, e.g. 'deal_message'. */
  kind: string
  /** Strings the message shows (titles, names); plain values, translated at display. */
  params: Record<string, string>
  /** Where acting on it happens, a path of this site. */
  link: string
}

/** The catalog text of a notification in `locale`. */
export function noticeText(locale: string, kind: string, params: Record<string, string>) {
  return translate(isLocale(locale) ? locale : 'zh-CN', `notifications.kinds.${kind}`, params)
}

/** Notifies each of `userIds` (duplicates and the actor removed by the caller's choice of ids). */
export async function notify(trx: Executor, userIds: Iterable<string>, notice: Notice) {
  const { rows } = await store(trx, [...new Set(userIds)], notice, 'notification-mail')
  return rows.length
}

/**
 * For the events that already send a mail of their own (details requests,
 * interests, need responses, matches, review decisions): notifies `userIds`
 * except the actor, and says who should get that event's own mail now — those
 * whose preference is 'immediate' (their row is marked mailed). Anyone not
 * notified here (the actor, people outside `userIds`) keeps getting the mail as
 * before; a 'daily' recipient gets the row in the digest; 'off' gets no mail.
 */
export async function notifyWithOwnMail(trx: Executor, actorId: string | null, userIds: Iterable<string>, notice: Notice) {
  const ids = [...new Set(userIds)].filter((id) => id !== actorId)
  const { prefs } = await store(trx, ids, notice, 'own-mail')
  return (userId: string) => {
    const p = prefs.get(userId)
    return p === undefined || p === 'immediate'
  }
}

async function store(trx: Executor, ids: string[], notice: Notice, mail: 'notification-mail' | 'own-mail') {
  if (!ids.length) return { rows: [], prefs: new Map<string, MailPreference>() }
  const category = categoryOf(notice.kind)
  const people = await recipientsWithPreference(trx, ids, category)
  const prefs = new Map(people.map((p) => [p.id, (p.mail ?? DEFAULT_MAIL[category]) as MailPreference]))
  const rows = await insertNotifications(
    trx,
    people.map((p) => ({ userId: p.id, ...notice, category, mailed: prefs.get(p.id) === 'immediate' })),
  )
  for (const r of rows) {
    await publish(trx, roomName('user', r.user_id), 'notification', { id: r.id, kind: notice.kind, params: notice.params, link: notice.link })
  }
  if (mail === 'notification-mail') {
    for (const p of people) {
      if (prefs.get(p.id) !== 'immediate') continue
      const locale = isLocale(p.locale) ? p.locale : 'zh-CN'
      await enqueueOutbox(trx, 'email', {
        to: p.email,
        locale,
        template: 'notification',
        params: { name: p.name, text: noticeText(locale, notice.kind, notice.params), path: notice.link },
      })
    }
  }
  return { rows, prefs }
}
