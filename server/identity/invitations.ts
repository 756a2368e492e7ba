import type { Database } from '../../db/index'
import { findLiveInvitation, insertInvitation, markInvitationAccepted } from '../../db/repos/invitations'
import { findOrganisation, insertMembership } from '../../db/repos/organisations'
import { enqueueOutbox } from '../../db/repos/outbox'
import { findUserByEmail } from '../../db/repos/users'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { can } from './permissions'
import type { Principal, RequestMeta } from './principal'
import { hashToken, newToken } from '../platform/tokens'

const INVITATION_TTL_DAYS = 7

/** Owners and admins invite by e-mail; the link works once, for a week. */
export async function inviteMember(
  db: Database,
  actor: Principal,
  orgId: string,
  input: { email: string; role: 'admin' | 'member' },
  baseUrl: string,
  meta: RequestMeta,
) {
  return db.transaction().execute(async (trx) => {
    const org = await findOrganisation(trx, orgId)
    if (!org) throw notFound()
    if (!can(actor, { action: 'organisation:manage-members', org: { id: org.id, divisionCode: org.division_code } })) throw forbidden()
    const token = newToken()
    const invitation = await insertInvitation(trx, {
      orgId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    })
    // Written in the invitee's language when they already have an account.
    const invitee = await findUserByEmail(trx, input.email)
    await enqueueOutbox(trx, 'email', {
      to: input.email.toLowerCase(),
      locale: invitee?.locale ?? actor.locale,
      template: 'invitation',
      params: { org: org.name, inviter: actor.name, link: `${baseUrl}/invitations/${token}`, days: INVITATION_TTL_DAYS },
    })
    await audit(trx, meta, actor.userId, 'organisation.member_invited', { type: 'invitation', id: invitation.id, orgId }, {
      email: input.email.toLowerCase(),
      role: input.role,
    })
    return invitation
  })
}

export async function describeInvitation(db: Database, token: string) {
  return findLiveInvitation(db, hashToken(token))
}

/** The signed-in user joins; the invitation must have been sent to their e-mail. */
export async function acceptInvitation(db: Database, actor: Principal, token: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const inv = await findLiveInvitation(trx, hashToken(token))
    if (!inv) throw notFound('errors.invitationInvalid')
    if (inv.email !== actor.email.toLowerCase()) throw forbidden('errors.invitationOtherEmail')
    if (actor.memberships.some((m) => m.orgId === inv.org_id)) throw conflict('errors.alreadyMember')
    if (!(await markInvitationAccepted(trx, inv.id, actor.userId))) throw notFound('errors.invitationInvalid')
    await insertMembership(trx, { orgId: inv.org_id, userId: actor.userId, role: inv.role })
    await audit(trx, meta, actor.userId, 'organisation.member_joined', { type: 'organisation', id: inv.org_id, orgId: inv.org_id }, {
      role: inv.role,
      invitationId: inv.id,
    })
    return { orgId: inv.org_id }
  })
}
