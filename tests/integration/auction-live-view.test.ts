import { describe, expect, it } from 'vitest'
import { findAuction } from '../../db/repos/auctions'
import { roomEventsAfter } from '../../db/repos/realtime'
import { submitBid, submitProxy } from '../../server/auctions/commands'
import { liveLotView } from '../../server/auctions/live-view'
import { roomName } from '../../server/realtime/publish'
import { liveAuction } from '../helpers/auctions'
import { createMember } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// What a lot's page shows of the bidding when it loads (ADR 031): the price,
// the history by paddle number, the viewer's own registration, deposit and
// proxy, and the room's seq to follow from.

describe('live lot view', () => {
  it('shows a bidder the price, the history with paddle numbers, the leader, their deposit and proxy, and where the room stands', async () => {
    const db = testDb()
    const { auctionId, bidders, unpaid } = await liveAuction(db, { bidders: 2, startFen: 10_000_000, incrementFen: 500_000 })
    const [a, b] = bidders
    expect(await submitBid(db, a!.principal, { auctionId, amountFen: 10_000_000, key: 'a1' })).toMatchObject({ ok: true })
    expect(await submitProxy(db, b!.principal, { auctionId, maxFen: 12_000_000, key: 'b-proxy' })).toMatchObject({ ok: true })
    const lot = (await findAuction(db, auctionId))!
    const now = new Date()

    const forB = await liveLotView(db, b!.principal, lot, now)
    expect(forB).toMatchObject({ phase: 'bidding', priceFen: 10_500_000, minNextFen: 11_000_000, bidCount: 2, leaderPaddle: b!.paddleNo, hasReserve: false, reserveMet: null, canWatch: true })
    expect(forB.history.map((h) => [h.seq, h.amountFen, h.paddleNo, h.byProxy])).toEqual([
      [2, 10_500_000, b!.paddleNo, true],
      [1, 10_000_000, a!.paddleNo, false],
    ])
    expect(forB.me).toMatchObject({ registrationId: b!.registrationId, paddleNo: b!.paddleNo, depositStatus: 'confirmed', depositFen: 1_000_000, proxyMaxFen: 12_000_000, canBid: true, eligible: true, sealedBid: null })
    const events = await roomEventsAfter(db, roomName('auction', auctionId), 0)
    expect(forB.lastSeq).toBe(events.at(-1)!.seq)

    // A's proxy limit is nobody else's business.
    const forA = await liveLotView(db, a!.principal, lot, now)
    expect(forA.me).toMatchObject({ paddleNo: a!.paddleNo, proxyMaxFen: null, canBid: true })

    const forUnpaid = await liveLotView(db, unpaid.principal, lot, now)
    expect(forUnpaid.me).toMatchObject({ depositStatus: 'pending', canBid: false, eligible: false })
  })

  it('reads the lot afresh, so bids placed after the page read the row are not lost between the row and the room', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { bidders: 1 })
    const stale = (await findAuction(db, auctionId))!
    await submitBid(db, bidders[0]!.principal, { auctionId, amountFen: 10_000_000, key: 'k' })
    const v = await liveLotView(db, bidders[0]!.principal, stale, new Date())
    expect(v).toMatchObject({ priceFen: 10_000_000, bidCount: 1, lastSeq: 1 })
    expect(v.history).toHaveLength(1)
  })

  it('gives anonymous visitors the price but not the history; others signed in watch without a registration', async () => {
    const db = testDb()
    const { auctionId, bidders, seller } = await liveAuction(db, { bidders: 1, reserveFen: 50_000_000 })
    await submitBid(db, bidders[0]!.principal, { auctionId, amountFen: 10_000_000, key: 'k' })
    const lot = (await findAuction(db, auctionId))!
    const anon = await liveLotView(db, null, lot, new Date())
    expect(anon).toMatchObject({ priceFen: 10_000_000, history: [], leaderPaddle: null, me: null, canWatch: false, hasReserve: true, reserveMet: null })
    const other = await createMember(db, { type: 'enterprise', role: 'owner' })
    expect(await liveLotView(db, other.principal, lot, new Date())).toMatchObject({ me: null, canWatch: true, sellerView: false, leaderPaddle: bidders[0]!.paddleNo })
    expect(await liveLotView(db, seller.principal, lot, new Date())).toMatchObject({ me: null, sellerView: true, canWatch: true })
  })

  it('follows the phase on the server clock: upcoming before the start, closing after the end', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { bidders: 1, endsInMs: 60_000 })
    const lot = (await findAuction(db, auctionId))!
    const early = await liveLotView(db, bidders[0]!.principal, lot, new Date(lot.starts_at.getTime() - 1000))
    expect(early).toMatchObject({ phase: 'upcoming', me: { canBid: false, eligible: true } })
    const late = await liveLotView(db, bidders[0]!.principal, lot, new Date(lot.ends_at.getTime() + 1000))
    expect(late).toMatchObject({ phase: 'closing', me: { canBid: false } })
  })
})
