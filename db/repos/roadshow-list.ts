import type { Executor } from '../index'
import type { RoadshowStatus } from '../schema'

// 路演 lists (ADR 033): the public list's cards (with agenda and registration
// counts) and an organiser's own roadshows. Who may see an invitation-only
// roadshow is decided by server/roadshows/access.ts on the rows returned.

export interface RoadshowListFilter {
  statuses: RoadshowStatus[]
  theme?: string
  industryCode?: string
  /** Upcoming lists run forward in time; past ones backward. */
  order: 'asc' | 'desc'
  limit: number
}

function cards(db: Executor) {
  return db
    .selectFrom('roadshows as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .leftJoin('industries as i', 'i.code', 'r.industry_code')
    .select((eb) => [
      'r.id',
      'r.title',
      'r.theme',
      'r.industry_code',
      'i.name_zh as industry_name_zh',
      'i.name_en as industry_name_en',
      'r.org_id',
      'o.name as org_name',
      'r.created_by',
      'r.host_user_id',
      'r.status',
      'r.audience',
      'r.venue_mode',
      'r.venue_address',
      'r.starts_at',
      'r.planned_end_at',
      eb
        .selectFrom('roadshow_items as ri')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('ri.roadshow_id', '=', 'r.id')
        .as('item_count'),
      eb
        .selectFrom('roadshow_registrations as rr')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('rr.roadshow_id', '=', 'r.id')
        .as('registration_count'),
    ])
}

export async function listRoadshowCards(db: Executor, f: RoadshowListFilter) {
  let q = cards(db).where('r.status', 'in', f.statuses)
  if (f.theme) q = q.where('r.theme', '=', f.theme)
  if (f.industryCode) q = q.where((eb) => eb.or([eb('r.industry_code', '=', f.industryCode!), eb('i.parent_code', '=', f.industryCode!)]))
  return q.orderBy('r.starts_at', f.order).limit(f.limit).execute()
}
export type RoadshowCardRow = Awaited<ReturnType<typeof listRoadshowCards>>[number]

/** Roadshows the user organises: created, hosted, or of an organisation they administer. */
export async function organisedRoadshowCards(db: Executor, userId: string, adminOrgIds: string[], limit: number) {
  return cards(db)
    .where((eb) =>
      eb.or([eb('r.created_by', '=', userId), eb('r.host_user_id', '=', userId), ...(adminOrgIds.length ? [eb('r.org_id', 'in', adminOrgIds)] : [])])
    )
    .orderBy('r.starts_at', 'desc')
    .limit(limit)
    .execute()
}

/** The themes in use, for the list's filter. */
export async function roadshowThemes(db: Executor) {
  const rows = await db
    .selectFrom('roadshows')
    .select('theme')
    .distinct()
    .where('theme', '<>', '')
    .where('status', '<>', 'cancelled')
    .orderBy('theme')
    .limit(100)
    .execute()
  return rows.map((r) => r.theme)
}
