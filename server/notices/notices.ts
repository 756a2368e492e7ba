import type { Database, Executor } from '../../db/index'
import { isUniqueViolation } from '../../db/index'
import { findAchievement, lockAchievement } from '../../db/repos/achievements'
import {
  countObjectionsFrom,
  countUnanswered,
  dueNotices,
  findNotice,
  insertNotice,
  insertObjection,
  insertRegistration,
  listPublicNotices,
  lockNotice,
  lockObjection,
  objectionsOf,
  openNoticeOf,
  orgAdminIds,
  registrationsOf,
  setNoticeState,
  setObjectionAnswer,
  type NoticeRow,
} from '../../db/repos/notices'
import { dealAccess } from '../deals/access'
import { recordAgreedTerms } from '../deals/offers'
import { openDeal } from '../deals/open'
import { postSystemLine } from '../deals/system-line'
import { DealTermsSchema, type DealTerms } from '../deals/terms'
import { isLive, isOrgAdmin, membershipRole } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { enterpriseOrgs } from '../engagement/rules'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import type { Config } from '../platform/config'
import { conflict, DomainError, forbidden, invalid, notFound } from '../platform/errors'
import { fenToWan } from '../platform/money'
import { periodEnd, workingCalendar, workingDaysLeft } from '../platform/working-days'
import type { ObjectionInput, OpenNoticeInput } from './schemas'

// 挂牌公示 — public listing with notice for agreement-priced transfer (ADR 025).
// An institution's admin lists a published achievement at a price and terms for
// a notice period of working days (server/platform/working-days.ts). During the
// period verified enterprises register to buy and anyone may object; the
// institution answers every objection. At the end — the periodic job, or the
// institution concluding — one buyer opens a deal room with the listed terms,
// several wait for the institution to pick a procedure, none lapses it.

export interface NoticeLimits {
  minWorkingDays: number
  resultsDays: number
  objectionsPerAddress: number
  objectionWindowMinutes: number
}

export function noticeLimits(
  config: Pick<Config, 'NOTICE_WORKING_DAYS' | 'NOTICE_RESULTS_DAYS' | 'NOTICE_OBJECTIONS_PER_ADDRESS' | 'NOTICE_OBJECTION_WINDOW_MINUTES'>,
): NoticeLimits {
  return {
    minWorkingDays: config.NOTICE_WORKING_DAYS,
    resultsDays: config.NOTICE_RESULTS_DAYS,
    objectionsPerAddress: config.NOTICE_OBJECTIONS_PER_ADDRESS,
    objectionWindowMinutes: config.NOTICE_OBJECTION_WINDOW_MINUTES,
  }
}

const isAdminOf = (p: Principal | null, orgId: string) => !!p && isOrgAdmin(p, orgId)

/** An admin of the verified university or institute that owns the achievement. */
function mayList(p: Principal, orgId: string) {
  const m = p.memberships.find((x) => x.orgId === orgId)
  return !!m && (m.role === 'owner' || m.role === 'admin') && m.orgStatus === 'verified' && (m.orgType === 'university' || m.orgType === 'institute')
}

function readTerms(row: NoticeRow): DealTerms {
  return DealTermsSchema.parse(row.terms)
}

function termsOf(input: OpenNoticeInput): DealTerms {
  return DealTermsSchema.parse({
    mode: input.mode,
    licence:
      input.mode === 'licence'
        ? { kind: input.licenceKind, field: input.licenceField, territory: input.licenceTerritory, termMonths: input.licenceMonths }
        : null,
    price: { structure: 'lump_sum', amountFen: input.price },
    deliverables: input.deliverables,
    warrantyMonths: input.warrantyMonths,
    note: input.note,
  })
}

/** The page where an institution admin opens a notice: the achievement, or the notice it already has. */
export async function openNoticeForm(db: Database, actor: Principal, achievementId: string) {
  const a = await findAchievement(db, achievementId)
  if (!a) throw notFound()
  if (!mayList(actor, a.org_id)) {
    if (membershipRole(actor, a.org_id) === null && a.status !== 'published') throw notFound()
    throw forbidden('notice.errors.institutionAdminsOnly')
  }
  const open = await openNoticeOf(db, a.id)
  return {
    achievement: { id: a.id, title: a.title, orgName: a.org_name, modes: a.transaction_modes as string[] },
    live: isLive({ status: a.status, expiresAt: a.expires_at }),
    openNoticeId: open?.id ?? null,
  }
}

/** Opens the notice; its period ends after the chosen number of working days (at least the configured minimum). */
export async function openNotice(db: Database, actor: Principal, achievementId: string, input: OpenNoticeInput, limits: NoticeLimits, meta: RequestMeta, now = new Date()) {
  if (input.workingDays < limits.minWorkingDays) {
    throw invalid({ workingDays: [`notice.errors.minWorkingDays|min=${limits.minWorkingDays}`] })
  }
  const terms = termsOf(input)
  return db.transaction().execute(async (trx) => {
    const locked = await lockAchievement(trx, achievementId)
    if (!locked) throw notFound()
    const a = await findAchievement(trx, achievementId)
    if (!a) throw notFound()
    if (!mayList(actor, a.org_id)) {
      if (membershipRole(actor, a.org_id) === null && a.status !== 'published') throw notFound()
      throw forbidden('notice.errors.institutionAdminsOnly')
    }
    if (!isLive({ status: a.status, expiresAt: a.expires_at })) throw conflict('notice.errors.notPublished')
    if (await openNoticeOf(trx, a.id)) throw conflict('notice.errors.alreadyOpen')
    const endsAt = periodEnd(now, input.workingDays, workingCalendar(now))
    let id: string
    try {
      id = await insertNotice(trx, { achievementId: a.id, orgId: a.org_id, terms, priceFen: input.price, workingDays: input.workingDays, startsAt: now, endsAt, createdBy: actor.userId })
    } catch (err) {
      if (isUniqueViolation(err, 'listing_notices_one_open')) throw conflict('notice.errors.alreadyOpen')
      throw err
    }
    await audit(trx, meta, actor.userId, 'notice.opened', { type: 'notice', id, orgId: a.org_id }, {
      title: a.title,
      achievementId: a.id,
      priceFen: input.price,
      mode: input.mode,
      workingDays: input.workingDays,
      endsAt: endsAt.toISOString(),
    })
    return { id, endsAt }
  })
}

async function lockOpenNotice(trx: Executor, noticeId: string) {
  const n = await lockNotice(trx, noticeId)
  if (!n) throw notFound()
  return n
}

function assertInPeriod(n: NoticeRow, now: Date) {
  if (n.status !== 'notice' || now >= n.ends_at) throw conflict('notice.errors.periodOver')
}

/** A verified enterprise (not the seller) registers to buy at the listed price and terms; once per organisation. */
export async function registerForNotice(db: Database, actor: Principal, noticeId: string, orgId: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const n = await lockOpenNotice(trx, noticeId)
    const org = enterpriseOrgs(actor).find((m) => m.orgId === orgId)
    if (!org) throw forbidden('notice.errors.enterprisesOnly')
    if (org.orgId === n.org_id) throw forbidden('notice.errors.ownNotice')
    assertInPeriod(n, now)
    let id: string
    try {
      id = await insertRegistration(trx, { noticeId: n.id, orgId: org.orgId, userId: actor.userId })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('notice.errors.alreadyRegistered')
      throw err
    }
    await audit(trx, meta, actor.userId, 'notice.registered', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, buyerOrgId: org.orgId })
    const admins = await orgAdminIds(trx, n.org_id)
    await notify(trx, [...admins, n.created_by].filter((u) => u !== actor.userId), {
      kind: 'notice_registration',
      params: { title: n.title, org: org.orgName },
      link: `/notices/${n.id}`,
    })
    return { id }
  })
}

/**
 * Anyone lodges an objection (异议) during the period: a signed-in user as
 * themselves, a visitor with a name and a contact. At most
 * `objectionsPerAddress` per client address within the window.
 */
export async function lodgeObjection(db: Database, actor: Principal | null, noticeId: string, input: ObjectionInput, limits: NoticeLimits, meta: RequestMeta, now = new Date()) {
  const name = actor ? actor.name : input.name
  const contact = actor ? actor.email : input.contact
  if (!actor) {
    const missing: Record<string, string[]> = {}
    if (!name) missing.name = ['errors.required']
    if (!contact) missing.contact = ['errors.required']
    if (Object.keys(missing).length) throw invalid(missing)
  }
  return db.transaction().execute(async (trx) => {
    const n = await lockOpenNotice(trx, noticeId)
    assertInPeriod(n, now)
    if (meta.ip) {
      const since = new Date(now.getTime() - limits.objectionWindowMinutes * 60_000)
      if ((await countObjectionsFrom(trx, meta.ip, since)) >= limits.objectionsPerAddress) throw conflict('notice.errors.tooManyObjections')
    }
    const id = await insertObjection(trx, { noticeId: n.id, userId: actor?.userId ?? null, name, contact, grounds: input.grounds, ip: meta.ip })
    await audit(trx, meta, actor?.userId ?? null, 'notice.objection_lodged', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, objectionId: id })
    const admins = await orgAdminIds(trx, n.org_id)
    await notify(trx, [...admins, n.created_by], { kind: 'notice_objection', params: { title: n.title }, link: `/notices/${n.id}#objections` })
    return { id }
  })
}

/** The institution answers an objection; the answer is public, and the objector with an account is told. */
export async function answerObjection(db: Database, actor: Principal, noticeId: string, objectionId: string, answer: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const n = await lockOpenNotice(trx, noticeId)
    if (!isAdminOf(actor, n.org_id)) throw forbidden('notice.errors.institutionAdminsOnly')
    const o = await lockObjection(trx, objectionId)
    if (!o || o.notice_id !== n.id) throw notFound()
    if (o.answered_at) throw conflict('notice.errors.alreadyAnswered')
    if (n.status === 'withdrawn') throw conflict('notice.errors.notOpen')
    await setObjectionAnswer(trx, o.id, answer, actor.userId)
    await audit(trx, meta, actor.userId, 'notice.objection_answered', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, objectionId: o.id })
    if (o.user_id) await notify(trx, [o.user_id], { kind: 'notice_answered', params: { title: n.title }, link: `/notices/${n.id}#objections` })
    return { id: o.id }
  })
}

export type ConcludeResult = { status: 'concluded'; outcome: 'one_buyer'; dealId: string } | { status: 'awaiting_procedure' } | { status: 'lapsed' }

/**
 * Ends the notice after its period: by its institution (actor) or the periodic
 * job (actor null). Refused while an objection waits for its answer.
 */
export async function concludeNotice(db: Database, actor: Principal | null, noticeId: string, limits: NoticeLimits, meta: RequestMeta, now = new Date()): Promise<ConcludeResult> {
  return db.transaction().execute((trx) => concludeNoticeIn(trx, actor, noticeId, limits, meta, now))
}

/** concludeNotice inside the caller's transaction (the demo seed concludes its notice this way). */
export async function concludeNoticeIn(trx: Executor, actor: Principal | null, noticeId: string, limits: NoticeLimits, meta: RequestMeta, now = new Date()): Promise<ConcludeResult> {
  const n = await lockOpenNotice(trx, noticeId)
  if (actor && !isAdminOf(actor, n.org_id)) throw forbidden('notice.errors.institutionAdminsOnly')
  if (n.status !== 'notice') throw conflict('notice.errors.notOpen')
  if (now < n.ends_at) throw conflict('notice.errors.periodNotOver')
  if ((await countUnanswered(trx, n.id)) > 0) throw conflict('notice.errors.unansweredObjections')
  const regs = await registrationsOf(trx, n.id)
  const resultsUntil = new Date(now.getTime() + limits.resultsDays * 86_400_000)
  const actorId = actor?.userId ?? null
  if (regs.length === 0) {
    await setNoticeState(trx, n.id, { status: 'lapsed', outcome: 'no_buyer', concluded: true, concludedBy: actorId, at: now, resultsUntil })
    await audit(trx, meta, actorId, 'notice.lapsed', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title })
    return { status: 'lapsed' }
  }
  if (regs.length > 1) {
    await setNoticeState(trx, n.id, { status: 'awaiting_procedure' })
    await audit(trx, meta, actorId, 'notice.awaiting_procedure', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, buyers: regs.length })
    const admins = await orgAdminIds(trx, n.org_id)
    await notify(trx, [...admins, n.created_by].filter((u) => u !== actorId), { kind: 'notice_procedure', params: { title: n.title, count: String(regs.length) }, link: `/notices/${n.id}` })
    return { status: 'awaiting_procedure' }
  }
  const buyer = regs[0]!
  const deal = await openDeal(
    trx,
    actor,
    {
      title: n.title,
      source: { kind: 'notice', id: n.id },
      sellerOrgId: n.org_id,
      buyerOrgIds: [buyer.org_id],
      achievementIds: [n.achievement_id],
      members: [
        { userId: n.created_by, role: 'party', orgId: n.org_id },
        { userId: buyer.user_id, role: 'party', orgId: buyer.org_id },
      ],
    },
    meta,
  )
  // The single buyer accepted the listed terms by registering: they are the deal's frozen terms (条款确认).
  await recordAgreedTerms(trx, actor, deal.id, readTerms(n), meta, { via: 'notice' })
  await setNoticeState(trx, n.id, { status: 'concluded', outcome: 'one_buyer', dealId: deal.id, concluded: true, concludedBy: actorId, at: now, resultsUntil })
  await audit(trx, meta, actorId, 'notice.concluded', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, buyerOrgId: buyer.org_id, dealId: deal.id, priceFen: n.price_fen })
  await notify(trx, [buyer.user_id].filter((u) => u !== actorId), { kind: 'notice_concluded', params: { title: n.title, price: fenToWan(n.price_fen) }, link: `/notices/${n.id}` })
  return { status: 'concluded', outcome: 'one_buyer', dealId: deal.id }
}

/**
 * Several buyers registered: the institution picks the procedure. Negotiation
 * opens one deal room with every registered buyer; an auction needs the
 * auction issue, which is not built yet, so it is refused with a message.
 */
export async function chooseProcedure(db: Database, actor: Principal, noticeId: string, procedure: 'negotiation' | 'auction', limits: NoticeLimits, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const n = await lockOpenNotice(trx, noticeId)
    if (!isAdminOf(actor, n.org_id)) throw forbidden('notice.errors.institutionAdminsOnly')
    if (n.status !== 'awaiting_procedure') throw conflict('notice.errors.noProcedureToChoose')
    if (procedure === 'auction') throw conflict('notice.errors.auctionNotAvailable')
    const regs = await registrationsOf(trx, n.id)
    const deal = await openDeal(
      trx,
      actor,
      {
        title: n.title,
        source: { kind: 'notice', id: n.id },
        sellerOrgId: n.org_id,
        buyerOrgIds: regs.map((r) => r.org_id),
        achievementIds: [n.achievement_id],
        members: [{ userId: n.created_by, role: 'party', orgId: n.org_id }, ...regs.map((r) => ({ userId: r.user_id, role: 'party' as const, orgId: r.org_id }))],
      },
      meta,
    )
    await postSystemLine(trx, deal.id, 'deals.system.noticeNegotiation', { price: fenToWan(n.price_fen), buyers: String(regs.length) })
    const resultsUntil = new Date(now.getTime() + limits.resultsDays * 86_400_000)
    await setNoticeState(trx, n.id, { status: 'concluded', outcome: 'negotiation', dealId: deal.id, concluded: true, concludedBy: actor.userId, resultsUntil })
    await audit(trx, meta, actor.userId, 'notice.negotiation', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title, dealId: deal.id, buyers: regs.length })
    await notify(trx, regs.map((r) => r.user_id).filter((u) => u !== actor.userId), { kind: 'notice_negotiation', params: { title: n.title }, link: `/notices/${n.id}` })
    return { dealId: deal.id }
  })
}

/** The institution withdraws a notice in its period; registered buyers are told. */
export async function withdrawNotice(db: Database, actor: Principal, noticeId: string, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const n = await lockOpenNotice(trx, noticeId)
    if (!isAdminOf(actor, n.org_id)) throw forbidden('notice.errors.institutionAdminsOnly')
    if (n.status !== 'notice') throw conflict('notice.errors.notOpen')
    await setNoticeState(trx, n.id, { status: 'withdrawn' })
    await audit(trx, meta, actor.userId, 'notice.withdrawn', { type: 'notice', id: n.id, orgId: n.org_id }, { title: n.title })
    const regs = await registrationsOf(trx, n.id)
    await notify(trx, regs.map((r) => r.user_id), { kind: 'notice_withdrawn', params: { title: n.title }, link: `/notices/${n.id}` })
  })
}

/** The periodic job: concludes every notice whose period is over and whose objections are all answered. */
export async function concludeDueNotices(db: Database, limits: NoticeLimits, meta: RequestMeta, now = new Date()) {
  let concluded = 0
  for (const id of await dueNotices(db, now)) {
    try {
      await concludeNotice(db, null, id, limits, meta, now)
      concluded++
    } catch (err) {
      // Another process concluded it first, or an objection came in meanwhile: the next run sees it.
      if (!(err instanceof DomainError)) throw err
    }
  }
  return concluded
}

/** The public list: notices in their period, waiting for a procedure, and published results. */
export async function noticeList(db: Database, now = new Date()) {
  const rows = await listPublicNotices(db, now)
  const cal = workingCalendar(now)
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    orgName: r.org_name,
    priceFen: r.price_fen,
    mode: readTerms(r).mode,
    status: r.status,
    outcome: r.outcome,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    concludedAt: r.concluded_at,
    registrations: r.registrations ?? 0,
    workingDaysLeft: r.status === 'notice' ? workingDaysLeft(now, r.ends_at, cal) : 0,
  }))
}

/**
 * The notice page for anyone. The public sees the listed terms, the end and
 * working days left, how many enterprises registered (not which), objections'
 * grounds and answers (never who objected or their contact), and the results
 * while they are published. The institution's admins see the registered
 * enterprises and the objectors too.
 */
export async function noticePage(db: Database, viewer: Principal | null, noticeId: string, now = new Date()) {
  const n = await findNotice(db, noticeId)
  if (!n) throw notFound()
  const manage = isAdminOf(viewer, n.org_id)
  // A notice withdrawn before its end is nobody's business but the institution's and its registered buyers'.
  const [regs, objections] = await Promise.all([registrationsOf(db, n.id), objectionsOf(db, n.id)])
  const mine = viewer ? regs.filter((r) => r.user_id === viewer.userId || membershipRole(viewer, r.org_id) !== null) : []
  if (n.status === 'withdrawn' && !manage && mine.length === 0) throw notFound()
  const inPeriod = n.status === 'notice' && now < n.ends_at
  const cal = workingCalendar(now)
  const enterprises = enterpriseOrgs(viewer).filter((m) => m.orgId !== n.org_id)
  const registrable = enterprises.filter((m) => !regs.some((r) => r.org_id === m.orgId))
  const ended = n.status === 'concluded' || n.status === 'lapsed'
  // Published for the configured days; the institution keeps seeing its own results.
  const resultsPublic = ended && !!n.results_until && now < n.results_until
  const deal = n.deal_id && viewer ? await dealAccess(db, viewer, n.deal_id) : null
  const buyers = n.status === 'concluded' ? regs : []
  return {
    notice: {
      id: n.id,
      achievementId: n.achievement_id,
      title: n.title,
      orgName: n.org_name,
      orgId: n.org_id,
      terms: readTerms(n),
      priceFen: n.price_fen,
      workingDays: n.notice_working_days,
      status: n.status,
      outcome: n.outcome,
      startsAt: n.starts_at,
      endsAt: n.ends_at,
      concludedAt: n.concluded_at,
      resultsUntil: n.results_until,
    },
    inPeriod,
    periodOver: now >= n.ends_at,
    workingDaysLeft: inPeriod ? workingDaysLeft(now, n.ends_at, cal) : 0,
    registrationCount: regs.length,
    objections: objections.map((o) => ({
      id: o.id,
      grounds: o.grounds,
      lodgedAt: o.lodged_at,
      answer: o.answer,
      answeredAt: o.answered_at,
      ...(manage ? { name: o.name, contact: o.contact } : {}),
    })),
    unanswered: objections.filter((o) => !o.answered_at).length,
    results:
      resultsPublic || (ended && manage)
        ? { buyers: buyers.map((b) => b.org_name), priceFen: n.price_fen, at: n.concluded_at, until: n.results_until }
        : null,
    registrations: manage ? regs.map((r) => ({ orgName: r.org_name, userName: r.user_name, at: r.created_at })) : [],
    mine: mine.map((r) => ({ orgName: r.org_name, at: r.created_at })),
    can: {
      manage,
      register: inPeriod && registrable.length > 0,
      object: inPeriod,
      conclude: manage && n.status === 'notice' && now >= n.ends_at,
      chooseProcedure: manage && n.status === 'awaiting_procedure',
      withdraw: manage && n.status === 'notice',
      signInToRegister: inPeriod && !viewer,
    },
    registrableOrgs: registrable.map((m) => ({ id: m.orgId, name: m.orgName })),
    dealId: deal ? n.deal_id : null,
  }
}

/** For the achievement page: the open notice, if any, and whether the viewer may open one. */
export async function noticeOfAchievement(db: Database, viewer: Principal | null, achievement: { id: string; org_id: string; status: string }) {
  const open = await openNoticeOf(db, achievement.id)
  return { openNoticeId: open?.id ?? null, mayOpen: !!viewer && mayList(viewer, achievement.org_id) && achievement.status === 'published' }
}
