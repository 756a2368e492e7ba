import type { Executor } from '../../db/index'
import { findAchievement, lockAchievement } from '../../db/repos/achievements'
import type { ListingRef } from '../identity/permissions'
import { can, membershipRole } from '../identity/permissions'
import { conflict, forbidden, notFound } from '../platform/errors'
import { listingRef } from '../listings/workflow'
import type { Membership, Principal } from '../identity/principal'

// Rules shared by gated details and interests: which organisation an
// enterprise member acts for, and why a request on an achievement is refused.

/** The verified enterprises the principal belongs to: the organisations they may act for. */
export function enterpriseOrgs(p: Principal | null): Membership[] {
  return p ? p.memberships.filter((m) => m.orgType === 'enterprise' && m.orgStatus === 'verified') : []
}

/** The organisation an enterprise member acts for: the one asked for, or their first verified enterprise. */
export function actingOrg(p: Principal, orgId: string | undefined): Membership {
  const orgs = enterpriseOrgs(p)
  const org = orgId ? orgs.find((m) => m.orgId === orgId) : orgs[0]
  if (!org) throw forbidden()
  return org
}

/** Member of the organisation that owns the listing. */
export function isInsider(p: Principal | null, ref: ListingRef) {
  return !!p && membershipRole(p, ref.orgId) !== null
}

/**
 * Throws unless `action` is allowed on the achievement: 404 when the viewer
 * may not know it exists, a conflict naming the reason when only its expiry
 * stands in the way, 403 otherwise.
 */
export function assertMayEngage(p: Principal, action: 'details:request' | 'interest:create', ref: ListingRef) {
  if (ref.status !== 'published' && !can(p, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (can(p, { action, listing: ref })) return
  if (ref.status === 'published' && can(p, { action, listing: { ...ref, expiresAt: null } })) throw conflict('errors.listingExpired')
  if (ref.status !== 'published' && !isInsider(p, ref) && enterpriseOrgs(p).length) throw conflict('errors.listingNotLive')
  throw forbidden()
}

/** The achievement and its ref for a page about it; 404 when absent or when the viewer may not know it exists. */
export async function viewableAchievement(db: Executor, viewer: Principal, achievementId: string) {
  const a = await findAchievement(db, achievementId)
  if (!a) throw notFound()
  const ref = listingRef('achievement', a)
  if (a.status !== 'published' && !can(viewer, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  return { a, ref }
}

/**
 * Locks the achievement an enterprise member engages with (see assertMayEngage)
 * and picks the organisation they act for.
 */
export async function lockAchievementToEngage(
  trx: Executor,
  actor: Principal,
  achievementId: string,
  action: 'details:request' | 'interest:create',
  orgId: string | undefined,
) {
  const a = await lockAchievement(trx, achievementId)
  if (!a) throw notFound()
  assertMayEngage(actor, action, listingRef('achievement', a))
  return { a, org: actingOrg(actor, orgId) }
}

/** Locks the achievement whose owner answers a request or an interest: 404 when hidden from the actor, 403 without `action`. */
export async function lockAchievementToAnswer(trx: Executor, actor: Principal, achievementId: string, action: 'details:decide' | 'listing:answer') {
  const a = await lockAchievement(trx, achievementId)
  if (!a) throw notFound()
  const ref = listingRef('achievement', a)
  if (a.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (!can(actor, { action, listing: ref })) throw forbidden()
  return a
}
