import { sql } from 'kysely'
import type { Executor } from '../index'
import type { MembershipRole, OrganisationStatus, OrganisationType } from '../schema'
import { isUuid } from './ids'

export interface OrganisationInput {
  name: string
  nameEn: string | null
  type: OrganisationType
  creditCode: string
  divisionCode: string
  address: string | null
  contactName: string
  contactPhone: string
  contactEmail: string
  website: string | null
  description: string | null
}

export async function insertOrganisation(db: Executor, o: OrganisationInput & { createdBy: string | null; status?: OrganisationStatus }) {
  return db
    .insertInto('organisations')
    .values({
      name: o.name,
      name_en: o.nameEn,
      type: o.type,
      credit_code: o.creditCode,
      division_code: o.divisionCode,
      address: o.address,
      contact_name: o.contactName,
      contact_phone: o.contactPhone,
      contact_email: o.contactEmail,
      website: o.website,
      description: o.description,
      created_by: o.createdBy,
      status: o.status ?? 'pending',
      // Four eyes starts on for universities and institutes (ADR 019); their admins may turn it off.
      four_eyes: o.type === 'university' || o.type === 'institute',
    })
    .returning(['id', 'name', 'status'])
    .executeTakeFirstOrThrow()
}

export async function findOrganisationByCreditCode(db: Executor, creditCode: string) {
  return db.selectFrom('organisations').select(['id', 'name']).where('credit_code', '=', creditCode).executeTakeFirst()
}


/** Undefined for an id that is not a uuid (from a URL), rather than a PostgreSQL error. */
export async function findOrganisation(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('organisations as o')
    .innerJoin('divisions as d', 'd.code', 'o.division_code')
    .selectAll('o')
    .select(['d.name_zh as division_name_zh', 'd.name_en as division_name_en'])
    .where('o.id', '=', id)
    .executeTakeFirst()
}

export async function listOrganisations(
  db: Executor,
  f: { status?: OrganisationStatus; type?: OrganisationType; divisionCodes?: string[]; limit?: number },
) {
  let q = db
    .selectFrom('organisations as o')
    .innerJoin('divisions as d', 'd.code', 'o.division_code')
    .select(['o.id', 'o.name', 'o.type', 'o.credit_code', 'o.status', 'o.created_at', 'o.division_code', 'd.name_zh as division_name_zh', 'd.name_en as division_name_en'])
  if (f.status) q = q.where('o.status', '=', f.status)
  if (f.type) q = q.where('o.type', '=', f.type)
  if (f.divisionCodes) q = q.where('o.division_code', 'in', f.divisionCodes.length ? f.divisionCodes : ['-'])
  return q.orderBy('o.created_at', 'desc').limit(f.limit ?? 200).execute()
}

export async function setOrganisationReview(
  db: Executor,
  id: string,
  r: { status: 'verified' | 'rejected'; reason: string | null; reviewedBy: string },
) {
  return db
    .updateTable('organisations')
    .set({ status: r.status, rejection_reason: r.reason, reviewed_by: r.reviewedBy, reviewed_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .returning(['id', 'status', 'created_by'])
    .executeTakeFirst()
}

export async function insertMembership(db: Executor, m: { orgId: string; userId: string; role: MembershipRole }) {
  await db
    .insertInto('memberships')
    .values({ org_id: m.orgId, user_id: m.userId, role: m.role })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
    .execute()
}

export async function listMembers(db: Executor, orgId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
    .where('m.org_id', '=', orgId)
    .orderBy('m.created_at')
    .execute()
}

export async function listOrgOwnersEmails(db: Executor, orgId: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.email', 'u.locale'])
    .where('m.org_id', '=', orgId)
    .where('m.role', 'in', ['owner', 'admin'])
    .execute()
  return rows
}

export async function listDivisions(db: Executor) {
  return db.selectFrom('divisions').selectAll().orderBy('sort').execute()
}

export async function divisionExists(db: Executor, code: string) {
  return !!(await db.selectFrom('divisions').select('code').where('code', '=', code).executeTakeFirst())
}

export async function listVerifiedAgencies(db: Executor) {
  return db.selectFrom('organisations').select(['id', 'name']).where('type', '=', 'agency').where('status', '=', 'verified').orderBy('name').execute()
}

export async function countVerifiedOrganisationsByType(db: Executor) {
  const rows = await db
    .selectFrom('organisations')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'verified')
    .groupBy('type')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)])) as Partial<Record<OrganisationType, number>>
}

export async function listUserOrganisations(db: Executor, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['o.id as orgId', 'o.name as orgName', 'o.type as orgType', 'o.status as orgStatus', 'o.rejection_reason as rejectionReason', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute()
}

/** How many owners and admins the organisation has (four eyes needs two). */
export async function countOrgAdmins(db: Executor, orgId: string) {
  const r = await db
    .selectFrom('memberships')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('role', 'in', ['owner', 'admin'])
    .executeTakeFirstOrThrow()
  return r.n
}

export async function setOrganisationFourEyes(db: Executor, orgId: string, on: boolean) {
  await db.updateTable('organisations').set({ four_eyes: on, updated_at: new Date() }).where('id', '=', orgId).execute()
}
