import { describe, expect, it } from 'vitest'
import { historyAuthorId } from '../helpers/demo-history'
import { dealOffers } from '../../db/repos/offers'
import { seedDemo } from '../../db/seed/demo'
import { seedDemoOffers } from '../../db/seed/offers'
import { testDb } from '../helpers/worker-setup'

// The demo has offer versions to look at: with no deal seeded by anyone else,
// the offers seed opens one (柳州理工大学 ↔ 龙腾汽车, through the manager) where
// the buyer offered and the seller countered; seeding again adds nothing.

describe('the demo offers', () => {
  it('has a deal with an offer and an open counter-offer, idempotently', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    const deals = await db.selectFrom('deals').select(['id', 'stage']).where('stage', '=', 'negotiation').orderBy('created_at').execute()
    expect(deals.length).toBeGreaterThanOrEqual(1)
    const offers = await dealOffers(db, deals[0]!.id)
    expect(offers.map((o) => [o.version, o.side, o.status])).toEqual([
      [1, 'buyer', 'superseded'],
      [2, 'seller', 'open'],
    ])
    expect(deals[0]!.stage).toBe('negotiation')
    // Rooms seeded at 条款确认 or later have the terms that got them there, frozen.
    // (The generated history's deals have contracts but no offers: they are left out.)
    const history = await historyAuthorId(db)
    const later = await db.selectFrom('deals').select('id').where('stage', 'in', ['terms_agreed', 'signing', 'contract', 'implementation']).where('created_by', '<>', history).execute()
    expect(later.length).toBeGreaterThan(0)
    for (const d of later) expect(await db.selectFrom('deal_agreed_terms').select('version').where('deal_id', '=', d.id).executeTakeFirst(), d.id).toBeDefined()
    expect(await db.transaction().execute((trx) => seedDemoOffers(trx))).toEqual({ offers: 0 })
  })
})
