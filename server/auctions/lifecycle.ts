import type { Database, Executor } from '../../db/index'
import { isUniqueViolation } from '../../db/index'
import { findAchievement, lockAchievement } from '../../db/repos/achievements'
import {
  achievementsInOpenNotice,
  auctionableAchievements,
  auctionItemDetails,
  auctionsOfOrgs,
  countRegistrations,
  defaulterOf,
  findRegistration,
  listPublicAuctions,
  lockRegistration,
  openAuctionsOfAchievements,
  pendingApplications,
  pendingDeposits,
  platformAdminIds,
  recentDeposits,
  releaseConfirmedDeposits,
  relistedFromOf,
  setAuctionReview,
  setAuctionWithdrawn,
} from '../../db/repos/auction-lifecycle'
import { findAuction, insertAuction, insertAuctionItems, insertRegistration, lockAuction, nextSerial, registrationsOfAuction, setDepositConfirmed } from '../../db/repos/auctions'
import { orgAdminIds } from '../../db/repos/notices'
import { DealTermsSchema, type DealTerms } from '../deals/terms'
import { isLive, isOrgAdmin, membershipRole } from '../identity/permissions'
import type { Membership, Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { fenToWan } from '../platform/money'
import { publish, roomName } from '../realtime/publish'
import { mayViewAuction } from './access'
import type { ApplyInput } from './lifecycle-schemas'
import { liveLotView, type AuctionRow } from './live-view'
import { auctionRulesOn, defaultIncrement, depositFor, type AuctionRules } from './policy'
import { resultView } from './result-view'

// 科技成果竞价 before the hammer (ADR 028): an institution applies to auction
// one or more of its published achievements as one lot; a platform admin
// approves (the lot is announced, 竞价公告, at least announcementDays before
// bidding opens) or rejects with a note; the seller may withdraw until bidding
// opens. Organisations of an allowed type register (竞买登记), accept the
// rules and transfer the deposit (保证金) to the platform's account outside
// the platform; an admin confirms it against the bank's reference and the
// bidder gets a numbered receipt. The rules in force on the day of the
// application are frozen into the lot (auctions.rules).

const DAY = 86_400_000
const HOUR = 3_600_000

/** Room event: the count of registered bidders changed. */
export const AUCTION_EVENT_REGISTRATIONS = 'registrations'

/** An admin of a verified university or institute (the organisations that sell achievements). */
function sellerMembership(p: Principal, orgId: string): Membership | undefined {
  const m = p.memberships.find((x) => x.orgId === orgId)
  return m && (m.role === 'owner' || m.role === 'admin') && m.orgStatus === 'verified' && (m.orgType === 'university' || m.orgType === 'institute') ? m : undefined
}

export function sellerOrgs(p: Principal | null) {
  return p ? p.memberships.filter((m) => sellerMembership(p, m.orgId)) : []
}

function lotRules(lot: { rules: unknown }): AuctionRules {
  return lot.rules as AuctionRules
}

function termsOf(input: ApplyInput, startFen: number): DealTerms {
  return DealTermsSchema.parse({
    mode: input.mode,
    licence:
      input.mode === 'licence' ? { kind: input.licenceKind, field: input.licenceField, territory: input.licenceTerritory, termMonths: input.licenceMonths } : null,
    price: { structure: 'lump_sum', amountFen: startFen },
    deliverables: input.deliverables,
    warrantyMonths: input.warrantyMonths,
    note: input.note,
  })
}

/** The reference a bidder quotes with the transfer (转账附言), so the admin can match it. */
export function depositReference(auctionId: string, paddleNo: number) {
  return `JJ-${auctionId.slice(0, 8).toUpperCase()}-${paddleNo}`
}

/** The checks of the figures against the rules; field errors, all at once. */
function checkFigures(input: ApplyInput, rules: AuctionRules, now: Date) {
  const errors: Record<string, string[]> = {}
  const startFen = input.startPrice!
  const minInc = defaultIncrement(rules, startFen)
  const incrementFen = input.increment ?? minInc
  if (incrementFen < minInc) errors.increment = [`auction.apply.errors.increment|min=${fenToWan(minInc)}`]
  if (input.reserve !== null && input.reserve < startFen) errors.reserve = ['auction.apply.errors.reserve']
  const ppm = input.depositPercent === undefined ? rules.deposit.defaultPpm : Math.round(input.depositPercent * 10_000)
  if (ppm < rules.deposit.minPpm || ppm > rules.deposit.maxPpm) {
    errors.depositPercent = [`auction.apply.errors.depositRange|min=${rules.deposit.minPpm / 10_000}|max=${rules.deposit.maxPpm / 10_000}`]
  }
  const earliest = new Date(now.getTime() + rules.announcementDays * DAY)
  if (input.startsAt < earliest) errors.startsAt = [`auction.apply.errors.startTooSoon|days=${rules.announcementDays}`]
  const length = input.endsAt.getTime() - input.startsAt.getTime()
  if (length < rules.minBiddingHours * HOUR) errors.endsAt = [`auction.apply.errors.tooShort|hours=${rules.minBiddingHours}`]
  else if (length > rules.maxBiddingDays * DAY) errors.endsAt = [`auction.apply.errors.tooLong|days=${rules.maxBiddingDays}`]
  if (Object.keys(errors).length) throw invalid(errors)
  return { startFen, incrementFen, depositFen: Math.max(1, depositFor(startFen, ppm)) }
}

/**
 * 申请竞价: an admin of the verified university or institute that owns every
 * achievement of the lot. Each achievement is published and in no other open
 * lot or open 挂牌公示. A relist names the unsold or defaulted lot it repeats.
 */
export async function applyForAuction(db: Database, actor: Principal, input: ApplyInput, meta: RequestMeta, now = new Date()): Promise<{ id: string }> {
  const rules = auctionRulesOn(now)
  const figures = checkFigures(input, rules, now)
  const ids = [...new Set(input.achievementIds)]
  return db.transaction().execute(async (trx) => {
    let orgId: string | null = null
    // Locked in a fixed order so two applications for overlapping lots queue rather than deadlock.
    for (const id of [...ids].sort()) {
      if (!(await lockAchievement(trx, id))) throw invalid({ achievementIds: ['errors.notFound'] })
    }
    for (const id of ids) {
      const a = await findAchievement(trx, id)
      if (!a) throw invalid({ achievementIds: ['errors.notFound'] })
      if (!sellerMembership(actor, a.org_id)) {
        if (membershipRole(actor, a.org_id) === null && a.status !== 'published') throw invalid({ achievementIds: ['errors.notFound'] })
        throw forbidden('auction.apply.errors.institutionAdminsOnly')
      }
      if (orgId && orgId !== a.org_id) throw invalid({ achievementIds: ['auction.apply.errors.oneOrg'] })
      orgId = a.org_id
      if (!isLive({ status: a.status, expiresAt: a.expires_at }, now)) throw invalid({ achievementIds: [`auction.apply.errors.notPublished|title=${a.title}`] })
    }
    if (!orgId) throw invalid({ achievementIds: ['auction.apply.errors.noAchievement'] })
    if ((await openAuctionsOfAchievements(trx, ids)).length) throw invalid({ achievementIds: ['auction.apply.errors.inOpenAuction'] })
    if ((await achievementsInOpenNotice(trx, ids)).length) throw invalid({ achievementIds: ['auction.apply.errors.inOpenNotice'] })
    if (input.relistFrom) {
      const old = await findAuction(trx, input.relistFrom)
      if (!old || !sellerMembership(actor, old.org_id)) throw notFound()
      if (old.status !== 'unsold' && old.status !== 'defaulted') throw conflict('auction.apply.errors.notRelistable')
      if (old.org_id !== orgId) throw invalid({ achievementIds: ['auction.apply.errors.oneOrg'] })
    }
    const id = await insertAuction(trx, {
      orgId,
      title: input.title,
      summary: input.summary,
      format: input.format,
      terms: termsOf(input, figures.startFen),
      startPriceFen: figures.startFen,
      incrementFen: figures.incrementFen,
      reserveFen: input.reserve,
      depositFen: figures.depositFen,
      allowedOrgTypes: [...new Set(input.allowedOrgTypes)],
      rules,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      extensionSeconds: rules.extensionSeconds,
      relistedFrom: input.relistFrom ?? null,
      createdBy: actor.userId,
    })
    await insertAuctionItems(trx, id, ids)
    await audit(trx, meta, actor.userId, 'auction.applied', { type: 'auction', id, orgId }, {
      title: input.title,
      format: input.format,
      achievementIds: ids,
      startPriceFen: figures.startFen,
      incrementFen: figures.incrementFen,
      hasReserve: input.reserve !== null,
      depositFen: figures.depositFen,
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      relistedFrom: input.relistFrom ?? null,
    })
    await notify(trx, (await platformAdminIds(trx)).filter((u) => u !== actor.userId), {
      kind: 'auction_applied',
      params: { title: input.title },
      link: '/admin/auctions',
    })
    return { id }
  })
}

/**
 * The platform admin's decision. Approving announces the lot now; it is
 * refused when bidding would open less than the lot's announcement days from
 * now (the seller withdraws and applies again with a later start).
 */
export async function reviewAuction(
  db: Database,
  admin: Principal,
  id: string,
  decision: { decision: 'approve' | 'reject'; note: string },
  meta: RequestMeta,
  now = new Date(),
) {
  if (!admin.isPlatformAdmin) throw forbidden()
  return db.transaction().execute(async (trx) => {
    const lot = await lockAuction(trx, id)
    if (!lot) throw notFound()
    if (lot.status !== 'applied') throw conflict('auction.review.errors.notApplied')
    if (decision.decision === 'approve') {
      const days = lotRules(lot).announcementDays
      if (lot.starts_at.getTime() < now.getTime() + days * DAY) throw conflict(`auction.review.errors.tooLate|days=${days}`)
      const items = await auctionItemDetails(trx, lot.id)
      if (items.some((i) => i.status !== 'published')) throw conflict('auction.review.errors.notPublished')
      if ((await achievementsInOpenNotice(trx, items.map((i) => i.id))).length) throw conflict('auction.apply.errors.inOpenNotice')
    } else if (decision.note.trim().length < 2) {
      throw invalid({ note: ['auction.review.errors.noteRequired'] })
    }
    const status = decision.decision === 'approve' ? 'announced' : 'rejected'
    await setAuctionReview(trx, lot.id, { status, note: decision.note || null, by: admin.userId, at: now })
    await audit(trx, meta, admin.userId, status === 'announced' ? 'auction.announced' : 'auction.rejected', { type: 'auction', id: lot.id, orgId: lot.org_id }, {
      title: lot.title,
      note: decision.note || null,
      startsAt: lot.starts_at.toISOString(),
    })
    const admins = await orgAdminIds(trx, lot.org_id)
    await notify(trx, [...admins, lot.created_by].filter((u) => u !== admin.userId), {
      kind: status === 'announced' ? 'auction_announced' : 'auction_rejected',
      params: { title: lot.title, note: decision.note },
      link: `/auctions/${lot.id}`,
    })
    return { status }
  })
}

/** The seller (or a platform admin) withdraws the lot before bidding opens; registered bidders are told and deposits released. */
export async function withdrawAuction(db: Database, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const lot = await lockAuction(trx, id)
    if (!lot || !mayViewAuction(actor, lot)) throw notFound()
    if (!actor.isPlatformAdmin && !isOrgAdmin(actor, lot.org_id)) throw forbidden('auction.apply.errors.institutionAdminsOnly')
    if (lot.status !== 'applied' && lot.status !== 'announced') throw conflict('auction.withdraw.errors.notOpen')
    if (lot.status === 'announced' && now >= lot.starts_at) throw conflict('auction.withdraw.errors.biddingOpen')
    await setAuctionWithdrawn(trx, lot.id, now)
    const released = await releaseConfirmedDeposits(trx, lot.id, now)
    const regs = await registrationsOfAuction(trx, lot.id)
    await audit(trx, meta, actor.userId, 'auction.withdrawn', { type: 'auction', id: lot.id, orgId: lot.org_id }, {
      title: lot.title,
      registrations: regs.length,
      depositsReleased: released.length,
    })
    await notify(trx, regs.map((r) => r.user_id).filter((u) => u !== actor.userId), {
      kind: 'auction_withdrawn',
      params: { title: lot.title },
      link: `/auctions/${lot.id}`,
    })
  })
}

/** Organisations barred from the lot: those that defaulted (悔拍) on it or on any lot it relists. */
async function barredOrgs(db: Executor, auctionId: string) {
  const out = new Set<string>()
  let at: string | null = auctionId
  for (let hops = 0; at && hops < 20; hops++) {
    const org = await defaulterOf(db, at)
    if (org) out.add(org)
    at = await relistedFromOf(db, at)
  }
  return out
}

/** Which of the viewer's organisations may register for the lot, and why not. */
function bidderOrgs(p: Principal | null, lot: { org_id: string; allowed_org_types: string[] }) {
  return p ? p.memberships.filter((m) => m.orgStatus === 'verified' && m.orgId !== lot.org_id && lot.allowed_org_types.includes(m.orgType)) : []
}

/**
 * 竞买登记: for an organisation of the viewer that is verified, of a type the
 * seller allows, not the seller and not barred; the rules are accepted now.
 * Open from the announcement until bidding ends (a deposit confirmed late
 * still lets the bidder in for the rest of the bidding).
 */
export async function registerBidder(db: Database, actor: Principal, id: string, input: { orgId: string }, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const lot = await lockAuction(trx, id)
    if (!lot || !mayViewAuction(actor, lot)) throw notFound()
    if (lot.status !== 'announced' || now >= lot.ends_at) throw conflict('auction.register.errors.closed')
    const m = actor.memberships.find((x) => x.orgId === input.orgId)
    if (!m || m.orgStatus !== 'verified') throw forbidden('auction.register.errors.notVerified')
    if (m.orgId === lot.org_id) throw forbidden('auction.register.errors.ownLot')
    if (!lot.allowed_org_types.includes(m.orgType)) throw forbidden('auction.register.errors.orgType')
    if ((await barredOrgs(trx, lot.id)).has(m.orgId)) throw forbidden('auction.register.errors.barred')
    let reg: { id: string; paddle_no: number }
    try {
      reg = await insertRegistration(trx, { auctionId: lot.id, orgId: m.orgId, userId: actor.userId, depositFen: Number(lot.deposit_fen), at: now })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('auction.register.errors.already')
      throw err
    }
    const count = await countRegistrations(trx, lot.id)
    await publish(trx, roomName('auction', lot.id), AUCTION_EVENT_REGISTRATIONS, { count })
    await audit(trx, meta, actor.userId, 'auction.registered', { type: 'auction', id: lot.id, orgId: lot.org_id }, {
      title: lot.title,
      bidderOrgId: m.orgId,
      registrationId: reg.id,
      paddleNo: reg.paddle_no,
      depositFen: Number(lot.deposit_fen),
    })
    return { registrationId: reg.id, paddleNo: reg.paddle_no }
  })
}

/** The admin matched the bidder's transfer: the deposit counts, and the bidder gets a receipt number. */
export async function confirmDeposit(db: Database, admin: Principal, registrationId: string, input: { bankReference: string }, meta: RequestMeta, now = new Date()) {
  if (!admin.isPlatformAdmin) throw forbidden()
  return db.transaction().execute(async (trx) => {
    const found = await findRegistration(trx, registrationId)
    if (!found) throw notFound()
    // The lot first, as the engine does: a bid and a confirmation never wait on each other in the other order.
    const lot = await lockAuction(trx, found.auction_id)
    const reg = await lockRegistration(trx, registrationId)
    if (!lot || !reg) throw notFound()
    if (reg.deposit_status !== 'pending') throw conflict('auction.deposit.errors.notPending')
    if (lot.status !== 'announced' || now >= lot.ends_at) throw conflict('auction.deposit.errors.lotClosed')
    const receiptNo = await nextSerial(trx, 'receipt', Number(shanghaiDate(now).slice(0, 4)))
    try {
      await setDepositConfirmed(trx, reg.id, { bankReference: input.bankReference.trim(), receiptNo, by: admin.userId, at: now })
    } catch (err) {
      if (isUniqueViolation(err)) throw invalid({ bankReference: ['auction.deposit.errors.referenceUsed'] })
      throw err
    }
    await audit(trx, meta, admin.userId, 'auction.deposit_confirmed', { type: 'auction', id: lot.id, orgId: lot.org_id }, {
      title: lot.title,
      registrationId: reg.id,
      bidderOrgId: reg.org_id,
      paddleNo: reg.paddle_no,
      depositFen: Number(reg.deposit_fen),
      bankReference: input.bankReference.trim(),
      receiptNo,
    })
    await notify(trx, [reg.user_id], {
      kind: 'auction_deposit_confirmed',
      params: { title: lot.title, receiptNo, amount: fenToWan(Number(reg.deposit_fen)) },
      link: `/auctions/${lot.id}`,
    })
    return { receiptNo }
  })
}

export type AuctionPhase = 'applied' | 'rejected' | 'withdrawn' | 'announced' | 'bidding' | 'closing' | 'sold' | 'unsold' | 'defaulted'

/** Where a lot stands at `now` (an announced lot's phase follows the clock). */
export function phaseOf(lot: { status: string; starts_at: Date; ends_at: Date }, now: Date): AuctionPhase {
  if (lot.status !== 'announced') return lot.status as AuctionPhase
  return now < lot.starts_at ? 'announced' : now < lot.ends_at ? 'bidding' : 'closing'
}

/** The public list (公告期, 竞价中, 成交公示/流拍) and the viewer's own organisations' lots in any state. */
export async function auctionList(db: Database, viewer: Principal | null, now = new Date()) {
  const rows = await listPublicAuctions(db, now)
  const lots = rows.map((r) => ({
    id: r.id,
    title: r.title,
    orgName: r.org_name,
    format: r.format,
    status: r.status,
    phase: phaseOf(r, now),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    startPriceFen: Number(r.start_price_fen),
    priceFen: r.current_price_fen === null ? null : Number(r.current_price_fen),
    bidCount: r.bid_count,
    hasReserve: r.reserve_fen !== null,
    depositFen: Number(r.deposit_fen),
    closedAt: r.closed_at,
    hammerPriceFen: r.hammer_price_fen === null ? null : Number(r.hammer_price_fen),
    buyerName: r.status === 'sold' ? r.buyer_name : null,
    registrations: Number(r.registrations ?? 0),
  }))
  const sellerOrgIds = sellerOrgs(viewer).map((m) => m.orgId)
  const own = viewer ? await auctionsOfOrgs(db, viewer.memberships.map((m) => m.orgId)) : []
  return {
    upcoming: lots.filter((l) => l.phase === 'announced').sort((a, b) => +a.startsAt - +b.startsAt),
    live: lots.filter((l) => l.phase === 'bidding' || l.phase === 'closing'),
    finished: lots.filter((l) => l.status === 'sold' || l.status === 'unsold' || l.status === 'defaulted').sort((a, b) => +(b.closedAt ?? 0) - +(a.closedAt ?? 0)),
    mine: own.map((r) => ({ id: r.id, title: r.title, status: r.status, phase: phaseOf(r, now), startsAt: r.starts_at, reviewNote: r.review_note })),
    mayApply: sellerOrgIds.length > 0,
  }
}

/**
 * The lot's page: the announcement (materials, rules, schedule, figures,
 * whether there is a reserve — never its amount — and the count of registered
 * bidders), the viewer's registration and deposit instructions, the live part
 * and the result part. Lots under review, rejected or withdrawn exist only for
 * the seller's members and platform admins.
 */
export async function auctionPage(db: Database, viewer: Principal | null, id: string, now = new Date()) {
  const lot = await findAuction(db, id)
  if (!lot) throw notFound()
  const [items, regs, barred] = await Promise.all([auctionItemDetails(db, lot.id), registrationsOfAuction(db, lot.id), barredOrgs(db, lot.id)])
  const mine = viewer ? regs.filter((r) => membershipRole(viewer, r.org_id) !== null) : []
  // A withdrawn lot stays visible to the bidders who registered for it (their notification links here).
  if (!mayViewAuction(viewer, lot) && mine.length === 0) throw notFound()
  const row = lot as unknown as AuctionRow
  const [live, result] = await Promise.all([liveLotView(db, viewer, row, now), resultView(db, viewer, row, now)])
  const phase = phaseOf(lot, now)
  const manage = !!viewer && (isOrgAdmin(viewer, lot.org_id) || viewer.isPlatformAdmin)
  const eligible = bidderOrgs(viewer, lot).filter((m) => !regs.some((r) => r.org_id === m.orgId) && !barred.has(m.orgId))
  const registrationOpen = lot.status === 'announced' && now < lot.ends_at
  const rules = lotRules(lot)
  const terms = DealTermsSchema.parse(lot.terms)
  return {
    lot: {
      id: lot.id,
      title: lot.title,
      summary: lot.summary,
      orgId: lot.org_id,
      orgName: lot.org_name,
      format: lot.format,
      status: lot.status,
      terms,
      startPriceFen: Number(lot.start_price_fen),
      incrementFen: Number(lot.increment_fen),
      hasReserve: lot.reserve_fen !== null,
      /** The seller and admins know their own reserve; nobody else ever sees it. */
      reserveFen: manage && lot.reserve_fen !== null ? Number(lot.reserve_fen) : null,
      depositFen: Number(lot.deposit_fen),
      allowedOrgTypes: lot.allowed_org_types,
      announcedAt: lot.announced_at,
      startsAt: lot.starts_at,
      scheduledEndAt: lot.scheduled_end_at,
      endsAt: lot.ends_at,
      extensionSeconds: lot.extension_seconds,
      reviewNote: manage ? lot.review_note : null,
      relistedFrom: lot.relisted_from,
    },
    rules: { announcementDays: rules.announcementDays, extensionSeconds: lot.extension_seconds, signDays: rules.signDays, paymentDays: rules.paymentDays },
    phase,
    items: items.map((i) => ({ id: i.id, title: i.title, summary: i.summary, trl: i.trl, public: i.status === 'published' })),
    registrationCount: regs.length,
    mine: mine.map((r) => ({
      id: r.id,
      orgName: r.org_name,
      paddleNo: r.paddle_no,
      depositFen: Number(r.deposit_fen),
      depositStatus: r.deposit_status,
      receiptNo: r.receipt_no,
      reference: depositReference(lot.id, r.paddle_no),
      at: r.created_at,
    })),
    registrableOrgs: eligible.map((m) => ({ id: m.orgId, name: m.orgName })),
    // The seller sees its bidders by paddle number only (who bids stays hidden from the seller, as in the room); platform admins see who they are.
    registrations: manage
      ? regs.map((r) => ({
          id: r.id,
          orgName: viewer?.isPlatformAdmin ? r.org_name : null,
          userName: viewer?.isPlatformAdmin ? r.user_name : null,
          paddleNo: r.paddle_no,
          depositStatus: r.deposit_status,
          at: r.created_at,
        }))
      : [],
    live,
    result,
    can: {
      manage,
      register: registrationOpen && eligible.length > 0,
      signInToRegister: registrationOpen && !viewer,
      withdraw: manage && (lot.status === 'applied' || (lot.status === 'announced' && now < lot.starts_at)),
      relist: !!viewer && !!sellerMembership(viewer, lot.org_id) && (lot.status === 'unsold' || lot.status === 'defaulted'),
      review: !!viewer?.isPlatformAdmin && lot.status === 'applied',
    },
  }
}

export type AuctionPageData = Awaited<ReturnType<typeof auctionPage>>

/** What the application form offers: the applicant's achievements, the policy's defaults, and a relisted lot's figures. */
export async function applicationForm(db: Database, actor: Principal, opts: { relist?: string | null; achievement?: string | null }, now = new Date()) {
  const orgs = sellerOrgs(actor)
  if (orgs.length === 0) throw forbidden('auction.apply.errors.institutionAdminsOnly')
  const rules = auctionRulesOn(now)
  const achievements = (await Promise.all(orgs.map(async (o) => (await auctionableAchievements(db, o.orgId, now)).map((a) => ({ ...a, orgName: o.orgName }))))).flat()
  let relist: null | { id: string; title: string; summary: string; format: string; terms: DealTerms; startPriceFen: number; incrementFen: number; reserveFen: number | null; depositFen: number; allowedOrgTypes: string[]; achievementIds: string[] } = null
  if (opts.relist) {
    const old = await findAuction(db, opts.relist)
    if (!old || !sellerMembership(actor, old.org_id)) throw notFound()
    if (old.status !== 'unsold' && old.status !== 'defaulted') throw conflict('auction.apply.errors.notRelistable')
    const items = await auctionItemDetails(db, old.id)
    relist = {
      id: old.id,
      title: old.title,
      summary: old.summary,
      format: old.format,
      terms: DealTermsSchema.parse(old.terms),
      startPriceFen: Number(old.start_price_fen),
      incrementFen: Number(old.increment_fen),
      reserveFen: old.reserve_fen === null ? null : Number(old.reserve_fen),
      depositFen: Number(old.deposit_fen),
      allowedOrgTypes: old.allowed_org_types,
      achievementIds: items.map((i) => i.id),
    }
  }
  const busy = new Set((await openAuctionsOfAchievements(db, achievements.map((a) => a.id))).map((r) => r.achievement_id))
  const inNotice = new Set(await achievementsInOpenNotice(db, achievements.map((a) => a.id)))
  // The earliest start, rounded up to the next full hour after the announcement days, a day of bidding by default.
  const earliest = new Date(Math.ceil((now.getTime() + rules.announcementDays * DAY) / HOUR) * HOUR + HOUR)
  return {
    achievements: achievements.map((a) => ({ id: a.id, title: a.title, orgName: a.orgName, available: !busy.has(a.id) && !inNotice.has(a.id) })),
    preselected: relist?.achievementIds ?? (opts.achievement ? [opts.achievement] : []),
    relist,
    rules: {
      announcementDays: rules.announcementDays,
      depositMinPercent: rules.deposit.minPpm / 10_000,
      depositMaxPercent: rules.deposit.maxPpm / 10_000,
      depositDefaultPercent: rules.deposit.defaultPpm / 10_000,
      increments: rules.increments,
      minBiddingHours: rules.minBiddingHours,
      maxBiddingDays: rules.maxBiddingDays,
      extensionSeconds: rules.extensionSeconds,
    },
    defaults: { startsAt: earliest, endsAt: new Date(earliest.getTime() + DAY) },
  }
}

/** The receipt's facts for the bidder's organisation or a platform admin; 404 for anyone else. */
export async function receiptFor(db: Database, viewer: Principal, auctionId: string, registrationId?: string | null) {
  const lot = await findAuction(db, auctionId)
  if (!lot || !mayViewAuction(viewer, lot)) throw notFound()
  const regs = await registrationsOfAuction(db, lot.id)
  const reg = registrationId
    ? regs.find((r) => r.id === registrationId && (viewer.isPlatformAdmin || membershipRole(viewer, r.org_id) !== null))
    : regs.find((r) => membershipRole(viewer, r.org_id) !== null && r.receipt_no)
  if (!reg || !reg.receipt_no || !reg.deposit_confirmed_at) throw notFound()
  const full = await findRegistration(db, reg.id)
  return {
    receiptNo: reg.receipt_no,
    lotTitle: lot.title,
    lotId: lot.id,
    sellerName: lot.org_name,
    bidderName: reg.org_name,
    creditCode: full?.org_credit_code ?? '',
    paddleNo: reg.paddle_no,
    depositFen: Number(reg.deposit_fen),
    bankReference: reg.bank_reference ?? '',
    confirmedAt: reg.deposit_confirmed_at,
    depositStatus: reg.deposit_status,
    startsAt: lot.starts_at,
    endsAt: lot.scheduled_end_at,
  }
}

export type ReceiptFacts = Awaited<ReturnType<typeof receiptFor>>

/** The platform admin's desk: applications to review, deposits to match, deposits matched lately. */
export async function adminAuctionQueues(db: Database, admin: Principal) {
  if (!admin.isPlatformAdmin) throw forbidden()
  const [applications, deposits, recent] = await Promise.all([pendingApplications(db), pendingDeposits(db), recentDeposits(db)])
  return {
    applications: applications.map((a) => ({ ...a, start_price_fen: Number(a.start_price_fen), reserve_fen: a.reserve_fen === null ? null : Number(a.reserve_fen), deposit_fen: Number(a.deposit_fen) })),
    deposits: deposits.map((d) => ({ ...d, deposit_fen: Number(d.deposit_fen), reference: depositReference(d.auction_id, d.paddle_no) })),
    recent: recent.map((d) => ({ ...d, deposit_fen: Number(d.deposit_fen) })),
  }
}
