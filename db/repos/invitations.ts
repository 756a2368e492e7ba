import type { Executor } from '../index'

export async function insertInvitation(
  db: Executor,
  i: { orgId: string; email: string; role: 'admin' | 'member'; tokenHash: string; invitedBy: string; expiresAt: Date },
) {
  return db
    .insertInto('invitations')
    .values({ org_id: i.orgId, email: i.email.toLowerCase(), role: i.role, token_hash: i.tokenHash, invited_by: i.invitedBy, expires_at: i.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function findLiveInvitation(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 'i.email', 'i.role', 'o.name as org_name'])
    .where('i.token_hash', '=', tokenHash)
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', new Date())
    .executeTakeFirst()
}

export async function markInvitationAccepted(db: Executor, id: string, userId: string) {
  const r = await db
    .updateTable('invitations')
    .set({ accepted_at: new Date(), accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function listPendingInvitations(db: Executor, orgId: string) {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute()
}
