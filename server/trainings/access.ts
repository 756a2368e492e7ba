import type { Principal } from '../identity/principal'
import { CITY_DIVISION, officerScope, productRoles } from '../identity/principal'
import { oversees } from '../identity/permissions'

// Who organises training events (ADR 037): city officers anywhere, county
// officers in their own county only. Everyone else reads the public pages.

/** The government organisation an officer organises for (the city's first). */
export function organiserOrg(p: Principal | null) {
  if (!p) return null
  const gov = p.memberships.filter((m) => m.orgType === 'government' && m.orgStatus === 'verified')
  return gov.find((m) => m.divisionCode === CITY_DIVISION) ?? gov[0] ?? null
}

export function isOrganiser(p: Principal | null) {
  if (!p) return false
  const roles = productRoles(p)
  return roles.has('city_officer') || roles.has('county_officer')
}

/** May this officer manage an event held in `divisionCode`? */
export function mayManage(p: Principal | null, divisionCode: string) {
  return !!p && isOrganiser(p) && oversees(p, divisionCode)
}

/** The divisions an officer may create events in: undefined for all. */
export function organiserDivisions(p: Principal): string[] | undefined {
  const scope = officerScope(p)
  return scope === 'all' ? undefined : scope
}
