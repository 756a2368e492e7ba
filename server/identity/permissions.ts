import type { ListingStatus, OrganisationType } from '../../db/schema'
import { officerScope, type Principal } from './principal'

// The one place that decides who may do what. Routes call it through the
// guards in app/utils/auth.server.ts; domain services call it again before a
// state change, so the API and background jobs are held to the same rules.

export type OrgRef = { id: string; divisionCode: string; status?: string }

/** An achievement (成果) or a need (需求), as permissions see it. */
export interface ListingRef {
  kind: 'achievement' | 'need'
  orgId: string
  createdBy: string
  status: ListingStatus
  expiresAt: Date | string | null
  /** Four eyes (ADR 019): who submitted it and who last edited it, and whether the organisation requires a second person. */
  submittedBy?: string | null
  lastEditedBy?: string | null
  fourEyes?: boolean
}

export type Permission =
  | { action: 'organisation:create' }
  | { action: 'organisation:view-private'; org: OrgRef }
  | { action: 'organisation:manage-members'; org: OrgRef }
  | { action: 'organisation:edit'; org: OrgRef }
  | { action: 'organisation:review' }
  | { action: 'manager:register' }
  | { action: 'audit:read' }
  | { action: 'admin:area' }
  // Listings: achievements belong to universities and institutes, needs to enterprises.
  | { action: 'listing:create'; kind: 'achievement' | 'need'; orgId: string }
  | { action: 'listing:edit'; listing: ListingRef }
  | { action: 'listing:submit'; listing: ListingRef }
  | { action: 'listing:review'; listing: ListingRef }
  | { action: 'listing:reconfirm'; listing: ListingRef }
  | { action: 'listing:takedown' }
  | { action: 'listing:withdraw'; listing: ListingRef }
  | { action: 'listing:view-unpublished'; listing: ListingRef }
  // Gated details (NDA-style) and interest in an achievement; responses to a need.
  | { action: 'details:request'; listing: ListingRef }
  | { action: 'details:decide'; listing: ListingRef }
  | { action: 'interest:create'; listing: ListingRef }
  | { action: 'need:respond'; listing: ListingRef }
  | { action: 'listing:answer'; listing: ListingRef }
  | { action: 'catalog:publish'; orgId: string }
  | { action: 'import:run'; orgId: string }
  | { action: 'apitoken:manage'; orgId: string }
  // Matching: recommendations on a listing's page, the managers' match board, proposed matches.
  | { action: 'match:view-recommendations'; listing: ListingRef }
  | { action: 'match:board' }
  | { action: 'match:propose'; need: ListingRef; achievement: ListingRef; claimedBy: string | null; alreadyProposed: boolean }
  | { action: 'match:answer'; listing: ListingRef }

export const LISTING_ORG_TYPES: Record<'achievement' | 'need', OrganisationType[]> = {
  achievement: ['university', 'institute'],
  need: ['enterprise'],
}

export function can(p: Principal | null, perm: Permission): boolean {
  if (!p) return false
  switch (perm.action) {
    case 'organisation:create':
    case 'manager:register':
      return true
    case 'organisation:view-private':
      return p.isPlatformAdmin || membershipRole(p, perm.org.id) !== null || oversees(p, perm.org.divisionCode)
    case 'organisation:manage-members':
    case 'organisation:edit':
      return isOrgAdmin(p, perm.org.id)
    case 'organisation:review':
    case 'audit:read':
    case 'admin:area':
    case 'listing:takedown':
      return p.isPlatformAdmin
    case 'listing:create':
      return verifiedMemberOf(p, perm.orgId, LISTING_ORG_TYPES[perm.kind])
    case 'listing:edit':
    case 'listing:submit':
    case 'listing:withdraw':
      return (
        LISTING_STATUSES_FOR[perm.action].includes(perm.listing.status) &&
        verifiedMemberOf(p, perm.listing.orgId) &&
        (perm.listing.createdBy === p.userId || isOrgAdmin(p, perm.listing.orgId))
      )
    case 'listing:review':
      return (
        perm.listing.status === 'submitted' &&
        isOrgAdmin(p, perm.listing.orgId) &&
        verifiedMemberOf(p, perm.listing.orgId) &&
        !fourEyesExcludes(p, perm.listing)
      )
    case 'listing:reconfirm':
      return (
        perm.listing.status === 'published' &&
        verifiedMemberOf(p, perm.listing.orgId) &&
        (perm.listing.createdBy === p.userId || isOrgAdmin(p, perm.listing.orgId))
      )
    case 'listing:view-unpublished':
      return p.isPlatformAdmin || membershipRole(p, perm.listing.orgId) !== null
    case 'details:request':
    case 'interest:create':
      return (
        perm.listing.kind === 'achievement' &&
        isLive(perm.listing) &&
        membershipRole(p, perm.listing.orgId) === null &&
        p.memberships.some((m) => m.orgType === 'enterprise' && m.orgStatus === 'verified')
      )
    case 'need:respond':
      return (
        perm.listing.kind === 'need' &&
        isLive(perm.listing) &&
        membershipRole(p, perm.listing.orgId) === null &&
        p.memberships.some((m) => LISTING_ORG_TYPES.achievement.includes(m.orgType) && m.orgStatus === 'verified')
      )
    case 'details:decide':
    case 'listing:answer':
      return perm.listing.createdBy === p.userId || isOrgAdmin(p, perm.listing.orgId)
    case 'catalog:publish':
    case 'import:run':
      return isOrgAdmin(p, perm.orgId) && verifiedMemberOf(p, perm.orgId, LISTING_ORG_TYPES.achievement)
    case 'apitoken:manage':
      return isOrgAdmin(p, perm.orgId) && verifiedMemberOf(p, perm.orgId)
    case 'match:view-recommendations':
      // Who the listing could be matched with is the owner's and the brokers' business, not the public's.
      return p.isPlatformAdmin || !!p.manager || membershipRole(p, perm.listing.orgId) !== null
    case 'match:board':
      return !!p.manager
    case 'match:propose':
      return (
        !!p.manager &&
        perm.need.kind === 'need' &&
        perm.achievement.kind === 'achievement' &&
        isLive(perm.need) &&
        isLive(perm.achievement) &&
        (perm.claimedBy === null || perm.claimedBy === p.userId) &&
        !perm.alreadyProposed
      )
    case 'match:answer':
      return perm.listing.createdBy === p.userId || isOrgAdmin(p, perm.listing.orgId)
  }
}

/**
 * In which states the owner may edit, submit or withdraw. Editing a published
 * listing sends it back to review (ADR 019); a withdrawn one may be edited and
 * submitted again; a listing the platform took down stays down.
 */
const LISTING_STATUSES_FOR: Record<'listing:edit' | 'listing:submit' | 'listing:withdraw', ListingStatus[]> = {
  'listing:edit': ['draft', 'returned', 'published', 'withdrawn'],
  'listing:submit': ['draft', 'returned', 'withdrawn'],
  'listing:withdraw': ['submitted', 'published'],
}

/** Four eyes: the organisation requires a second person, and `p` submitted or last edited the listing. */
export function fourEyesExcludes(p: Principal, l: ListingRef) {
  return !!l.fourEyes && (l.submittedBy === p.userId || l.lastEditedBy === p.userId)
}

/** An admin who would review the listing but may not because of four eyes: the page says someone else must approve. */
export function reviewWaitsForSecondPerson(p: Principal | null, l: ListingRef) {
  return !!p && l.status === 'submitted' && isOrgAdmin(p, l.orgId) && verifiedMemberOf(p, l.orgId) && fourEyesExcludes(p, l)
}

export function membershipRole(p: Principal, orgId: string) {
  return p.memberships.find((m) => m.orgId === orgId)?.role ?? null
}

/** Owner or admin of the organisation (its membership, whatever the organisation's status). */
export function isOrgAdmin(p: Principal, orgId: string) {
  const role = membershipRole(p, orgId)
  return role === 'owner' || role === 'admin'
}

export function verifiedMemberOf(p: Principal, orgId: string, types?: OrganisationType[]) {
  const m = p.memberships.find((x) => x.orgId === orgId)
  return !!m && m.orgStatus === 'verified' && (!types || types.includes(m.orgType))
}

/** Published and not past its expiry: visible in lists and open to interest. */
export function isLive(l: Pick<ListingRef, 'status' | 'expiresAt'>, now = new Date()) {
  return l.status === 'published' && (!l.expiresAt || new Date(l.expiresAt) > now)
}

/** A city officer oversees every division; a county officer only their own. */
export function oversees(p: Principal, divisionCode: string) {
  const scope = officerScope(p)
  return scope === 'all' || scope.includes(divisionCode)
}
