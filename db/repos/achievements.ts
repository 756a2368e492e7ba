import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'
import { allWordsIn, keywordWords, type ListingSort } from './listing-filters'
import { listListingsToRemind, lockListing, markListingReminded, setListingStatus, type ListingStatusPatch } from './listing-status'
import type { AchievementTable, ListingStatus } from '../schema'

export interface AchievementRecord {
  orgId: string
  createdBy: string
  title: string
  summary: string
  details: string
  /** Empty only in a draft or returned listing. */
  industryCode: string | null
  trl: number | null
  transactionModes: AchievementTable['transaction_modes']
  priceKind: AchievementTable['price_kind']
  priceMinFen: number | null
  priceMaxFen: number | null
  benefit: string
  keywords: string[]
  ipRights: { kind: string; number: string; status: string; territory: string }[]
  contributors: { name: string; kind: 'organisation' | 'researcher'; sharePpm: number }[]
  importKey?: string | null
}

const columns = (a: AchievementRecord) => ({
  title: a.title,
  summary: a.summary,
  details: a.details,
  industry_code: a.industryCode,
  trl: a.trl,
  transaction_modes: sql<string[]>`${a.transactionModes}::text[]` as any,
  price_kind: a.priceKind,
  price_min_fen: a.priceMinFen,
  price_max_fen: a.priceMaxFen,
  benefit: a.benefit,
  keywords: sql<string[]>`${a.keywords}::text[]` as any,
})

async function replaceChildren(db: Executor, id: string, a: AchievementRecord) {
  await db.deleteFrom('achievement_ip_rights').where('achievement_id', '=', id).execute()
  await db.deleteFrom('achievement_contributors').where('achievement_id', '=', id).execute()
  if (a.ipRights.length) {
    await db
      .insertInto('achievement_ip_rights')
      .values(a.ipRights.map((r, i) => ({ achievement_id: id, kind: r.kind as any, number: r.number, status: r.status as any, territory: r.territory, position: i })))
      .execute()
  }
  if (a.contributors.length) {
    await db
      .insertInto('achievement_contributors')
      .values(a.contributors.map((c, i) => ({ achievement_id: id, name: c.name, kind: c.kind, share_ppm: c.sharePpm, position: i })))
      .execute()
  }
}

/** Inserts a draft with its IP rights and contributors; null when the import key already exists. */
export async function insertAchievement(db: Executor, a: AchievementRecord): Promise<string | null> {
  const row = await db
    .insertInto('achievements')
    .values({ ...columns(a), org_id: a.orgId, created_by: a.createdBy, last_edited_by: a.createdBy, import_key: a.importKey ?? null })
    .onConflict((oc) => oc.columns(['org_id', 'import_key']).where('import_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return null
  await replaceChildren(db, row.id, a)
  return row.id
}

/** Replaces the content; `editedBy` is remembered for four eyes. */
export async function updateAchievementContent(db: Executor, id: string, a: AchievementRecord, editedBy: string) {
  await db.updateTable('achievements').set({ ...columns(a), last_edited_by: editedBy, updated_at: new Date() }).where('id', '=', id).execute()
  await replaceChildren(db, id, a)
}

export async function setAchievementStatus(db: Executor, id: string, patch: ListingStatusPatch) {
  await setListingStatus(db, 'achievements', id, patch)
}

/** The achievement with organisation, industry, IP rights and contributors; undefined when absent. */
export async function findAchievement(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  const a = await db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('industries as i', 'i.code', 'a.industry_code')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .selectAll('a')
    .select([
      'o.name as org_name', 'o.name_en as org_name_en', 'o.type as org_type', 'o.division_code', 'o.four_eyes',
      'i.name_zh as industry_name_zh', 'i.name_en as industry_name_en', 'u.name as created_by_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!a) return undefined
  const [ipRights, contributors] = await Promise.all([
    db.selectFrom('achievement_ip_rights').select(['kind', 'number', 'status', 'territory']).where('achievement_id', '=', id).orderBy('position').execute(),
    db.selectFrom('achievement_contributors').select(['name', 'kind', 'share_ppm']).where('achievement_id', '=', id).orderBy('position').execute(),
  ])
  return { ...a, ipRights, contributors }
}

export interface AchievementListFilter {
  orgId?: string
  /** Any of these organisations (a user's institutions). */
  orgIds?: string[]
  createdBy?: string
  statuses?: ListingStatus[]
  /** Published and not expired. */
  liveOnly?: boolean
  /** Published and past its expiry. */
  expiredOnly?: boolean
  /** Published, still live, and expiring before this moment. */
  expiresBefore?: Date
  industryCode?: string
  trl?: number
  mode?: string
  /** The owning organisation's county (GB/T 2260 code). */
  divisionCode?: string
  /** Words that must all occur in the title, summary, keywords or organisation name. */
  q?: string
  sort?: ListingSort
  limit: number
  offset?: number
}

function filteredAchievements(db: Executor, f: Omit<AchievementListFilter, 'limit' | 'offset'>) {
  let q = db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('industries as i', 'i.code', 'a.industry_code')
  if (f.orgId) q = q.where('a.org_id', '=', f.orgId)
  if (f.orgIds) q = f.orgIds.length ? q.where('a.org_id', 'in', f.orgIds) : q.where(sql<boolean>`false`)
  if (f.createdBy) q = q.where('a.created_by', '=', f.createdBy)
  if (f.statuses) q = q.where('a.status', 'in', f.statuses)
  if (f.liveOnly) q = q.where('a.status', '=', 'published').where('a.expires_at', '>', sql<Date>`now()`)
  if (f.expiredOnly) q = q.where('a.status', '=', 'published').where('a.expires_at', '<=', sql<Date>`now()`)
  if (f.expiresBefore) q = q.where('a.status', '=', 'published').where('a.expires_at', '>', sql<Date>`now()`).where('a.expires_at', '<', f.expiresBefore)
  if (f.industryCode) q = q.where((eb) => eb.or([eb('a.industry_code', '=', f.industryCode!), eb('i.parent_code', '=', f.industryCode!)]))
  if (f.trl) q = q.where('a.trl', '=', f.trl)
  if (f.mode) q = q.where(sql<boolean>`${f.mode} = any(a.transaction_modes)`)
  if (f.divisionCode) q = q.where('o.division_code', '=', f.divisionCode)
  const words = keywordWords(f.q)
  if (words.length) {
    q = q.where(allWordsIn(words, sql<string>`concat_ws(' ', a.title, a.summary, array_to_string(a.keywords, ' '), o.name)`))
  }
  return q
}

const SORT_COLUMNS = {
  newest: sql`a.published_at desc nulls last`,
  updated: sql`a.updated_at desc`,
  // Negotiable (no figure) last either way.
  price_asc: sql`a.price_min_fen asc nulls last`,
  price_desc: sql`a.price_max_fen desc nulls last`,
  expiring: sql`a.expires_at asc nulls last`,
} as const

export async function listAchievements(db: Executor, f: AchievementListFilter) {
  return filteredAchievements(db, f)
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id', 'a.title', 'a.summary', 'a.trl', 'a.transaction_modes', 'a.price_kind', 'a.price_min_fen', 'a.price_max_fen',
      'a.status', 'a.status_reason', 'a.published_at', 'a.expires_at', 'a.updated_at', 'a.created_by', 'a.org_id', 'a.keywords',
      'o.name as org_name', 'o.division_code', 'i.name_zh as industry_name_zh', 'i.name_en as industry_name_en', 'a.industry_code',
      'u.name as created_by_name', 'a.submitted_by', 'a.last_edited_by', 'o.four_eyes',
    ])
    .$call((q) =>
      f.sort
        ? q.orderBy(SORT_COLUMNS[f.sort])
        : q.orderBy(f.liveOnly ? 'a.published_at' : f.expiresBefore ? 'a.expires_at' : 'a.updated_at', f.expiresBefore ? 'asc' : 'desc'),
    )
    .orderBy('a.id')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute()
}

/** How many achievements match the filter (for pagination). */
export async function countAchievements(db: Executor, f: Omit<AchievementListFilter, 'limit' | 'offset'>) {
  const r = await filteredAchievements(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return r.n
}

/** Counts per status for these organisations; published ones past expiry are counted as `expired`. */
export async function countAchievementsByStatus(db: Executor, orgIds: string[]) {
  if (!orgIds.length) return []
  return db
    .selectFrom('achievements')
    .select([
      sql<ListingStatus | 'expired'>`case when status = 'published' and expires_at <= now() then 'expired' else status end`.as('status'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('org_id', 'in', orgIds)
    .groupBy(sql`1`)
    .execute()
}


/** Published listings expiring before `before` whose owners have not been reminded. */
export async function listAchievementsToRemind(db: Executor, before: Date) {
  return listListingsToRemind(db, 'achievements', before)
}

/** Locks the row for a state change and returns what permissions need. */
export async function lockAchievement(db: Executor, id: string) {
  return lockListing(db, 'achievements', id)
}

export async function markAchievementReminded(db: Executor, id: string) {
  await markListingReminded(db, 'achievements', id)
}

/**
 * Inserts many drafts at once (bulk import), each with its IP rights and
 * contributors; rows whose (org, import key) exists already are skipped.
 * Returns the ids of the rows created, keyed by import key.
 */
export async function insertAchievementsBulk(db: Executor, records: (AchievementRecord & { importKey: string })[]) {
  const created = new Map<string, string>()
  if (!records.length) return created
  const rows = await db
    .insertInto('achievements')
    .values(records.map((a) => ({ ...columns(a), org_id: a.orgId, created_by: a.createdBy, last_edited_by: a.createdBy, import_key: a.importKey })))
    .onConflict((oc) => oc.columns(['org_id', 'import_key']).where('import_key', 'is not', null).doNothing())
    .returning(['id', 'import_key'])
    .execute()
  for (const r of rows) created.set(r.import_key!, r.id)
  const ipRights = records.flatMap((a) => {
    const id = created.get(a.importKey)
    return id ? a.ipRights.map((r, i) => ({ achievement_id: id, kind: r.kind as any, number: r.number, status: r.status as any, territory: r.territory, position: i })) : []
  })
  const contributors = records.flatMap((a) => {
    const id = created.get(a.importKey)
    return id ? a.contributors.map((c, i) => ({ achievement_id: id, name: c.name, kind: c.kind, share_ppm: c.sharePpm, position: i })) : []
  })
  if (ipRights.length) await db.insertInto('achievement_ip_rights').values(ipRights).execute()
  if (contributors.length) await db.insertInto('achievement_contributors').values(contributors).execute()
  return created
}
