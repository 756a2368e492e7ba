import type { Database } from '../../db/index'
import { listAchievementsToRemind, markAchievementReminded } from '../../db/repos/achievements'
import { listNeedsToRemind, markNeedReminded } from '../../db/repos/needs'
import { enqueueOutbox } from '../../db/repos/outbox'
import { findUserById } from '../../db/repos/users'
import { audit } from '../platform/audit'

/**
 * Reminds owners of listings that expire within `remindDays` to re-confirm
 * them, once per publication period. Safe to run from several processes: a
 * listing is marked in the same transaction as its reminder is queued.
 */
export async function remindExpiringListings(db: Database, remindDays: number, now = new Date()) {
  const before = new Date(now.getTime() + remindDays * 86_400_000)
  let sent = 0
  for (const kind of ['achievement', 'need'] as const) {
    const due = kind === 'achievement' ? await listAchievementsToRemind(db, before) : await listNeedsToRemind(db, before)
    for (const l of due) {
      await db.transaction().execute(async (trx) => {
        if (kind === 'achievement') await markAchievementReminded(trx, l.id)
        else await markNeedReminded(trx, l.id)
        const user = await findUserById(trx, l.created_by)
        if (user) {
          await enqueueOutbox(trx, 'email', {
            to: user.email,
            locale: user.locale,
            template: 'listing_expiring',
            params: {
              name: user.name,
              title: l.title,
              date: l.expires_at ? new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai' }).format(new Date(l.expires_at)) : '',
              path: `/${kind === 'achievement' ? 'achievements' : 'needs'}/${l.id}`,
            },
          })
        }
        await audit(trx, { ip: null, userAgent: null, requestId: null }, null, `${kind}.expiry_reminded`, { type: kind, id: l.id, orgId: l.org_id })
      })
      sent++
    }
  }
  return sent
}
