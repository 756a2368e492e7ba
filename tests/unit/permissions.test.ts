import { describe, expect, it } from 'vitest'
import type { MembershipRole, OrganisationStatus, OrganisationType } from '../../db/schema'
import { can, oversees, type Permission } from '../../server/identity/permissions'
import { CITY_DIVISION, officerScope, productRoles, type Membership, type Principal } from '../../server/identity/principal'

// Principals built by hand: permissions are pure functions of the principal.

let n = 0
function membership(orgType: OrganisationType, role: MembershipRole, o: { divisionCode?: string; status?: OrganisationStatus; orgId?: string } = {}): Membership {
  n++
  return {
    orgId: o.orgId ?? `org-${n}`,
    orgName: `机构${n}`,
    orgType,
    orgStatus: o.status ?? 'verified',
    divisionCode: o.divisionCode ?? '450204',
    role,
  }
}

function principal(o: Partial<Principal> = {}): Principal {
  return {
    userId: 'user-1',
    email: 'user@example.test',
    name: '测试',
    locale: 'zh-CN',
    isPlatformAdmin: false,
    memberships: [],
    manager: null,
    ...o,
  }
}

const roles = (p: Principal) => [...productRoles(p)].sort()

describe('productRoles', () => {
  it.each([
    ['university', 'owner', ['institution_admin']],
    ['university', 'admin', ['institution_admin']],
    ['university', 'member', ['researcher']],
    ['institute', 'owner', ['institution_admin']],
    ['institute', 'member', ['researcher']],
    ['enterprise', 'owner', ['enterprise']],
    ['enterprise', 'member', ['enterprise']],
    ['agency', 'owner', ['agency_admin']],
    ['agency', 'admin', ['agency_admin']],
    ['agency', 'member', []],
    ['registrar', 'owner', ['registrar']],
    ['registrar', 'member', ['registrar']],
  ] as const)('a %s %s is %j', (type, role, expected) => {
    expect(roles(principal({ memberships: [membership(type, role)] }))).toEqual(expected)
  })

  it('makes a government member a city officer in 450200 and a county officer elsewhere', () => {
    expect(roles(principal({ memberships: [membership('government', 'member', { divisionCode: CITY_DIVISION })] }))).toEqual(['city_officer'])
    expect(roles(principal({ memberships: [membership('government', 'member', { divisionCode: '450222' })] }))).toEqual(['county_officer'])
  })

  it('gives no role for an organisation that is pending or rejected', () => {
    for (const status of ['pending', 'rejected'] as const) {
      expect(roles(principal({ memberships: [membership('enterprise', 'owner', { status }), membership('government', 'owner', { status })] }))).toEqual([])
    }
  })

  it('adds platform_admin and manager from the user, and combines roles of several organisations', () => {
    const p = principal({
      isPlatformAdmin: true,
      manager: { certificateNo: 'C-1', agencyId: 'agency-1' },
      memberships: [membership('enterprise', 'member'), membership('university', 'member')],
    })
    expect(roles(p)).toEqual(['enterprise', 'manager', 'platform_admin', 'researcher'])
    expect(roles(principal())).toEqual([])
  })
})

describe('officerScope', () => {
  it('is all for the city government, its own code for a county government, empty for others', () => {
    expect(officerScope(principal({ memberships: [membership('government', 'member', { divisionCode: '450200' })] }))).toBe('all')
    expect(officerScope(principal({ memberships: [membership('government', 'member', { divisionCode: '450223' })] }))).toEqual(['450223'])
    expect(officerScope(principal({ memberships: [membership('enterprise', 'owner', { divisionCode: '450223' })] }))).toEqual([])
    expect(officerScope(principal({ memberships: [membership('government', 'owner', { divisionCode: '450200', status: 'pending' })] }))).toEqual([])
  })

  it('lets a city membership win over a county one', () => {
    const p = principal({ memberships: [membership('government', 'member', { divisionCode: '450223' }), membership('government', 'member', { divisionCode: '450200' })] })
    expect(officerScope(p)).toBe('all')
    expect(oversees(p, '450226')).toBe(true)
  })
})

describe('can', () => {
  const org = { id: 'org-in-liucheng', divisionCode: '450222' }
  const viewPrivate: Permission = { action: 'organisation:view-private', org }

  it('lets the county officer of the organisation’s county see its private page, not another county’s', () => {
    const liucheng = principal({ memberships: [membership('government', 'member', { divisionCode: '450222' })] })
    const luzhai = principal({ memberships: [membership('government', 'member', { divisionCode: '450223' })] })
    expect(can(liucheng, viewPrivate)).toBe(true)
    expect(can(luzhai, viewPrivate)).toBe(false)
  })

  it('lets the city officer, a platform admin and the organisation’s members see it, not an outsider', () => {
    expect(can(principal({ memberships: [membership('government', 'member', { divisionCode: CITY_DIVISION })] }), viewPrivate)).toBe(true)
    expect(can(principal({ isPlatformAdmin: true }), viewPrivate)).toBe(true)
    expect(can(principal({ memberships: [membership('enterprise', 'member', { orgId: org.id, divisionCode: org.divisionCode })] }), viewPrivate)).toBe(true)
    expect(can(principal({ memberships: [membership('enterprise', 'owner', { divisionCode: org.divisionCode })] }), viewPrivate)).toBe(false)
    // a pending county government does not oversee yet
    expect(can(principal({ memberships: [membership('government', 'owner', { divisionCode: '450222', status: 'pending' })] }), viewPrivate)).toBe(false)
  })

  it('lets owners and admins manage members and edit, not plain members or officers', () => {
    for (const action of ['organisation:manage-members', 'organisation:edit'] as const) {
      const perm: Permission = { action, org }
      expect(can(principal({ memberships: [membership('enterprise', 'owner', { orgId: org.id })] }), perm)).toBe(true)
      expect(can(principal({ memberships: [membership('enterprise', 'admin', { orgId: org.id })] }), perm)).toBe(true)
      expect(can(principal({ memberships: [membership('enterprise', 'member', { orgId: org.id })] }), perm)).toBe(false)
      expect(can(principal({ memberships: [membership('government', 'owner', { divisionCode: CITY_DIVISION })] }), perm)).toBe(false)
    }
  })

  it('keeps review, audit and the admin area for platform admins', () => {
    const cityOfficer = principal({ memberships: [membership('government', 'owner', { divisionCode: CITY_DIVISION })] })
    for (const action of ['organisation:review', 'audit:read', 'admin:area'] as const) {
      expect(can(principal({ isPlatformAdmin: true }), { action })).toBe(true)
      expect(can(cityOfficer, { action })).toBe(false)
      expect(can(principal(), { action })).toBe(false)
    }
  })

  it('refuses everything to nobody (not signed in)', () => {
    const all: Permission[] = [
      { action: 'organisation:create' },
      viewPrivate,
      { action: 'organisation:manage-members', org },
      { action: 'organisation:edit', org },
      { action: 'organisation:review' },
      { action: 'manager:register' },
      { action: 'audit:read' },
      { action: 'admin:area' },
    ]
    for (const perm of all) expect(can(null, perm)).toBe(false)
    expect(can(principal(), { action: 'organisation:create' })).toBe(true)
  })
})
