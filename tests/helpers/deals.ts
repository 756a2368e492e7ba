import type { Database } from '../../db/index'
import { answerMatch, proposeMatch } from '../../server/engagement/matching/matches'
import { openDealFromMatch } from '../../server/deals/open'
import { publishedAchievement, engagementParties } from './engagement'
import { createManager, createMember, testMeta } from './factories'
import { publishedNeed } from './needs'

/**
 * A deal room opened by a technology manager from a match both sides accepted:
 * `uni` (researcher, member of a verified university) sells, `ent` (owner of a
 * verified enterprise) buys, `manager` brokers; `uniAdmin` administers the
 * university; `otherEnt` and `outsider` are in no way part of it.
 */
export async function dealFromMatch(db: Database, o: { title?: string } = {}) {
  const { uni, uniAdmin, ent, otherEnt } = await engagementParties(db)
  const manager = await createManager(db)
  const outsider = await createMember(db, { type: 'university', role: 'owner' })
  const achievementId = await publishedAchievement(db, uni.principal, uniAdmin, uni.org.id, { title: o.title })
  const needId = await publishedNeed(db, ent.principal, ent.principal, ent.org.id)
  const match = await proposeMatch(db, manager.principal, { needId, achievementId, note: '' }, testMeta)
  await answerMatch(db, ent.principal, match.id, { side: 'enterprise', answer: 'interested' }, testMeta)
  await answerMatch(db, uni.principal, match.id, { side: 'institution', answer: 'interested' }, testMeta)
  const deal = await openDealFromMatch(db, manager.principal, match.id, testMeta)
  return { dealId: deal.id, matchId: match.id, achievementId, needId, uni, uniAdmin, ent, otherEnt, manager, outsider }
}
