import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// Catalog editions (成果目录): a dated edition of an institution's live
// achievements, each item a snapshot taken when the edition was published.


/**
 * The organisation's live achievements (published, not expired), with what a
 * catalog shows, ordered as a catalog reads: by industry, then newest first.
 */
export async function listLiveAchievementsForCatalog(db: Executor, orgId: string) {
  const rows = await db
    .selectFrom('achievements as a')
    .innerJoin('industries as i', 'i.code', 'a.industry_code')
    .leftJoin('industries as p', 'p.code', 'i.parent_code')
    .select([
      'a.id', 'a.title', 'a.summary', 'a.benefit', 'a.trl', 'a.transaction_modes', 'a.price_kind', 'a.price_min_fen',
      'a.price_max_fen', 'a.keywords', 'a.published_at', 'a.expires_at', 'a.industry_code',
      'i.name_zh as industry_name_zh', 'i.name_en as industry_name_en',
      sql<string>`coalesce(p.code, i.code)`.as('sector_code'),
      sql<string>`coalesce(p.name_zh, i.name_zh)`.as('sector_name_zh'),
      sql<string>`coalesce(p.name_en, i.name_en)`.as('sector_name_en'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.status', '=', 'published')
    .where('a.expires_at', '>', sql<Date>`now()`)
    .orderBy(sql`coalesce(p.sort, i.sort)`)
    .orderBy('i.sort')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id')
    .execute()
  const ids = rows.map((r) => r.id)
  const ipRights = ids.length
    ? await db
        .selectFrom('achievement_ip_rights')
        .select(['achievement_id', 'kind', 'number', 'status', 'territory'])
        .where('achievement_id', 'in', ids)
        .orderBy('achievement_id')
        .orderBy('position')
        .execute()
    : []
  return rows.map((r) => ({
    ...r,
    ipRights: ipRights.filter((ip) => ip.achievement_id === r.id).map(({ achievement_id: _a, ...ip }) => ip),
  }))
}

/**
 * What an edition keeps of a live achievement: its public part as it is now
 * (never the confidential details). Live achievements are complete (the
 * database refuses an incomplete one outside draft/returned).
 */
export function catalogSnapshotOf(a: Awaited<ReturnType<typeof listLiveAchievementsForCatalog>>[number]) {
  return {
    title: a.title,
    summary: a.summary,
    benefit: a.benefit,
    trl: a.trl!,
    transactionModes: a.transaction_modes,
    priceKind: a.price_kind,
    priceMinFen: a.price_min_fen,
    priceMaxFen: a.price_max_fen,
    keywords: a.keywords,
    industryCode: a.industry_code!,
    industryNameZh: a.industry_name_zh,
    industryNameEn: a.industry_name_en,
    sectorCode: a.sector_code,
    sectorNameZh: a.sector_name_zh,
    sectorNameEn: a.sector_name_en,
    ipRights: a.ipRights,
    publishedAt: a.published_at ? new Date(a.published_at).toISOString() : null,
  }
}

export async function insertCatalog(db: Executor, c: { orgId: string; title: string; editionDate: string; createdBy: string }) {
  const row = await db
    .insertInto('catalogs')
    .values({ org_id: c.orgId, title: c.title, edition_date: c.editionDate, created_by: c.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertCatalogItems(db: Executor, catalogId: string, items: { achievementId: string; position: number; snapshot: unknown }[]) {
  if (!items.length) return
  await db
    .insertInto('catalog_items')
    .values(items.map((i) => ({ catalog_id: catalogId, achievement_id: i.achievementId, position: i.position, snapshot: JSON.stringify(i.snapshot) })))
    .execute()
}

const catalogColumns = [
  'c.id', 'c.org_id', 'c.title', sql<string>`to_char(c.edition_date, 'YYYY-MM-DD')`.as('edition_date'), 'c.created_at',
  'o.name as org_name', 'o.name_en as org_name_en', 'o.type as org_type', 'o.division_code',
  sql<number>`(select count(*)::int from catalog_items ci where ci.catalog_id = c.id)`.as('item_count'),
] as const

export async function findCatalog(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('catalogs as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(catalogColumns)
    .where('c.id', '=', id)
    .executeTakeFirst()
}

/** The edition's items in catalog order, each with its snapshot. */
export async function listCatalogItems(db: Executor, catalogId: string) {
  return db
    .selectFrom('catalog_items')
    .select(['achievement_id', 'position', 'snapshot'])
    .where('catalog_id', '=', catalogId)
    .orderBy('position')
    .execute()
}

/** Editions, newest edition date first; of one organisation when `orgId` is given. */
export async function listCatalogs(db: Executor, f: { orgId?: string; limit: number; offset?: number }) {
  let q = db.selectFrom('catalogs as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(catalogColumns)
  if (f.orgId) q = q.where('c.org_id', '=', f.orgId)
  return q
    .orderBy('c.edition_date', 'desc')
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute()
}

export async function countCatalogs(db: Executor, f: { orgId?: string } = {}) {
  let q = db.selectFrom('catalogs').select(sql<number>`count(*)::int`.as('n'))
  if (f.orgId) q = q.where('org_id', '=', f.orgId)
  return (await q.executeTakeFirstOrThrow()).n
}

/** Organisations that have published at least one edition, for the public list's filter. */
export async function listCatalogPublishers(db: Executor) {
  return db
    .selectFrom('catalogs as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['o.id', 'o.name', 'o.name_en', sql<number>`count(*)::int`.as('editions')])
    .groupBy(['o.id', 'o.name', 'o.name_en'])
    .orderBy('o.name')
    .execute()
}
