import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// What the portal reads and the few things it writes: deduplicated listing
// views, favourites, the public 成交公示, and the home page's lists.

export type ListingType = 'achievement' | 'need'

/** One view per listing, visitor and day; true when it was the first. */
export async function insertView(db: Executor, v: { type: ListingType; id: string; visitor: string; day: string }) {
  const r = await db
    .insertInto('listing_views')
    .values({ listing_type: v.type, listing_id: v.id, visitor: v.visitor, day: v.day })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function viewCount(db: Executor, type: ListingType, id: string) {
  if (!isUuid(id)) return 0
  const r = await db
    .selectFrom('listing_views')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('listing_type', '=', type)
    .where('listing_id', '=', id)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function isLiveListing(db: Executor, type: ListingType, id: string) {
  if (!isUuid(id)) return false
  const table = type === 'achievement' ? 'achievements' : 'needs'
  const r = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return !!r
}

export async function setFavourite(db: Executor, userId: string, type: ListingType, id: string, on: boolean) {
  if (on) {
    await db.insertInto('favourites').values({ user_id: userId, listing_type: type, listing_id: id }).onConflict((oc) => oc.doNothing()).execute()
  } else {
    await db.deleteFrom('favourites').where('user_id', '=', userId).where('listing_type', '=', type).where('listing_id', '=', id).execute()
  }
}

export async function isFavourite(db: Executor, userId: string, type: ListingType, id: string) {
  if (!isUuid(id)) return false
  const r = await db
    .selectFrom('favourites')
    .select('listing_id')
    .where('user_id', '=', userId)
    .where('listing_type', '=', type)
    .where('listing_id', '=', id)
    .executeTakeFirst()
  return !!r
}

/** A user's favourites with what a list shows; listings no longer published say so. */
export async function userFavourites(db: Executor, userId: string) {
  const achievements = await db
    .selectFrom('favourites as f')
    .innerJoin('achievements as a', 'a.id', 'f.listing_id')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.title', 'a.status', 'a.expires_at', 'a.industry_code', 'o.name as org_name', 'f.created_at'])
    .where('f.user_id', '=', userId)
    .where('f.listing_type', '=', 'achievement')
    .orderBy('f.created_at', 'desc')
    .execute()
  const needs = await db
    .selectFrom('favourites as f')
    .innerJoin('needs as n', 'n.id', 'f.listing_id')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select(['n.id', 'n.title', 'n.status', 'n.expires_at', 'n.industry_code', 'o.name as org_name', 'f.created_at'])
    .where('f.user_id', '=', userId)
    .where('f.listing_type', '=', 'need')
    .orderBy('f.created_at', 'desc')
    .execute()
  return { achievements, needs }
}

const liveAchievements = (db: Executor) =>
  db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .where('a.status', '=', 'published')
    .where('a.expires_at', '>', sql<Date>`now()`)

export async function latestAchievements(db: Executor, limit: number) {
  return liveAchievements(db)
    .select(['a.id', 'a.title', 'a.industry_code', 'a.trl', 'a.published_at', 'o.name as org_name'])
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

export async function mostViewedAchievements(db: Executor, limit: number) {
  return liveAchievements(db)
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('listing_views')
          .select(['listing_id', (e) => e.fn.countAll<string>().as('views')])
          .where('listing_type', '=', 'achievement')
          .groupBy('listing_id')
          .as('v'),
      (j) => j.onRef('v.listing_id', '=', 'a.id')
    )
    .select(['a.id', 'a.title', 'a.industry_code', 'a.published_at', 'o.name as org_name', 'v.views'])
    .orderBy('v.views', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

/** Live achievements like this one: same industry (top code) or shared keywords, most shared keywords first. */
export async function similarAchievements(db: Executor, a: { id: string; industryCode: string | null; keywords: string[] }, limit: number) {
  const top = a.industryCode?.split('.')[0] ?? null
  const kw = a.keywords.filter((k) => k.length > 0)
  if (!top && kw.length === 0) return []
  const shared = kw.length ? sql<number>`cardinality(array(select unnest(a.keywords) intersect select unnest(${sql.val(kw)}::text[])))` : sql<number>`0`
  return liveAchievements(db)
    .select(['a.id', 'a.title', 'a.industry_code', 'o.name as org_name', shared.as('shared')])
    .where('a.id', '<>', a.id)
    .where((eb) =>
      eb.or([
        ...(top ? [eb('a.industry_code', '=', top), eb('a.industry_code', 'like', `${top}.%`)] : []),
        ...(kw.length ? [sql<boolean>`a.keywords && ${sql.val(kw)}::text[]`] : []),
      ])
    )
    .orderBy(sql`2 * ${shared} + (case when split_part(coalesce(a.industry_code, ''), '.', 1) = ${top ?? ''} then 1 else 0 end)`, 'desc')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

export async function openNeeds(db: Executor, limit: number) {
  return db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select(['n.id', 'n.title', 'n.industry_code', 'n.budget_kind', 'n.budget_min_fen', 'n.budget_max_fen', 'n.deadline', 'n.published_at', 'o.name as org_name'])
    .where('n.status', '=', 'published')
    .where('n.expires_at', '>', sql<Date>`now()`)
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id')
    .limit(limit)
    .execute()
}

export async function liveCountsByIndustry(db: Executor) {
  const rows = await liveAchievements(db)
    .select([sql<string>`split_part(a.industry_code, '.', 1)`.as('top'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('a.industry_code', 'is not', null)
    .groupBy(sql`split_part(a.industry_code, '.', 1)`)
    .execute()
  return new Map(rows.map((r) => [r.top, Number(r.n)]))
}

export async function topIndustries(db: Executor) {
  return db.selectFrom('industries').select(['code', 'name_zh', 'name_en']).where('parent_code', 'is', null).orderBy('sort').orderBy('code').execute()
}

export async function upcomingRoadshows(db: Executor, limit: number) {
  return db
    .selectFrom('roadshows as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.title', 'r.starts_at', 'r.status', 'o.name as org_name'])
    .where('r.status', 'in', ['scheduled', 'live'])
    .where('r.planned_end_at', '>', sql<Date>`now()`)
    .orderBy('r.starts_at')
    .limit(limit)
    .execute()
}

export async function upcomingAuctions(db: Executor, limit: number) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.title', 'a.starts_at', 'a.ends_at', 'a.start_price_fen', 'o.name as org_name'])
    .where('a.status', '=', 'announced')
    .where('a.ends_at', '>', sql<Date>`now()`)
    .orderBy('a.starts_at')
    .limit(limit)
    .execute()
}

export async function upcomingTrainings(db: Executor, limit: number) {
  return db
    .selectFrom('training_events as t')
    .select(['t.id', 't.kind', 't.title', 't.venue', 't.starts_at'])
    .where('t.status', '=', 'published')
    .where('t.ends_at', '>', sql<Date>`now()`)
    .orderBy('t.starts_at')
    .limit(limit)
    .execute()
}

/** Registered (not terminated) technology contracts, newest first: the public 成交公示. */
export async function registeredResults(db: Executor, f: { limit: number; offset: number }) {
  const base = db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .where('r.status', '=', 'registered')
    .where('r.terminated_at', 'is', null)
  const rows = await base
    .select([
      'r.id',
      'r.number',
      'r.contract_type',
      'r.contract_amount_fen',
      'r.technology_amount_fen',
      'r.registered_at',
      'c.title',
      (eb) => eb.selectFrom('contract_parties as p').select(sql<string>`string_agg(p.name, '、' order by p.name)`.as('n')).whereRef('p.contract_id', '=', 'c.id').where('p.side', '=', 'seller').as('sellers'),
      (eb) => eb.selectFrom('contract_parties as p').select(sql<string>`string_agg(p.name, '、' order by p.name)`.as('n')).whereRef('p.contract_id', '=', 'c.id').where('p.side', '=', 'buyer').as('buyers'),
    ])
    .orderBy('r.registered_at', 'desc')
    .orderBy('r.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute()
  const { n } = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return { rows, total: Number(n) }
}

/** Auctions that closed with a winner (成交) and those that did not, newest first. */
export async function auctionResults(db: Executor, limit: number) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.title', 'a.status', 'a.hammer_price_fen', 'a.closed_at', 'a.bid_count', 'o.name as org_name'])
    .where('a.status', 'in', ['sold', 'unsold'])
    .where('a.closed_at', 'is not', null)
    .orderBy('a.closed_at', 'desc')
    .limit(limit)
    .execute()
}

/** Sum of registered contract amounts (fen) registered in [from, to). */
export async function registeredAmountBetween(db: Executor, from: Date, to: Date) {
  const r = await db
    .selectFrom('registrations')
    .select([sql<string>`coalesce(sum(contract_amount_fen), 0)`.as('fen'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'registered')
    .where('terminated_at', 'is', null)
    .where('registered_at', '>=', from)
    .where('registered_at', '<', to)
    .executeTakeFirstOrThrow()
  return { fen: Number(r.fen), count: Number(r.n) }
}

export async function confirmedProjectsBetween(db: Executor, from: string, to: string) {
  const r = await db
    .selectFrom('transformation_projects')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'confirmed')
    .where('registered_on', '>=', from as never)
    .where('registered_on', '<=', to as never)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
