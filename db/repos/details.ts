import type { Executor } from '../index'
import { isUuid } from './ids'

// Gated details (NDA-style): requests per requesting organisation, the
// owner's decisions, and every view of the confidential part.


export async function insertDetailRequest(
  db: Executor,
  r: { achievementId: string; requesterId: string; requesterOrgId: string; purpose: string; termsAcceptedAt: Date },
) {
  const row = await db
    .insertInto('detail_requests')
    .values({
      achievement_id: r.achievementId,
      requester_id: r.requesterId,
      requester_org_id: r.requesterOrgId,
      purpose: r.purpose,
      terms_accepted_at: r.termsAcceptedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The latest request of each of `orgIds` for the achievement (an open one before any declined one). */
export async function latestRequestsOfOrgs(db: Executor, achievementId: string, orgIds: string[]) {
  if (!orgIds.length) return []
  return db
    .selectFrom('detail_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.requester_org_id')
    .selectAll('r')
    .select('o.name as requester_org_name')
    .distinctOn('r.requester_org_id')
    .where('r.achievement_id', '=', achievementId)
    .where('r.requester_org_id', 'in', orgIds)
    .orderBy('r.requester_org_id')
    .orderBy((eb) => eb.case().when('r.status', '=', 'declined').then(1).else(0).end())
    .orderBy('r.created_at', 'desc')
    .execute()
}

/** The request of `orgId` that is still open or granted (at most one: a unique index says so). */
export async function findOpenRequest(db: Executor, achievementId: string, orgId: string) {
  return db
    .selectFrom('detail_requests')
    .selectAll()
    .where('achievement_id', '=', achievementId)
    .where('requester_org_id', '=', orgId)
    .where('status', '<>', 'declined')
    .executeTakeFirst()
}

/** Locks a request for a decision. */
export async function lockDetailRequest(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('detail_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setDetailRequestDecision(db: Executor, id: string, d: { status: 'granted' | 'declined'; decidedBy: string; note: string | null }) {
  await db
    .updateTable('detail_requests')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: new Date(), decision_note: d.note })
    .where('id', '=', id)
    .execute()
}

/** Every request for the achievement, newest first, with who asked and who decided. */
export async function listDetailRequests(db: Executor, achievementId: string) {
  return db
    .selectFrom('detail_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.requester_org_id')
    .innerJoin('users as u', 'u.id', 'r.requester_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select([
      'r.id', 'r.purpose', 'r.status', 'r.created_at', 'r.terms_accepted_at', 'r.decided_at', 'r.decision_note',
      'o.id as org_id', 'o.name as org_name', 'u.name as requester_name', 'u.email as requester_email', 'u.phone as requester_phone',
      'd.name as decided_by_name',
    ])
    .where('r.achievement_id', '=', achievementId)
    .orderBy((eb) => eb.case().when('r.status', '=', 'pending').then(0).else(1).end())
    .orderBy('r.created_at', 'desc')
    .execute()
}

export async function insertDetailView(
  db: Executor,
  v: { achievementId: string; userId: string; orgId: string; ip: string | null; attachmentId?: string | null; attachmentName?: string | null },
) {
  const row = await db
    .insertInto('detail_views')
    .values({
      achievement_id: v.achievementId,
      user_id: v.userId,
      org_id: v.orgId,
      ip: v.ip,
      attachment_id: v.attachmentId ?? null,
      attachment_name: v.attachmentName ?? null,
    })
    .returning(['id', 'at'])
    .executeTakeFirstOrThrow()
  return row
}

/** The access log of the achievement's confidential part, newest first. */
export async function listDetailViews(db: Executor, achievementId: string, limit = 500) {
  return db
    .selectFrom('detail_views as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .select(['v.id', 'v.at', 'v.ip', 'v.attachment_id', 'v.attachment_name', 'u.name as user_name', 'u.email as user_email', 'o.name as org_name'])
    .where('v.achievement_id', '=', achievementId)
    .orderBy('v.at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute()
}

