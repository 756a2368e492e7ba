import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import { findAchievement } from '../../db/repos/achievements'
import { findDealBySource, insertDeal, insertDealListings, insertDealParties, insertStageChange, upsertDealMember } from '../../db/repos/deals'
import { lockInterest } from '../../db/repos/interests'
import { findManagerProfile } from '../../db/repos/managers'
import { lockMatch } from '../../db/repos/matches'
import { findNeed } from '../../db/repos/needs'
import { lockNeedResponse } from '../../db/repos/need-responses'
import { findOrganisation } from '../../db/repos/organisations'
import type { DealSource } from '../../db/schema'
import { isOrgAdmin, membershipRole } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { postSystemLine } from './system-line'

// Opening a deal room (交易洽谈室). Every path — an accepted match, interest or
// need response, a manager bringing both sides together, and later a notice,
// an auction or a roadshow intent — ends in openDeal: one transaction that
// records the parties, listings and first members, starts the stage history at
// 意向, audits, tells the members and puts a first line in the room. Opening
// twice from the same source finds the first room.

export interface DealSpec {
  title: string
  source: { kind: DealSource; id: string | null }
  sellerOrgId: string
  buyerOrgIds: string[]
  achievementIds: string[]
  needId?: string | null
  /** The first members: the people who brought the deal about. */
  members: { userId: string; role: 'party' | 'manager'; orgId: string | null }[]
}

/** Opens the room inside the caller's transaction; returns its id and whether it was new. */
export async function openDeal(trx: Executor, actor: Principal | null, spec: DealSpec, meta: RequestMeta): Promise<{ id: string; created: boolean }> {
  if (spec.source.id) {
    const existing = await findDealBySource(trx, spec.source.kind, spec.source.id)
    if (existing) return { id: existing.id, created: false }
  }
  let id: string
  try {
    id = await insertDeal(trx, { title: spec.title, sourceKind: spec.source.kind, sourceId: spec.source.id, createdBy: actor?.userId ?? null })
  } catch (err) {
    // A second click that raced past the lookup: the same room, opened by the first.
    if (isUniqueViolation(err, 'deals_source_unique')) throw conflict('deals.errors.alreadyOpened')
    throw err
  }
  const buyers = spec.buyerOrgIds.filter((o) => o !== spec.sellerOrgId)
  await insertDealParties(trx, id, [{ orgId: spec.sellerOrgId, side: 'seller' }, ...buyers.map((orgId) => ({ orgId, side: 'buyer' as const }))])
  await insertDealListings(trx, id, [...spec.achievementIds.map((achievementId) => ({ achievementId })), ...(spec.needId ? [{ needId: spec.needId }] : [])])
  const members = new Map(spec.members.map((m) => [m.userId, m]))
  for (const m of members.values()) await upsertDealMember(trx, { dealId: id, ...m, addedBy: actor?.userId ?? null })
  await insertStageChange(trx, { dealId: id, from: null, to: 'intent', actorId: actor?.userId ?? null })
  await audit(trx, meta, actor?.userId ?? null, 'deal.opened', { type: 'deal', id, orgId: spec.sellerOrgId }, {
    source: spec.source.kind,
    sourceId: spec.source.id,
    buyers: buyers.join(','),
  })
  if (actor) await postSystemLine(trx, id, 'deals.system.opened', { source: spec.source.kind, actor: actor.name })
  else await postSystemLine(trx, id, 'deals.system.openedByPlatform', { source: spec.source.kind })
  await notify(
    trx,
    [...members.keys()].filter((u) => u !== actor?.userId),
    // Opened by the platform itself (a notice's conclusion job): no one to name.
    actor ? { kind: 'deal_opened', params: { title: spec.title, actor: actor.name }, link: `/deals/${id}` } : { kind: 'deal_opened_by_platform', params: { title: spec.title }, link: `/deals/${id}` },
  )
  return { id, created: true }
}

/** From a match both sides accepted: its manager or either side's listing owner or admin opens it. */
export async function openDealFromMatch(db: Database, actor: Principal, matchId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const m = await lockMatch(trx, matchId)
    if (!m) throw notFound()
    const party = membershipRole(actor, m.need_org_id) !== null || membershipRole(actor, m.achievement_org_id) !== null
    if (m.manager_id !== actor.userId && !party) throw notFound()
    const mayOpen =
      m.manager_id === actor.userId ||
      [m.need_created_by, m.achievement_created_by].includes(actor.userId) ||
      isOrgAdmin(actor, m.need_org_id) ||
      isOrgAdmin(actor, m.achievement_org_id)
    if (!mayOpen) throw forbidden()
    if (m.status !== 'accepted') throw conflict('deals.errors.notAccepted')
    const manager = await managerMember(trx, m.manager_id)
    return openDeal(
      trx,
      actor,
      {
        title: m.achievement_title,
        source: { kind: 'match', id: m.id },
        sellerOrgId: m.achievement_org_id,
        buyerOrgIds: [m.need_org_id],
        achievementIds: [m.achievement_id],
        needId: m.need_id,
        members: [
          { userId: m.achievement_created_by, role: 'party', orgId: m.achievement_org_id },
          { userId: m.need_created_by, role: 'party', orgId: m.need_org_id },
          ...(manager ? [manager] : []),
        ],
      },
      meta,
    )
  })
}

async function managerMember(trx: Executor, userId: string) {
  const p = await findManagerProfile(trx, userId)
  return p && p.status === 'approved' ? { userId, role: 'manager' as const, orgId: p.agency_id } : null
}

/** From an interest the owner accepted: the owner's side or the interested enterprise opens it. */
export async function openDealFromInterest(db: Database, actor: Principal, interestId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const i = await lockInterest(trx, interestId)
    if (!i) throw notFound()
    const a = await findAchievement(trx, i.achievement_id)
    if (!a) throw notFound()
    const ownerSide = a.created_by === actor.userId || isOrgAdmin(actor, a.org_id)
    const buyerSide = i.user_id === actor.userId || isOrgAdmin(actor, i.org_id)
    if (!ownerSide && !buyerSide) throw notFound()
    if (i.status !== 'accepted') throw conflict('deals.errors.notAccepted')
    return openDeal(
      trx,
      actor,
      {
        title: a.title,
        source: { kind: 'interest', id: i.id },
        sellerOrgId: a.org_id,
        buyerOrgIds: [i.org_id],
        achievementIds: [a.id],
        members: [
          { userId: a.created_by, role: 'party', orgId: a.org_id },
          { userId: i.user_id, role: 'party', orgId: i.org_id },
        ],
      },
      meta,
    )
  })
}

/** From a response to a need that the enterprise accepted: the need's side or the responder opens it. */
export async function openDealFromNeedResponse(db: Database, actor: Principal, responseId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const r = await lockNeedResponse(trx, responseId)
    if (!r || r.kind !== 'response') throw notFound()
    const needSide = r.need_created_by === actor.userId || isOrgAdmin(actor, r.need_org_id)
    const responderSide = r.user_id === actor.userId || isOrgAdmin(actor, r.org_id)
    if (!needSide && !responderSide) throw notFound()
    if (r.status !== 'accepted') throw conflict('deals.errors.notAccepted')
    return openDeal(
      trx,
      actor,
      {
        title: r.need_title,
        source: { kind: 'need_response', id: r.id },
        sellerOrgId: r.org_id,
        buyerOrgIds: [r.need_org_id],
        achievementIds: r.achievement_id ? [r.achievement_id] : [],
        needId: r.need_id,
        members: [
          { userId: r.user_id, role: 'party', orgId: r.org_id },
          { userId: r.need_created_by, role: 'party', orgId: r.need_org_id },
        ],
      },
      meta,
    )
  })
}

export interface DirectDealInput {
  achievementId: string
  buyerOrgId: string
  needId?: string | null
}

/** A technology manager brings a published achievement and an enterprise together directly. */
export async function openDealDirect(db: Database, actor: Principal, input: DirectDealInput, meta: RequestMeta) {
  if (!actor.manager) throw forbidden('errors.match.managersOnly')
  return db.transaction().execute(async (trx) => {
    const a = await findAchievement(trx, input.achievementId)
    if (!a || a.status !== 'published') throw notFound()
    const buyer = await findOrganisation(trx, input.buyerOrgId)
    if (!buyer || buyer.status !== 'verified' || buyer.type !== 'enterprise') throw conflict('deals.errors.buyerNotEnterprise', { buyerOrgId: ['deals.errors.buyerNotEnterprise'] })
    let needCreator: string | null = null
    if (input.needId) {
      const n = await findNeed(trx, input.needId)
      if (!n || n.org_id !== buyer.id || n.status !== 'published') throw conflict('deals.errors.needNotOfBuyer', { needId: ['deals.errors.needNotOfBuyer'] })
      needCreator = n.created_by
    }
    const manager = await managerMember(trx, actor.userId)
    if (!manager) throw forbidden('errors.match.managersOnly')
    return openDeal(
      trx,
      actor,
      {
        title: a.title,
        source: { kind: 'manager', id: null },
        sellerOrgId: a.org_id,
        buyerOrgIds: [buyer.id],
        achievementIds: [a.id],
        needId: input.needId ?? null,
        members: [
          manager,
          { userId: a.created_by, role: 'party', orgId: a.org_id },
          ...(needCreator ? [{ userId: needCreator, role: 'party' as const, orgId: buyer.id }] : []),
        ],
      },
      meta,
    )
  })
}
