import type { Database } from '../../db/index'
import { lockScheduledRoadshow, markRoadshowReminded, roadshowsStartingBetween, takeUnremindedRegistrants } from '../../db/repos/roadshow-reminders'
import { judgeIdsOf, roadshowItems } from '../../db/repos/roadshows'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { toBeijingLocal } from '../auctions/lifecycle-schemas'
import { roadshowRulesOn } from './policy'

// 路演提醒 (ADR 033), run every minute by server/background.ts: registrants,
// judges and presenters of a roadshow starting within the policy's
// reminderMinutesBefore get one `roadshow_reminder` (notification, and mail
// as each person's preference for the group says). Judges and presenters are
// reminded once per roadshow (reminder_sent_at); each registrant once
// (reminded_at), so someone who registers after the round still gets one.
// Under the roadshow's row lock, so several processes send each reminder once.

const META = { ip: null, userAgent: null, requestId: 'roadshow-reminders' }

export async function sendRoadshowReminders(db: Database, now = new Date()) {
  const rules = roadshowRulesOn(now)
  const due = await roadshowsStartingBetween(db, now, new Date(now.getTime() + rules.reminderMinutesBefore * 60_000))
  let sent = 0
  for (const r of due) {
    sent += await db.transaction().execute(async (trx) => {
      const rs = await lockScheduledRoadshow(trx, r.id)
      if (!rs) return 0
      const people = new Set(await takeUnremindedRegistrants(trx, rs.id, now))
      const firstRound = rs.reminder_sent_at === null
      if (firstRound) {
        for (const j of await judgeIdsOf(trx, rs.id)) people.add(j)
        for (const i of await roadshowItems(trx, rs.id)) if (i.presenter_user_id) people.add(i.presenter_user_id)
        await markRoadshowReminded(trx, rs.id, now)
      }
      if (people.size === 0) return 0
      const n = await notify(trx, people, {
        kind: 'roadshow_reminder',
        params: { title: rs.title, time: toBeijingLocal(new Date(rs.starts_at)).slice(0, 16).replace('T', ' ') },
        link: `/roadshows/${rs.id}`,
      })
      if (firstRound) await audit(trx, META, null, 'roadshow.reminded', { type: 'roadshow', id: rs.id }, { people: n })
      return n
    })
  }
  return sent
}
