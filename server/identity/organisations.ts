import { isUniqueViolation, type Database } from '../../db/index'
import {
  divisionExists,
  findOrganisationByCreditCode,
  insertMembership,
  insertOrganisation,
  listOrgOwnersEmails,
  setOrganisationReview,
  findOrganisation,
  listMembers,
  listOrganisations,
  listVerifiedAgencies,
  type OrganisationInput,
} from '../../db/repos/organisations'
import { listPendingInvitations } from '../../db/repos/invitations'
import { enqueueOutbox } from '../../db/repos/outbox'
import { queueIndex } from '../../search/indexer'
import { referenceDivisions } from '../platform/reference'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { can } from './permissions'
import type { Principal, RequestMeta } from './principal'

/** Creates a pending organisation; its creator becomes the owner. */
export async function createOrganisation(db: Database, actor: Principal, input: OrganisationInput, meta: RequestMeta) {
  if (!can(actor, { action: 'organisation:create' })) throw forbidden()
  const creditCodeTaken = () => conflict('errors.creditCodeTaken', { creditCode: ['errors.creditCodeTaken'] })
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await divisionExists(trx, input.divisionCode))) throw invalid({ divisionCode: ['errors.division'] })
      if (await findOrganisationByCreditCode(trx, input.creditCode)) throw creditCodeTaken()
      const org = await insertOrganisation(trx, { ...input, createdBy: actor.userId })
      await insertMembership(trx, { orgId: org.id, userId: actor.userId, role: 'owner' })
      await audit(trx, meta, actor.userId, 'organisation.created', { type: 'organisation', id: org.id, orgId: org.id }, {
        name: input.name,
        type: input.type,
        creditCode: input.creditCode,
      })
      return org
    })
  } catch (err) {
    // A concurrent registration of the same code got past the check first.
    if (isUniqueViolation(err, 'organisations_credit_code_key')) throw creditCodeTaken()
    throw err
  }
}

/** A platform admin verifies or rejects (with a reason) a pending organisation. */
export async function reviewOrganisation(
  db: Database,
  actor: Principal,
  orgId: string,
  decision: { verdict: 'verify' } | { verdict: 'reject'; reason: string },
  meta: RequestMeta,
) {
  if (!can(actor, { action: 'organisation:review' })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    const org = await findOrganisation(trx, orgId)
    if (!org) throw notFound()
    const status = decision.verdict === 'verify' ? 'verified' : 'rejected'
    const reason = decision.verdict === 'reject' ? decision.reason : null
    await setOrganisationReview(trx, orgId, { status, reason, reviewedBy: actor.userId })
    await queueIndex(trx, 'organisation', orgId)
    await audit(trx, meta, actor.userId, `organisation.${status}`, { type: 'organisation', id: orgId, orgId }, {
      from: org.status,
      reason,
    })
    for (const owner of await listOrgOwnersEmails(trx, orgId)) {
      await enqueueOutbox(trx, 'email', {
        to: owner.email,
        locale: owner.locale,
        template: status === 'verified' ? 'organisation_verified' : 'organisation_rejected',
        params: { org: org.name, reason: reason ?? '' },
      })
    }
    return { id: orgId, status, name: org.name }
  })
}

/** Divisions for the organisation form's county/district choice. */
/** The counties and districts for a form or a filter (reference data, cached per process). */
export async function divisionOptions(db: Database) {
  return (await referenceDivisions(db)).map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en }))
}

/**
 * The organisation's private page: members see it, owners/admins manage it,
 * platform admins and the officers overseeing its county may look. Anyone
 * else gets null (a 404), so the page does not reveal the organisation exists.
 */
export async function organisationPage(db: Database, actor: Principal, orgId: string) {
  const org = await findOrganisation(db, orgId)
  if (!org) return null
  const ref = { id: org.id, divisionCode: org.division_code }
  if (!can(actor, { action: 'organisation:view-private', org: ref })) return null
  const canManage = can(actor, { action: 'organisation:manage-members', org: ref })
  const [members, invitations] = await Promise.all([listMembers(db, orgId), canManage ? listPendingInvitations(db, orgId) : []])
  return { org, members, invitations, canManage }
}

/** The admin review queue, newest first, optionally by status. */
export async function reviewQueue(db: Database, actor: Principal, status?: 'pending' | 'verified' | 'rejected') {
  if (!can(actor, { action: 'organisation:review' })) throw forbidden()
  return listOrganisations(db, { status })
}

export async function organisationForReview(db: Database, actor: Principal, orgId: string) {
  if (!can(actor, { action: 'organisation:review' })) throw forbidden()
  const org = await findOrganisation(db, orgId)
  if (!org) return null
  return { org, members: await listMembers(db, orgId) }
}

export async function verifiedAgencies(db: Database) {
  return listVerifiedAgencies(db)
}
