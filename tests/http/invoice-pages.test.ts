import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMember, createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The invoice pages over HTTP (issue 11): the draft form keeps what was typed
// and says what is wrong at the field, rows are added and removed without
// JavaScript, a platform admin issues and records a payment through the page,
// the buyer reads it and its PDF but may not act (403), a stranger gets 404.

let server: TestServer
let adminCookie: string
let buyerCookie: string
let strangerCookie: string
let buyerOrg: string
let invoiceId: string

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const admin = await createUser(db, { platformAdmin: true })
  adminCookie = await server.login(admin.email, PASSWORD)
  const buyer = await createMember(db, { type: 'enterprise', role: 'owner' })
  buyerOrg = buyer.org.id
  buyerCookie = await server.login(buyer.user.email, PASSWORD)
  const stranger = await createMember(db, { type: 'enterprise', role: 'owner' })
  strangerCookie = await server.login(stranger.user.email, PASSWORD)
})

afterAll(async () => server?.close())

const enc = encodeURIComponent
const body = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&')
const post = (path: string, fields: Record<string, string>, cookie = adminCookie) =>
  server.fetch(path, { method: 'POST', cookie, body: body(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })

const draft = (over: Record<string, string> = {}) => ({
  intent: 'save',
  buyerOrgId: buyerOrg,
  note: '十二月服务费',
  'lines[0].itemKind': 'auction_commission',
  'lines[0].description': '竞价佣金<b>',
  'lines[0].quantity': '1',
  'lines[0].unitPrice': '12345.67',
  ...over,
})

describe('the invoice form', () => {
  it('keeps what was typed and marks the field when an amount or quantity is wrong', async () => {
    const res = await post('/invoices/new', draft({ 'lines[0].quantity': '0', 'lines[0].unitPrice': '12,3x' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('value="竞价佣金&lt;b&gt;"')
    expect(html).toContain('value="12,3x"')
    expect(html).toContain('数量须为 1 至 100000 的整数')
    expect(html).toContain('请输入金额（元），最多两位小数')
    expect(html).toMatch(/id="draft-l0-quantity"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="draft-l0-quantity"/)
  })

  it('adds and removes rows without JavaScript', async () => {
    let res = await post('/invoices/new', draft({ intent: 'addRow:draft', blank: '0' }))
    expect(res.status).toBe(200)
    let html = await res.text()
    expect(html).toContain('name="lines[1].description"')
    expect(html).toContain('value="竞价佣金&lt;b&gt;"')
    res = await post('/invoices/new', draft({ intent: 'remove:draft:0', blank: '0', 'lines[1].itemKind': 'training', 'lines[1].description': '政策培训', 'lines[1].quantity': '2', 'lines[1].unitPrice': '300' }))
    html = await res.text()
    expect(html).not.toContain('value="竞价佣金&lt;b&gt;"')
    expect(html).toContain('value="政策培训"')
  })

  it('saves a draft, issues it and records a payment; the buyer reads it and its PDF but may not act; a stranger gets 404', async () => {
    let res = await post('/invoices/new', draft())
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    invoiceId = new URL(location, server.url).pathname.split('/')[2]!
    expect((await server.fetch(`/invoices/${invoiceId}`, { cookie: buyerCookie })).status).toBe(404) // a draft is the platform's own

    res = await post(`/invoices/${invoiceId}`, { intent: 'issue' })
    expect(res.status).toBe(302)
    let html = await (await server.fetch(`/invoices/${invoiceId}`, { cookie: adminCookie })).text()
    const number = /FW\d{4}\d{6}/.exec(html)?.[0]
    expect(number).toBeTruthy()
    expect(html).toContain('¥13,086.41')

    res = await post(`/invoices/${invoiceId}`, { intent: 'pay', paidOn: '2026-12-04', amount: '99999', reference: '工行流水 8899' })
    expect(res.status).toBe(400)
    html = await res.text()
    expect(html).toContain('value="工行流水 8899"')
    expect(html).toContain('收款金额超过待收金额')
    // A control character the database cannot store is a field error, not a 500.
    expect((await post(`/invoices/${invoiceId}`, { intent: 'pay', paidOn: '2026-12-04', amount: '1', reference: 'a\u0000b' })).status).toBe(400)
    res = await post(`/invoices/${invoiceId}`, { intent: 'pay', paidOn: '2026-12-04', amount: '13086.41', reference: '工行流水 8899' })
    expect(res.status).toBe(302)

    const asBuyer = await server.fetch(`/invoices/${invoiceId}`, { cookie: buyerCookie })
    expect(asBuyer.status).toBe(200)
    html = await asBuyer.text()
    expect(html).toContain('已收款')
    expect(html).not.toContain('name="intent" value="void"')
    expect((await post(`/invoices/${invoiceId}`, { intent: 'void', reason: '不要了' }, buyerCookie)).status).toBe(403)
    expect((await post('/invoices/new', draft(), buyerCookie)).status).toBe(403)
    const pdf = await server.fetch(`/invoices/${invoiceId}.pdf`, { cookie: buyerCookie })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')

    expect((await server.fetch(`/invoices/${invoiceId}`, { cookie: strangerCookie })).status).toBe(404)
    expect((await server.fetch(`/invoices/${invoiceId}.pdf`, { cookie: strangerCookie })).status).toBe(404)
    expect((await post(`/invoices/${invoiceId}`, { intent: 'void', reason: 'x' }, strangerCookie)).status).toBe(404)
    const list = await (await server.fetch('/invoices', { cookie: strangerCookie })).text()
    expect(list).not.toContain(number!)
    expect(await (await server.fetch('/invoices', { cookie: buyerCookie })).text()).toContain(number!)
    const xlsx = await server.fetch('/invoices.xlsx?status=paid', { cookie: adminCookie })
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
  })
})
