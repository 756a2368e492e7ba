import { officerScope, type Principal } from './principal'

// The one place that decides who may do what. Routes call it through the
// guards in app/utils/auth.server.ts; domain services call assertCan before a
// state change, so the API and background jobs are held to the same rules.

export type OrgRef = { id: string; divisionCode: string; status?: string }

export type Permission =
  | { action: 'organisation:create' }
  | { action: 'organisation:view-private'; org: OrgRef }
  | { action: 'organisation:manage-members'; org: OrgRef }
  | { action: 'organisation:edit'; org: OrgRef }
  | { action: 'organisation:review' }
  | { action: 'manager:register' }
  | { action: 'audit:read' }
  | { action: 'admin:area' }

export function can(p: Principal | null, perm: Permission): boolean {
  if (!p) return false
  switch (perm.action) {
    case 'organisation:create':
    case 'manager:register':
      return true
    case 'organisation:view-private':
      return (
        p.isPlatformAdmin ||
        membershipRole(p, perm.org.id) !== null ||
        oversees(p, perm.org.divisionCode)
      )
    case 'organisation:manage-members':
    case 'organisation:edit': {
      const role = membershipRole(p, perm.org.id)
      return role === 'owner' || role === 'admin'
    }
    case 'organisation:review':
    case 'audit:read':
    case 'admin:area':
      return p.isPlatformAdmin
  }
}

export function membershipRole(p: Principal, orgId: string) {
  return p.memberships.find((m) => m.orgId === orgId)?.role ?? null
}

/** A city officer oversees every division; a county officer only their own. */
export function oversees(p: Principal, divisionCode: string) {
  const scope = officerScope(p)
  return scope === 'all' || scope.includes(divisionCode)
}
