import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/index'
import { insertAuction } from '../../db/repos/auctions'
import { defaultedOrgIds } from '../../db/repos/auction-results'
import { closeAuctionIn, closeDueAuctions, confirmationPdf, defaultOverdueAuctions, markPaid, signConfirmation, submitSealedBid } from '../../server/auctions/closing'
import { submitBid } from '../../server/auctions/commands'
import { CONFIRMATION_KIND, confirmationFacts, verifyAuctionConfirmation } from '../../server/auctions/confirmation'
import { resultView } from '../../server/auctions/result-view'
import { publishedResults } from '../../server/auctions/results'
import { SOCKET_COMMANDS } from '../../server/realtime/commands'
import { findVerifiedDocument, newVerificationCode, sealMatches, verifyPath } from '../../server/platform/verification'
import { liveAuction } from '../helpers/auctions'
import { PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The close and what follows it (ADR 029), against a real PostgreSQL: sold
// above the reserve opens a deal room with the hammer price as its agreed
// terms, below the reserve is unsold, deposits are applied or released, a
// sealed lot's opening gives a tie to the earlier bid, the verification page
// shows a real confirmation and nothing for a forged code, signing and payment
// are the parties' own, and a winner past a deadline defaults (悔拍): deposit
// forfeited, deal closed, organisation barred from the relisting.

const DAY = 86_400_000

async function lotRow(db: Database, id: string) {
  return db.selectFrom('auctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function deposits(db: Database, auctionId: string) {
  const rows = await db.selectFrom('auction_registrations').select(['id', 'deposit_status']).where('auction_id', '=', auctionId).execute()
  return Object.fromEntries(rows.map((r) => [r.id, r.deposit_status]))
}

async function kindsFor(db: Database, userId: string) {
  return (await db.selectFrom('notifications').select('kind').where('user_id', '=', userId).execute()).map((n) => n.kind)
}

async function roomEvents(db: Database, auctionId: string, kind: string) {
  return db.selectFrom('realtime_events').select(['kind', 'payload']).where('room', '=', `auction:${auctionId}`).where('kind', '=', kind).orderBy('seq').execute()
}

/** An English lot with bids a: start, b: start + increment; closed after its (possibly extended) end. */
async function soldLot(db: Database, o: { reserveFen?: number | null } = {}) {
  const lot = await liveAuction(db, { bidders: 3, startFen: 10_000_000, incrementFen: 100_000, reserveFen: o.reserveFen ?? 10_100_000 })
  const [a, b] = lot.bidders
  expect(await submitBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 10_000_000, key: 'a1' })).toMatchObject({ ok: true })
  expect(await submitBid(db, b!.principal, { auctionId: lot.auctionId, amountFen: 10_100_000, key: 'b1' })).toMatchObject({ ok: true })
  const end = (await lotRow(db, lot.auctionId)).ends_at
  const closedAt = new Date(end.getTime() + 2_000)
  const result = await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, closedAt))
  return { ...lot, result, closedAt }
}

describe('closing an English lot', () => {
  it('waits for the end plus the grace, then sells above the reserve: confirmation, deadlines, deposits, deal room with the hammer price as agreed terms', async () => {
    const db = testDb()
    const lot = await liveAuction(db, { bidders: 3, startFen: 10_000_000, incrementFen: 100_000, reserveFen: 10_100_000 })
    const [a, b, c] = lot.bidders
    await submitBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 10_000_000, key: 'a1' })
    await submitBid(db, b!.principal, { auctionId: lot.auctionId, amountFen: 10_100_000, key: 'b1' })
    const end = (await lotRow(db, lot.auctionId)).ends_at
    // Before the end, and within the grace after it, nothing happens.
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(end.getTime() - 1_000)))).toEqual({ status: 'not_due' })
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(end.getTime() + 500)))).toEqual({ status: 'not_due' })
    expect((await lotRow(db, lot.auctionId)).status).toBe('announced')

    const closedAt = new Date(end.getTime() + 2_000)
    const result = await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, closedAt))
    expect(result).toMatchObject({ status: 'sold', confirmationNo: expect.stringMatching(/^JJCJ-\d{4}-\d{6}$/) })
    const row = await lotRow(db, lot.auctionId)
    expect(row).toMatchObject({ status: 'sold', winner_registration_id: b!.registrationId, confirmation_no: (result as { confirmationNo: string }).confirmationNo })
    expect(Number(row.hammer_price_fen)).toBe(10_100_000)
    expect(row.verification_code).toMatch(/^[0-9A-Z]{16}$/)
    expect(row.sign_deadline!.getTime()).toBe(closedAt.getTime() + 5 * DAY)
    expect(row.payment_deadline!.getTime()).toBe(closedAt.getTime() + 30 * DAY)
    expect(row.results_until!.getTime()).toBe(closedAt.getTime() + 30 * DAY)

    expect(await deposits(db, lot.auctionId)).toEqual({
      [a!.registrationId]: 'released',
      [b!.registrationId]: 'applied',
      [c!.registrationId]: 'released',
      [lot.unpaid.registrationId]: 'pending',
    })

    const dealId = (result as { dealId: string }).dealId
    expect(row.deal_id).toBe(dealId)
    const deal = await db.selectFrom('deals').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow()
    expect(deal).toMatchObject({ source_kind: 'auction', source_id: lot.auctionId, stage: 'terms_agreed' })
    const parties = await db.selectFrom('deal_parties').select(['org_id', 'side']).where('deal_id', '=', dealId).execute()
    expect(parties).toEqual(expect.arrayContaining([{ org_id: lot.seller.org.id, side: 'seller' }, { org_id: b!.org.id, side: 'buyer' }]))
    expect(parties).toHaveLength(2)
    const members = (await db.selectFrom('deal_members').select('user_id').where('deal_id', '=', dealId).execute()).map((m) => m.user_id)
    expect(members.sort()).toEqual([lot.seller.user.id, b!.user.id].sort())
    const agreed = await db.selectFrom('deal_agreed_terms').select(['terms', 'via']).where('deal_id', '=', dealId).executeTakeFirstOrThrow()
    expect(agreed.via).toBe('auction')
    expect(agreed.terms).toMatchObject({ mode: 'transfer', price: { structure: 'lump_sum', amountFen: 10_100_000 } })

    expect(await kindsFor(db, b!.user.id)).toContain('auction_won')
    expect(await kindsFor(db, a!.user.id)).toContain('auction_lost')
    expect(await kindsFor(db, c!.user.id)).toContain('auction_lost')
    expect(await kindsFor(db, lot.seller.user.id)).toContain('auction_sold')
    const [closed] = await roomEvents(db, lot.auctionId, 'closed')
    expect(closed!.payload).toMatchObject({ status: 'sold', hammerPriceFen: 10_100_000, winnerPaddle: b!.paddleNo })

    // Closing again (a second job, a retry) changes nothing and answers the same.
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(closedAt.getTime() + 5_000)))).toEqual(result)
    expect(await db.selectFrom('deals').select('id').where('source_id', '=', lot.auctionId).execute()).toHaveLength(1)
    expect(await roomEvents(db, lot.auctionId, 'closed')).toHaveLength(1)
  })

  it('is unsold below the reserve and without bids, every paid deposit released, no deal room', async () => {
    const db = testDb()
    const lot = await liveAuction(db, { bidders: 2, reserveFen: 12_000_000 })
    const [a] = lot.bidders
    await submitBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 11_000_000, key: 'a1' })
    const end = (await lotRow(db, lot.auctionId)).ends_at
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(end.getTime() + 5_000)))).toEqual({ status: 'unsold' })
    const row = await lotRow(db, lot.auctionId)
    expect(row).toMatchObject({ status: 'unsold', winner_registration_id: null, hammer_price_fen: null, deal_id: null, confirmation_no: null })
    expect(Object.values(await deposits(db, lot.auctionId)).sort()).toEqual(['pending', 'released', 'released'])
    expect(await db.selectFrom('deals').select('id').where('source_id', '=', lot.auctionId).execute()).toHaveLength(0)
    expect(await kindsFor(db, lot.seller.user.id)).toContain('auction_unsold')
    expect((await roomEvents(db, lot.auctionId, 'closed'))[0]!.payload).toMatchObject({ status: 'unsold', hammerPriceFen: null })

    const empty = await liveAuction(db, { bidders: 1 })
    const end2 = (await lotRow(db, empty.auctionId)).ends_at
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, empty.auctionId, testMeta, new Date(end2.getTime() + 5_000)))).toEqual({ status: 'unsold' })
  })

  it('closes once when two processes close the same lot at the same moment', async () => {
    const db = testDb()
    const lot = await liveAuction(db, { bidders: 2 })
    await submitBid(db, lot.bidders[0]!.principal, { auctionId: lot.auctionId, amountFen: 10_000_000, key: 'a1' })
    const at = new Date((await lotRow(db, lot.auctionId)).ends_at.getTime() + 2_000)
    const [x, y] = await Promise.all([0, 1].map(() => db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, at))))
    expect(x).toEqual(y)
    expect(x).toMatchObject({ status: 'sold' })
    expect(await db.selectFrom('deals').select('id').where('source_id', '=', lot.auctionId).execute()).toHaveLength(1)
    expect(await roomEvents(db, lot.auctionId, 'closed')).toHaveLength(1)
    expect((await kindsFor(db, lot.bidders[0]!.user.id)).filter((k) => k === 'auction_won')).toHaveLength(1)
  })

  it('closes every due lot from the periodic job and leaves the running ones', async () => {
    const db = testDb()
    const now = new Date()
    const due = await liveAuction(db, { bidders: 1, endsInMs: -10_000, startedMsAgo: 3_600_000, now })
    const running = await liveAuction(db, { bidders: 1, endsInMs: 3_600_000, now })
    expect(await closeDueAuctions(db, testMeta, now)).toBeGreaterThanOrEqual(1)
    expect((await lotRow(db, due.auctionId)).status).toBe('unsold')
    expect((await lotRow(db, running.auctionId)).status).toBe('announced')
  })
})

describe('sealed bids', () => {
  it('takes one fixed bid per paid bidder while open and opens them at the end: the highest wins, a tie goes to the earlier bid', async () => {
    const db = testDb()
    const now = new Date()
    const lot = await liveAuction(db, { format: 'sealed', bidders: 3, startFen: 10_000_000, reserveFen: 11_000_000, now })
    const [a, b, c] = lot.bidders
    const t0 = new Date(now.getTime() - 600_000)
    const seal = (who: typeof a, amountFen: number, key: string, at: Date) => submitSealedBid(db, who!.principal, { auctionId: lot.auctionId, amountFen, key }, at)
    // b bids first, a the same amount later: b must win the tie.
    expect(await seal(b, 12_000_000, 'b', t0)).toMatchObject({ ok: true, duplicate: false, amountFen: 12_000_000, sealedCount: 1 })
    expect(await seal(a, 12_000_000, 'a', new Date(t0.getTime() + 1_000))).toMatchObject({ ok: true, sealedCount: 2 })
    expect(await seal(c, 9_000_000, 'c-low', t0)).toMatchObject({ ok: false, reason: 'too_low', minFen: 10_000_000 })
    // Over the socket: the same command, the ack is the answer.
    expect(await SOCKET_COMMANDS['auction:sealed']!(db, c!.principal, { auctionId: lot.auctionId, amountFen: 11_500_000, key: 'c' }, t0, testMeta)).toMatchObject({ ok: true, paddleNo: c!.paddleNo })
    // Fixed once in: the same key answers with the stored bid, another key is refused.
    expect(await seal(a, 12_000_000, 'a', new Date())).toMatchObject({ ok: true, duplicate: true })
    expect(await seal(a, 13_000_000, 'a2', new Date())).toMatchObject({ ok: false, reason: 'sealed_already' })
    expect(await submitSealedBid(db, lot.unpaid.principal, { auctionId: lot.auctionId, amountFen: 20_000_000, key: 'u' }, t0)).toMatchObject({ ok: false, reason: 'no_deposit' })
    expect(await submitSealedBid(db, lot.seller.principal, { auctionId: lot.auctionId, amountFen: 20_000_000, key: 's' }, t0)).toMatchObject({ ok: false, reason: 'own_lot' })
    expect(await submitSealedBid(db, lot.bidders[0]!.principal, { auctionId: lot.auctionId, amountFen: -1, key: 'x' }, t0)).toEqual({ ok: false, reason: 'invalid' })
    // An English bid on a sealed lot is refused by the English engine.
    expect(await submitBid(db, c!.principal, { auctionId: lot.auctionId, amountFen: 30_000_000, key: 'e' })).toMatchObject({ ok: false })
    // Watchers learn the count, never an amount.
    const counts = await roomEvents(db, lot.auctionId, 'sealed')
    expect(counts.map((e) => e.payload)).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }])

    const end = (await lotRow(db, lot.auctionId)).ends_at
    expect(await seal(c, 15_000_000, 'late', new Date(end.getTime()))).toMatchObject({ ok: false, reason: 'sealed_already' })
    const result = await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(end.getTime() + 2_000)))
    expect(result).toMatchObject({ status: 'sold' })
    const row = await lotRow(db, lot.auctionId)
    expect(row.winner_registration_id).toBe(b!.registrationId)
    expect(Number(row.hammer_price_fen)).toBe(12_000_000)
    const [closed] = await roomEvents(db, lot.auctionId, 'closed')
    expect(closed!.payload).toMatchObject({
      status: 'sold',
      winnerPaddle: b!.paddleNo,
      sealedBids: [
        { paddleNo: b!.paddleNo, amountFen: 12_000_000 },
        { paddleNo: a!.paddleNo, amountFen: 12_000_000 },
        { paddleNo: c!.paddleNo, amountFen: 11_500_000 },
      ],
    })
    const view = await resultView(db, null, row, new Date(end.getTime() + 60_000))
    expect(view!.sealedBids.map((s) => s.paddleNo)).toEqual([b!.paddleNo, a!.paddleNo, c!.paddleNo])
  })

  it('refuses sealed bids before the opening of bidding and after the end; a lot whose sealed bids all miss the reserve is unsold', async () => {
    const db = testDb()
    const now = new Date()
    const lot = await liveAuction(db, { format: 'sealed', bidders: 1, reserveFen: 15_000_000, now })
    const [a] = lot.bidders
    const row = await lotRow(db, lot.auctionId)
    expect(await submitSealedBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 12_000_000, key: 'early' }, new Date(row.starts_at.getTime() - 1))).toMatchObject({ ok: false, reason: 'not_open' })
    expect(await submitSealedBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 12_000_000, key: 'late' }, row.ends_at)).toMatchObject({ ok: false, reason: 'ended' })
    expect(await submitSealedBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 12_000_000, key: 'ok' }, now)).toMatchObject({ ok: true })
    expect(await db.transaction().execute((trx) => closeAuctionIn(trx, lot.auctionId, testMeta, new Date(row.ends_at.getTime() + 2_000)))).toEqual({ status: 'unsold' })
    expect(Object.values(await deposits(db, lot.auctionId)).sort()).toEqual(['pending', 'released'])
    expect(await submitSealedBid(db, a!.principal, { auctionId: lot.auctionId, amountFen: 16_000_000, key: 'after' }, now)).toMatchObject({ ok: false, reason: 'sealed_already' })
  })
})

describe('the confirmation and its verification', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('shows lot, price, date and parties for a real code, nothing for a forged or malformed one', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    const row = await lotRow(db, lot.auctionId)
    const doc = await verifyAuctionConfirmation(db, row.verification_code!)
    expect(doc).toMatchObject({ number: row.confirmation_no, issuedAt: lot.closedAt.toISOString() })
    expect(doc!.facts).toEqual(
      expect.arrayContaining([
        { labelKey: 'verify.fact.lot', value: '竞价测试标的' },
        { labelKey: 'verify.fact.price', value: '10100000', money: true },
        { labelKey: 'verify.fact.buyer', value: lot.bidders[1]!.org.name },
        { labelKey: 'verify.fact.seller', value: lot.seller.org.name },
      ]),
    )
    expect(doc!.seal).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){7}$/)
    // The seal binds the facts: another price or buyer on paper no longer matches it.
    const facts = confirmationFacts({ ...row, seller_name: lot.seller.org.name, buyer_name: lot.bidders[1]!.org.name, winner_paddle: lot.bidders[1]!.paddleNo })
    expect(await sealMatches(db, CONFIRMATION_KIND, facts, doc!.seal)).toBe(true)
    const tampered = facts.map(([k, v]): [string, string] => [k, k === 'priceFen' ? '1010000' : v])
    expect(await sealMatches(db, CONFIRMATION_KIND, tampered, doc!.seal)).toBe(false)

    const page = await server.fetch(verifyPath(row.verification_code!))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('竞价测试标的')
    expect(html).toContain('10.1 万元')
    expect(html).toContain(row.confirmation_no!)
    expect(html).toContain(lot.bidders[1]!.org.name)
    expect(html).toContain(doc!.seal)
    // A typed code: lower case, without dashes.
    expect((await server.fetch(`/verify/${row.verification_code!.toLowerCase()}`)).status).toBe(200)

    let forged = newVerificationCode()
    while (forged === row.verification_code) forged = newVerificationCode()
    expect(await findVerifiedDocument(db, forged, [verifyAuctionConfirmation])).toBeNull()
    for (const bad of [verifyPath(forged), '/verify/not-a-code', `/verify/${'9'.repeat(200)}`, "/verify/'%3Cscript%3E"]) {
      const res = await server.fetch(bad)
      expect(res.status, bad).toBe(404)
      const text = await res.text()
      expect(text).not.toContain('竞价测试标的')
      expect(text).not.toContain('10.1 万元')
      expect(text).toContain('未找到该文书')
    }
  })

  it('gives the PDF to the buyer, the seller and admins only', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    const [loser, winner] = lot.bidders
    for (const who of [winner!.principal, lot.seller.principal]) {
      const pdf = await confirmationPdf(db, who, lot.auctionId, { origin: 'https://example.test' })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    }
    await expect(confirmationPdf(db, loser!.principal, lot.auctionId)).rejects.toMatchObject({ kind: 'not_found' })
    await expect(confirmationPdf(db, null, lot.auctionId)).rejects.toMatchObject({ kind: 'not_found' })

    const path = `/auctions/${lot.auctionId}/confirmation.pdf`
    const winnerCookie = await server.login(winner!.user.email, PASSWORD)
    const res = await server.fetch(path, { cookie: winnerCookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect((await server.fetch(path)).status).toBe(404)
    expect((await server.fetch(path, { cookie: await server.login(loser!.user.email, PASSWORD) })).status).toBe(404)
  })
})

describe('after the hammer', () => {
  it('lets only the winner sign and only the seller mark paid, in that order', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    const [loser, winner] = lot.bidders
    const at = new Date(lot.closedAt.getTime() + DAY)
    await expect(signConfirmation(db, loser!.principal, lot.auctionId, testMeta, at)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(signConfirmation(db, lot.seller.principal, lot.auctionId, testMeta, at)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(markPaid(db, lot.seller.principal, lot.auctionId, testMeta, at)).rejects.toMatchObject({ kind: 'conflict', messageKey: 'auction.errors.notSignedYet' })

    const before = await resultView(db, winner!.principal, await lotRow(db, lot.auctionId), at)
    expect(before!.can).toEqual({ sign: true, markPaid: false, relist: false })
    await signConfirmation(db, winner!.principal, lot.auctionId, testMeta, at)
    await expect(signConfirmation(db, winner!.principal, lot.auctionId, testMeta, at)).rejects.toMatchObject({ messageKey: 'auction.errors.alreadySigned' })
    await expect(markPaid(db, winner!.principal, lot.auctionId, testMeta, at)).rejects.toMatchObject({ kind: 'forbidden' })
    expect(await kindsFor(db, lot.seller.user.id)).toContain('auction_signed')

    const sellerView = await resultView(db, lot.seller.principal, await lotRow(db, lot.auctionId), at)
    expect(sellerView!.can.markPaid).toBe(true)
    await markPaid(db, lot.seller.principal, lot.auctionId, testMeta, at)
    expect(await kindsFor(db, winner!.user.id)).toContain('auction_paid')
    const row = await lotRow(db, lot.auctionId)
    expect(row).toMatchObject({ status: 'sold', signed_by: winner!.user.id })
    expect(row.paid_at).not.toBeNull()
    const audits = (await db.selectFrom('audit_log').select('action').where('entity_id', '=', lot.auctionId).execute()).map((a) => a.action)
    expect(audits).toEqual(expect.arrayContaining(['auction.sold', 'auction.signed', 'auction.paid']))
    // Signed and paid: never a default, however late (the job sees the other tests' lots too: look at this one).
    await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 60 * DAY))
    expect((await lotRow(db, lot.auctionId)).status).toBe('sold')
    const verified = await verifyAuctionConfirmation(db, row.verification_code!)
    expect(verified!.noteKey).toBe('verify.note.paid')
  })

  it('refuses signing after the sign deadline', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    await expect(signConfirmation(db, lot.bidders[1]!.principal, lot.auctionId, testMeta, new Date(lot.closedAt.getTime() + 6 * DAY))).rejects.toMatchObject({
      messageKey: 'auction.errors.signDeadlinePassed',
    })
  })

  it('defaults a winner who does not sign in time: deposit forfeited, deal closed, organisation barred from the relisting', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    const [loser, winner] = lot.bidders
    const dealId = (lot.result as { dealId: string }).dealId
    await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 4 * DAY))
    expect((await lotRow(db, lot.auctionId)).status).toBe('sold')
    expect(await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 5 * DAY + 1_000))).toBeGreaterThanOrEqual(1)
    const row = await lotRow(db, lot.auctionId)
    expect(row.status).toBe('defaulted')
    expect(row.defaulted_at).not.toBeNull()
    const dep = await deposits(db, lot.auctionId)
    expect(dep[winner!.registrationId]).toBe('forfeited')
    expect(dep[loser!.registrationId]).toBe('released')
    const deal = await db.selectFrom('deals').select(['stage', 'closed_reason']).where('id', '=', dealId).executeTakeFirstOrThrow()
    expect(deal.stage).toBe('closed_lost')
    expect(await kindsFor(db, winner!.user.id)).toContain('auction_defaulted')
    expect(await kindsFor(db, lot.seller.user.id)).toContain('auction_defaulted')
    // Running again does nothing more.
    await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 40 * DAY))
    expect((await lotRow(db, lot.auctionId)).defaulted_at).toEqual(row.defaulted_at)
    expect((await db.selectFrom('audit_log').select('action').where('entity_id', '=', lot.auctionId).where('action', '=', 'auction.defaulted').execute()).length).toBe(1)

    expect(await defaultedOrgIds(db, lot.auctionId)).toEqual([winner!.org.id])
    const relist = await insertAuction(db, {
      orgId: lot.seller.org.id,
      title: '竞价测试标的（重新竞价）',
      summary: '',
      format: 'english',
      terms: row.terms,
      startPriceFen: 10_000_000,
      incrementFen: 100_000,
      reserveFen: null,
      depositFen: 1_000_000,
      allowedOrgTypes: ['enterprise'],
      rules: row.rules,
      startsAt: new Date(Date.now() + 8 * DAY),
      endsAt: new Date(Date.now() + 9 * DAY),
      extensionSeconds: 300,
      relistedFrom: lot.auctionId,
      createdBy: lot.seller.user.id,
    })
    expect(await defaultedOrgIds(db, relist)).toEqual([winner!.org.id])

    const view = await resultView(db, winner!.principal, row, new Date(lot.closedAt.getTime() + 6 * DAY))
    expect(view).toMatchObject({ outcome: 'defaulted', myDeposit: { status: 'forfeited', amountFen: 1_000_000 }, can: { sign: false, markPaid: false } })
    const sellerView = await resultView(db, lot.seller.principal, row, new Date(lot.closedAt.getTime() + 6 * DAY))
    expect(sellerView!.can.relist).toBe(true)
    expect((await verifyAuctionConfirmation(db, row.verification_code!))!.noteKey).toBe('verify.note.defaulted')
  })

  it('defaults a winner who signed but did not pay by the payment deadline', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    await signConfirmation(db, lot.bidders[1]!.principal, lot.auctionId, testMeta, new Date(lot.closedAt.getTime() + DAY))
    await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 29 * DAY))
    expect((await lotRow(db, lot.auctionId)).status).toBe('sold')
    await defaultOverdueAuctions(db, testMeta, new Date(lot.closedAt.getTime() + 31 * DAY))
    expect((await lotRow(db, lot.auctionId)).status).toBe('defaulted')
  })
})

describe('results for the page and the list', () => {
  it('publishes buyer, price and date to everyone during the results period and to the parties only after it', async () => {
    const db = testDb()
    const lot = await soldLot(db)
    const [loser, winner] = lot.bidders
    const row = await lotRow(db, lot.auctionId)
    const during = new Date(lot.closedAt.getTime() + DAY)
    const anon = await resultView(db, null, row, during)
    expect(anon).toMatchObject({ outcome: 'sold', published: true, hammerPriceFen: 10_100_000, buyerName: winner!.org.name, winnerPaddle: winner!.paddleNo, confirmationNo: row.confirmation_no })
    expect(anon!.verifyPath).toBe(verifyPath(row.verification_code!))
    // The deal, the PDF and the deadlines are the parties' own.
    expect(anon).toMatchObject({ dealId: null, confirmationPdfPath: null, signDeadline: null, myDeposit: null })
    const loserView = await resultView(db, loser!.principal, row, during)
    expect(loserView).toMatchObject({ dealId: null, confirmationPdfPath: null, myDeposit: { status: 'released', amountFen: 1_000_000 } })
    const winnerView = await resultView(db, winner!.principal, row, during)
    expect(winnerView).toMatchObject({ dealId: row.deal_id, confirmationPdfPath: `/auctions/${lot.auctionId}/confirmation.pdf`, myDeposit: { status: 'applied' } })

    const after = new Date(row.results_until!.getTime() + 1_000)
    expect(await resultView(db, null, row, after)).toMatchObject({ published: false, hammerPriceFen: null, buyerName: null })
    expect(await resultView(db, winner!.principal, row, after)).toMatchObject({ published: true, hammerPriceFen: 10_100_000 })

    const list = await publishedResults(db, during)
    expect(list.find((r) => r.auctionId === lot.auctionId)).toMatchObject({ outcome: 'sold', hammerPriceFen: 10_100_000, buyerName: winner!.org.name, confirmationNo: row.confirmation_no })
    expect((await publishedResults(db, after)).find((r) => r.auctionId === lot.auctionId)).toBeUndefined()
  })

  it('has no result while the lot is still open', async () => {
    const db = testDb()
    const lot = await liveAuction(db, { bidders: 1 })
    expect(await resultView(db, null, await lotRow(db, lot.auctionId), new Date())).toBeNull()
  })
})

describe('serials', () => {
  it('numbers confirmations without gaps across lots', async () => {
    const db = testDb()
    const one = await soldLot(db)
    const two = await soldLot(db)
    const n = (x: typeof one) => Number((x.result as { confirmationNo: string }).confirmationNo.slice(-6))
    expect(n(two)).toBe(n(one) + 1)
  })
})
