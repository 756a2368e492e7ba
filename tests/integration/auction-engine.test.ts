import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { decideBatch, decideBatches, type BidRequest } from '../../server/auctions/engine'
import { insertRegistration, nextSerial, setDepositConfirmed } from '../../db/repos/auctions'
import { submitBid } from '../../server/auctions/commands'
import { liveAuction } from '../helpers/auctions'
import { testDb } from '../helpers/worker-setup'

// The engine against a real PostgreSQL: batches decided under the lot's lock,
// idempotency keys, anti-sniping, proxies, and the database refusing a bid
// that breaks the rules even when the code is bypassed.

const bid = (b: { user: { id: string }; org: { id: string } }, amountFen: number, key: string, at = new Date()): BidRequest => ({
  command: { kind: 'bid', amountFen },
  key,
  userId: b.user.id,
  orgIds: [b.org.id],
  at,
})

describe('bidding engine', () => {
  it('accepts valid bids in arrival order, refuses low, unpaid and own-leading ones, and never stores a retried key twice', async () => {
    const db = testDb()
    const { auctionId, bidders, unpaid } = await liveAuction(db, { bidders: 2, startFen: 10_000_000, incrementFen: 100_000 })
    const [a, b] = bidders
    const answers = await decideBatch(db, auctionId, [
      bid(a!, 10_000_000, 'a1'),
      bid(b!, 10_050_000, 'b1'), // below start + increment
      bid(b!, 10_100_000, 'b2'),
      bid(b!, 10_200_000, 'b3'), // already leading
      bid(unpaid, 20_000_000, 'u1'),
      bid(a!, 10_000_000, 'a1'), // the same key again in the batch
    ])
    expect(answers.map((x) => (x.ok ? 'ok' : x.reason))).toEqual(['ok', 'too_low', 'ok', 'leading', 'no_deposit', 'ok'])
    expect(answers[5]).toMatchObject({ ok: true, duplicate: true })
    const retry = await decideBatch(db, auctionId, [bid(a!, 10_000_000, 'a1')])
    expect(retry[0]).toMatchObject({ ok: true, duplicate: true, priceFen: 10_100_000 })
    const stored = await db.selectFrom('auction_bids').select(['seq', 'amount_fen']).where('auction_id', '=', auctionId).orderBy('seq').execute()
    expect(stored.map((r) => [r.seq, Number(r.amount_fen)])).toEqual([
      [1, 10_000_000],
      [2, 10_100_000],
    ])
  })

  it('moves the end to five minutes after a bid in the last five minutes, never back', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { endsInMs: 60_000 })
    const before = await db.selectFrom('auctions').select('ends_at').where('id', '=', auctionId).executeTakeFirstOrThrow()
    const at = new Date()
    const [ans] = await decideBatch(db, auctionId, [bid(bidders[0]!, 10_000_000, 'x', at)])
    expect(ans).toMatchObject({ ok: true, extended: true, endsAt: new Date(at.getTime() + 300_000).toISOString() })
    expect(new Date(ans!.endsAt).getTime()).toBeGreaterThan(before.ends_at.getTime())
  })

  it('lets proxies climb one increment at a time, the higher maximum ending in the lead', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { bidders: 3 })
    const [a, b, c] = bidders
    const p = (x: typeof a, maxFen: number, key: string): BidRequest => ({ command: { kind: 'proxy', maxFen }, key, userId: x!.user.id, orgIds: [x!.org.id], at: new Date() })
    await decideBatch(db, auctionId, [p(a, 10_500_000, 'pa'), p(b, 10_300_000, 'pb')])
    const [last] = await decideBatch(db, auctionId, [bid(c!, 10_600_000, 'c1')])
    expect(last).toMatchObject({ ok: true, priceFen: 10_600_000, leaderPaddle: c!.paddleNo })
    const rows = await db.selectFrom('auction_bids').select(['amount_fen', 'registration_id', 'by_proxy']).where('auction_id', '=', auctionId).orderBy('seq').execute()
    expect(rows.map((r) => Number(r.amount_fen))).toEqual([10_000_000, 10_100_000, 10_200_000, 10_300_000, 10_400_000, 10_600_000])
    expect(rows[4]!.registration_id).toBe(a!.registrationId)
  })

  it('refuses in the database a bid that skips the chain, undercuts the increment or comes after the end', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db)
    await decideBatch(db, auctionId, [bid(bidders[0]!, 10_000_000, 'k1')])
    const insert = (seq: number, amount: number, prev: number | null, placedAt = new Date()) =>
      db
        .insertInto('auction_bids')
        .values({ auction_id: auctionId, seq, prev_seq: seq - 1 || null, amount_fen: amount, prev_amount_fen: prev, registration_id: bidders[1]!.registrationId, placed_at: placedAt, idempotency_key: `raw-${seq}-${amount}` })
        .execute()
    await expect(insert(2, 10_050_000, 10_000_000)).rejects.toThrow(/auction_bid_increment/)
    await expect(insert(2, 9_000_000, 10_000_000)).rejects.toThrow()
    await expect(insert(3, 20_000_000, 19_000_000)).rejects.toThrow()
    await expect(insert(2, 20_000_000, 10_000_000, new Date(Date.now() + 86_400_000))).rejects.toThrow(/auction_bid_time/)
    await expect(sql`update auction_bids set amount_fen = 1 where auction_id = ${auctionId}`.execute(db)).rejects.toThrow(/append_only/)
    await expect(sql`update auctions set ends_at = ends_at - interval '1 minute' where id = ${auctionId}`.execute(db)).rejects.toThrow(/moved_back/)
  })

  it('decides concurrent bids from the queue one batch at a time: every acknowledged bid is stored and the chain is unbroken', async () => {
    const db = testDb()
    const { auctionId, bidders, seller } = await liveAuction(db, { bidders: 5, incrementFen: 1 })
    const { principalFor } = await import('../helpers/factories')
    const principals = await Promise.all(bidders.map((b) => principalFor(db, b.user.id)))
    let n = 0
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => submitBid(db, principals[i % 5]!, { auctionId, amountFen: 10_000_000 + i * 10, key: `k${i}-${n++}` })),
    )
    const acked = answers.filter((a) => a.ok).length
    const stored = await db.selectFrom('auction_bids').select((eb) => eb.fn.countAll<number>().as('n')).where('auction_id', '=', auctionId).executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(acked)
    expect(acked).toBeGreaterThan(1)
    const own = await submitBid(db, seller.principal, { auctionId, amountFen: 99_000_000, key: 'seller' })
    expect(own).toMatchObject({ ok: false, reason: 'not_registered' })
  })

  it('decides several lots in one transaction, and a bidder outbid on two of them at once hears it for each', async () => {
    const db = testDb()
    const one = await liveAuction(db, { bidders: 2 })
    const two = await liveAuction(db, { bidders: 0 })
    const [a, b] = one.bidders
    // The same two enterprises registered, with deposits, on the second lot too.
    for (const x of [a!, b!]) {
      await db.transaction().execute(async (trx) => {
        const reg = await insertRegistration(trx, { auctionId: two.auctionId, orgId: x.org.id, userId: x.user.id, depositFen: 1_000_000, at: new Date() })
        await setDepositConfirmed(trx, reg.id, { bankReference: `B-${reg.id}`, receiptNo: await nextSerial(trx, 'receipt', 2026), by: two.admin.id, at: new Date() })
      })
    }
    await decideBatches(db, [
      [one.auctionId, [bid(a!, 10_000_000, 'a-one')]],
      [two.auctionId, [bid(a!, 10_000_000, 'a-two')]],
    ])
    const answers = await decideBatches(db, [
      [two.auctionId, [bid(b!, 10_100_000, 'b-two')]],
      [one.auctionId, [bid(b!, 10_100_000, 'b-one')]],
    ])
    expect(answers.get(one.auctionId)![0]).toMatchObject({ ok: true, leading: true })
    expect(answers.get(two.auctionId)![0]).toMatchObject({ ok: true, leading: true })
    const notices = await db.selectFrom('notifications').select('link').where('user_id', '=', a!.user.id).where('kind', '=', 'auction_outbid').execute()
    expect(notices.map((n) => n.link).sort()).toEqual([`/auctions/${one.auctionId}`, `/auctions/${two.auctionId}`].sort())
  })
})
