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

/**
 * A claim has lapsed when its manager proposed no match for the need within
 * `lapseDays` of claiming it: the need is free again for everybody (issue 7).
 * Expects the claim as `c`.
 */
export function claimLapsed(lapseDays: number | undefined) {
  if (lapseDays === undefined) return sql<boolean>`false`
  return sql<boolean>`(c.claimed_at <= now() - make_interval(days => ${lapseDays}::int)
    and not exists (select 1 from matches lm where lm.need_id = c.need_id and lm.manager_id = c.manager_id))`
}

export async function findClaim(db: Executor, needId: string, lapseDays?: number) {
  if (!isUuid(needId)) return undefined
  return db
    .selectFrom('need_claims as c')
    .innerJoin('users as u', 'u.id', 'c.manager_id')
    .select(['c.need_id', 'c.manager_id', 'c.claimed_at', 'u.name as manager_name', claimLapsed(lapseDays).as('lapsed')])
    .where('c.need_id', '=', needId)
    .executeTakeFirst()
}

/**
 * The manager's open claims: on a live need, with no match of theirs proposed
 * for it yet, and not lapsed. Capped per manager (MATCH_MAX_OPEN_CLAIMS).
 */
export async function countOpenClaims(db: Executor, managerId: string, lapseDays: number) {
  const r = await db
    .selectFrom('need_claims as c')
    .innerJoin('needs as n', 'n.id', 'c.need_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('c.manager_id', '=', managerId)
    .where('n.status', '=', 'published')
    .where('n.expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`not exists (select 1 from matches om where om.need_id = c.need_id and om.manager_id = c.manager_id)`)
    .where(sql<boolean>`not ${claimLapsed(lapseDays)}`)
    .executeTakeFirstOrThrow()
  return r.n
}

/** Serialises one manager's claims, so the cap on open claims holds under parallel requests. */
export async function lockManagerClaims(db: Executor, managerId: string) {
  await db.selectFrom('manager_profiles').select('user_id').where('user_id', '=', managerId).forUpdate().executeTakeFirst()
}

/** Lapsed claims, locked and skipping ones another process holds, for the periodic job to release. */
export async function lockLapsedClaims(db: Executor, lapseDays: number, limit: number) {
  return db
    .selectFrom('need_claims as c')
    .innerJoin('needs as n', 'n.id', 'c.need_id')
    .select(['c.need_id', 'c.manager_id', 'c.claimed_at', 'n.org_id', 'n.title'])
    .where(claimLapsed(lapseDays))
    .orderBy('c.claimed_at')
    .limit(limit)
    .forUpdate('c')
    .skipLocked()
    .execute()
}

/** Deletes the manager's claim on the need only while it is still lapsed, so a fresh claim is never undone. */
export async function deleteLapsedClaim(db: Executor, c: { need_id: string; manager_id: string }, lapseDays: number) {
  const r = await db
    .deleteFrom('need_claims as c')
    .where('c.need_id', '=', c.need_id)
    .where('c.manager_id', '=', c.manager_id)
    .where(claimLapsed(lapseDays))
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
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
  /** 'mine': claimed by the manager; 'open': claimed by nobody (or the claim has lapsed). */
  scope: 'mine' | 'open'
  /** Claims older than this without a proposed match count as lapsed (free); none lapse when unset. */
  lapseDays?: number
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
  const lapsed = claimLapsed(f.lapseDays)
  q =
    f.scope === 'mine'
      ? q.where('c.manager_id', '=', f.managerId).where(sql<boolean>`not ${lapsed}`)
      : q.where(sql<boolean>`(c.need_id is null or ${lapsed})`)
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
export async function countManagerWork(db: Executor, managerId: string, lapseDays?: number) {
  const [claims, matches] = await Promise.all([
    db
      .selectFrom('need_claims as c')
      .innerJoin('needs as n', 'n.id', 'c.need_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('c.manager_id', '=', managerId)
      .where('n.status', '=', 'published')
      .where('n.expires_at', '>', sql<Date>`now()`)
      .where(sql<boolean>`not ${claimLapsed(lapseDays)}`)
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
