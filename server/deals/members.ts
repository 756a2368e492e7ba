import type { Database, Executor } from '../../db/index'
import { dealMembers, removeDealMember, upsertDealMember } from '../../db/repos/deals'
import { listMembers } from '../../db/repos/organisations'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { publish, roomName } from '../realtime/publish'
import { dealAccess, type DealAccess } from './access'
import { postSystemLine } from './system-line'

// Who is in a deal room. A party's admins add members of their own
// organisation and remove them; managers join with their agency when the deal
// is opened (later: by accepting their service terms). Each change is audited,
// leaves a system line and a `members` event, and the person added is told.

/** The members tab: the room's members by side and, for a party admin, whom of their organisation they may add. */
export async function membersPage(db: Database, access: DealAccess) {
  const members = await dealMembers(db, access.deal.id)
  const orgMembers = access.isPartyAdmin && access.orgId ? await listMembers(db, access.orgId) : []
  const inRoom = new Set(members.map((m) => m.user_id))
  return {
    members: members.map((m) => ({
      userId: m.user_id,
      name: m.name,
      role: m.role,
      orgId: m.org_id,
      orgName: m.org_name,
      side: m.role === 'manager' ? ('manager' as const) : (access.parties.find((p) => p.org_id === m.org_id)?.side ?? 'buyer'),
      since: m.created_at.toISOString(),
      removable: access.isPartyAdmin && m.role === 'party' && m.org_id === access.orgId,
    })),
    candidates: orgMembers.filter((u) => !inRoom.has(u.id)).map((u) => ({ userId: u.id, name: u.name, email: u.email })),
  }
}

async function adminAccess(trx: Executor, actor: Principal, dealId: string) {
  const access = await dealAccess(trx, actor, dealId)
  if (!access) throw notFound()
  if (!access.isPartyAdmin || !access.orgId || access.side === 'manager') throw forbidden('deals.errors.partyAdminsOnly')
  return access
}

export async function addDealMember(db: Database, actor: Principal, dealId: string, userId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await adminAccess(trx, actor, dealId)
    const orgId = access.orgId!
    const person = (await listMembers(trx, orgId)).find((u) => u.id === userId)
    if (!person) throw conflict('deals.errors.notOrgMember', { userId: ['deals.errors.notOrgMember'] })
    const added = await upsertDealMember(trx, { dealId: access.deal.id, userId, role: 'party', orgId, addedBy: actor.userId })
    if (!added) throw conflict('deals.errors.alreadyMember', { userId: ['deals.errors.alreadyMember'] })
    const orgName = access.parties.find((p) => p.org_id === orgId)?.name ?? ''
    await audit(trx, meta, actor.userId, 'deal.member_added', { type: 'deal', id: access.deal.id, orgId }, { userId, name: person.name })
    await postSystemLine(trx, access.deal.id, 'deals.system.memberAdded', { actor: actor.name, name: person.name, org: orgName })
    await publish(trx, roomName('deal', access.deal.id), 'members', { added: userId })
    if (userId !== actor.userId) await notify(trx, [userId], { kind: 'deal_member_added', params: { title: access.deal.title, actor: actor.name }, link: `/deals/${access.deal.id}` })
    return { name: person.name }
  })
}

export async function removeDealMemberAs(db: Database, actor: Principal, dealId: string, userId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await adminAccess(trx, actor, dealId)
    const member = (await dealMembers(trx, access.deal.id)).find((m) => m.user_id === userId)
    if (!member) throw notFound()
    // A party admin answers for their own side only; managers are not theirs to remove.
    if (member.role !== 'party' || member.org_id !== access.orgId) throw forbidden('deals.errors.notYourSide')
    await removeDealMember(trx, access.deal.id, userId)
    await audit(trx, meta, actor.userId, 'deal.member_removed', { type: 'deal', id: access.deal.id, orgId: access.orgId }, { userId, name: member.name })
    await postSystemLine(trx, access.deal.id, 'deals.system.memberRemoved', { actor: actor.name, name: member.name, org: member.org_name ?? '' })
    await publish(trx, roomName('deal', access.deal.id), 'members', { removed: userId })
    return { name: member.name }
  })
}
