import { sql } from 'kysely'
import type { Executor } from '../index'
import type { DeclineReason, MatchAnswer } from '../schema'
import { isUuid } from './ids'

// The technology managers' match board: claims on needs (one manager per need)
// and proposed matches need ↔ achievement, each side's answer, and the lists
// the board and the sides' "my matches" page read.


export type MatchSide = 'enterprise' | 'institution'
export type MatchStatus = 'proposed' | 'accepted' | 'declined'

/** Locks a need for a claim or a proposal, with what permissions and e-mails need. */
export async function lockNeedForMatch(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select(['n.id', 'n.org_id', 'n.created_by', 'n.status', 'n.expires_at', 'n.title', 'o.name as org_name'])
    .where('n.id', '=', id)
    .forUpdate('n')
    .executeTakeFirst()
}

/** An achievement with what a proposal needs (not locked: a proposal changes nothing on it). */
export async function findAchievementForMatch(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.org_id', 'a.created_by', 'a.status', 'a.expires_at', 'a.title', 'o.name as org_name'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export async function findClaim(db: Executor, needId: string) {
  if (!isUuid(needId)) return undefined
  return db
    .selectFrom('need_claims as c')
    .innerJoin('users as u', 'u.id', 'c.manager_id')
    .select(['c.need_id', 'c.manager_id', 'c.claimed_at', 'u.name as manager_name'])
    .where('c.need_id', '=', needId)
    .executeTakeFirst()
}

/** Claims the need for the manager; false when somebody holds it already. */
export async function insertClaim(db: Executor, needId: string, managerId: string) {
  const row = await db
    .insertInto('need_claims')
    .values({ need_id: needId, manager_id: managerId })
    .onConflict((oc) => oc.column('need_id').doNothing())
    .returning('need_id')
    .executeTakeFirst()
  return !!row
}

export async function deleteClaim(db: Executor, needId: string, managerId: string) {
  const r = await db.deleteFrom('need_claims').where('need_id', '=', needId).where('manager_id', '=', managerId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function findMatchByPair(db: Executor, needId: string, achievementId: string) {
  return db.selectFrom('matches').select(['id', 'status']).where('need_id', '=', needId).where('achievement_id', '=', achievementId).executeTakeFirst()
}

export async function insertMatch(
  db: Executor,
  m: { needId: string; achievementId: string; managerId: string; score: number; explanation: unknown; note: string },
) {
  const row = await db
    .insertInto('matches')
    .values({
      need_id: m.needId,
      achievement_id: m.achievementId,
      manager_id: m.managerId,
      score: m.score,
      explanation: JSON.stringify(m.explanation),
      note: m.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

function matchesWithListings(db: Executor) {
  return db
    .selectFrom('matches as m')
    .innerJoin('needs as n', 'n.id', 'm.need_id')
    .innerJoin('organisations as no', 'no.id', 'n.org_id')
    .innerJoin('achievements as a', 'a.id', 'm.achievement_id')
    .innerJoin('organisations as ao', 'ao.id', 'a.org_id')
    .innerJoin('users as mu', 'mu.id', 'm.manager_id')
}

const MATCH_COLUMNS = [
  'm.id', 'm.status', 'm.score', 'm.explanation', 'm.note', 'm.created_at', 'm.updated_at', 'm.manager_id',
  'm.enterprise_answer', 'm.enterprise_reason', 'm.enterprise_note', 'm.institution_answer', 'm.institution_reason', 'm.institution_note',
  'n.id as need_id', 'n.title as need_title', 'n.org_id as need_org_id', 'no.name as need_org_name', 'n.created_by as need_created_by',
  'n.status as need_status', 'n.expires_at as need_expires_at',
  'a.id as achievement_id', 'a.title as achievement_title', 'a.org_id as achievement_org_id', 'ao.name as achievement_org_name',
  'a.created_by as achievement_created_by', 'a.status as achievement_status', 'a.expires_at as achievement_expires_at',
  'mu.name as manager_name', 'mu.email as manager_email',
] as const

/** Locks a match for an answer, with both listings and the manager. */
export async function lockMatch(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return matchesWithListings(db).select(MATCH_COLUMNS).where('m.id', '=', id).forUpdate('m').executeTakeFirst()
}

export async function setMatchAnswer(
  db: Executor,
  id: string,
  a: { side: MatchSide; answer: MatchAnswer; reason: DeclineReason | null; note: string | null; status: MatchStatus },
) {
  const patch =
    a.side === 'enterprise'
      ? { enterprise_answer: a.answer, enterprise_reason: a.reason, enterprise_note: a.note }
      : { institution_answer: a.answer, institution_reason: a.reason, institution_note: a.note }
  await db
    .updateTable('matches')
    .set({ ...patch, status: a.status, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/** The manager's proposed matches, most recently changed first. */
export async function listMatchesByManager(db: Executor, managerId: string, limit = 100) {
  return matchesWithListings(db)
    .select(MATCH_COLUMNS)
    .where('m.manager_id', '=', managerId)
    .orderBy('m.updated_at', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .execute()
}

/** Matches on these needs (the board marks candidates already proposed). */
export async function listMatchesForNeeds(db: Executor, needIds: string[]) {
  if (!needIds.length) return []
  return db.selectFrom('matches').select(['id', 'need_id', 'achievement_id', 'status', 'manager_id']).where('need_id', 'in', needIds).execute()
}

/** Matches where one of these organisations owns the need or the achievement, newest first. */
export async function listMatchesForOrgs(db: Executor, orgIds: string[], limit = 200) {
  if (!orgIds.length) return []
  return matchesWithListings(db)
    .leftJoin('manager_profiles as mp', 'mp.user_id', 'm.manager_id')
    .leftJoin('organisations as ag', 'ag.id', 'mp.agency_id')
    .select(MATCH_COLUMNS)
    .select('ag.name as agency_name')
    .where((eb) => eb.or([eb('n.org_id', 'in', orgIds), eb('a.org_id', 'in', orgIds)]))
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .execute()
}

export interface BoardNeedFilter {
  managerId: string
  /** 'mine': claimed by the manager; 'open': claimed by nobody. */
  scope: 'mine' | 'open'
  /** An industry code or a top-level code (its sub-industries match too). */
  industryCode?: string
  divisionCode?: string
  needId?: string
}

function boardNeeds(db: Executor, f: BoardNeedFilter) {
  let q = db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .innerJoin('industries as i', 'i.code', 'n.industry_code')
    .innerJoin('divisions as d', 'd.code', 'n.division_code')
    .leftJoin('need_claims as c', 'c.need_id', 'n.id')
    .where('n.status', '=', 'published')
    .where('n.expires_at', '>', sql<Date>`now()`)
  q = f.scope === 'mine' ? q.where('c.manager_id', '=', f.managerId) : q.where('c.need_id', 'is', null)
  if (f.industryCode) q = q.where((eb) => eb.or([eb('n.industry_code', '=', f.industryCode!), eb('i.parent_code', '=', f.industryCode!)]))
  if (f.divisionCode) q = q.where('n.division_code', '=', f.divisionCode)
  if (f.needId) q = isUuid(f.needId) ? q.where('n.id', '=', f.needId) : q.where(sql<boolean>`false`)
  return q
}

/** Live needs on the board: the manager's claimed ones (oldest claim first) or the unclaimed ones (newest first). */
export async function listBoardNeeds(db: Executor, f: BoardNeedFilter & { limit: number; offset?: number }) {
  const q = boardNeeds(db, f).select([
    'n.id', 'n.title', 'n.problem', 'n.org_id', 'o.name as org_name', 'n.industry_code', 'i.name_zh as industry_name_zh',
    'i.name_en as industry_name_en', 'n.division_code', 'd.name_zh as division_name_zh', 'd.name_en as division_name_en',
    'n.budget_kind', 'n.budget_min_fen', 'n.budget_max_fen', 'n.deadline', 'n.preferred_modes', 'n.published_at', 'n.expires_at',
    'c.claimed_at',
  ])
  return (f.scope === 'mine' ? q.orderBy('c.claimed_at', 'asc') : q.orderBy('n.published_at', 'desc'))
    .orderBy('n.id')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute()
}

export async function countBoardNeeds(db: Executor, f: BoardNeedFilter) {
  const r = await boardNeeds(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return r.n
}

/** The manager's claims and matches per status, for the board's summary. */
export async function countManagerWork(db: Executor, managerId: string) {
  const [claims, matches] = await Promise.all([
    db
      .selectFrom('need_claims as c')
      .innerJoin('needs as n', 'n.id', 'c.need_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('c.manager_id', '=', managerId)
      .where('n.status', '=', 'published')
      .where('n.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('matches')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('manager_id', '=', managerId)
      .groupBy('status')
      .execute(),
  ])
  const by = Object.fromEntries(matches.map((m) => [m.status, m.n])) as Partial<Record<MatchStatus, number>>
  return { claimed: claims.n, proposed: by.proposed ?? 0, accepted: by.accepted ?? 0, declined: by.declined ?? 0 }
}
