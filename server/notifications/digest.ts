import type { Database } from '../../db/index'
import { claimDigestRun, listDigestRows, markNotificationsMailed } from '../../db/repos/notifications'
import { enqueueOutbox } from '../../db/repos/outbox'
import { isLocale, translate } from '../i18n/catalog'
import { CATEGORIES, DEFAULT_MAIL } from './categories'
import { noticeText } from './notify'

// The daily digest (ADR 024): once a day, from NOTIFY_DIGEST_HOUR on (Asia/Shanghai),
// each person whose preference for a category is 'daily' gets one mail listing
// the notifications of those categories that are still unread and were not
// mailed; the rows are marked mailed in the transaction that queues the mail
// (through the outbox, like every mail). Several processes may run the job: the
// one that records the day's run sends it.

const SHANGHAI = 8 * 3_600_000

/** The calendar day and hour in Asia/Shanghai (no daylight saving there). */
function shanghai(now: Date) {
  const local = new Date(now.getTime() + SHANGHAI)
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() }
}

export async function sendDailyDigests(db: Database, opts: { hour: number; baseUrl: string; now?: Date; maxItems?: number }) {
  const { day, hour } = shanghai(opts.now ?? new Date())
  if (hour < opts.hour) return { users: 0, items: 0 }
  if (!(await claimDigestRun(db, day))) return { users: 0, items: 0 }
  const dailyByDefault = CATEGORIES.filter((c) => DEFAULT_MAIL[c] === 'daily')
  const maxItems = opts.maxItems ?? 50
  let users = 0
  let items = 0
  // A batch of people at a time; each batch's rows are marked mailed, so the next query starts after them.
  for (;;) {
    const rows = await listDigestRows(db, dailyByDefault)
    if (!rows.length) break
    const byUser = new Map<string, typeof rows>()
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r])
    for (const list of byUser.values()) {
      const first = list[0]!
      const locale = isLocale(first.locale) ? first.locale : 'zh-CN'
      const shown = list.slice(0, maxItems)
      const lines = shown.map((r) => `• ${noticeText(locale, r.kind, r.params)}\n  ${opts.baseUrl}${r.link}`)
      if (list.length > shown.length) lines.push(translate(locale, 'notify.digest.more', { n: list.length - shown.length }))
      await db.transaction().execute(async (trx) => {
        await enqueueOutbox(trx, 'email', {
          to: first.email,
          locale,
          template: 'notification_digest',
          params: { name: first.name, count: String(list.length), items: lines.join('\n'), path: '/notifications?show=unread' },
        })
        await markNotificationsMailed(trx, list.map((r) => Number(r.id)))
      })
      users++
      items += list.length
    }
  }
  return { users, items }
}
