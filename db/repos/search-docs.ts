import { sql } from 'kysely'
import type { Executor } from '../index'

// What the search indexer reads: achievements, needs and organisations with
// the fields a search document needs, by id or a page at a time (keyset).

export async function achievementsForIndex(db: Executor, ids: string[] | { after: string | null; limit: number }) {
  let q = db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .innerJoin('industries as i', 'i.code', 'a.industry_code')
    .select([
      'a.id', 'a.title', 'a.summary', 'a.benefit', 'a.keywords', 'a.industry_code', 'a.trl', 'a.transaction_modes', 'a.price_kind',
      'a.price_min_fen', 'a.price_max_fen', 'a.status', 'a.published_at', 'a.expires_at', 'a.org_id',
      'o.name as org_name', 'o.type as org_type', 'o.division_code',
      sql<string>`coalesce(i.parent_code, i.code)`.as('industry_top'),
      sql<string[]>`coalesce((select array_agg(r.number) from achievement_ip_rights r where r.achievement_id = a.id), '{}')`.as('ip_numbers'),
    ])
  q = Array.isArray(ids) ? q.where('a.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']) : q.orderBy('a.id').limit(ids.limit)
  if (!Array.isArray(ids) && ids.after) q = q.where('a.id', '>', ids.after)
  return q.execute()
}

export async function needsForIndex(db: Executor, ids: string[] | { after: string | null; limit: number }) {
  let q = db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .innerJoin('industries as i', 'i.code', 'n.industry_code')
    .select([
      'n.id', 'n.title', 'n.problem', 'n.desired_outcome', 'n.keywords', 'n.industry_code', 'n.preferred_modes', 'n.budget_kind',
      'n.budget_min_fen', 'n.budget_max_fen', 'n.status', 'n.published_at', 'n.expires_at', 'n.org_id', 'n.division_code',
      'o.name as org_name', 'o.type as org_type',
      sql<string>`coalesce(i.parent_code, i.code)`.as('industry_top'),
    ])
  q = Array.isArray(ids) ? q.where('n.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']) : q.orderBy('n.id').limit(ids.limit)
  if (!Array.isArray(ids) && ids.after) q = q.where('n.id', '>', ids.after)
  return q.execute()
}

export async function organisationsForIndex(db: Executor, ids: string[] | { after: string | null; limit: number }) {
  let q = db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.name_en', 'o.type', 'o.credit_code', 'o.division_code', 'o.description', 'o.status', 'o.reviewed_at'])
  q = Array.isArray(ids) ? q.where('o.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']) : q.orderBy('o.id').limit(ids.limit)
  if (!Array.isArray(ids) && ids.after) q = q.where('o.id', '>', ids.after)
  return q.execute()
}

export async function countIndexSources(db: Executor) {
  const r = await sql<{ a: number; n: number; o: number }>`
    select (select count(*) from achievements)::int as a, (select count(*) from needs)::int as n, (select count(*) from organisations)::int as o`.execute(db)
  return r.rows[0]!
}

export async function listSynonyms(db: Executor) {
  return db.selectFrom('synonyms').select(['id', 'terms', 'updated_at']).orderBy('id').execute()
}

/** One synonym group, locked for the rest of the transaction (an edit or a delete). */
export async function findSynonymGroupForUpdate(db: Executor, id: number) {
  return db.selectFrom('synonyms').select(['id', 'terms', 'updated_at']).where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The groups with who changed each last, for the admin page. */
export async function listSynonymsWithEditors(db: Executor) {
  return db
    .selectFrom('synonyms as s')
    .leftJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.id', 's.terms', 's.updated_at', 'u.name as updated_by_name'])
    .orderBy('s.id')
    .execute()
}

export async function replaceSynonymGroup(db: Executor, id: number | null, terms: string[], userId: string | null) {
  if (id === null) {
    const r = await db.insertInto('synonyms').values({ terms: sql`${terms}::text[]` as any, updated_by: userId }).returning('id').executeTakeFirstOrThrow()
    return r.id
  }
  await db.updateTable('synonyms').set({ terms: sql`${terms}::text[]` as any, updated_by: userId, updated_at: new Date() }).where('id', '=', id).execute()
  return id
}

export async function deleteSynonymGroup(db: Executor, id: number) {
  await db.deleteFrom('synonyms').where('id', '=', id).execute()
}

export async function countSynonyms(db: Executor) {
  const r = await sql<{ n: number }>`select count(*)::int as n from synonyms`.execute(db)
  return r.rows[0]?.n ?? 0
}
