import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { submitRegistration } from '../../server/registrations/service'
import { signedContract } from '../helpers/contracts'
import { createMember, PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The registrar's forms over HTTP: a wrong amount or a missing ground is said
// at the field in Chinese and what was typed stays; hostile values are a 4xx;
// registering goes back to the page with the number; the seller cannot register.

let server: TestServer
let registrarCookie: string
let sellerCookie: string
let regId: string

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const c = await signedContract(db)
  const registrar = await createMember(db, { type: 'registrar', divisionCode: '450204' })
  regId = (await submitRegistration(db, c.uni.principal, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta)).id
  registrarCookie = await server.login(registrar.user.email, PASSWORD)
  sellerCookie = await server.login(c.uni.user.email, PASSWORD)
})

afterAll(async () => server?.close())

const enc = encodeURIComponent
const body = (o: Record<string, string | string[]>) =>
  Object.entries(o)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`))
    .join('&')
const post = (fields: Record<string, string | string[]>, cookie = registrarCookie) =>
  server.fetch(`/registrations/${regId}`, { method: 'POST', cookie, body: body(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })

describe("the registrar's forms", () => {
  it('keeps the typed amount and reason and says what is wrong at the field', async () => {
    let res = await post({ intent: 'amount', technologyAmount: '150.5', reason: '培训费不计入技术交易额' })
    expect(res.status).toBe(400)
    let html = await res.text()
    expect(html).toContain('value="150.5"')
    expect(html).toContain('培训费不计入技术交易额')
    expect(html).toContain('技术交易额不能超过合同成交额')
    expect(html).toMatch(/aria-invalid="true"/)

    res = await post({ intent: 'amount', technologyAmount: '八十万', reason: '核定' })
    expect(res.status).toBe(400)
    html = await res.text()
    expect(html).toContain('value="八十万"')
    expect(html).toContain('请输入金额（万元）')
  })

  it('asks for at least one ground to refuse, keeping the note', async () => {
    const res = await post({ intent: 'refuse', note: '材料不全的说明' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请至少选择一项不予登记理由')
    expect(html).toContain('材料不全的说明')
  })

  it.each([
    ['an unknown intent', { intent: 'explode' }],
    ['an unknown ground', { intent: 'refuse', grounds: ['made_up'] }],
    ['an unknown type', { intent: 'reclassify', contractType: '<script>', reason: 'x' }],
    ['a huge amount', { intent: 'amount', technologyAmount: '9'.repeat(40), reason: 'x' }],
    ['a control character', { intent: 'correction', note: 'a\u0000b' }],
  ])('answers %s with a 4xx, not a 500', async (_, fields) => {
    const res = await post(fields as Record<string, string>)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('refuses the seller, then registers for the registrar and shows the number', async () => {
    expect((await post({ intent: 'register' }, sellerCookie)).status).toBe(403)
    const res = await post({ intent: 'register' })
    expect(res.status).toBe(302)
    const page = await server.fetch(res.headers.get('location')!, { cookie: registrarCookie })
    const html = await page.text()
    expect(html).toMatch(/2026450204\d{6}|2027450204\d{6}/)
    expect(html).toContain('已登记')
    const pdf = await server.fetch(`/registrations/${regId}/certificate.pdf`, { cookie: sellerCookie })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
  })
})
