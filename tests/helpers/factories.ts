import { randomBytes } from 'node:crypto'
import type { Database } from '../../db/index'
import { insertMembership, insertOrganisation, setOrganisationFourEyes } from '../../db/repos/organisations'
import { insertManagerProfile } from '../../db/repos/managers'
import { insertUser, loadPrincipal } from '../../db/repos/users'
import type { MembershipRole, OrganisationStatus, OrganisationType } from '../../db/schema'
import { hashPassword } from '../../server/identity/passwords'
import { makeCreditCode } from '../../server/identity/credit-code'
import type { RequestMeta } from '../../server/identity/principal'

// Factories make what a test needs with unique natural keys, so tests in one
// file never collide; each file has its own database (worker-setup.ts).

export const PASSWORD = 'Passw0rd-test'
let passwordHash: Promise<string> | null = null
const unique = () => randomBytes(5).toString('hex')

export const testMeta: RequestMeta = { ip: '203.0.113.7', userAgent: 'vitest', requestId: 'test-request' }

export async function createUser(db: Database, o: { email?: string; name?: string; platformAdmin?: boolean; locale?: string } = {}) {
  passwordHash ??= hashPassword(PASSWORD)
  const email = o.email ?? `user-${unique()}@example.test`
  const user = await insertUser(db, {
    email,
    name: o.name ?? '测试用户',
    passwordHash: await passwordHash,
    isPlatformAdmin: o.platformAdmin,
    locale: o.locale,
  })
  return { ...user, password: PASSWORD }
}

const ORG_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

export function uniqueCreditCode(divisionCode = '450204') {
  const bytes = randomBytes(9)
  const org9 = [...bytes].map((b) => ORG_CODE_ALPHABET[b % ORG_CODE_ALPHABET.length]).join('')
  return makeCreditCode('91', divisionCode, org9)
}

export async function createOrganisation(
  db: Database,
  o: {
    type?: OrganisationType
    status?: OrganisationStatus
    divisionCode?: string
    name?: string
    members?: { userId: string; role: MembershipRole }[]
    /** Four eyes (ADR 019): off in tests unless asked, though new institutions start with it on. */
    fourEyes?: boolean
  } = {},
) {
  const divisionCode = o.divisionCode ?? '450204'
  const org = await insertOrganisation(db, {
    name: o.name ?? `测试机构${unique()}`,
    nameEn: null,
    type: o.type ?? 'enterprise',
    creditCode: uniqueCreditCode(/^\d{6}$/.test(divisionCode) ? divisionCode : '450200'),
    divisionCode,
    address: null,
    contactName: '联系人',
    contactPhone: '0772-2800000',
    contactEmail: `org-${unique()}@example.test`,
    website: null,
    description: null,
    createdBy: o.members?.[0]?.userId ?? null,
    status: o.status ?? 'verified',
  })
  if (!o.fourEyes) await setOrganisationFourEyes(db, org.id, false)
  for (const m of o.members ?? []) await insertMembership(db, { orgId: org.id, userId: m.userId, role: m.role })
  return org
}

/** A user who belongs to a fresh organisation of the given type, with their principal. */
export async function createMember(
  db: Database,
  o: { type: OrganisationType; role?: MembershipRole; status?: OrganisationStatus; divisionCode?: string; fourEyes?: boolean },
) {
  const user = await createUser(db)
  const org = await createOrganisation(db, {
    type: o.type,
    status: o.status,
    divisionCode: o.divisionCode,
    fourEyes: o.fourEyes,
    members: [{ userId: user.id, role: o.role ?? 'member' }],
  })
  return { user, org, principal: (await loadPrincipal(db, user.id))! }
}

export async function createManager(db: Database) {
  const agencyMember = await createMember(db, { type: 'agency' })
  await insertManagerProfile(db, { userId: agencyMember.user.id, certificateNo: `CERT-${unique()}`.toUpperCase(), agencyId: agencyMember.org.id })
  return { ...agencyMember, principal: (await loadPrincipal(db, agencyMember.user.id))! }
}

export async function principalFor(db: Database, userId: string) {
  const p = await loadPrincipal(db, userId)
  if (!p) throw new Error(`no user ${userId}`)
  return p
}
