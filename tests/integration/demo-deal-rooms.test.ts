import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { myRooms } from '../../server/deals/rooms'
import { principalFor } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// The demo has a deal room at every stage and one closed as lost with its
// reason; the demo researcher, institution admin, enterprise and manager each
// see some on /deals; seeding again adds none.

describe('the demo seed', () => {
  it('opens deal rooms at every stage for the demo roles, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    const deals = await db.selectFrom('deals').select(['stage', 'closed_reason']).execute()
    expect(new Set(deals.map((d) => d.stage))).toEqual(new Set(['intent', 'negotiation', 'terms_agreed', 'signing', 'contract', 'implementation', 'closed_lost']))
    expect(deals.find((d) => d.stage === 'closed_lost')?.closed_reason).toBe('price')
    for (const local of ['researcher', 'institution', 'enterprise', 'manager']) {
      const u = await db.selectFrom('users').select('id').where('email', '=', `${local}@demo.kjdsc.cn`).executeTakeFirstOrThrow()
      const rooms = await myRooms(db, await principalFor(db, u.id), 'all')
      expect({ local, some: rooms.length > 0 }).toEqual({ local, some: true })
    }
    const { n } = await db.selectFrom('deal_messages').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'text').executeTakeFirstOrThrow()
    expect(n).toBeGreaterThan(20)
    await seedDemo(db, { onlyIfEmpty: false })
    expect((await db.selectFrom('deals').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n).toBe(deals.length)
  })
})
