import { z } from 'zod'
import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import {
  approveManagerProfile,
  deletePendingManagerProfile,
  findManagerByCertificate,
  findManagerProfile,
  insertManagerProfile,
  listOrgAdmins,
  listPendingManagers,
} from '../../db/repos/managers'
import { findOrganisation } from '../../db/repos/organisations'
import { enqueueOutbox } from '../../db/repos/outbox'
import { isUuid } from '../../db/repos/ids'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import type { MailTemplate } from '../platform/mail/templates'
import { can, membershipRole } from './permissions'
import type { Principal, RequestMeta } from './principal'

// A technology manager (技术经理人) registers with a certificate and the
// verified agency they work for. A member of that agency (who got there by the
// agency's own invitation or registration) is a manager at once; anyone else's
// registration is an application the agency's admins approve or reject, and
// until then it makes nobody a manager (issue 7, item 7). Every step is audited
// and the people concerned are told by mail through the outbox.

/** An agency admin's decision on an application (the organisation page's form). */
export const ManagerDecisionSchema = z.object({
  intent: z.enum(['manager-approve', 'manager-reject']),
  userId: z.string().uuid('errors.managerRequestGone'),
})

export type ManagerRegistration = { status: 'approved' | 'pending'; agency: string }

async function mail(trx: Executor, to: { email: string; locale: string; name: string }, template: MailTemplate, params: Record<string, string>) {
  await enqueueOutbox(trx, 'email', { to: to.email, locale: to.locale, template, params: { name: to.name, ...params } })
}

export async function registerManager(
  db: Database,
  actor: Principal,
  input: { certificateNo: string; agencyId: string },
  meta: RequestMeta,
): Promise<ManagerRegistration> {
  if (!can(actor, { action: 'manager:register' })) throw forbidden()
  if (actor.manager) throw conflict('errors.alreadyManager')
  const certificateTaken = () => conflict('errors.certificateTaken', { certificateNo: ['errors.certificateTaken'] })
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findManagerProfile(trx, actor.userId)
      if (existing) throw conflict(existing.status === 'pending' ? 'errors.managerPending' : 'errors.alreadyManager')
      const agency = await findOrganisation(trx, input.agencyId)
      if (!agency || agency.type !== 'agency' || agency.status !== 'verified') throw invalid({ agencyId: ['errors.agency'] })
      if (await findManagerByCertificate(trx, input.certificateNo)) throw certificateTaken()
      const member = membershipRole(actor, agency.id) !== null
      const status = member ? 'approved' : 'pending'
      await insertManagerProfile(trx, { userId: actor.userId, ...input, status })
      const target = { type: 'user', id: actor.userId, orgId: agency.id }
      const details = { certificateNo: input.certificateNo, agency: agency.name }
      if (member) {
        await audit(trx, meta, actor.userId, 'manager.registered', target, details)
      } else {
        await audit(trx, meta, actor.userId, 'manager.requested', target, details)
        for (const admin of await listOrgAdmins(trx, agency.id)) {
          await mail(trx, admin, 'manager_requested', {
            applicant: actor.name,
            email: actor.email,
            cert: input.certificateNo,
            agency: agency.name,
            path: `/orgs/${agency.id}#manager-requests`,
          })
        }
      }
      return { status, agency: agency.name }
    })
  } catch (err) {
    // Concurrent registrations got past the checks first: the same certificate, or this user twice.
    if (isUniqueViolation(err, 'manager_profiles_certificate_no_key')) throw certificateTaken()
    if (isUniqueViolation(err, 'manager_profiles_pkey')) throw conflict('errors.alreadyManager')
    throw err
  }
}

/** The viewer's own application while it waits, for the registration page. */
export async function pendingApplication(db: Database, viewer: Principal) {
  const p = await findManagerProfile(db, viewer.userId)
  return p?.status === 'pending' ? { agency: p.agency_name, certificateNo: p.certificate_no } : null
}

/** Applications waiting for this agency, when the viewer is one of its admins; null otherwise. */
export async function managerRequests(db: Database, viewer: Principal, org: { id: string; type: string; division_code: string }) {
  if (org.type !== 'agency' || !can(viewer, { action: 'organisation:manage-members', org: { id: org.id, divisionCode: org.division_code } })) return null
  return listPendingManagers(db, org.id)
}

/** An admin of the agency approves or rejects a pending application; the applicant is told by mail. */
export async function decideManager(
  db: Database,
  actor: Principal,
  agencyId: string,
  applicantId: string,
  decision: 'approve' | 'reject',
  meta: RequestMeta,
) {
  if (!isUuid(applicantId)) throw notFound()
  return db.transaction().execute(async (trx) => {
    const p = await findManagerProfile(trx, applicantId, { lock: true })
    if (!p || p.agency_id !== agencyId) throw notFound()
    if (!can(actor, { action: 'organisation:manage-members', org: { id: p.agency_id, divisionCode: p.agency_division } })) throw forbidden()
    if (p.status !== 'pending') throw conflict('errors.managerRequestGone')
    const target = { type: 'user', id: applicantId, orgId: p.agency_id }
    const details = { certificateNo: p.certificate_no, agency: p.agency_name, applicant: p.user_name }
    const applicant = { email: p.user_email, locale: p.user_locale, name: p.user_name }
    if (decision === 'approve') {
      await approveManagerProfile(trx, applicantId, actor.userId)
      await audit(trx, meta, actor.userId, 'manager.approved', target, details)
      await mail(trx, applicant, 'manager_approved', { agency: p.agency_name, path: '/match-board' })
    } else {
      // The row goes, so the certificate number is free again and the person may apply anew.
      await deletePendingManagerProfile(trx, applicantId)
      await audit(trx, meta, actor.userId, 'manager.rejected', target, details)
      await mail(trx, applicant, 'manager_rejected', { agency: p.agency_name, path: '/manager/register' })
    }
    return { name: p.user_name }
  })
}
