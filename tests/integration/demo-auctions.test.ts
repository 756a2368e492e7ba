import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { seedDemoAuctions } from '../../db/seed/auctions'
import { seedDemo } from '../../db/seed/demo'
import { apiAuction } from '../../server/auctions/api-auctions'
import { principalFor } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// The demo's auctions: one announced (bidding opens in 8 days), one live whose
// end lies a few hours ahead with confirmed bidders and bids, one sold with its
// confirmation, deal room and published result, one unsold. Reseeding adds no
// lot; a live lot near its end is re-armed, and one the periodic close has
// finished is replaced by a fresh live lot.

const HOUR = 3_600_000
const DAY = 24 * HOUR

const lots = (db = testDb()) =>
  db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .selectAll('a')
    .select('o.name as seller')
    .orderBy('a.created_at')
    .execute()
const registrations = (id: string) => testDb().selectFrom('auction_registrations as r').innerJoin('organisations as o', 'o.id', 'r.org_id').select(['o.name', 'r.deposit_status', 'r.id']).where('r.auction_id', '=', id).execute()

describe('the demo seed', () => {
  it('has an announced, a live, a sold and an unsold auction, once', async () => {
    const db = testDb()
    const before = Date.now()
    await seedDemo(db, { onlyIfEmpty: false })
    const all = await lots()
    const now = Date.now()

    const announced = all.filter((l) => l.status === 'announced' && l.starts_at.getTime() > now)
    expect(announced).toHaveLength(1)
    const opensIn = announced[0]!.starts_at.getTime() - before
    expect(opensIn).toBeGreaterThan(8 * DAY - HOUR)
    expect(opensIn).toBeLessThan(8 * DAY + 2 * HOUR)
    expect(announced[0]!.starts_at.getTime() - announced[0]!.announced_at!.getTime()).toBeGreaterThanOrEqual(7 * DAY)
    expect((await registrations(announced[0]!.id)).map((r) => r.deposit_status)).toEqual(['pending'])

    const live = all.filter((l) => l.status === 'announced' && l.starts_at.getTime() <= now && l.ends_at.getTime() > now)
    expect(live).toHaveLength(1)
    const lot = live[0]!
    expect(lot.ends_at.getTime() - now).toBeGreaterThan(HOUR)
    expect(lot.ends_at.getTime() - now).toBeLessThan(6 * HOUR)
    const regs = await registrations(lot.id)
    expect(regs.filter((r) => r.deposit_status === 'confirmed')).toHaveLength(2)
    const chain = await db.selectFrom('auction_bids').select(['seq', 'amount_fen', 'registration_id']).where('auction_id', '=', lot.id).orderBy('seq').execute()
    expect(chain.length).toBeGreaterThanOrEqual(3)
    expect(Number(lot.current_price_fen)).toBe(Number(chain.at(-1)!.amount_fen))
    expect(lot.leader_registration_id).toBe(chain.at(-1)!.registration_id)
    // The demo enterprise (柳州龙腾) is registered with its deposit confirmed and has been outbid: it can bid back.
    const enterprise = await db.selectFrom('users').select('id').where('email', '=', 'enterprise@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const view = await apiAuction(db, await principalFor(db, enterprise.id), null, lot.id, 'http://demo', new Date())
    expect(view).toMatchObject({ phase: 'bidding', you: { depositStatus: 'confirmed', leading: false } })
    expect(view!.history!.length).toBe(chain.length)

    const sold = all.filter((l) => l.status === 'sold')
    expect(sold).toHaveLength(1)
    expect(sold[0]).toMatchObject({ seller: '柳州汽车工程研究院', hammer_price_fen: 43_000_000, confirmation_no: expect.stringMatching(/^JJCJ-\d{4}-\d{6}$/), deal_id: expect.any(String) })
    expect(sold[0]!.results_until!.getTime()).toBeGreaterThan(now)
    const winner = (await registrations(sold[0]!.id)).find((r) => r.id === sold[0]!.winner_registration_id)
    expect(winner).toMatchObject({ name: '柳州龙腾汽车零部件有限公司', deposit_status: 'applied' })
    const deal = await db.selectFrom('deals').select(['source_kind']).where('id', '=', sold[0]!.deal_id!).executeTakeFirstOrThrow()
    expect(deal.source_kind).toBe('auction')

    const unsold = all.filter((l) => l.status === 'unsold')
    expect(unsold).toHaveLength(1)
    expect((await registrations(unsold[0]!.id)).map((r) => r.deposit_status)).toEqual(['released', 'released'])

    await seedDemo(db, { onlyIfEmpty: false })
    expect((await lots()).length).toBe(all.length)
  })

  it('re-arms the live lot when reseeded near or after its end, and replaces it once it has been closed', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    const count = (await lots()).length
    const liveLot = async (at: Date) => (await lots()).filter((l) => l.status === 'announced' && l.starts_at <= at && l.ends_at > at)

    // Reseeded five hours later: the old end has passed, the lot is live again a few hours ahead, its bids kept.
    const later = new Date(Date.now() + 5 * HOUR)
    const [before] = await liveLot(new Date())
    await db.transaction().execute((trx) => seedDemoAuctions(trx, later))
    const [after] = await liveLot(later)
    expect(after?.id).toBe(before!.id)
    expect(after!.ends_at.getTime() - later.getTime()).toBeGreaterThan(3 * HOUR)
    expect(after!.bid_count).toBe(before!.bid_count)
    expect((await lots()).length).toBe(count)

    // Reseeded a week on: the announcement has not opened yet and opens 8 days after the reseed again.
    const week = new Date(Date.now() + 7.5 * DAY)
    await db.transaction().execute((trx) => seedDemoAuctions(trx, week))
    const upcoming = (await lots()).filter((l) => l.status === 'announced' && l.bid_count === 0 && l.starts_at > week)
    expect(upcoming).toHaveLength(1)
    expect(upcoming[0]!.starts_at.getTime() - week.getTime()).toBeGreaterThan(8 * DAY - HOUR)
    expect((await lots()).length).toBe(count)

    // Meanwhile the periodic close found no bid above the reserve: reseeding lists a fresh live lot, relisted from it.
    await sql`update auctions set status = 'unsold', closed_at = now(), results_until = now() + interval '30 days' where id = ${after!.id}`.execute(db)
    await seedDemo(db, { onlyIfEmpty: false })
    const fresh = await liveLot(new Date())
    expect(fresh).toHaveLength(1)
    expect(fresh[0]!.id).not.toBe(after!.id)
    expect(fresh[0]!.relisted_from).toBe(after!.id)
    expect(fresh[0]!.bid_count).toBeGreaterThan(0)
    expect((await lots()).length).toBe(count + 1)
  })
})
