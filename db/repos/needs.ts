import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'
import { allWordsIn, keywordWords, type ListingSort } from './listing-filters'
import { listListingsToRemind, lockListing, markListingReminded, setListingStatus, type ListingStatusPatch } from './listing-status'
import type { ListingStatus, NeedTable } from '../schema'

export interface NeedRecord {
  orgId: string
  createdBy: string
  title: string
  problem: string
  desiredOutcome: string
  /** Empty only in a draft or returned listing. */
  industryCode: string | null
  budgetKind: NeedTable['budget_kind']
  budgetMinFen: number | null
  budgetMaxFen: number | null
  deadline: string | null
  preferredModes: string[]
  divisionCode: string
  keywords: string[]
}

const columns = (n: NeedRecord) => ({
  title: n.title,
  problem: n.problem,
  desired_outcome: n.desiredOutcome,
  industry_code: n.industryCode,
  budget_kind: n.budgetKind,
  budget_min_fen: n.budgetMinFen,
  budget_max_fen: n.budgetMaxFen,
  deadline: n.deadline,
  preferred_modes: sql<string[]>`${n.preferredModes}::text[]` as any,
  division_code: n.divisionCode,
  keywords: sql<string[]>`${n.keywords}::text[]` as any,
})

export async function insertNeed(db: Executor, n: NeedRecord) {
  const row = await db
    .insertInto('needs')
    .values({ ...columns(n), org_id: n.orgId, created_by: n.createdBy, last_edited_by: n.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Replaces the content; `editedBy` is remembered for four eyes. */
export async function updateNeedContent(db: Executor, id: string, n: NeedRecord, editedBy: string) {
  await db.updateTable('needs').set({ ...columns(n), last_edited_by: editedBy, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function setNeedStatus(db: Executor, id: string, patch: ListingStatusPatch) {
  await setListingStatus(db, 'needs', id, patch)
}

export async function findNeed(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .leftJoin('industries as i', 'i.code', 'n.industry_code')
    .innerJoin('divisions as d', 'd.code', 'n.division_code')
    .innerJoin('users as u', 'u.id', 'n.created_by')
    .selectAll('n')
    .select([
      'o.name as org_name', 'o.name_en as org_name_en', 'o.four_eyes', 'i.name_zh as industry_name_zh', 'i.name_en as industry_name_en',
      'd.name_zh as division_name_zh', 'd.name_en as division_name_en', 'u.name as created_by_name',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst()
}

export interface NeedListFilter {
  orgId?: string
  /** Any of these organisations (a user's enterprises). */
  orgIds?: string[]
  createdBy?: string
  statuses?: ListingStatus[]
  /** Published and not expired. */
  liveOnly?: boolean
  industryCode?: string
  divisionCode?: string
  /** Budget band: needs whose range overlaps [min, max) fen (max null = no upper bound). */
  budget?: { min: number; max: number | null } | 'negotiable'
  /** Words that must all occur in the title, problem, desired outcome, keywords or organisation name. */
  q?: string
  sort?: ListingSort
  limit: number
  offset?: number
}

function filteredNeeds(db: Executor, f: Omit<NeedListFilter, 'limit' | 'offset'>) {
  let q = db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .leftJoin('industries as i', 'i.code', 'n.industry_code')
    .innerJoin('divisions as d', 'd.code', 'n.division_code')
  if (f.orgId) q = q.where('n.org_id', '=', f.orgId)
  if (f.orgIds) q = f.orgIds.length ? q.where('n.org_id', 'in', f.orgIds) : q.where(sql<boolean>`false`)
  if (f.createdBy) q = q.where('n.created_by', '=', f.createdBy)
  if (f.statuses) q = q.where('n.status', 'in', f.statuses)
  if (f.liveOnly) q = q.where('n.status', '=', 'published').where('n.expires_at', '>', sql<Date>`now()`)
  if (f.industryCode) q = q.where((eb) => eb.or([eb('n.industry_code', '=', f.industryCode!), eb('i.parent_code', '=', f.industryCode!)]))
  if (f.divisionCode) q = q.where('n.division_code', '=', f.divisionCode)
  const budget = f.budget
  if (budget === 'negotiable') q = q.where('n.budget_kind', '=', 'negotiable')
  else if (budget) {
    q = q.where('n.budget_kind', '=', 'range').where('n.budget_max_fen', '>=', budget.min)
    if (budget.max !== null) q = q.where('n.budget_min_fen', '<', budget.max)
  }
  const words = keywordWords(f.q)
  if (words.length) {
    q = q.where(allWordsIn(words, sql<string>`concat_ws(' ', n.title, n.problem, n.desired_outcome, array_to_string(n.keywords, ' '), o.name)`))
  }
  return q
}

const SORT_COLUMNS = {
  newest: sql`n.published_at desc nulls last`,
  updated: sql`n.updated_at desc`,
  // Negotiable (no figure) last either way.
  price_asc: sql`n.budget_min_fen asc nulls last`,
  price_desc: sql`n.budget_max_fen desc nulls last`,
  expiring: sql`n.expires_at asc nulls last`,
} as const

export async function listNeeds(db: Executor, f: NeedListFilter) {
  return filteredNeeds(db, f)
    .select([
      'n.id', 'n.title', 'n.problem', 'n.budget_kind', 'n.budget_min_fen', 'n.budget_max_fen', 'n.deadline', 'n.preferred_modes',
      'n.status', 'n.status_reason', 'n.published_at', 'n.expires_at', 'n.updated_at', 'n.created_at', 'n.created_by', 'n.org_id',
      'n.industry_code', 'n.division_code', 'o.name as org_name', 'i.name_zh as industry_name_zh', 'i.name_en as industry_name_en',
      'd.name_zh as division_name_zh', 'd.name_en as division_name_en', 'n.submitted_by', 'n.last_edited_by', 'o.four_eyes',
    ])
    .$call((q) => (f.sort ? q.orderBy(SORT_COLUMNS[f.sort]) : q.orderBy(f.liveOnly ? 'n.published_at' : 'n.updated_at', 'desc')))
    .orderBy('n.id')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute()
}

/** How many needs match the filter (for pagination). */
export async function countNeeds(db: Executor, f: Omit<NeedListFilter, 'limit' | 'offset'>) {
  const r = await filteredNeeds(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return r.n
}

export async function listNeedsToRemind(db: Executor, before: Date) {
  return listListingsToRemind(db, 'needs', before)
}

/** Locks the row for a state change and returns what permissions need. */
export async function lockNeed(db: Executor, id: string) {
  return lockListing(db, 'needs', id)
}

export async function markNeedReminded(db: Executor, id: string) {
  await markListingReminded(db, 'needs', id)
}
