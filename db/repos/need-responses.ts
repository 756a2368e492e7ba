import { sql } from 'kysely'
import type { Executor } from '../index'
import type { DeclineReason } from '../schema'
import { isUuid } from './ids'

// Responses to a need (技术需求): an institution offers one of its achievements
// and/or a written proposal, or passes with a structured reason (kind 'pass').


export async function insertNeedResponse(
  db: Executor,
  r: { needId: string; userId: string; orgId: string; achievementId: string | null; proposal: string },
) {
  const row = await db
    .insertInto('need_responses')
    .values({ need_id: r.needId, user_id: r.userId, org_id: r.orgId, achievement_id: r.achievementId, proposal: r.proposal, kind: 'response' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertNeedPass(
  db: Executor,
  r: { needId: string; userId: string; orgId: string; reason: DeclineReason; note: string },
) {
  const row = await db
    .insertInto('need_responses')
    .values({
      need_id: r.needId,
      user_id: r.userId,
      org_id: r.orgId,
      proposal: '',
      kind: 'pass',
      status: 'declined',
      decline_reason: r.reason,
      decline_note: r.note || null,
      decided_by: r.userId,
      decided_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The organisation's pass, or its open or accepted response, on this need (what blocks another one). */
export async function findActiveNeedResponse(db: Executor, needId: string, orgId: string, kind: 'response' | 'pass') {
  let q = db.selectFrom('need_responses').select(['id', 'status']).where('need_id', '=', needId).where('org_id', '=', orgId).where('kind', '=', kind)
  if (kind === 'response') q = q.where('status', '<>', 'declined')
  return q.executeTakeFirst()
}

/** Locks a response for a decision, with what permissions need to know about its need. */
export async function lockNeedResponse(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('need_responses as r')
    .innerJoin('needs as n', 'n.id', 'r.need_id')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select([
      'r.id', 'r.need_id', 'r.user_id', 'r.org_id', 'r.kind', 'r.status', 'r.achievement_id',
      'n.org_id as need_org_id', 'n.created_by as need_created_by', 'n.status as need_status', 'n.expires_at as need_expires_at',
      'n.title as need_title', 'o.name as need_org_name',
    ])
    .where('r.id', '=', id)
    .forUpdate('r')
    .executeTakeFirst()
}

export async function decideNeedResponse(
  db: Executor,
  id: string,
  d: { status: 'accepted' | 'declined'; decidedBy: string; reason?: DeclineReason; note?: string },
) {
  await db
    .updateTable('need_responses')
    .set({
      status: d.status,
      decided_by: d.decidedBy,
      decided_at: new Date(),
      decline_reason: d.status === 'declined' ? (d.reason ?? null) : null,
      decline_note: d.status === 'declined' ? d.note || null : null,
    })
    .where('id', '=', id)
    .execute()
}

/** The responses and passes on a need, oldest first; only these organisations' when `orgIds` is given. */
export async function listNeedResponses(db: Executor, needId: string, orgIds?: string[]) {
  if (!isUuid(needId) || (orgIds && !orgIds.length)) return []
  let q = db
    .selectFrom('need_responses as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('achievements as a', 'a.id', 'r.achievement_id')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .select([
      'r.id', 'r.kind', 'r.status', 'r.proposal', 'r.decline_reason', 'r.decline_note', 'r.decided_at', 'r.created_at', 'r.org_id',
      'r.achievement_id', 'a.title as achievement_title', 'a.trl as achievement_trl', 'o.name as org_name', 'o.type as org_type',
      'u.name as user_name', 'dec.name as decided_by_name',
    ])
    .where('r.need_id', '=', needId)
  if (orgIds) q = q.where('r.org_id', 'in', orgIds)
  return q.orderBy('r.created_at').orderBy('r.id').execute()
}

/** Per need: responses (all, and still open) and passes. */
export async function countNeedResponses(db: Executor, needIds: string[]) {
  if (!needIds.length) return []
  return db
    .selectFrom('need_responses')
    .select([
      'need_id',
      sql<number>`count(*) filter (where kind = 'response')::int`.as('responses'),
      sql<number>`count(*) filter (where kind = 'response' and status = 'open')::int`.as('open'),
      sql<number>`count(*) filter (where kind = 'pass')::int`.as('passes'),
    ])
    .where('need_id', 'in', needIds)
    .groupBy('need_id')
    .execute()
}
