import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEAL_TERMS_EXAMPLE } from '../../app/utils/openapi-deals.server'
import { findDeal } from '../../db/repos/deals'
import { DealMessageOut, DealOut, OfferOut } from '../../server/deals/api-schemas'
import { createApiToken } from '../../server/identity/api-tokens'
import { ErrorOut } from '../../server/listings/api-schemas'
import { dealFromMatch } from '../helpers/deals'
import { testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The partner API for deals end to end: a token belongs to an organisation and
// sees exactly the deals that organisation is a party of — any other deal is
// 404 for its page, messages and offers — and acts for that side: it offers,
// and only the other side's token accepts.

let server: TestServer
let w: Awaited<ReturnType<typeof dealFromMatch>>
let seller: string // token of the university (the seller)
let buyer: string // token of the enterprise (the buyer)
let stranger: string // token of an organisation in no way part of the deal

function call(path: string, token: string | null, json?: unknown) {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (json !== undefined) headers['content-type'] = 'application/json'
  return fetch(server.url + path, { method: json === undefined ? 'GET' : 'POST', headers, body: json === undefined ? undefined : JSON.stringify(json) })
}

beforeAll(async () => {
  server = await startTestServer()
  const db = testDb()
  w = await dealFromMatch(db)
  seller = (await createApiToken(db, w.uniAdmin, w.uni.org.id, 'erp', testMeta)).token
  buyer = (await createApiToken(db, w.ent.principal, w.ent.org.id, 'erp', testMeta)).token
  stranger = (await createApiToken(db, w.outsider.principal, w.outsider.org.id, 'erp', testMeta)).token
})

afterAll(async () => {
  await server?.close()
})

describe('/api/v1/deals with tokens', () => {
  it('lists and reads the deal for a party organisation’s token only; 404 for another organisation', async () => {
    const mine = await (await call('/api/v1/deals', buyer)).json()
    expect(mine.items.map((d: { id: string }) => d.id)).toContain(w.dealId)
    const theirs = await (await call('/api/v1/deals', stranger)).json()
    expect(theirs.items.map((d: { id: string }) => d.id)).not.toContain(w.dealId)
    const one = await call(`/api/v1/deals/${w.dealId}`, buyer)
    expect(one.status).toBe(200)
    expect(DealOut.strict().parse(await one.json())).toMatchObject({ id: w.dealId, side: 'buyer', stage: 'intent', agreedTerms: null })
    for (const path of [`/api/v1/deals/${w.dealId}`, `/api/v1/deals/${w.dealId}/messages`, `/api/v1/deals/${w.dealId}/offers`]) {
      const res = await call(path, stranger)
      expect({ path, status: res.status }).toEqual({ path, status: 404 })
      expect(ErrorOut.parse(await res.json()).error.code).toBe('not_found')
    }
    expect((await call(`/api/v1/deals/${w.dealId}`, null)).status).toBe(401)
  })

  it('posts a message as the token’s organisation; a stranger cannot', async () => {
    const res = await call(`/api/v1/deals/${w.dealId}/messages`, buyer, { body: '样件已收到' })
    expect(res.status).toBe(201)
    const list = await (await call(`/api/v1/deals/${w.dealId}/messages?lang=en`, seller)).json()
    const items = list.items.map((m: unknown) => DealMessageOut.strict().parse(m))
    expect(items.at(-1)).toMatchObject({ kind: 'text', body: '样件已收到', authorName: w.ent.user.name })
    expect(items[0]).toMatchObject({ kind: 'system', body: 'deals.system.opened' })
    expect((await call(`/api/v1/deals/${w.dealId}/messages`, stranger, { body: 'hi' })).status).toBe(404)
    expect((await call(`/api/v1/deals/${w.dealId}/messages`, buyer, { body: '  ' })).status).toBe(400)
  })

  it('the buyer offers, its own side cannot accept, a stranger gets 404, the seller accepts: terms frozen', async () => {
    const bad = await call(`/api/v1/deals/${w.dealId}/offers`, buyer, { ...DEAL_TERMS_EXAMPLE, price: { structure: 'lump_sum', amountFen: -1 } })
    expect(bad.status).toBe(400)
    expect(ErrorOut.parse(await bad.json()).error.fields?.map((f) => f.path)).toEqual(['price.amountFen'])
    expect((await call(`/api/v1/deals/${w.dealId}/offers`, stranger, DEAL_TERMS_EXAMPLE)).status).toBe(404)

    const made = await call(`/api/v1/deals/${w.dealId}/offers`, buyer, DEAL_TERMS_EXAMPLE)
    expect(made.status).toBe(201)
    expect(OfferOut.strict().parse(await made.json())).toMatchObject({ version: 1, side: 'buyer', status: 'open', terms: DEAL_TERMS_EXAMPLE })

    const own = await call(`/api/v1/deals/${w.dealId}/offers/1/accept`, buyer, {})
    expect(own.status).toBe(403)
    expect((await call(`/api/v1/deals/${w.dealId}/offers/1/accept`, stranger, {})).status).toBe(404)
    expect((await call(`/api/v1/deals/${w.dealId}/offers/9/accept`, seller, {})).status).toBe(404)

    const accepted = await call(`/api/v1/deals/${w.dealId}/offers/1/accept`, seller, {})
    expect(accepted.status).toBe(200)
    expect((await accepted.json()).status).toBe('accepted')
    const deal = DealOut.parse(await (await call(`/api/v1/deals/${w.dealId}`, seller)).json())
    expect(deal).toMatchObject({ stage: 'terms_agreed', side: 'seller', agreedTerms: { version: 1, terms: DEAL_TERMS_EXAMPLE } })
    expect((await findDeal(testDb(), w.dealId))?.stage).toBe('terms_agreed')
    expect((await call(`/api/v1/deals/${w.dealId}/offers`, seller, DEAL_TERMS_EXAMPLE)).status).toBe(409)
    const audit = await testDb().selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', w.dealId).where('action', '=', 'deal.offerAccepted').executeTakeFirstOrThrow()
    expect(audit.details).toHaveProperty('apiToken')
  })

  it('is documented in /api/openapi.json', async () => {
    const doc = await (await fetch(server.url + '/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/deals', '/api/v1/deals/{id}', '/api/v1/deals/{id}/messages', '/api/v1/deals/{id}/offers', '/api/v1/deals/{id}/offers/{version}/accept']),
    )
    expect(doc.paths['/api/v1/deals/{id}/offers'].post.operationId).toBe('makeDealOffer')
  })
})
