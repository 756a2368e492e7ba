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
