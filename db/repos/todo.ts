import { sql } from 'kysely'
import type { Executor } from '../index'

// 待办 (ADR 024): what waits on one person now, read from the records themselves
// (never from notifications, which may be read or deleted). Each query takes
// the user and the organisations they administer; the service re-checks every
// row with the permission function.

const LIMIT = 200

/** Listings `userId` created or whose organisation they administer. */
function ownsOrAdmins(userId: string, adminOrgIds: string[], alias: string) {
  return sql<boolean>`(${sql.ref(`${alias}.created_by`)} = ${userId}${adminOrgIds.length ? sql` or ${sql.ref(`${alias}.org_id`)} in (${sql.join(adminOrgIds)})` : sql``})`
}

const achievementRef = ['a.id as listing_id', 'a.title', 'a.org_id', 'a.created_by', 'a.status', 'a.expires_at'] as const

export async function pendingDetailRequests(db: Executor, userId: string, adminOrgIds: string[]) {
  return db
    .selectFrom('detail_requests as r')
    .innerJoin('achievements as a', 'a.id', 'r.achievement_id')
    .innerJoin('organisations as o', 'o.id', 'r.requester_org_id')
    .select(['r.id', 'r.created_at', 'o.name as other_org', ...achievementRef])
    .where('r.status', '=', 'pending')
    .where(ownsOrAdmins(userId, adminOrgIds, 'a'))
    .orderBy('r.created_at')
    .limit(LIMIT)
    .execute()
}

export async function openInterests(db: Executor, userId: string, adminOrgIds: string[]) {
  return db
    .selectFrom('interests as i')
    .innerJoin('achievements as a', 'a.id', 'i.achievement_id')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.created_at', 'o.name as other_org', ...achievementRef])
    .where('i.status', '=', 'open')
    .where(ownsOrAdmins(userId, adminOrgIds, 'a'))
    .orderBy('i.created_at')
    .limit(LIMIT)
    .execute()
}

export async function openNeedResponses(db: Executor, userId: string, adminOrgIds: string[]) {
  return db
    .selectFrom('need_responses as r')
    .innerJoin('needs as n', 'n.id', 'r.need_id')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.created_at', 'o.name as other_org', 'n.id as listing_id', 'n.title', 'n.org_id', 'n.created_by', 'n.status', 'n.expires_at'])
    .where('r.status', '=', 'open')
    .where('r.kind', '=', 'response')
    .where(ownsOrAdmins(userId, adminOrgIds, 'n'))
    .orderBy('r.created_at')
    .limit(LIMIT)
    .execute()
}

/** Proposed matches still waiting for the answer of a side whose listing `userId` created or administers. */
export async function matchesAwaitingAnswer(db: Executor, userId: string, adminOrgIds: string[]) {
  return db
    .selectFrom('matches as m')
    .innerJoin('needs as n', 'n.id', 'm.need_id')
    .innerJoin('achievements as a', 'a.id', 'm.achievement_id')
    .select([
      'm.id',
      'm.created_at',
      'm.enterprise_answer',
      'm.institution_answer',
      'n.title as need_title',
      'n.org_id as need_org_id',
      'n.created_by as need_created_by',
      'n.status as need_status',
      'n.expires_at as need_expires_at',
      'a.title as achievement_title',
      'a.org_id as achievement_org_id',
      'a.created_by as achievement_created_by',
      'a.status as achievement_status',
      'a.expires_at as achievement_expires_at',
    ])
    .where('m.status', '=', 'proposed')
    .where((eb) =>
      eb.or([
        eb.and([eb('m.enterprise_answer', 'is', null), ownsOrAdmins(userId, adminOrgIds, 'n')]),
        eb.and([eb('m.institution_answer', 'is', null), ownsOrAdmins(userId, adminOrgIds, 'a')]),
      ]),
    )
    .orderBy('m.created_at')
    .limit(LIMIT)
    .execute()
}

/**
 * Deals in the intent stage where `userId` is a member and has written nothing
 * yet: the room waits for them to say something.
 */
export async function dealsAwaitingFirstWord(db: Executor, userId: string) {
  return db
    .selectFrom('deals as d')
    .innerJoin('deal_members as dm', (j) => j.onRef('dm.deal_id', '=', 'd.id').on('dm.user_id', '=', userId).on('dm.removed_at', 'is', null))
    .select(['d.id', 'd.title', 'dm.created_at'])
    .where('d.stage', '=', 'intent')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('deal_messages as msg').select('msg.id').whereRef('msg.deal_id', '=', 'd.id').where('msg.author_id', '=', userId))),
    )
    .orderBy('dm.created_at')
    .limit(LIMIT)
    .execute()
}

/**
 * Open offers made by the other side of a deal `userId` speaks for: as an
 * active party member (their party's side) or as an admin of a party.
 */
export async function offersAwaitingAnswer(db: Executor, userId: string, adminOrgIds: string[]) {
  return db
    .selectFrom('deal_offers as o')
    .innerJoin('deals as d', 'd.id', 'o.deal_id')
    .innerJoin('deal_parties as p', (j) => j.onRef('p.deal_id', '=', 'd.id').onRef('p.side', '<>', 'o.side'))
    .select(['o.id', 'o.version', 'd.id as deal_id', 'd.title', 'o.created_at'])
    .distinctOn(['o.id'])
    .where('o.status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('deal_members as m')
            .select('m.user_id')
            .whereRef('m.deal_id', '=', 'd.id')
            .whereRef('m.org_id', '=', 'p.org_id')
            .where('m.user_id', '=', userId)
            .where('m.role', '=', 'party')
            .where('m.removed_at', 'is', null),
        ),
        ...(adminOrgIds.length ? [eb('p.org_id', 'in', adminOrgIds)] : []),
      ]),
    )
    .orderBy('o.id')
    .limit(LIMIT)
    .execute()
}

/** Unanswered objections (异议) to notices of the organisations `adminOrgIds` administers. */
export async function objectionsAwaitingAnswer(db: Executor, adminOrgIds: string[]) {
  if (!adminOrgIds.length) return []
  return db
    .selectFrom('notice_objections as x')
    .innerJoin('listing_notices as n', 'n.id', 'x.notice_id')
    .innerJoin('achievements as a', 'a.id', 'n.achievement_id')
    .select(['x.id', 'n.id as notice_id', 'a.title', 'x.lodged_at'])
    .where('n.org_id', 'in', adminOrgIds)
    .where('x.answered_at', 'is', null)
    .where('n.status', 'in', ['notice', 'awaiting_procedure'])
    .orderBy('x.lodged_at')
    .limit(LIMIT)
    .execute()
}
