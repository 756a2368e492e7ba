import { beforeAll, describe, expect, it } from 'vitest'
import { dealMembers, dealParties, stageChanges } from '../../db/repos/deals'
import { roomEventsAfter } from '../../db/repos/realtime'
import { dealAccess } from '../../server/deals/access'
import { openDeal, openDealDirect, openDealFromMatch } from '../../server/deals/open'
import { roomName } from '../../server/realtime/publish'
import { dealFromMatch } from '../helpers/deals'
import { refusedUnchanged } from '../helpers/errors'
import { sql } from 'kysely'
import { createMember, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// Opening a deal room: from an accepted match by its manager (once, however
// often it is clicked), with the seller, the buyer and the manager inside and
// nobody else; the first stage 意向 is in the timeline and in the room's events.

let world: Awaited<ReturnType<typeof dealFromMatch>>

const dealCount = async () => (await testDb().selectFrom('deals').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

beforeAll(async () => {
  world = await dealFromMatch(testDb())
})

describe('a deal room opened from an accepted match', () => {
  it('knows its parties and first members, starts at 意向, and tells the room', async () => {
    const db = testDb()
    const parties = await dealParties(db, world.dealId)
    expect(parties.map((p) => [p.org_id, p.side])).toEqual([
      [world.uni.org.id, 'seller'],
      [world.ent.org.id, 'buyer'],
    ])
    const members = await dealMembers(db, world.dealId)
    expect(members.map((m) => m.user_id).sort()).toEqual([world.uni.user.id, world.ent.user.id, world.manager.user.id].sort())
    expect((await stageChanges(db, world.dealId)).map((c) => c.to_stage)).toEqual(['intent'])
    const events = await roomEventsAfter(db, roomName('deal', world.dealId), 0)
    expect(events.map((e) => [e.seq, e.kind, (e.payload as { body: string }).body])).toEqual([[1, 'message', 'deals.system.opened']])
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind', 'link']).where('link', '=', `/deals/${world.dealId}`).execute()
    expect(notes.map((n) => n.user_id).sort()).toEqual([world.uni.user.id, world.ent.user.id].sort())
  })

  it('is the same room when opened again', async () => {
    const again = await openDealFromMatch(testDb(), world.ent.principal, world.matchId, testMeta)
    expect(again).toEqual({ id: world.dealId, created: false })
  })

  it('lets in members and the parties’ admins, and nobody else', async () => {
    const db = testDb()
    expect((await dealAccess(db, world.uni.principal, world.dealId))?.side).toBe('seller')
    expect((await dealAccess(db, world.uniAdmin, world.dealId))).toMatchObject({ side: 'seller', isPartyAdmin: true })
    expect((await dealAccess(db, world.ent.principal, world.dealId))).toMatchObject({ side: 'buyer', isPartyAdmin: true })
    expect((await dealAccess(db, world.manager.principal, world.dealId))?.side).toBe('manager')
    expect(await dealAccess(db, world.otherEnt.principal, world.dealId)).toBeNull()
    expect(await dealAccess(db, world.outsider.principal, world.dealId)).toBeNull()
    expect(await dealAccess(db, null, world.dealId)).toBeNull()
    expect(await dealAccess(db, world.uni.principal, 'not-a-uuid')).toBeNull()
  })

  it('is refused to an outsider of the match with 404', async () => {
    await refusedUnchanged(dealCount, () => openDealFromMatch(testDb(), world.otherEnt.principal, world.matchId, testMeta), 'not_found')
  })
})

describe('a room the platform opens by itself (a notice concluded by the periodic job)', () => {
  it('names no one: the first line and the notifications say the platform opened it', async () => {
    const db = testDb()
    const buyer = await createMember(db, { type: 'enterprise', role: 'owner' })
    const { id } = await db.transaction().execute((trx) =>
      openDeal(
        trx,
        null,
        {
          title: '平台开启的洽谈室',
          source: { kind: 'manager', id: null },
          sellerOrgId: world.uni.org.id,
          buyerOrgIds: [buyer.org.id],
          achievementIds: [world.achievementId],
          members: [
            { userId: world.uni.user.id, role: 'party', orgId: world.uni.org.id },
            { userId: buyer.user.id, role: 'party', orgId: buyer.org.id },
          ],
        },
        testMeta,
      ),
    )
    const lines = await db.selectFrom('deal_messages').select('body').where('deal_id', '=', id).execute()
    expect(lines.map((l) => l.body)).toEqual(['deals.system.openedByPlatform'])
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('link', '=', `/deals/${id}`).execute()
    expect(notes.map((n) => n.kind)).toEqual(['deal_opened_by_platform', 'deal_opened_by_platform'])
  })
})

describe('a manager bringing both sides together', () => {
  it('opens a room for a published achievement and a verified enterprise', async () => {
    const db = testDb()
    const buyer = await createMember(db, { type: 'enterprise', role: 'owner' })
    const r = await openDealDirect(db, world.manager.principal, { achievementId: world.achievementId, buyerOrgId: buyer.org.id }, testMeta)
    expect(r.created).toBe(true)
    expect(await dealAccess(db, buyer.principal, r.id)).toMatchObject({ side: 'buyer', isPartyAdmin: true })
  })

  it('is for managers only', async () => {
    const db = testDb()
    await refusedUnchanged(dealCount, () => openDealDirect(db, world.ent.principal, { achievementId: world.achievementId, buyerOrgId: world.ent.org.id }, testMeta), 'forbidden')
  })
})
