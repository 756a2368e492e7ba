import { createHash } from 'node:crypto'
import type { Database } from '../../db/index'
import { insertView, isFavourite, isLiveListing, setFavourite, similarAchievements, userFavourites, viewCount, type ListingType } from '../../db/repos/portal'
import { findAchievement } from '../../db/repos/achievements'
import type { Principal, RequestMeta } from '../identity/principal'
import { notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'

// View counts and favourites of achievements and needs. The achievement page is
// cached for anonymous visitors (ADR 020), so its loader never writes: the page
// posts a small beacon after it loads, counted once per visitor and day
// (Asia/Shanghai) in a NOT_PUBLIC table. A visitor is the signed-in user, or a
// hash of the address and browser of an anonymous one (no cookie is set).
// Favourites are a signed-in user's own list; nobody else ever reads them.

export function visitorKey(viewer: Principal | null, meta: RequestMeta) {
  const who = viewer ? `u:${viewer.userId}` : `a:${meta.ip ?? ''}|${meta.userAgent ?? ''}`
  return createHash('sha256').update(who).digest('hex').slice(0, 32)
}

/** Counts a view of a live listing (once per visitor and day) and returns its count; 404 for anything else. */
export async function recordView(db: Database, viewer: Principal | null, type: ListingType, id: string, meta: RequestMeta, now = new Date()) {
  if (!(await isLiveListing(db, type, id))) throw notFound()
  await insertView(db, { type, id, visitor: visitorKey(viewer, meta), day: shanghaiDate(now) })
  return { views: await viewCount(db, type, id) }
}

export function listingViews(db: Database, type: ListingType, id: string) {
  return viewCount(db, type, id)
}

/** Stars or unstars a live listing; an unpublished one cannot be starred (404), but can always be unstarred. */
export async function toggleFavourite(db: Database, actor: Principal, type: ListingType, id: string, on: boolean) {
  if (on && !(await isLiveListing(db, type, id))) throw notFound()
  await setFavourite(db, actor.userId, type, id, on)
  return { favourite: on }
}

export function favouriteOf(db: Database, viewer: Principal | null, type: ListingType, id: string) {
  return viewer ? isFavourite(db, viewer.userId, type, id) : Promise.resolve(false)
}

export function myFavourites(db: Database, actor: Principal) {
  return userFavourites(db, actor.userId)
}

/** Live achievements of the same industry or sharing keywords, never the achievement itself. */
export async function similarTo(db: Database, achievementId: string, limit = 4) {
  const a = await findAchievement(db, achievementId)
  if (!a) return []
  return similarAchievements(db, { id: a.id, industryCode: a.industry_code, keywords: a.keywords }, limit)
}
