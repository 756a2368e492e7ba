import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { findDeal, stageChanges } from '../../db/repos/deals'
import { dealOffers } from '../../db/repos/offers'
import { roomEventsAfter } from '../../db/repos/realtime'
import { acceptManagerTerms, managerTermsView, stateManagerTerms } from '../../server/deals/manager-terms'
import { acceptOffer, acceptOfferIn, dealOffersView, makeOffer, recordAgreedTerms, rejectOffer, withdrawOffer } from '../../server/deals/offers'
import { DealTermsSchema, type DealTerms } from '../../server/deals/terms'
import { roomName } from '../../server/realtime/publish'
import { dealFromMatch } from '../helpers/deals'
import { rejection } from '../helpers/errors'
import { testMeta } from '../helpers/factories'
import { raceAgainst } from '../helpers/race'
import { testDb } from '../helpers/worker-setup'
import { todoFor } from '../../server/notifications/todo'

// Offers and counter-offers as a party would notice them: a counter supersedes
// the open offer, only the other side accepts (never the maker's side, never a
// manager), acceptance freezes the terms — the database refuses to change them
// — and the deal moves to 条款确认; outsiders get 404.

const terms = (wan: number): DealTerms =>
  DealTermsSchema.parse({ mode: 'transfer', price: { structure: 'lump_sum', amountFen: wan * 1_000_000 }, deliverables: '全套工艺文件' })

type World = Awaited<ReturnType<typeof dealFromMatch>>
const as = (w: World, who: 'uni' | 'ent' | 'manager') => ({ principal: w[who].principal })

describe('offers and counter-offers', () => {
  let w: World
  beforeAll(async () => {
    w = await dealFromMatch(testDb())
  })

  it('the buyer offers, the seller counters: the first is superseded, both are versions with a diff', async () => {
    const db = testDb()
    expect(await makeOffer(db, as(w, 'ent'), w.dealId, terms(80), testMeta)).toMatchObject({ version: 1 })
    expect((await findDeal(db, w.dealId))?.stage).toBe('negotiation')
    expect(await makeOffer(db, as(w, 'uni'), w.dealId, terms(120), testMeta)).toMatchObject({ version: 2 })
    const view = await dealOffersView(db, w.dealId, 'zh-CN')
    expect(view.versions.map((v) => [v.version, v.side, v.status, v.basisVersion])).toEqual([
      [1, 'buyer', 'superseded', null],
      [2, 'seller', 'open', 1],
    ])
    expect(view.versions[1]!.changes).toEqual([{ path: 'price.amountFen', label: '总价', before: '80 万元', after: '120 万元' }])
    const events = await roomEventsAfter(db, roomName('deal', w.dealId), 0)
    const lines = events.filter((e) => e.kind === 'message').map((e) => (e.payload as { body: string; params: Record<string, string> }))
    expect(lines.map((l) => l.body)).toEqual(expect.arrayContaining(['deals.system.offerMade', 'deals.system.offerCountered']))
    expect(lines.find((l) => l.body === 'deals.system.offerCountered')?.params).toMatchObject({ version: '2', price: '120' })
    expect(events.filter((e) => e.kind === 'offer')).toHaveLength(2)
    const notes = await db.selectFrom('notifications').select(['user_id']).where('kind', '=', 'deal_offer').where('link', '=', `/deals/${w.dealId}/offers`).execute()
    // The buyer heard of the counter, the seller of the offer (and the manager of both); nobody of their own.
    expect(notes.map((n) => n.user_id).sort()).toEqual([w.ent.user.id, w.uni.user.id, w.manager.user.id, w.manager.user.id].sort())
  })

  it('puts the open counter on the buyer’s 待办, not on the seller’s', async () => {
    const db = testDb()
    const offerItems = async (p: World['ent']['principal']) => (await todoFor(db, p)).items.filter((i) => i.kind === 'offer')
    expect(await offerItems(w.ent.principal)).toEqual([expect.objectContaining({ link: `/deals/${w.dealId}/offers`, detail: 'v2' })])
    expect(await offerItems(w.uni.principal)).toEqual([])
    expect(await offerItems(w.uniAdmin)).toEqual([])
    expect(await offerItems(w.outsider.principal)).toEqual([])
  })

  it('the maker’s side cannot accept its own offer; a manager cannot accept; an outsider gets 404', async () => {
    const db = testDb()
    expect((await rejection(acceptOffer(db, as(w, 'uni'), w.dealId, 2, testMeta))).kind).toBe('forbidden')
    expect((await rejection(acceptOffer(db, { principal: w.uniAdmin }, w.dealId, 2, testMeta))).kind).toBe('forbidden')
    expect((await rejection(acceptOffer(db, as(w, 'manager'), w.dealId, 2, testMeta))).messageKey).toBe('offers.errors.managerCannotAccept')
    expect((await rejection(acceptOffer(db, { principal: w.outsider.principal }, w.dealId, 2, testMeta))).kind).toBe('not_found')
    expect((await rejection(makeOffer(db, { principal: w.otherEnt.principal }, w.dealId, terms(1), testMeta))).kind).toBe('not_found')
    expect((await rejection(makeOffer(db, as(w, 'manager'), w.dealId, terms(1), testMeta))).kind).toBe('forbidden')
    // A superseded version is no longer on the table.
    expect((await rejection(acceptOffer(db, as(w, 'uni'), w.dealId, 1, testMeta))).messageKey).toBe('offers.errors.notOpen')
    expect((await dealOffers(db, w.dealId)).map((o) => o.status)).toEqual(['superseded', 'open'])
  })

  it('the other side accepts: terms frozen, stage 条款确认 in the timeline, no more offers', async () => {
    const db = testDb()
    await acceptOffer(db, as(w, 'ent'), w.dealId, 2, testMeta)
    const view = await dealOffersView(db, w.dealId, 'zh-CN')
    expect(view.agreed).toMatchObject({ version: 2, via: 'offer', terms: terms(120) })
    expect(view.versions.map((v) => v.status)).toEqual(['superseded', 'accepted'])
    expect((await findDeal(db, w.dealId))?.stage).toBe('terms_agreed')
    expect((await stageChanges(db, w.dealId)).map((c) => c.to_stage)).toEqual(['intent', 'negotiation', 'terms_agreed'])
    expect((await rejection(makeOffer(db, as(w, 'ent'), w.dealId, terms(100), testMeta))).messageKey).toBe('offers.errors.notNegotiable')
    const accepted = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'deal_offer_accepted').where('link', '=', `/deals/${w.dealId}/offers`).execute()
    expect(accepted.map((n) => n.user_id).sort()).toEqual([w.uni.user.id, w.manager.user.id].sort())
  })

  it('frozen terms cannot be changed, even by SQL', async () => {
    const db = testDb()
    await expect(sql`update deal_agreed_terms set terms = '{}'::jsonb where deal_id = ${w.dealId}`.execute(db)).rejects.toThrow(/frozen/)
    await expect(sql`update deal_offers set terms = '{}'::jsonb where deal_id = ${w.dealId} and version = 2`.execute(db)).rejects.toThrow(/immutable/)
    await expect(sql`update deal_offers set status = 'withdrawn' where deal_id = ${w.dealId} and version = 2`.execute(db)).rejects.toThrow(/frozen/)
    expect((await dealOffersView(db, w.dealId, 'en')).agreed?.terms).toEqual(terms(120))
  })
})

describe('withdraw and reject', () => {
  it('only the maker’s side withdraws; the other side rejects with a reason; then offers go on', async () => {
    const db = testDb()
    const w = await dealFromMatch(db)
    await makeOffer(db, as(w, 'uni'), w.dealId, terms(200), testMeta)
    expect((await rejection(withdrawOffer(db, as(w, 'ent'), w.dealId, 1, testMeta))).messageKey).toBe('offers.errors.notYourOffer')
    await withdrawOffer(db, as(w, 'uni'), w.dealId, 1, testMeta)
    await makeOffer(db, as(w, 'uni'), w.dealId, terms(180), testMeta)
    expect((await rejection(rejectOffer(db, as(w, 'uni'), w.dealId, 2, null, testMeta))).messageKey).toBe('offers.errors.ownSide')
    await rejectOffer(db, as(w, 'ent'), w.dealId, 2, '价格偏高', testMeta)
    const view = await dealOffersView(db, w.dealId, 'zh-CN')
    expect(view.versions.map((v) => [v.status, v.rejectReason])).toEqual([
      ['withdrawn', null],
      ['rejected', '价格偏高'],
    ])
    expect(view.open).toBeNull()
    expect(await makeOffer(db, as(w, 'ent'), w.dealId, terms(150), testMeta)).toMatchObject({ version: 3 })
  })
})

describe('recordAgreedTerms (notices, auctions)', () => {
  it('records an accepted version made by the platform, frozen, stage 条款确认; a second time is refused', async () => {
    const db = testDb()
    const w = await dealFromMatch(db)
    await makeOffer(db, as(w, 'ent'), w.dealId, terms(50), testMeta)
    await db.transaction().execute((trx) => recordAgreedTerms(trx, null, w.dealId, terms(66), testMeta, { via: 'notice' }))
    const view = await dealOffersView(db, w.dealId, 'zh-CN')
    expect(view.versions.map((v) => [v.version, v.side, v.via, v.status])).toEqual([
      [1, 'buyer', 'offer', 'superseded'],
      [2, null, 'notice', 'accepted'],
    ])
    expect(view.agreed).toMatchObject({ version: 2, via: 'notice' })
    expect((await findDeal(db, w.dealId))?.stage).toBe('terms_agreed')
    expect((await rejection(db.transaction().execute((trx) => recordAgreedTerms(trx, null, w.dealId, terms(70), testMeta, { via: 'auction' })))).messageKey).toBe('offers.errors.alreadyAgreed')
  })
})

describe('the manager’s service terms', () => {
  it('the manager states them, each side accepts, a change resets the acceptances', async () => {
    const db = testDb()
    const w = await dealFromMatch(db)
    const t = { rateBp: 300, fixedFen: 2_000_000, services: '组织洽谈、起草合同、办理登记' }
    expect((await rejection(stateManagerTerms(db, w.ent.principal, w.dealId, t, testMeta))).kind).toBe('forbidden')
    expect((await rejection(stateManagerTerms(db, w.outsider.principal, w.dealId, t, testMeta))).kind).toBe('not_found')
    await stateManagerTerms(db, w.manager.principal, w.dealId, t, testMeta)
    const [stated] = await managerTermsView(db, w.dealId)
    expect(stated).toMatchObject({ managerId: w.manager.user.id, rateBp: 300, fixedFen: 2_000_000, sellerAcceptedBy: null, buyerAcceptedBy: null })
    expect((await rejection(acceptManagerTerms(db, w.manager.principal, w.dealId, w.manager.user.id, stated!.statedAt, testMeta))).kind).toBe('forbidden')
    await acceptManagerTerms(db, w.uni.principal, w.dealId, w.manager.user.id, stated!.statedAt, testMeta)
    await acceptManagerTerms(db, w.ent.principal, w.dealId, w.manager.user.id, stated!.statedAt, testMeta)
    expect((await rejection(acceptManagerTerms(db, w.uniAdmin, w.dealId, w.manager.user.id, stated!.statedAt, testMeta))).kind).toBe('conflict')
    const [both] = await managerTermsView(db, w.dealId)
    expect([both!.sellerAcceptedBy, both!.buyerAcceptedBy]).toEqual([w.uni.user.name, w.ent.user.name])
    await stateManagerTerms(db, w.manager.principal, w.dealId, { ...t, rateBp: 400 }, testMeta)
    const [changed] = await managerTermsView(db, w.dealId)
    expect(changed).toMatchObject({ rateBp: 400, sellerAcceptedBy: null, buyerAcceptedBy: null })
    // Accepting what one read before the change is refused.
    expect((await rejection(acceptManagerTerms(db, w.ent.principal, w.dealId, w.manager.user.id, stated!.statedAt, testMeta))).messageKey).toBe('offers.errors.managerTermsChanged')
  })
})

describe('a counter-offer racing an acceptance', () => {
  it('waits for the deal’s lock: once the buyer accepted, the seller’s counter is refused, and one version stays accepted', async () => {
    const db = testDb()
    const w = await dealFromMatch(db)
    await makeOffer(db, as(w, 'uni'), w.dealId, terms(100), testMeta)
    const outcome = await raceAgainst(
      db,
      (trx) => acceptOfferIn(trx, as(w, 'ent'), w.dealId, 1, testMeta),
      () => makeOffer(db, as(w, 'uni'), w.dealId, terms(130), testMeta),
    )
    expect(outcome.status).toBe('rejected')
    expect(outcome.status === 'rejected' && (outcome.reason as { messageKey: string }).messageKey).toBe('offers.errors.notNegotiable')
    expect((await dealOffers(db, w.dealId)).map((o) => [o.version, o.status])).toEqual([[1, 'accepted']])
  })
})
