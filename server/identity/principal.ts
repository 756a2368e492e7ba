import type { MembershipRole, OrganisationStatus, OrganisationType } from '../../db/schema'

/** Who is acting: the signed-in user with everything permissions need to know. */
export interface Principal {
  userId: string
  email: string
  name: string
  locale: string
  isPlatformAdmin: boolean
  memberships: Membership[]
  manager: { certificateNo: string; agencyId: string } | null
}

export interface Membership {
  orgId: string
  orgName: string
  orgType: OrganisationType
  orgStatus: OrganisationStatus
  divisionCode: string
  role: MembershipRole
}

/** Where a change came from, for the audit log. */
export interface RequestMeta {
  ip: string | null
  userAgent: string | null
  requestId: string | null
  /** Set when the request authenticated with an API token: recorded in every audit entry it causes. */
  apiTokenId?: string | null
}

/** The code of the city itself (柳州市); a government organisation there is the city bureau. */
export const CITY_DIVISION = '450200'

/**
 * The product roles of DESIGN.md, derived from organisation type and
 * membership role rather than stored, so they can never disagree with them.
 */
export type ProductRole =
  | 'researcher' // 科研人员
  | 'institution_admin' // 高校院所 成果转化机构
  | 'enterprise' // 企业
  | 'manager' // 技术经理人
  | 'agency_admin' // 技术转移中介机构
  | 'registrar' // 技术合同认定登记机构
  | 'city_officer' // 市科技主管部门
  | 'county_officer' // 县区科技主管部门
  | 'platform_admin' // 平台管理员

export function productRoles(p: Principal): Set<ProductRole> {
  const roles = new Set<ProductRole>()
  if (p.isPlatformAdmin) roles.add('platform_admin')
  if (p.manager) roles.add('manager')
  for (const m of p.memberships) {
    if (m.orgStatus !== 'verified') continue
    const isAdmin = m.role === 'owner' || m.role === 'admin'
    switch (m.orgType) {
      case 'university':
      case 'institute':
        roles.add(isAdmin ? 'institution_admin' : 'researcher')
        break
      case 'enterprise':
        roles.add('enterprise')
        break
      case 'agency':
        if (isAdmin) roles.add('agency_admin')
        break
      case 'registrar':
        roles.add('registrar')
        break
      case 'government':
        roles.add(m.divisionCode === CITY_DIVISION ? 'city_officer' : 'county_officer')
        break
    }
  }
  return roles
}

/** Divisions a government member oversees: all for the city, one for a county; empty for others. */
export function officerScope(p: Principal): 'all' | string[] {
  const gov = p.memberships.filter((m) => m.orgType === 'government' && m.orgStatus === 'verified')
  if (gov.some((m) => m.divisionCode === CITY_DIVISION)) return 'all'
  return gov.map((m) => m.divisionCode)
}
