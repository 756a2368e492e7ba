import { officerScope, productRoles, type Principal } from '../identity/principal'
import { forbidden } from '../platform/errors'

// Who may take data out of the platform through the exchange: city officers
// and platform admins everything, a county officer their own county's rows
// (every query is scoped with these codes), nobody else (403). A bearer token
// of a government organisation stands for that organisation as a member, so
// the same rule gives a city token everything and a county token its county.

export function exchangeScope(p: Principal): 'all' | string[] {
  if (p.isPlatformAdmin) return 'all'
  const scope = officerScope(p)
  if (scope === 'all') return 'all'
  if (scope.length) return scope
  throw forbidden()
}

/** Imports write registrations the city answers for: city officers only. */
export function requireCityOfficer(p: Principal) {
  if (!productRoles(p).has('city_officer')) throw forbidden()
}

export const isCityOfficer = (p: Principal) => productRoles(p).has('city_officer')
