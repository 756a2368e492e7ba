import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BID_EXAMPLE, PROXY_EXAMPLE } from '../../app/utils/openapi-auctions.server'
import { insertAuction } from '../../db/repos/auctions'
import { AuctionOut, AuctionSummaryOut, BidAcceptedOut, BidInput, BidRefusedOut, ProxyInput } from '../../server/auctions/api-schemas'
import { auctionRulesOn } from '../../server/auctions/policy'
import { createApiToken } from '../../server/identity/api-tokens'
import { ErrorOut } from '../../server/listings/api-schemas'
import { liveAuction } from '../helpers/auctions'
import { createMember, createOrganisation, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The partner API for auctions end to end: a bearer token bids for its own
// organisation's registration and nothing else; a bid is placed once however
// often it is retried with the same Idempotency-Key; a refusal says why; a
// caller sees its own registration and, once registered, the history by paddle
// number — never another organisation's registration, proxy or name.

let server: TestServer
let lot: Awaited<ReturnType<typeof liveAuction>>
let privateLotId: string
const tok: Record<'a' | 'b' | 'unpaid' | 'seller' | 'stranger' | 'aOther', string> = {} as never

function call(path: string, o: { token?: string | null; json?: unknown; key?: string | null; raw?: string } = {}) {
  const headers: Record<string, string> = {}
  if (o.token) headers.authorization = `Bearer ${o.token}`
  if (o.key) headers['idempotency-key'] = o.key
  const post = o.json !== undefined || o.raw !== undefined
  if (post) headers['content-type'] = 'application/json'
  return fetch(server.url + path, { method: post ? 'POST' : 'GET', headers, body: o.raw ?? (o.json === undefined ? undefined : JSON.stringify(o.json)) })
}
const bid = (token: string, amountFen: number, key: string | null) => call(`/api/v1/auctions/${lot.auctionId}/bids`, { token, json: { amountFen }, key })
const storedBids = async () =>
  (await testDb().selectFrom('auction_bids').select(sql<number>`count(*)::int`.as('n')).where('auction_id', '=', lot.auctionId).executeTakeFirstOrThrow()).n
const token = async (principal: Parameters<typeof createApiToken>[1], orgId: string) => (await createApiToken(testDb(), principal, orgId, 'erp', testMeta)).token

beforeAll(async () => {
  server = await startTestServer()
  const db = testDb()
  lot = await liveAuction(db, { bidders: 2, startFen: 10_000_000, incrementFen: 500_000, reserveFen: 20_000_000 })
  const [a, b] = lot.bidders
  tok.a = await token(a!.principal, a!.org.id)
  tok.b = await token(b!.principal, b!.org.id)
  tok.unpaid = await token(lot.unpaid.principal, lot.unpaid.org.id)
  tok.seller = await token(lot.seller.principal, lot.seller.org.id)
  const stranger = await createMember(db, { type: 'enterprise', role: 'owner' })
  tok.stranger = await token(stranger.principal, stranger.org.id)
  // The same person as bidder A, owner of a second enterprise that did not register: its token is scoped to that one.
  const other = await createOrganisation(db, { type: 'enterprise', members: [{ userId: a!.user.id, role: 'owner' }] })
  const { principalFor } = await import('../helpers/factories')
  tok.aOther = await token(await principalFor(db, a!.user.id), other.id)
  // An application still under review: it exists for its seller only.
  const now = new Date()
  privateLotId = await insertAuction(db, {
    orgId: lot.seller.org.id,
    title: '审核中的竞价申请',
    summary: '',
    format: 'english',
    terms: { mode: 'transfer' },
    startPriceFen: 5_000_000,
    incrementFen: 100_000,
    reserveFen: null,
    depositFen: 500_000,
    allowedOrgTypes: ['enterprise'],
    rules: auctionRulesOn(now),
    startsAt: new Date(now.getTime() + 9 * 86_400_000),
    endsAt: new Date(now.getTime() + 10 * 86_400_000),
    extensionSeconds: 300,
    createdBy: lot.seller.user.id,
  })
})

afterAll(async () => {
  await server?.close()
})

describe('/api/v1/auctions', () => {
  it('lists public lots to anyone; an application under review is listed to no one and is 404 except to its seller', async () => {
    const res = await call('/api/v1/auctions?pageSize=100')
    expect(res.status).toBe(200)
    const page = await res.json()
    const items = page.items.map((i: unknown) => AuctionSummaryOut.strict().parse(i))
    const mine = items.find((i: { id: string }) => i.id === lot.auctionId)
    expect(mine).toMatchObject({ status: 'announced', phase: 'bidding', format: 'english', startPriceFen: 10_000_000, registeredBidders: 3 })
    expect(items.map((i: { id: string }) => i.id)).not.toContain(privateLotId)
    expect((await call('/api/v1/auctions?status=sold')).status).toBe(200)
    expect(ErrorOut.parse(await (await call('/api/v1/auctions?status=applied')).json()).error.fields?.[0]?.path).toBe('status')

    const anon = await call(`/api/v1/auctions/${lot.auctionId}`)
    expect(anon.status).toBe(200)
    const view = AuctionOut.strict().parse(await anon.json())
    expect(view).toMatchObject({ hasReserve: true, you: null, history: null, live: { priceFen: null, minNextFen: 10_000_000, bidCount: 0 } })
    // The reserve exists; its amount is never sent.
    expect(JSON.stringify(view)).not.toContain('20000000')
    for (const t of [null, tok.stranger, tok.a]) expect((await call(`/api/v1/auctions/${privateLotId}`, { token: t })).status).toBe(404)
    expect((await call(`/api/v1/auctions/${privateLotId}`, { token: tok.seller })).status).toBe(200)
    expect((await call(`/api/v1/auctions/${privateLotId}/bids`, { token: tok.a, json: BID_EXAMPLE, key: 'k' })).status).toBe(404)
    expect((await call('/api/v1/auctions/not-a-uuid', { token: tok.a })).status).toBe(404)
    expect((await call(`/api/v1/auctions/${lot.auctionId}`, { token: 'tmk_' + 'x'.repeat(43) })).status).toBe(401)
  })

  it('places a bid once: 201, then 200 with the same bid for the same key, however often and however concurrently it is retried', async () => {
    const first = await bid(tok.a, 10_000_000, 'erp-order-1')
    expect(first.status).toBe(201)
    expect(first.headers.get('location')).toBe(`/api/v1/auctions/${lot.auctionId}`)
    const placed = BidAcceptedOut.strict().parse(await first.json())
    expect(placed).toMatchObject({ duplicate: false, leading: true, priceFen: 10_000_000, minNextFen: 10_500_000, bidCount: 1, paddleNo: lot.bidders[0]!.paddleNo })
    const retries = await Promise.all([1, 2, 3].map(() => bid(tok.a, 10_000_000, 'erp-order-1')))
    for (const r of retries) {
      expect(r.status).toBe(200)
      expect(BidAcceptedOut.parse(await r.json())).toMatchObject({ duplicate: true, bids: [{ seq: placed.bids[0]!.seq, amountFen: 10_000_000 }] })
    }
    expect(await storedBids()).toBe(1)
    // A new bid from the other bidder, sent twice at once with one key: stored once.
    const both = await Promise.all([bid(tok.b, 10_500_000, 'b-1'), bid(tok.b, 10_500_000, 'b-1')])
    expect(both.map((r) => r.status).sort()).toEqual([200, 201])
    expect(await storedBids()).toBe(2)
    const audit = await testDb().selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', lot.auctionId).where('action', '=', 'auction.bid').execute()
    expect(audit).toHaveLength(2)
    expect(audit[0]!.details).toMatchObject({ via: 'api', apiToken: expect.any(String) })
  })

  it('refuses with the reason: 422 too low or a key reused for another amount, 409 for the lot’s state, 403 for a token that may not bid here', async () => {
    const low = await bid(tok.a, 10_600_000, 'a-low')
    expect(low.status).toBe(422)
    const lowBody = BidRefusedOut.strict().parse(await low.json())
    expect(lowBody).toMatchObject({ error: { code: 'unprocessable', reason: 'too_low' }, lot: { priceFen: 10_500_000, minNextFen: 11_000_000 } })
    expect(lowBody.error.message).toBe('出价低于当前最低应价 11 万元')
    const reused = await bid(tok.a, 12_000_000, 'erp-order-1')
    expect(reused.status).toBe(422)
    expect((await reused.json()).error.reason).toBe('key_reused')

    expect((await bid(tok.b, 11_000_000, 'b-lead')).status).toBe(409) // b leads after its bid above
    const unpaid = await bid(tok.unpaid, 11_000_000, 'u-1')
    expect(unpaid.status).toBe(409)
    expect(BidRefusedOut.parse(await unpaid.json()).error).toMatchObject({ code: 'conflict', reason: 'no_deposit' })

    for (const t of [tok.stranger, tok.seller, tok.aOther]) {
      const res = await bid(t, 11_000_000, 'wrong-scope')
      expect(res.status).toBe(403)
      expect(BidRefusedOut.parse(await res.json()).error).toMatchObject({ code: 'forbidden', reason: 'not_registered' })
    }
    const en = await call(`/api/v1/auctions/${lot.auctionId}/bids?lang=en`, { token: tok.stranger, json: { amountFen: 11_000_000 }, key: 'x' })
    expect((await en.json()).error.message).toBe('Your organisation has not registered for this auction')
    expect(await storedBids()).toBe(2)
  })

  it('asks for the Idempotency-Key and a valid body, and a caller', async () => {
    const none = await bid(tok.a, 11_000_000, null)
    expect(none.status).toBe(400)
    expect(ErrorOut.parse(await none.json()).error.fields?.map((f) => f.path)).toEqual(['Idempotency-Key'])
    expect((await bid(tok.a, 11_000_000, 'x'.repeat(81))).status).toBe(400)
    const bad = await call(`/api/v1/auctions/${lot.auctionId}/bids`, { token: tok.a, json: { amountFen: 1.5, extra: 1 }, key: 'k' })
    expect(bad.status).toBe(400)
    expect((await call(`/api/v1/auctions/${lot.auctionId}/bids`, { token: tok.a, raw: '{', key: 'k' })).status).toBe(400)
    expect((await bid('', 11_000_000, 'k')).status).toBe(401)
    expect((await call(`/api/v1/auctions/${lot.auctionId}/bids`)).status).toBe(405)
    expect(await storedBids()).toBe(2)
  })

  it('sets a private proxy maximum that bids at once, seen by its owner only', async () => {
    const res = await call(`/api/v1/auctions/${lot.auctionId}/proxy`, { token: tok.a, json: { maxFen: 12_000_000 }, key: 'a-proxy' })
    expect(res.status).toBe(200)
    expect(BidAcceptedOut.strict().parse(await res.json())).toMatchObject({ leading: true, proxyMaxFen: 12_000_000, priceFen: 11_000_000, bids: [{ amountFen: 11_000_000, byProxy: true }] })
    // b bids over it once; the proxy answers for a.
    expect((await bid(tok.b, 11_500_000, 'b-2')).status).toBe(201)
    const a = AuctionOut.strict().parse(await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: tok.a })).json())
    const b = AuctionOut.strict().parse(await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: tok.b })).json())
    expect(a.you).toMatchObject({ paddleNo: lot.bidders[0]!.paddleNo, depositStatus: 'confirmed', leading: true, proxyMaxFen: 12_000_000, won: false })
    expect(b.you).toMatchObject({ paddleNo: lot.bidders[1]!.paddleNo, leading: false, proxyMaxFen: null })
    expect(a.live).toMatchObject({ priceFen: 12_000_000, leaderPaddle: lot.bidders[0]!.paddleNo, bidCount: 5 })
    expect(a.history?.map((h) => [h.amountFen, h.mine])).toEqual([
      [12_000_000, true],
      [11_500_000, false],
      [11_000_000, true],
      [10_500_000, false],
      [10_000_000, true],
    ])
    expect(b.history?.filter((h) => h.mine).map((h) => h.amountFen)).toEqual([11_500_000, 10_500_000])
    // Registered bidders see paddle numbers, never who is behind them; the unpaid registration sees the history too.
    const raw = await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: tok.b })).text()
    expect(raw).not.toContain(lot.bidders[0]!.org.name)
    expect(raw).not.toContain(lot.bidders[0]!.registrationId)
    expect(AuctionOut.parse(await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: tok.unpaid })).json()).history).toHaveLength(5)
    // A stranger's token and the anonymous see the price, not the history; the seller sees the history.
    for (const t of [tok.stranger, tok.aOther, null]) {
      const v = AuctionOut.parse(await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: t })).json())
      expect(v).toMatchObject({ you: null, history: null, live: { priceFen: 12_000_000 } })
    }
    expect(AuctionOut.parse(await (await call(`/api/v1/auctions/${lot.auctionId}`, { token: tok.seller })).json()).history).toHaveLength(5)
    const proxyAudit = await testDb().selectFrom('audit_log').select('details').where('entity_id', '=', lot.auctionId).where('action', '=', 'auction.proxy').executeTakeFirstOrThrow()
    expect(JSON.stringify(proxyAudit.details)).not.toContain('12000000')
  })

  it('bids with a session for the person’s own registered organisation, and refuses a cross-site one', async () => {
    const b = lot.bidders[1]!
    const cookie = await server.login(b.user.email, b.user.password)
    const path = `/api/v1/auctions/${lot.auctionId}/bids`
    const init = (key: string, origin?: string) => ({
      method: 'POST',
      cookie,
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(origin ? { origin } : {}) },
      body: JSON.stringify({ amountFen: 12_500_000 }),
    })
    expect((await server.fetch(path, init('s-1', 'https://evil.example'))).status).toBe(403)
    const res = await server.fetch(path, init('s-1'))
    expect(res.status).toBe(201)
    expect(BidAcceptedOut.parse(await res.json())).toMatchObject({ paddleNo: b.paddleNo, leading: true, priceFen: 12_500_000 })
    expect((await server.fetch(path, init('s-1'))).status).toBe(200)
    const view = AuctionOut.parse(await (await server.fetch(`/api/v1/auctions/${lot.auctionId}`, { cookie })).json())
    expect(view.you).toMatchObject({ paddleNo: b.paddleNo, leading: true })
    expect(await storedBids()).toBe(6)
  })

  it('is documented in /api/openapi.json with examples the schemas accept', async () => {
    const doc = await (await fetch(server.url + '/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auctions', '/api/v1/auctions/{id}', '/api/v1/auctions/{id}/bids', '/api/v1/auctions/{id}/proxy']))
    const post = doc.paths['/api/v1/auctions/{id}/bids'].post
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }))
    expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '415', '422'])
    expect(BidInput.safeParse(post.requestBody.content['application/json'].example).success).toBe(true)
    expect(ProxyInput.safeParse(doc.paths['/api/v1/auctions/{id}/proxy'].post.requestBody.content['application/json'].example).success).toBe(true)
    expect(PROXY_EXAMPLE.maxFen).toBeGreaterThan(BID_EXAMPLE.amountFen)
    expect(BidRefusedOut.safeParse(post.responses['422'].content['application/json'].example).success).toBe(true)
    expect(BidAcceptedOut.strict().safeParse(post.responses['201'].content['application/json'].example).success).toBe(true)
    expect(AuctionOut.strict().safeParse(doc.paths['/api/v1/auctions/{id}'].get.responses['200'].content['application/json'].example).success).toBe(true)
    const page = await (await fetch(server.url + '/api')).text()
    expect(page).toContain('Idempotency-Key: ')
  })
})
