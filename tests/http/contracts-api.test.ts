import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../../server/identity/api-tokens'
import { signedContract } from '../helpers/contracts'
import { testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// /api/v1/contracts with tokens: a party organisation's token lists and reads
// its contract — amounts in fen, type, parties, status, the reward flag and the
// registration (null before one) — and another organisation's token gets 404.

let server: TestServer
let w: Awaited<ReturnType<typeof signedContract>>
let seller: string
let stranger: string

const call = async (path: string, token: string | null) => {
  const res = await server.fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.status, body: (await res.json()) as any }
}

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  w = await signedContract(db, { rewardSharePpm: 600_000 })
  seller = (await createApiToken(db, w.uniAdmin, w.uni.org.id, 'erp', testMeta)).token
  stranger = (await createApiToken(db, w.outsider.principal, w.outsider.org.id, 'erp', testMeta)).token
})

afterAll(async () => server?.close())

describe('/api/v1/contracts', () => {
  it('lists and reads the contract for a party’s token; 404 and an empty list for another organisation; 401 without one', async () => {
    const list = await call('/api/v1/contracts', seller)
    expect(list.status).toBe(200)
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([w.contractId])
    expect(list.body.items[0]).toMatchObject({ status: 'signed', contractAmountFen: 100_000_000, technologyAmountFen: 80_000_000, reward: { sharePpm: 600_000, floorPpm: 700_000, belowFloor: true }, registration: null })
    const one = await call(`/api/v1/contracts/${w.contractId}`, seller)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ contractType: 'transfer_patent', category: 'transfer', nonTechnicalFen: 20_000_000, registration: null })
    expect(one.body.parties.map((p: { side: string }) => p.side)).toEqual(['seller', 'buyer'])
    expect(one.body.payments.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0)).toBe(100_000_000)
    expect(one.body).not.toHaveProperty('signedScanId')
    expect((await call(`/api/v1/contracts/${w.contractId}`, stranger)).status).toBe(404)
    expect((await call('/api/v1/contracts', stranger)).body.items).toEqual([])
    expect((await call('/api/v1/contracts', null)).status).toBe(401)
  })
})
