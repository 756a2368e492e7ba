import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { findAuction } from '../../db/repos/auctions'
import { insertMembership } from '../../db/repos/organisations'
import { roomEventsAfter } from '../../db/repos/realtime'
import { submitBid } from '../../server/auctions/commands'
import {
  adminAuctionQueues,
  applicationForm,
  applyForAuction,
  auctionList,
  auctionPage,
  confirmDeposit,
  receiptFor,
  registerBidder,
  reviewAuction,
  withdrawAuction,
} from '../../server/auctions/lifecycle'
import { ApplySchema, toBeijingLocal } from '../../server/auctions/lifecycle-schemas'
import { receiptPdf } from '../../server/auctions/receipt-pdf'
import { auctionRulesOn } from '../../server/auctions/policy'
import type { Principal } from '../../server/identity/principal'
import { openNotice } from '../../server/notices/notices'
import { OpenNoticeSchema } from '../../server/notices/schemas'
import { engagementParties, publishedAchievement } from '../helpers/engagement'
import { rejection } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// An auction's life up to the bidding as the seller, the platform admin and
// bidders meet it: the application is checked against the rules in force
// (increment table, deposit range, announcement days, bidding length) and
// against other open lots and notices; only the platform admin approves (and
// not once bidding is less than the announcement days away) or rejects with a
// note; lots under review exist only for their seller and admins; verified
// organisations of an allowed type (not the seller, not a defaulter of the lot
// or the lot it relists) register once; a deposit confirmed against a bank
// reference numbers a receipt and lets the bidder bid; the seller withdraws
// before bidding opens and confirmed deposits go back.

const DAY = 86_400_000
const rules = auctionRulesOn(new Date())

let p: Awaited<ReturnType<typeof engagementParties>>
let admin: Principal
let outsiderUni: Awaited<ReturnType<typeof createMember>>
let agency: Awaited<ReturnType<typeof createMember>>
let pendingEnt: Awaited<ReturnType<typeof createMember>>

const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

function form(achievementIds: string[], o: Record<string, unknown> = {}, now = new Date()) {
  const starts = new Date(Math.ceil((now.getTime() + (rules.announcementDays + 1) * DAY) / 60_000) * 60_000)
  return ApplySchema.parse({
    achievementIds,
    title: '高效电驱壳体压铸技术 竞价',
    format: 'english',
    mode: 'transfer',
    startPrice: '100',
    startsAt: local(starts),
    endsAt: local(new Date(starts.getTime() + DAY)),
    allowedOrgTypes: ['enterprise'],
    ...o,
  })
}

async function achievement() {
  return publishedAchievement(testDb(), p.uni.principal, p.uniAdmin, p.uni.org.id, { title: `竞价成果 ${Math.random().toString(36).slice(2, 8)}` })
}

/** An application made now and approved by the admin: announced, bidding opens in 8 days. */
async function announced(o: Record<string, unknown> = {}) {
  const db = testDb()
  const a = await achievement()
  const { id } = await applyForAuction(db, p.uniAdmin, form([a], o), testMeta)
  await reviewAuction(db, admin, id, { decision: 'approve', note: '' }, testMeta)
  return { id, achievementId: a, lot: (await findAuction(db, id))! }
}

beforeAll(async () => {
  const db = testDb()
  p = await engagementParties(db)
  admin = await principalFor(db, (await createUser(db, { platformAdmin: true })).id)
  outsiderUni = await createMember(db, { type: 'university', role: 'owner' })
  agency = await createMember(db, { type: 'agency', role: 'owner' })
  pendingEnt = await createMember(db, { type: 'enterprise', role: 'owner', status: 'pending' })
})

describe('applying for an auction', () => {
  it('stores the lot under review with the policy figures frozen, tells the platform admins and audits it', async () => {
    const db = testDb()
    const a = await achievement()
    const { id } = await applyForAuction(db, p.uniAdmin, form([a], { depositPercent: '12', reserve: '150' }), testMeta)
    const lot = (await findAuction(db, id))!
    expect(lot).toMatchObject({ status: 'applied', org_id: p.uni.org.id, format: 'english', announced_at: null, allowed_org_types: ['enterprise'] })
    expect(Number(lot.start_price_fen)).toBe(100 * 1_000_000)
    // 100 万 falls in the 100–500 万 step of the table: 2 万 by default.
    expect(Number(lot.increment_fen)).toBe(2_000_000)
    expect(Number(lot.reserve_fen)).toBe(150 * 1_000_000)
    expect(Number(lot.deposit_fen)).toBe(12 * 1_000_000)
    expect((lot.rules as { announcementDays: number }).announcementDays).toBe(rules.announcementDays)
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('link', '=', '/admin/auctions').where('kind', '=', 'auction_applied').execute()
    expect(notes.map((n) => n.user_id)).toContain(admin.userId)
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()
    expect(audit.map((x) => x.action)).toEqual(['auction.applied'])
  })

  it('refuses figures outside the rules with a message at each field', async () => {
    const a = await achievement()
    const now = new Date()
    const err = await rejection(
      applyForAuction(
        testDb(),
        p.uniAdmin,
        form([a], { increment: '0.5', reserve: '50', depositPercent: '25', startsAt: local(new Date(now.getTime() + 3 * DAY)), endsAt: local(new Date(now.getTime() + 3 * DAY + 600_000)) }),
        testMeta,
      ),
    )
    expect(err.kind).toBe('invalid')
    expect(err.fieldErrors.increment?.[0]).toBe('auction.apply.errors.increment|min=2')
    expect(err.fieldErrors.reserve).toEqual(['auction.apply.errors.reserve'])
    expect(err.fieldErrors.depositPercent?.[0]).toMatch(/^auction\.apply\.errors\.depositRange/)
    expect(err.fieldErrors.startsAt).toEqual([`auction.apply.errors.startTooSoon|days=${rules.announcementDays}`])
    expect(err.fieldErrors.endsAt?.[0]).toMatch(/^auction\.apply\.errors\.tooShort/)
  })

  it('refuses bidding windows longer than the policy allows', async () => {
    const a = await achievement()
    const starts = new Date(Date.now() + 10 * DAY)
    const err = await rejection(applyForAuction(testDb(), p.uniAdmin, form([a], { startsAt: local(starts), endsAt: local(new Date(starts.getTime() + (rules.maxBiddingDays + 1) * DAY)) }), testMeta))
    expect(err.fieldErrors.endsAt?.[0]).toMatch(/^auction\.apply\.errors\.tooLong/)
  })

  it('is only for admins of the verified institution that owns the achievements', async () => {
    const a = await achievement()
    expect((await rejection(applyForAuction(testDb(), p.uni.principal, form([a]), testMeta))).kind).toBe('forbidden')
    expect((await rejection(applyForAuction(testDb(), p.ent.principal, form([a]), testMeta))).kind).toBe('forbidden')
    expect((await rejection(applyForAuction(testDb(), outsiderUni.principal, form([a]), testMeta))).kind).toBe('forbidden')
    const theirs = await publishedAchievement(testDb(), outsiderUni.principal, outsiderUni.principal, outsiderUni.org.id)
    // One lot, one seller: achievements of two institutions do not mix.
    const admin2 = await createUser(testDb())
    await insertMembership(testDb(), { orgId: outsiderUni.org.id, userId: admin2.id, role: 'admin' })
    await insertMembership(testDb(), { orgId: p.uni.org.id, userId: admin2.id, role: 'admin' })
    const both = await principalFor(testDb(), admin2.id)
    expect((await rejection(applyForAuction(testDb(), both, form([a, theirs]), testMeta))).fieldErrors.achievementIds).toEqual(['auction.apply.errors.oneOrg'])
  })

  it('refuses an achievement already in an open auction or in an open public notice', async () => {
    const db = testDb()
    const a = await achievement()
    await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
    expect((await rejection(applyForAuction(db, p.uniAdmin, form([a]), testMeta))).fieldErrors.achievementIds).toEqual(['auction.apply.errors.inOpenAuction'])
    const b = await achievement()
    await openNotice(db, p.uniAdmin, b, OpenNoticeSchema.parse({ mode: 'transfer', price: '120', workingDays: '15' }), { minWorkingDays: 15, resultsDays: 30, objectionsPerAddress: 5, objectionWindowMinutes: 60 }, testMeta)
    expect((await rejection(applyForAuction(db, p.uniAdmin, form([b]), testMeta))).fieldErrors.achievementIds).toEqual(['auction.apply.errors.inOpenNotice'])
  })

  it('the form offers the institution’s free achievements with the policy’s defaults, one preselected from its page', async () => {
    const db = testDb()
    const a = await achievement()
    const busy = await achievement()
    await applyForAuction(db, p.uniAdmin, form([busy]), testMeta)
    const f = await applicationForm(db, p.uniAdmin, { achievement: a })
    expect(f.preselected).toEqual([a])
    expect(f.achievements.find((x) => x.id === a)?.available).toBe(true)
    expect(f.achievements.find((x) => x.id === busy)?.available).toBe(false)
    expect(f.rules.depositDefaultPercent).toBe(rules.deposit.defaultPpm / 10_000)
    expect(new Date(f.defaults.startsAt).getTime()).toBeGreaterThanOrEqual(Date.now() + rules.announcementDays * DAY)
    expect((await rejection(applicationForm(db, p.uni.principal, {}))).kind).toBe('forbidden')
    expect((await rejection(applicationForm(db, p.ent.principal, {}))).kind).toBe('forbidden')
  })

  it('takes several achievements as one lot', async () => {
    const db = testDb()
    const [a, b] = [await achievement(), await achievement()]
    const { id } = await applyForAuction(db, p.uniAdmin, form([a, b]), testMeta)
    const page = await auctionPage(db, p.uniAdmin, id)
    expect(page.items.map((i) => i.id).sort()).toEqual([a, b].sort())
  })
})

describe('reviewing an application', () => {
  it('is for platform admins only; the seller sees its application, nobody else does', async () => {
    const db = testDb()
    const a = await achievement()
    const { id } = await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
    expect((await rejection(reviewAuction(db, p.uniAdmin, id, { decision: 'approve', note: '' }, testMeta))).kind).toBe('forbidden')
    expect((await rejection(auctionPage(db, p.ent.principal, id))).kind).toBe('not_found')
    expect((await rejection(auctionPage(db, null, id))).kind).toBe('not_found')
    expect((await auctionPage(db, p.uni.principal, id)).phase).toBe('applied')
    expect((await auctionPage(db, admin, id)).can.review).toBe(true)
    expect((await auctionList(db, null)).upcoming.some((l) => l.id === id)).toBe(false)
    expect((await auctionList(db, p.uniAdmin)).mine.some((l) => l.id === id)).toBe(true)
    expect((await adminAuctionQueues(db, admin)).applications.some((l) => l.id === id)).toBe(true)
  })

  it('approving announces the lot now and tells the seller', async () => {
    const db = testDb()
    const a = await achievement()
    const { id } = await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
    const at = new Date()
    await reviewAuction(db, admin, id, { decision: 'approve', note: '' }, testMeta, at)
    const lot = (await findAuction(db, id))!
    expect(lot.status).toBe('announced')
    expect(lot.announced_at?.getTime()).toBe(at.getTime())
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('link', '=', `/auctions/${id}`).execute()
    expect(notes).toContainEqual({ user_id: p.uniAdmin.userId, kind: 'auction_announced' })
    expect((await auctionList(db, null)).upcoming.some((l) => l.id === id)).toBe(true)
    expect((await rejection(reviewAuction(db, admin, id, { decision: 'reject', note: '太晚了' }, testMeta))).messageKey).toBe('auction.review.errors.notApplied')
  })

  it('refuses to announce when bidding opens in less than the announcement days', async () => {
    const db = testDb()
    const a = await achievement()
    const { id } = await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
    const lot = (await findAuction(db, id))!
    const tooLate = new Date(lot.starts_at.getTime() - rules.announcementDays * DAY + 60_000)
    const err = await rejection(reviewAuction(db, admin, id, { decision: 'approve', note: '' }, testMeta, tooLate))
    expect(err).toMatchObject({ kind: 'conflict', messageKey: `auction.review.errors.tooLate|days=${rules.announcementDays}` })
    expect((await findAuction(db, id))!.status).toBe('applied')
  })

  it('rejecting needs a note, which the seller is told', async () => {
    const db = testDb()
    const a = await achievement()
    const { id } = await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
    expect((await rejection(reviewAuction(db, admin, id, { decision: 'reject', note: '' }, testMeta))).fieldErrors.note).toEqual(['auction.review.errors.noteRequired'])
    await reviewAuction(db, admin, id, { decision: 'reject', note: '起拍价明显偏低，请核实评估报告' }, testMeta)
    expect((await findAuction(db, id))!.status).toBe('rejected')
    const page = await auctionPage(db, p.uniAdmin, id)
    expect(page.lot.reviewNote).toBe('起拍价明显偏低，请核实评估报告')
    const note = await db.selectFrom('notifications').select(['kind', 'params']).where('user_id', '=', p.uniAdmin.userId).where('link', '=', `/auctions/${id}`).executeTakeFirstOrThrow()
    expect(note.kind).toBe('auction_rejected')
    // The achievement is free again for another application.
    await applyForAuction(db, p.uniAdmin, form([a]), testMeta)
  })
})

describe('the announcement page', () => {
  it('is public, says whether there is a reserve but never its amount, and counts registered bidders', async () => {
    const db = testDb()
    const { id } = await announced({ reserve: '180' })
    const anon = await auctionPage(db, null, id)
    expect(anon.lot.hasReserve).toBe(true)
    expect(anon.lot.reserveFen).toBeNull()
    expect(JSON.stringify(anon)).not.toContain('180000000')
    expect(anon.can.signInToRegister).toBe(true)
    expect(anon.registrationCount).toBe(0)
    expect((await auctionPage(db, p.ent.principal, id)).lot.reserveFen).toBeNull()
    expect((await auctionPage(db, p.uniAdmin, id)).lot.reserveFen).toBe(180_000_000)
    await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    expect((await auctionPage(db, null, id)).registrationCount).toBe(1)
    // The seller sees its bidders by paddle only; the platform admin sees who they are.
    const sellerView = (await auctionPage(db, p.uniAdmin, id)).registrations
    expect(sellerView).toHaveLength(1)
    expect(sellerView[0]).toMatchObject({ orgName: null, userName: null })
    expect(JSON.stringify(await auctionPage(db, p.uniAdmin, id))).not.toContain(p.ent.org.name)
    expect((await auctionPage(db, admin, id)).registrations[0]!.orgName).toBe(p.ent.org.name)
  })
})

describe('registering to bid', () => {
  it('gives a verified enterprise a paddle number and deposit instructions, once, and tells the room the count', async () => {
    const db = testDb()
    const { id, lot } = await announced()
    const r = await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    expect(r.paddleNo).toBeGreaterThanOrEqual(1000)
    expect(r.paddleNo).toBeLessThanOrEqual(9999)
    const page = await auctionPage(db, p.ent.principal, id)
    expect(page.mine).toHaveLength(1)
    expect(page.mine[0]).toMatchObject({ paddleNo: r.paddleNo, depositStatus: 'pending', depositFen: Number(lot.deposit_fen) })
    expect(page.mine[0]!.reference).toContain(String(r.paddleNo))
    expect(page.can.register).toBe(false)
    const events = await roomEventsAfter(db, `auction:${id}`, 0)
    expect(events.map((e) => [e.kind, e.payload])).toContainEqual(['registrations', { count: 1 }])
    expect((await rejection(registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta))).messageKey).toBe('auction.register.errors.already')
  })

  it('refuses the seller, types the seller did not allow, unverified organisations and someone else’s organisation', async () => {
    const db = testDb()
    const { id } = await announced()
    expect((await rejection(registerBidder(db, p.uniAdmin, id, { orgId: p.uni.org.id }, testMeta))).messageKey).toBe('auction.register.errors.ownLot')
    expect((await rejection(registerBidder(db, agency.principal, id, { orgId: agency.org.id }, testMeta))).messageKey).toBe('auction.register.errors.orgType')
    expect((await rejection(registerBidder(db, pendingEnt.principal, id, { orgId: pendingEnt.org.id }, testMeta))).messageKey).toBe('auction.register.errors.notVerified')
    expect((await rejection(registerBidder(db, p.otherEnt.principal, id, { orgId: p.ent.org.id }, testMeta))).kind).toBe('forbidden')
    // A lot open to agencies takes the agency.
    const open = await announced({ allowedOrgTypes: ['enterprise', 'agency'] })
    await registerBidder(db, agency.principal, open.id, { orgId: agency.org.id }, testMeta)
  })

  it('bars an organisation that defaulted on the lot this one relists', async () => {
    const db = testDb()
    const { id, achievementId } = await announced()
    const reg = await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    // 悔拍 as the closing part records it: the winner, the price, the close, the default.
    await sql`update auctions set status = 'defaulted', winner_registration_id = ${reg.registrationId}, hammer_price_fen = 110000000, closed_at = now(), defaulted_at = now() where id = ${id}`.execute(db)
    const relistForm = await applicationForm(db, p.uniAdmin, { relist: id })
    expect(relistForm.relist).toMatchObject({ id, title: '高效电驱壳体压铸技术 竞价', startPriceFen: 100_000_000 })
    expect(relistForm.preselected).toEqual([achievementId])
    const { id: again } = await applyForAuction(db, p.uniAdmin, form([achievementId], { relistFrom: id }), testMeta)
    await reviewAuction(db, admin, again, { decision: 'approve', note: '' }, testMeta)
    expect((await findAuction(db, again))!.relisted_from).toBe(id)
    expect((await rejection(registerBidder(db, p.ent.principal, again, { orgId: p.ent.org.id }, testMeta))).messageKey).toBe('auction.register.errors.barred')
    expect((await auctionPage(db, p.ent.principal, again)).can.register).toBe(false)
    await registerBidder(db, p.otherEnt.principal, again, { orgId: p.otherEnt.org.id }, testMeta)
  })

  it('only unsold or defaulted lots are relisted', async () => {
    const db = testDb()
    const { id, achievementId } = await announced()
    expect((await rejection(applicationForm(db, p.uniAdmin, { relist: id }))).messageKey).toBe('auction.apply.errors.notRelistable')
    expect((await rejection(applyForAuction(db, p.uniAdmin, form([achievementId], { relistFrom: id }), testMeta))).fieldErrors.achievementIds).toEqual(['auction.apply.errors.inOpenAuction'])
  })
})

describe('deposits', () => {
  it('an admin confirms against the bank reference: numbered receipts, the bidder is told and may bid; without it, no bid', async () => {
    const db = testDb()
    const { id, lot } = await announced()
    const second = await createMember(db, { type: 'enterprise', role: 'owner' })
    const a = await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    const b = await registerBidder(db, second.principal, id, { orgId: second.org.id }, testMeta)
    expect((await adminAuctionQueues(db, admin)).deposits.map((d) => d.id)).toEqual(expect.arrayContaining([a.registrationId, b.registrationId]))
    expect((await rejection(confirmDeposit(db, p.uniAdmin, a.registrationId, { bankReference: 'ICBC-20261204-0001' }, testMeta))).kind).toBe('forbidden')
    const r1 = await confirmDeposit(db, admin, a.registrationId, { bankReference: 'ICBC-20261204-0001' }, testMeta)
    expect(r1.receiptNo).toMatch(/^JJBZ-\d{4}-\d{6}$/)
    // The same transfer cannot pay two deposits of the lot.
    expect((await rejection(confirmDeposit(db, admin, b.registrationId, { bankReference: 'ICBC-20261204-0001' }, testMeta))).fieldErrors.bankReference).toEqual([
      'auction.deposit.errors.referenceUsed',
    ])
    const r2 = await confirmDeposit(db, admin, b.registrationId, { bankReference: 'ICBC-20261204-0002' }, testMeta)
    expect(Number(r2.receiptNo.slice(-6))).toBe(Number(r1.receiptNo.slice(-6)) + 1)
    expect((await rejection(confirmDeposit(db, admin, a.registrationId, { bankReference: 'ICBC-X' }, testMeta))).messageKey).toBe('auction.deposit.errors.notPending')
    const note = await db.selectFrom('notifications').select('kind').where('user_id', '=', p.ent.user.id).where('link', '=', `/auctions/${id}`).execute()
    expect(note.map((n) => n.kind)).toContain('auction_deposit_confirmed')
    expect((await auctionPage(db, p.ent.principal, id)).mine[0]).toMatchObject({ depositStatus: 'confirmed', receiptNo: r1.receiptNo })

    // Bidding opens: the confirmed bidder's bid is taken, a registered bidder without a confirmed deposit is refused.
    const third = await createMember(db, { type: 'enterprise', role: 'owner' })
    await registerBidder(db, third.principal, id, { orgId: third.org.id }, testMeta)
    const during = new Date(lot.starts_at.getTime() + 60_000)
    const ok = await submitBid(db, p.ent.principal, { auctionId: id, amountFen: Number(lot.start_price_fen), key: 'k1' }, during)
    expect(ok.ok).toBe(true)
    const refused = await submitBid(db, third.principal, { auctionId: id, amountFen: Number(lot.start_price_fen) + 10_000_000, key: 'k2' }, during)
    expect(refused).toMatchObject({ ok: false, reason: 'no_deposit' })
    expect((await auctionList(db, null, during)).live.some((l) => l.id === id)).toBe(true)
  })

  it('the receipt PDF is the bidder’s and the admin’s, nobody else’s', async () => {
    const db = testDb()
    const { id } = await announced()
    const a = await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    expect((await rejection(receiptFor(db, p.ent.principal, id))).kind).toBe('not_found')
    const { receiptNo } = await confirmDeposit(db, admin, a.registrationId, { bankReference: 'CCB-778899' }, testMeta)
    const facts = await receiptFor(db, p.ent.principal, id)
    expect(facts).toMatchObject({ receiptNo, bidderName: p.ent.org.name, bankReference: 'CCB-778899', paddleNo: a.paddleNo })
    expect((await receiptFor(db, admin, id, a.registrationId)).receiptNo).toBe(receiptNo)
    expect((await rejection(receiptFor(db, p.otherEnt.principal, id, a.registrationId))).kind).toBe('not_found')
    expect((await rejection(receiptFor(db, p.uniAdmin, id, a.registrationId))).kind).toBe('not_found')
    const pdf = await receiptPdf(facts, 'zh-CN')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(2000)
  })
})

describe('withdrawing', () => {
  it('before bidding opens: registered bidders are told and confirmed deposits released', async () => {
    const db = testDb()
    const { id } = await announced()
    const a = await registerBidder(db, p.ent.principal, id, { orgId: p.ent.org.id }, testMeta)
    await confirmDeposit(db, admin, a.registrationId, { bankReference: 'BOC-1' }, testMeta)
    expect((await rejection(withdrawAuction(db, p.ent.principal, id, testMeta))).kind).toBe('forbidden')
    await withdrawAuction(db, p.uniAdmin, id, testMeta)
    const lot = (await findAuction(db, id))!
    expect(lot.status).toBe('withdrawn')
    const reg = await db.selectFrom('auction_registrations').select(['deposit_status', 'deposit_settled_at']).where('id', '=', a.registrationId).executeTakeFirstOrThrow()
    expect(reg.deposit_status).toBe('released')
    expect(reg.deposit_settled_at).not.toBeNull()
    const notes = await db.selectFrom('notifications').select('kind').where('user_id', '=', p.ent.user.id).where('link', '=', `/auctions/${id}`).execute()
    expect(notes.map((n) => n.kind)).toContain('auction_withdrawn')
    // The notice links to the lot: its registered bidders still see it withdrawn; the public does not.
    expect((await auctionPage(db, p.ent.principal, id)).phase).toBe('withdrawn')
    expect((await rejection(auctionPage(db, null, id))).kind).toBe('not_found')
    expect((await rejection(auctionPage(db, p.otherEnt.principal, id))).kind).toBe('not_found')
    expect((await auctionPage(db, p.uniAdmin, id)).phase).toBe('withdrawn')
  })

  it('not once bidding has opened', async () => {
    const db = testDb()
    const { id, lot } = await announced()
    const err = await rejection(withdrawAuction(db, p.uniAdmin, id, testMeta, new Date(lot.starts_at.getTime() + 1000)))
    expect(err.messageKey).toBe('auction.withdraw.errors.biddingOpen')
    expect((await findAuction(db, id))!.status).toBe('announced')
  })
})
