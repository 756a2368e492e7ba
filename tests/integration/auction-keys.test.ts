import { describe, expect, it } from 'vitest'
import { submitBid, submitProxy } from '../../server/auctions/commands'
import { liveAuction } from '../helpers/auctions'
import { testDb } from '../helpers/worker-setup'

// A client's idempotency key may not take the shape the engine gives a proxy's
// bids (`proxy:<seq>`): such a key once answered a new bid with the bidder's own
// proxy bid as a "duplicate", and a stored one could collide with a later proxy
// bid in the unique index and fail every command of that batch.

describe('idempotency keys', () => {
  it('refuses a client key shaped like a proxy bid key, on bids and proxy maxima', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { bidders: 2 })
    const [a, b] = bidders
    expect(await submitBid(db, b!.principal, { auctionId, amountFen: 10_000_000, key: 'b1' })).toMatchObject({ ok: true })
    expect(await submitProxy(db, a!.principal, { auctionId, maxFen: 10_500_000, key: 'pa' })).toMatchObject({ ok: true, bids: [{ seq: 2, byProxy: true }] })
    // a's proxy bid is stored as seq 2 under proxy:2; a bid keyed proxy:2 must not pass for it.
    expect(await submitBid(db, a!.principal, { auctionId, amountFen: 12_000_000, key: 'proxy:2' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await submitProxy(db, a!.principal, { auctionId, maxFen: 13_000_000, key: 'proxy:9' })).toEqual({ ok: false, reason: 'invalid' })
    const stored = await db.selectFrom('auction_bids').select(['seq', 'idempotency_key', 'by_proxy']).where('auction_id', '=', auctionId).orderBy('seq').execute()
    expect(stored).toEqual([
      { seq: 1, idempotency_key: 'b1', by_proxy: false },
      { seq: 2, idempotency_key: 'proxy:2', by_proxy: true },
    ])
  })
})
