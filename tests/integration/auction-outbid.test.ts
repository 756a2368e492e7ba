import { describe, expect, it } from 'vitest'
import { markNotificationRead } from '../../db/repos/notifications'
import { decideBatch, type BidRequest } from '../../server/auctions/engine'
import { liveAuction } from '../helpers/auctions'
import { testDb } from '../helpers/worker-setup'

// 被超越 (ADR 030): a displaced leader gets a notice, an event on their own
// room and a mail; while that notice is unread, being outbid again on the same
// lot adds nothing; once read, the next displacement notifies again.

const bid = (b: { user: { id: string }; org: { id: string } }, amountFen: number, key: string): BidRequest => ({ command: { kind: 'bid', amountFen }, key, userId: b.user.id, orgIds: [b.org.id], at: new Date() })

describe('outbid notices', () => {
  it('tells a displaced leader once per unread notice, with a room event and a mail', async () => {
    const db = testDb()
    const { auctionId, bidders } = await liveAuction(db, { bidders: 3 })
    const [a, b, c] = bidders
    const mine = (userId: string) => db.selectFrom('notifications').select(['id', 'kind', 'link', 'params']).where('user_id', '=', userId).where('kind', '=', 'auction_outbid').orderBy('id').execute()
    const mails = async (email: string) => (await db.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute()).filter((r) => (r.payload as { to?: string }).to === email).length

    await decideBatch(db, auctionId, [bid(a!, 10_000_000, 'a1'), bid(b!, 10_100_000, 'b1')])
    const first = await mine(a!.user.id)
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ link: `/auctions/${auctionId}`, params: { price: expect.any(String) } })
    expect(await mine(b!.user.id)).toHaveLength(0) // b leads
    const events = await db.selectFrom('realtime_events').select(['kind', 'payload']).where('room', '=', `user:${a!.user.id}`).execute()
    expect(events.map((e) => e.kind)).toEqual(['notification'])
    expect(await mails(a!.user.email)).toBe(1)

    // Outbid again while the notice is unread: nothing new.
    await decideBatch(db, auctionId, [bid(a!, 10_200_000, 'a2'), bid(c!, 10_300_000, 'c1')])
    expect(await mine(a!.user.id)).toHaveLength(1)
    expect(await mine(b!.user.id)).toHaveLength(1)
    expect(await mails(a!.user.email)).toBe(1)

    // Read, then outbid again: a new notice.
    await markNotificationRead(db, a!.user.id, first[0]!.id)
    await decideBatch(db, auctionId, [bid(a!, 10_400_000, 'a3'), bid(c!, 10_500_000, 'c2')])
    expect(await mine(a!.user.id)).toHaveLength(2)
    expect(await mails(a!.user.email)).toBe(2)
  })
})
