import { sql } from 'kysely'
import type { Executor } from '../index'

// What the recommender compares: the fields of needs and achievements that
// explain a match (terms, industry, maturity, money, county, modes).

export async function needsForMatching(db: Executor, ids: string[]) {
  if (!ids.length) return []
  return db
    .selectFrom('needs as n')
    .innerJoin('industries as i', 'i.code', 'n.industry_code')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select([
      'n.id', 'n.title', 'n.keywords', 'n.industry_code', 'n.preferred_modes', 'n.budget_kind', 'n.budget_min_fen', 'n.budget_max_fen',
      'n.division_code', 'n.org_id', 'n.status', 'n.expires_at', 'o.name as org_name',
      sql<string>`coalesce(i.parent_code, i.code)`.as('industry_top'),
    ])
    .where('n.id', 'in', ids)
    .execute()
}

export async function achievementsForMatching(db: Executor, ids: string[]) {
  if (!ids.length) return []
  return db
    .selectFrom('achievements as a')
    .innerJoin('industries as i', 'i.code', 'a.industry_code')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      'a.id', 'a.title', 'a.keywords', 'a.industry_code', 'a.transaction_modes', 'a.price_kind', 'a.price_min_fen', 'a.price_max_fen',
      'a.trl', 'a.org_id', 'a.status', 'a.expires_at', 'o.division_code', 'o.name as org_name',
      sql<string>`coalesce(i.parent_code, i.code)`.as('industry_top'),
    ])
    .where('a.id', 'in', ids)
    .execute()
}

/**
 * The newest live listings of an industry (top-level code): the recommender's
 * candidates that share no key terms. The industry's codes are looked up first
 * so the planner sees them as values (their share of listings is known) and
 * walks the (status, published_at) index newest first, stopping at `limit`.
 */
export async function newestLiveIds(db: Executor, kind: 'achievement' | 'need', industryTop: string, now: Date, limit: number) {
  const codes = (await sql<{ code: string }>`select code from industries where coalesce(parent_code, code) = ${industryTop}`.execute(db)).rows.map((r) => r.code)
  if (!codes.length) return []
  const table = kind === 'achievement' ? sql.table('achievements') : sql.table('needs')
  const r = await sql<{ id: string }>`
    select l.id from ${table} l
    where l.status = 'published' and (l.expires_at is null or l.expires_at > ${now}) and l.industry_code = any(${codes}::text[])
    order by l.published_at desc
    limit ${limit}`.execute(db)
  return r.rows.map((x) => x.id)
}
