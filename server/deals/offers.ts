import { z } from 'zod'
import type { Database, Executor } from '../../db/index'
import { isUniqueViolation } from '../../db/index'
import { dealMembers, insertStageChange, lockDeal, setDealStage } from '../../db/repos/deals'
import {
  agreedTerms,
  dealOffers,
  decideOffer,
  findOffer,
  insertAgreedTerms,
  insertOffer,
  latestOffer,
  managerMemberIds,
  openOffer,
  sideMemberIds,
} from '../../db/repos/offers'
import type { DealStage, DealTermsVia } from '../../db/schema'
import type { Principal, RequestMeta } from '../identity/principal'
import type { Locale } from '../i18n/catalog'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { validText } from '../platform/input'
import { fenToWan } from '../platform/money'
import { publish, roomName } from '../realtime/publish'
import type { DealAccess } from './access'
import { partnerDealAccess } from './partner-access'
import { postSystemLine } from './system-line'
import { DealTermsSchema, fixedPriceFen, type DealTerms } from './terms'
import { diffTerms, type TermsChange } from './terms-diff'

// Offers and counter-offers (报价/还价) as structured terms (ADR 023). A party
// member of the seller or the buyer side puts terms on the table as the next
// version; whatever was open before is superseded (from the other side, that
// makes the new one a counter-offer). Only the OTHER side accepts the open
// version — never its maker's side, never a manager — and acceptance freezes
// the terms on the deal (deal_agreed_terms; the database refuses to change
// them) and moves the deal to 条款确认. Each change is one transaction under
// the deal row's lock: audited, a system line in the room, an `offer` event,
// the other side notified.

/** Stages in which terms may still be proposed. */
const NEGOTIABLE: DealStage[] = ['intent', 'negotiation']

/** Who acts: a person (with an API token's organisation when the call came with one). */
export interface OfferActor {
  principal: Principal
  /** The API token's organisation, or null for a signed-in session. */
  tokenOrgId?: string | null
}

const other = (side: 'seller' | 'buyer') => (side === 'seller' ? 'buyer' : 'seller')
const priceWan = (t: DealTerms) => fenToWan(fixedPriceFen(t.price))
const parseTerms = (raw: unknown) => DealTermsSchema.parse(raw)

async function lockedAccess(trx: Executor, actor: OfferActor, dealId: string): Promise<DealAccess> {
  const access = await partnerDealAccess(trx, actor.principal, actor.tokenOrgId ?? null, dealId)
  if (!access) throw notFound()
  const deal = await lockDeal(trx, dealId)
  if (!deal) throw notFound()
  return { ...access, deal }
}

function partySide(access: DealAccess, managerKey: string): 'seller' | 'buyer' {
  if (access.side === 'manager') throw forbidden(managerKey)
  return access.side
}

async function moveStage(trx: Executor, dealId: string, from: DealStage, to: DealStage, actorId: string | null) {
  if (from === to) return
  await setDealStage(trx, dealId, to)
  await insertStageChange(trx, { dealId, from, to, actorId })
  await postSystemLine(trx, dealId, to === 'terms_agreed' ? 'deals.system.toTermsAgreed' : 'deals.system.toNegotiation', { from, to })
  await publish(trx, roomName('deal', dealId), 'stage', { stage: to })
}

const link = (dealId: string) => `/deals/${dealId}/offers`

/** Puts terms on the table as the next version; supersedes the open one (a counter-offer when it was the other side's). */
export function makeOffer(db: Database, actor: OfferActor, dealId: string, input: DealTerms, meta: RequestMeta) {
  return db.transaction().execute((trx) => makeOfferIn(trx, actor, dealId, input, meta))
}

/** makeOffer inside the caller's transaction (the demo seed uses it). */
export async function makeOfferIn(trx: Executor, actor: OfferActor, dealId: string, input: DealTerms, meta: RequestMeta) {
  const terms = DealTermsSchema.parse(input)
  const access = await lockedAccess(trx, actor, dealId)
  const side = partySide(access, 'offers.errors.managerCannotOffer')
  const { deal } = access
  if (!NEGOTIABLE.includes(deal.stage)) throw conflict('offers.errors.notNegotiable')
  const [open, last] = await Promise.all([openOffer(trx, dealId), latestOffer(trx, dealId)])
  if (open) await decideOffer(trx, open.id, 'open', 'superseded', { userId: actor.principal.userId })
  const version = (last?.version ?? 0) + 1
  const counter = !!open && open.side !== side
  const row = await insertOffer(trx, {
    dealId,
    version,
    side,
    orgId: access.orgId,
    terms,
    basisVersion: open?.version ?? null,
    createdBy: actor.principal.userId,
  })
  const key = counter ? 'offerCountered' : open ? 'offerRevised' : 'offerMade'
  await audit(trx, meta, actor.principal.userId, `deal.${key}`, { type: 'deal', id: dealId, orgId: access.orgId }, { version, side, basis: open?.version ?? null, priceFen: fixedPriceFen(terms.price) })
  await postSystemLine(trx, dealId, `deals.system.${key}`, { actor: actor.principal.name, version: String(version), price: priceWan(terms), side })
  await publish(trx, roomName('deal', dealId), 'offer', { version, status: 'open', side })
  await moveStage(trx, dealId, deal.stage, 'negotiation', actor.principal.userId)
  const recipients = [...(await sideMemberIds(trx, dealId, other(side))), ...(await managerMemberIds(trx, dealId))].filter((u) => u !== actor.principal.userId)
  await notify(trx, recipients, { kind: 'deal_offer', params: { title: deal.title, actor: actor.principal.name, version: String(version), price: priceWan(terms) }, link: link(dealId) })
  return { version, id: row.id }
}

async function openVersion(trx: Executor, dealId: string, version: number) {
  const offer = Number.isSafeInteger(version) ? await findOffer(trx, dealId, version) : undefined
  if (!offer) throw notFound()
  if (offer.status !== 'open') throw conflict('offers.errors.notOpen')
  return offer
}

/** The maker's side takes back its own open offer. */
export async function withdrawOffer(db: Database, actor: OfferActor, dealId: string, version: number, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await lockedAccess(trx, actor, dealId)
    const side = partySide(access, 'offers.errors.notYourOffer')
    const offer = await openVersion(trx, dealId, version)
    if (offer.side !== side) throw forbidden('offers.errors.notYourOffer')
    await decideOffer(trx, offer.id, 'open', 'withdrawn', { userId: actor.principal.userId })
    await audit(trx, meta, actor.principal.userId, 'deal.offerWithdrawn', { type: 'deal', id: dealId, orgId: access.orgId }, { version })
    await postSystemLine(trx, dealId, 'deals.system.offerWithdrawn', { actor: actor.principal.name, version: String(version) })
    await publish(trx, roomName('deal', dealId), 'offer', { version, status: 'withdrawn', side })
    const recipients = (await sideMemberIds(trx, dealId, other(side))).filter((u) => u !== actor.principal.userId)
    await notify(trx, recipients, { kind: 'deal_offer_withdrawn', params: { title: access.deal.title, actor: actor.principal.name, version: String(version) }, link: link(dealId) })
  })
}

/** The other side accepts the open version: the terms are frozen on the deal, which moves to 条款确认. */
export function acceptOffer(db: Database, actor: OfferActor, dealId: string, version: number, meta: RequestMeta) {
  return db.transaction().execute((trx) => acceptOfferIn(trx, actor, dealId, version, meta))
}

/** acceptOffer inside the caller's transaction (the demo seed uses it). */
export async function acceptOfferIn(trx: Executor, actor: OfferActor, dealId: string, version: number, meta: RequestMeta) {
  const access = await lockedAccess(trx, actor, dealId)
  const side = partySide(access, 'offers.errors.managerCannotAccept')
  const offer = await openVersion(trx, dealId, version)
  if (offer.side === side) throw forbidden('offers.errors.ownSide')
  if (!NEGOTIABLE.includes(access.deal.stage)) throw conflict('offers.errors.notNegotiable')
  const terms = parseTerms(offer.terms)
  await decideOffer(trx, offer.id, 'open', 'accepted', { userId: actor.principal.userId })
  await insertAgreedTerms(trx, { dealId, offerId: offer.id, version, terms, via: 'offer', agreedBy: actor.principal.userId })
  await audit(trx, meta, actor.principal.userId, 'deal.offerAccepted', { type: 'deal', id: dealId, orgId: access.orgId }, { version, priceFen: fixedPriceFen(terms.price) })
  await postSystemLine(trx, dealId, 'deals.system.offerAccepted', { actor: actor.principal.name, version: String(version), price: priceWan(terms) })
  await publish(trx, roomName('deal', dealId), 'offer', { version, status: 'accepted' })
  await moveStage(trx, dealId, access.deal.stage, 'terms_agreed', actor.principal.userId)
  const members = (await dealMembers(trx, dealId)).map((m) => m.user_id).filter((u) => u !== actor.principal.userId)
  await notify(trx, members, { kind: 'deal_offer_accepted', params: { title: access.deal.title, actor: actor.principal.name, version: String(version), price: priceWan(terms) }, link: link(dealId) })
}

export const RejectSchema = z.object({ reason: z.string().trim().max(1000, 'errors.maxLength|max=1000').refine(...validText).optional() })

/** The other side turns down the open version, optionally saying why. */
export async function rejectOffer(db: Database, actor: OfferActor, dealId: string, version: number, reason: string | null, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await lockedAccess(trx, actor, dealId)
    const side = partySide(access, 'offers.errors.managerCannotAccept')
    const offer = await openVersion(trx, dealId, version)
    if (offer.side === side) throw forbidden('offers.errors.ownSide')
    await decideOffer(trx, offer.id, 'open', 'rejected', { userId: actor.principal.userId, reason: reason || null })
    await audit(trx, meta, actor.principal.userId, 'deal.offerRejected', { type: 'deal', id: dealId, orgId: access.orgId }, { version, reason: reason || null })
    await postSystemLine(trx, dealId, reason ? 'deals.system.offerRejectedWhy' : 'deals.system.offerRejected', { actor: actor.principal.name, version: String(version), reason: reason ?? '' })
    await publish(trx, roomName('deal', dealId), 'offer', { version, status: 'rejected' })
    const recipients = (await sideMemberIds(trx, dealId, other(side))).filter((u) => u !== actor.principal.userId)
    await notify(trx, recipients, { kind: 'deal_offer_rejected', params: { title: access.deal.title, actor: actor.principal.name, version: String(version) }, link: link(dealId) })
  })
}

/**
 * Terms a deal agreed outside the offer table — a 挂牌公示's listed terms with
 * its one buyer, an auction's result — recorded as an accepted version made by
 * the platform, frozen, and the deal moved to 条款确认. Inside the caller's
 * transaction; the caller has authorised the change.
 */
export async function recordAgreedTerms(
  trx: Executor,
  actor: Principal | null,
  dealId: string,
  input: DealTerms,
  meta: RequestMeta,
  opts: { via: Exclude<DealTermsVia, 'offer'> },
) {
  const terms = DealTermsSchema.parse(input)
  const deal = await lockDeal(trx, dealId)
  if (!deal) throw notFound()
  if (await agreedTerms(trx, dealId)) throw conflict('offers.errors.alreadyAgreed')
  if (deal.stage === 'closed_lost') throw conflict('offers.errors.notNegotiable')
  const [open, last] = await Promise.all([openOffer(trx, dealId), latestOffer(trx, dealId)])
  if (open) await decideOffer(trx, open.id, 'open', 'superseded', { userId: actor?.userId ?? null })
  const version = (last?.version ?? 0) + 1
  const row = await insertOffer(trx, { dealId, version, side: null, orgId: null, terms, status: 'accepted', basisVersion: null, createdBy: actor?.userId ?? null, via: opts.via })
  try {
    await insertAgreedTerms(trx, { dealId, offerId: row.id, version, terms, via: opts.via, agreedBy: actor?.userId ?? null })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('offers.errors.alreadyAgreed')
    throw err
  }
  await audit(trx, meta, actor?.userId ?? null, 'deal.termsRecorded', { type: 'deal', id: dealId }, { version, via: opts.via, priceFen: fixedPriceFen(terms.price) })
  await postSystemLine(trx, dealId, 'deals.system.termsRecorded', { via: opts.via, version: String(version), price: priceWan(terms) })
  await publish(trx, roomName('deal', dealId), 'offer', { version, status: 'accepted' })
  if (NEGOTIABLE.includes(deal.stage)) await moveStage(trx, dealId, deal.stage, 'terms_agreed', actor?.userId ?? null)
  const members = (await dealMembers(trx, dealId)).map((m) => m.user_id).filter((u) => u !== actor?.userId)
  await notify(trx, members, { kind: 'deal_offer_accepted', params: { title: deal.title, actor: '', version: String(version), price: priceWan(terms) }, link: link(dealId) })
  return { version, offerId: row.id }
}

// ── Reading ───────────────────────────────────────────────────────────────────

export interface OfferView {
  version: number
  side: 'seller' | 'buyer' | null
  orgName: string | null
  via: DealTermsVia
  status: 'open' | 'superseded' | 'withdrawn' | 'accepted' | 'rejected'
  terms: DealTerms
  basisVersion: number | null
  createdByName: string | null
  createdAt: string
  decidedByName: string | null
  decidedAt: string | null
  rejectReason: string | null
  /** Against the version before it (the first: every field it sets). */
  changes: TermsChange[]
}

/** Every version of the deal's terms with its diff against the one before, and the frozen terms once agreed. */
export async function dealOffersView(db: Executor, dealId: string, locale: Locale) {
  const [rows, agreed] = await Promise.all([dealOffers(db, dealId), agreedTerms(db, dealId)])
  let prev: DealTerms | null = null
  const versions: OfferView[] = rows.map((r) => {
    const terms = parseTerms(r.terms)
    const view: OfferView = {
      version: r.version,
      side: r.side,
      orgName: r.org_name,
      via: r.via,
      status: r.status,
      terms,
      basisVersion: r.basis_version,
      createdByName: r.created_by_name,
      createdAt: r.created_at.toISOString(),
      decidedByName: r.decided_by_name,
      decidedAt: r.decided_at?.toISOString() ?? null,
      rejectReason: r.reject_reason,
      changes: diffTerms(prev, terms, locale),
    }
    prev = terms
    return view
  })
  return {
    versions,
    open: versions.find((v) => v.status === 'open') ?? null,
    agreed: agreed
      ? { version: agreed.version, via: agreed.via, terms: parseTerms(agreed.terms), agreedAt: agreed.agreed_at.toISOString(), agreedByName: agreed.agreed_by_name }
      : null,
  }
}

/** What the viewer may do on the offers tab. */
export function offerAbilities(access: DealAccess, open: OfferView | null, agreed: boolean) {
  const party = access.side !== 'manager'
  const negotiable = NEGOTIABLE.includes(access.deal.stage) && !agreed
  return {
    offer: party && negotiable,
    accept: party && negotiable && !!open && open.side !== null && open.side !== access.side,
    withdraw: party && !!open && open.side === access.side,
  }
}
