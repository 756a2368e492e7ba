import { z } from 'zod'
import type { Database } from '../../db/index'
import { findManagerProfile } from '../../db/repos/managers'
import { orgAdminIds } from '../../db/repos/notices'
import { insertIntent, intentCountOfItem, intentOfOrg, lockIntent, setIntentDeal } from '../../db/repos/roadshow-intents'
import { openDeal } from '../deals/open'
import { membershipRole } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { TRANSACTION_MODES } from '../listings/schemas'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import type { SocketCommand } from '../realtime/commands'
import { roadshowRoles, type RoadshowRoles, participationRefusal } from './access'
import { refuse, type RoadshowAnswer } from './answers'
import { parseCommand, uuid } from './command-input'
import { publishRoadshow } from './publish'

// 意向登记 (ADR 033): a member of a verified enterprise states interest in an
// agenda item with a preferred mode and a note. Once per organisation and
// item (a repeat answers the stored one). The room learns only the count; who
// and what reach the item's owner and the host by notification and the
// inbox (/roadshows/:id/intents), from where one step opens a deal room.

export const INTENT_NOTE_MAX = 1000

const IntentMessage = z.object({
  roadshowId: uuid,
  itemId: uuid,
  orgId: uuid.optional(),
  mode: z.enum(TRANSACTION_MODES),
  note: z.string().max(INTENT_NOTE_MAX).optional(),
})

/** The verified enterprises the viewer may register intent for. */
export const intentOrgsOf = (p: Principal) => p.memberships.filter((m) => m.orgType === 'enterprise' && m.orgStatus === 'verified')

export const registerIntent: SocketCommand = async (
  db,
  principal,
  msg,
  at,
  meta
): Promise<RoadshowAnswer<{ intentId: string; count: number; duplicate?: true }>> => {
  const input = parseCommand(IntentMessage, msg)
  if (!input.ok) return input
  const { roadshowId, itemId } = input.data
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access) return refuse('not_found')
  if (!access.roles.participate) return participationRefusal(access.facts, principal.userId)
  const orgs = intentOrgsOf(principal)
  if (orgs.length === 0) return refuse('not_verified')
  const org = input.data.orgId ? orgs.find((m) => m.orgId === input.data.orgId) : orgs.length === 1 ? orgs[0] : undefined
  if (!org) return refuse('invalid', 'orgId')
  const rs = access.facts.roadshow
  if (rs.status === 'scheduled') return refuse('not_live')
  const item = access.facts.items.find((i) => i.id === itemId)
  if (!item) return refuse('no_item')
  // The owner does not state interest in its own item.
  if (item.owner_org_id === org.orgId) return refuse('forbidden')
  const note = (input.data.note ?? '').trim()
  return db.transaction().execute(async (trx) => {
    const id = await insertIntent(trx, {
      roadshowId,
      itemId,
      userId: principal.userId,
      orgId: org.orgId,
      mode: input.data.mode,
      note,
      at,
    })
    const count = await intentCountOfItem(trx, itemId)
    if (!id) {
      const stored = await intentOfOrg(trx, itemId, org.orgId)
      return {
        ok: true as const,
        intentId: stored!.id,
        count,
        duplicate: true as const,
      }
    }
    await publishRoadshow(trx, roadshowId, {
      kind: 'intent_count',
      payload: { itemId, count },
    })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.intent',
      { type: 'roadshow_intent', id, orgId: org.orgId },
      { roadshowId, itemId, mode: input.data.mode }
    )
    const owners = item.owner_org_id
      ? [...(item.owner_user_id ? [item.owner_user_id] : []), ...(await orgAdminIds(trx, item.owner_org_id))]
      : item.presenter_user_id
      ? [item.presenter_user_id]
      : []
    await notify(
      trx,
      [...owners, rs.host_user_id].filter((u) => u !== principal.userId),
      {
        kind: 'roadshow_intent',
        params: { org: org.orgName, title: item.title },
        link: `/roadshows/${roadshowId}/intents`,
      }
    )
    return { ok: true as const, intentId: id, count }
  })
}

/** The intents inbox's rule: organisers see every item; the owner's side (and a presenter) their own items. */
export function inboxItemIds(
  viewer: Principal,
  roles: RoadshowRoles,
  items: {
    id: string
    owner_org_id: string | null
    presenter_user_id: string | null
  }[]
) {
  if (roles.organiser) return items.map((i) => i.id)
  return items
    .filter((i) => i.presenter_user_id === viewer.userId || (i.owner_org_id !== null && membershipRole(viewer, i.owner_org_id) !== null))
    .map((i) => i.id)
}

/**
 * Opens the deal room of an intent (once: a repeat finds the same room): the
 * achievement's organisation sells, the intent's organisation buys; the
 * people who met at the roadshow are the first members. For the owner's side
 * and the organisers.
 */
export async function openDealFromIntent(db: Database, actor: Principal, intentId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const i = await lockIntent(trx, intentId)
    if (!i) throw notFound()
    const access = await roadshowRoles(trx, actor, i.roadshow_id)
    if (!access) throw notFound()
    const ownerSide = i.owner_org_id !== null && membershipRole(actor, i.owner_org_id) !== null
    if (!access.roles.organiser && !ownerSide) {
      if (access.roles.presenter || access.roles.participate) throw forbidden()
      throw notFound()
    }
    if (i.deal_id) return { id: i.deal_id, created: false }
    if (!i.achievement_id || !i.owner_org_id || !i.owner_user_id) throw conflict('roadshow.intents.noAchievement')
    const rs = access.facts.roadshow
    const host = await findManagerProfile(trx, rs.host_user_id)
    const hostMember =
      host && host.status === 'approved'
        ? { userId: rs.host_user_id, role: 'manager' as const, orgId: host.agency_id }
        : rs.org_id === i.owner_org_id
        ? { userId: rs.host_user_id, role: 'party' as const, orgId: rs.org_id }
        : null
    const opened = await openDeal(
      trx,
      actor,
      {
        title: i.achievement_title ?? i.item_title,
        source: { kind: 'roadshow', id: i.id },
        sellerOrgId: i.owner_org_id,
        buyerOrgIds: [i.org_id],
        achievementIds: [i.achievement_id],
        members: [
          { userId: i.user_id, role: 'party', orgId: i.org_id },
          { userId: i.owner_user_id, role: 'party', orgId: i.owner_org_id },
          ...(hostMember ? [hostMember] : []),
        ],
      },
      meta
    )
    await setIntentDeal(trx, i.id, opened.id)
    return opened
  })
}
