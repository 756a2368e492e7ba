import { sql } from 'kysely'
import type { Executor } from '../index'
import type { DeclineReason } from '../schema'

// The decline reasons an organisation received: every structured "no" that
// somebody outside the organisation gave about one of its listings or one of
// its approaches. Four sources:
//   need_pass          an institution passed on the organisation's need;
//   response_declined  a need's owner declined the organisation's response;
//   achievement_pass   an enterprise passed on the organisation's achievement
//                      (an interest row declined by its own user, see repos/interests.ts);
//   interest_declined  an achievement's owner declined the organisation's interest;
//   match_declined     the other side declined a match a technology manager proposed
//                      (the enterprise declined → the achievement's organisation receives
//                      the reason about its achievement, and the other way round).

export type FeedbackSource = 'need_pass' | 'response_declined' | 'achievement_pass' | 'interest_declined' | 'match_declined'

/**
 * A need response as a feedback row: `recipient` is the organisation that receives
 * the reason, `counterpart` the one that gave it (the need's owner or the responder).
 */
function needResponseFeedback(
  db: Executor,
  source: Extract<FeedbackSource, 'need_pass' | 'response_declined'>,
  recipient: 'n.org_id' | 'r.org_id',
  counterpart: 'n.org_id' | 'r.org_id',
) {
  return db
    .selectFrom('need_responses as r')
    .innerJoin('needs as n', 'n.id', 'r.need_id')
    .innerJoin('organisations as ro', 'ro.id', recipient)
    .innerJoin('organisations as co', 'co.id', counterpart)
    .select([
      sql<FeedbackSource>`${sql.lit(source)}`.as('source'),
      sql<'need' | 'achievement'>`'need'`.as('listing_kind'),
      'n.id as listing_id',
      'n.title as listing_title',
      'ro.id as recipient_org_id',
      'ro.name as recipient_org_name',
      'co.name as counterpart_org_name',
      sql<DeclineReason>`r.decline_reason`.as('reason'),
      'r.decline_note as note',
      sql<Date>`coalesce(r.decided_at, r.created_at)`.as('at'),
    ])
}

function feedbackRows(db: Executor, orgIds: string[]) {
  const passes = needResponseFeedback(db, 'need_pass', 'n.org_id', 'r.org_id')
    .where('r.kind', '=', 'pass')
    .where('n.org_id', 'in', orgIds)

  const declinedResponses = needResponseFeedback(db, 'response_declined', 'r.org_id', 'n.org_id')
    .where('r.kind', '=', 'response')
    .where('r.status', '=', 'declined')
    .where('r.decline_reason', 'is not', null)
    .where('r.org_id', 'in', orgIds)

  // An interest declined by the enterprise's own user is a pass on the achievement (its owner
  // receives the reason); one declined by anybody else was the owner's answer (the enterprise receives it).
  const passed = sql<boolean>`i.decided_by = i.user_id`
  const declinedInterests = db
    .selectFrom('interests as i')
    .innerJoin('achievements as a', 'a.id', 'i.achievement_id')
    .innerJoin('organisations as ao', 'ao.id', 'a.org_id')
    .innerJoin('organisations as io', 'io.id', 'i.org_id')
    .select([
      sql<FeedbackSource>`case when ${passed} then 'achievement_pass' else 'interest_declined' end`.as('source'),
      sql<'need' | 'achievement'>`'achievement'`.as('listing_kind'),
      'a.id as listing_id',
      'a.title as listing_title',
      sql<string>`case when ${passed} then ao.id else io.id end`.as('recipient_org_id'),
      sql<string>`case when ${passed} then ao.name else io.name end`.as('recipient_org_name'),
      sql<string>`case when ${passed} then io.name else ao.name end`.as('counterpart_org_name'),
      sql<DeclineReason>`i.decline_reason`.as('reason'),
      'i.decline_note as note',
      sql<Date>`coalesce(i.decided_at, i.created_at)`.as('at'),
    ])
    .where('i.status', '=', 'declined')
    .where('i.decline_reason', 'is not', null)
    .where((eb) => eb.or([eb('a.org_id', 'in', orgIds), eb('i.org_id', 'in', orgIds)]))

  const byEnterprise = sql<boolean>`m.enterprise_answer = 'declined'`
  const declinedMatches = db
    .selectFrom('matches as m')
    .innerJoin('needs as n', 'n.id', 'm.need_id')
    .innerJoin('achievements as a', 'a.id', 'm.achievement_id')
    .innerJoin('organisations as no', 'no.id', 'n.org_id')
    .innerJoin('organisations as ao', 'ao.id', 'a.org_id')
    .select([
      sql<FeedbackSource>`'match_declined'`.as('source'),
      sql<'need' | 'achievement'>`case when ${byEnterprise} then 'achievement' else 'need' end`.as('listing_kind'),
      sql<string>`case when ${byEnterprise} then a.id else n.id end`.as('listing_id'),
      sql<string>`case when ${byEnterprise} then a.title else n.title end`.as('listing_title'),
      sql<string>`case when ${byEnterprise} then ao.id else no.id end`.as('recipient_org_id'),
      sql<string>`case when ${byEnterprise} then ao.name else no.name end`.as('recipient_org_name'),
      sql<string>`case when ${byEnterprise} then no.name else ao.name end`.as('counterpart_org_name'),
      sql<DeclineReason>`case when ${byEnterprise} then m.enterprise_reason else m.institution_reason end`.as('reason'),
      sql<string | null>`case when ${byEnterprise} then m.enterprise_note else m.institution_note end`.as('note'),
      sql<Date>`m.updated_at`.as('at'),
    ])
    .where('m.status', '=', 'declined')
    .where((eb) => eb.or([eb('n.org_id', 'in', orgIds), eb('a.org_id', 'in', orgIds)]))

  return db
    .selectFrom(passes.unionAll(declinedResponses).unionAll(declinedInterests).unionAll(declinedMatches).as('f'))
    .where('f.recipient_org_id', 'in', orgIds)
}

/** Counts per listing and reason for these organisations. */
export async function countFeedback(db: Executor, orgIds: string[]) {
  if (!orgIds.length) return []
  return feedbackRows(db, orgIds)
    .select([
      'f.source', 'f.listing_kind', 'f.listing_id', 'f.listing_title', 'f.recipient_org_id', 'f.recipient_org_name', 'f.reason',
      sql<number>`count(*)::int`.as('n'),
      sql<Date>`max(f.at)`.as('last_at'),
    ])
    .groupBy(['f.source', 'f.listing_kind', 'f.listing_id', 'f.listing_title', 'f.recipient_org_id', 'f.recipient_org_name', 'f.reason'])
    .execute()
}

/** The notes written with the reasons, newest first. */
export async function listFeedbackNotes(db: Executor, orgIds: string[], limit: number) {
  if (!orgIds.length) return []
  return feedbackRows(db, orgIds)
    .selectAll('f')
    .where('f.note', 'is not', null)
    .where(sql<boolean>`length(trim(f.note)) > 0`)
    .orderBy('f.at', 'desc')
    .limit(limit)
    .execute()
}
