import type { ListingRef } from './permissions'
import { can, membershipRole } from './permissions'
import { conflict, forbidden, notFound } from './errors'
import type { Membership, Principal } from './principal'

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
