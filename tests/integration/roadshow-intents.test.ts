import { describe, expect, it } from 'vitest'
import { roadshowAuctionViews } from '../../server/roadshows/auction-panel'
import { openDealFromIntent, registerIntent } from '../../server/roadshows/intents'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { liveAuction } from '../helpers/auctions'
import { createMember, testMeta } from '../helpers/factories'
import { goLive } from '../helpers/roadshow-live'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// 意向登记: a verified enterprise's member states interest in an item; the
// owner and the host hear of it (the room only of the count), and one step
// opens a single deal room between the two organisations.

const intent = (roadshowId: string, itemId: string, extra: Record<string, unknown> = {}) => ({
  roadshowId,
  itemId,
  mode: 'licence',
  note: '希望洽谈独占许可',
  ...extra,
})

describe('intent registration', () => {
  it("reaches the item's owner and the host, once per organisation, with only the count in the room", async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 2 })
    const item = rs.itemIds[0]!
    const [a, b] = rs.viewers as [(typeof rs.viewers)[0], (typeof rs.viewers)[0]]
    expect(await registerIntent(db, a.principal, intent(rs.roadshowId, item), new Date(), testMeta)).toEqual({ ok: false, reason: 'not_live' })
    await goLive(db, rs.roadshowId, item)
    const first = await registerIntent(db, a.principal, intent(rs.roadshowId, item), new Date(), testMeta)
    expect(first).toMatchObject({ ok: true, count: 1 })
    // The same organisation again (another tab, a re-sent message): the stored intent, no second count.
    const again = await registerIntent(db, a.principal, intent(rs.roadshowId, item, { note: '再发一次' }), new Date(), testMeta)
    expect(again).toMatchObject({ ok: true, count: 1, duplicate: true, intentId: (first as { intentId: string }).intentId })
    expect(await registerIntent(db, b.principal, intent(rs.roadshowId, item), new Date(), testMeta)).toMatchObject({ ok: true, count: 2 })
    expect((await roadshowLiveState(db, rs.roadshowId)).intents[item]).toBe(2)

    const notes = await db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'link'])
      .where('kind', '=', 'roadshow_intent')
      .where('user_id', 'in', [rs.owner.user.id, rs.host.user.id, a.user.id])
      .execute()
    const to = (id: string) => notes.filter((n) => n.user_id === id)
    expect(to(rs.owner.user.id)).toHaveLength(2)
    expect(to(rs.host.user.id)).toHaveLength(2)
    expect(to(a.user.id)).toHaveLength(0)
    expect(notes[0]!.link).toBe(`/roadshows/${rs.roadshowId}/intents`)
  })

  it('is for members of verified enterprises, on an item of the agenda, with a deal mode and a short note', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const item = rs.itemIds[0]!
    await goLive(db, rs.roadshowId, item)
    const v = rs.viewers[0]!.principal
    const at = new Date()
    expect(await registerIntent(db, rs.outsider.principal, intent(rs.roadshowId, item), at, testMeta)).toEqual({ ok: false, reason: 'not_verified' })
    const pending = await createMember(db, { type: 'enterprise', status: 'pending' })
    expect(await registerIntent(db, pending.principal, intent(rs.roadshowId, item), at, testMeta)).toEqual({ ok: false, reason: 'not_verified' })
    expect(await registerIntent(db, v, intent(rs.roadshowId, item, { mode: 'gift' }), at, testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'mode' })
    expect(await registerIntent(db, v, intent(rs.roadshowId, item, { note: '长'.repeat(1001) }), at, testMeta)).toEqual({
      ok: false,
      reason: 'invalid',
      field: 'note',
    })
    expect(await registerIntent(db, v, intent(rs.roadshowId, item, { orgId: rs.outsider.org.id }), at, testMeta)).toEqual({
      ok: false,
      reason: 'invalid',
      field: 'orgId',
    })
    expect(await registerIntent(db, v, intent(rs.roadshowId, rs.roadshowId), at, testMeta)).toEqual({ ok: false, reason: 'no_item' })
    const other = await scheduledRoadshow(db, { viewers: 0 })
    expect(await registerIntent(db, v, intent(rs.roadshowId, other.itemIds[0]!), at, testMeta)).toEqual({ ok: false, reason: 'no_item' })
    const closed = await scheduledRoadshow(db, { audience: 'invitation', viewers: 0 })
    expect(await registerIntent(db, v, intent(closed.roadshowId, closed.itemIds[0]!), at, testMeta)).toEqual({ ok: false, reason: 'not_found' })
  })

  it("opens one deal room between the owner and the interested enterprise, from the owner's side or the host", async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const item = rs.itemIds[0]!
    await goLive(db, rs.roadshowId, item)
    const viewer = rs.viewers[0]!
    const r = (await registerIntent(db, viewer.principal, intent(rs.roadshowId, item), new Date(), testMeta)) as { intentId: string }
    // The enterprise itself, and anyone else, may not open it from here.
    await expect(openDealFromIntent(db, viewer.principal, r.intentId, testMeta)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(openDealFromIntent(db, rs.outsider.principal, r.intentId, testMeta)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(openDealFromIntent(db, rs.owner.principal, rs.roadshowId, testMeta)).rejects.toMatchObject({ kind: 'not_found' })

    const opened = await openDealFromIntent(db, rs.owner.principal, r.intentId, testMeta)
    expect(opened.created).toBe(true)
    const again = await openDealFromIntent(db, rs.host.principal, r.intentId, testMeta)
    expect(again).toEqual({ id: opened.id, created: false })

    const deal = await db.selectFrom('deals').select(['source_kind', 'source_id']).where('id', '=', opened.id).executeTakeFirstOrThrow()
    expect(deal).toEqual({ source_kind: 'roadshow', source_id: r.intentId })
    const parties = await db.selectFrom('deal_parties').select(['org_id', 'side']).where('deal_id', '=', opened.id).execute()
    expect(parties).toEqual(
      expect.arrayContaining([
        { org_id: rs.owner.org.id, side: 'seller' },
        { org_id: viewer.org.id, side: 'buyer' },
      ])
    )
    const members = await db.selectFrom('deal_members').select(['user_id', 'role']).where('deal_id', '=', opened.id).execute()
    expect(members).toEqual(
      expect.arrayContaining([
        { user_id: viewer.user.id, role: 'party' },
        { user_id: rs.owner.user.id, role: 'party' },
        { user_id: rs.host.user.id, role: 'manager' },
      ])
    )
    const stored = await db.selectFrom('roadshow_intents').select('deal_id').where('id', '=', r.intentId).executeTakeFirstOrThrow()
    expect(stored.deal_id).toBe(opened.id)
  })
})

describe('auction lots on the agenda', () => {
  it('gives the page the live view of each lot the viewer may see', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const lot = await liveAuction(db, { bidders: 1 })
    await db.updateTable('roadshow_items').set({ auction_id: lot.auctionId }).where('id', '=', rs.itemIds[0]!).execute()
    const items = [
      {
        id: rs.itemIds[0]!,
        position: 1,
        title: 'x',
        presenterName: 'p',
        pitchMinutes: 5,
        qaMinutes: 5,
        achievementId: null,
        slidesUrl: null,
        auctionId: lot.auctionId,
        ownerOrgId: null,
      },
      {
        id: rs.itemIds[1]!,
        position: 2,
        title: 'y',
        presenterName: 'p',
        pitchMinutes: 5,
        qaMinutes: 5,
        achievementId: null,
        slidesUrl: null,
        auctionId: null,
        ownerOrgId: null,
      },
    ]
    const now = new Date()
    const forBidder = await roadshowAuctionViews(db, lot.bidders[0]!.principal, items, now)
    expect(Object.keys(forBidder)).toEqual([lot.auctionId])
    expect(forBidder[lot.auctionId]).toMatchObject({ phase: 'bidding', me: { canBid: true } })
    const anonymous = await roadshowAuctionViews(db, null, items, now)
    expect(anonymous[lot.auctionId]).toMatchObject({ me: null, canWatch: false })
    // A lot withdrawn from the market is no longer shown on the roadshow.
    await db.updateTable('auctions').set({ status: 'withdrawn' }).where('id', '=', lot.auctionId).execute()
    expect(await roadshowAuctionViews(db, rs.viewers[0]!.principal, items, now)).toEqual({})
  })
})
