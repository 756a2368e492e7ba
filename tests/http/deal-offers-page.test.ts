import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealOffers } from '../../db/repos/offers'
import { dealFromMatch } from '../helpers/deals'
import { PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// /deals/:id/offers as the people at the table use it: an offer typed in 万元
// with a mistake comes back with the error at the field and what was typed
// kept; a good one becomes version 1; only the other side sees 接受; once
// accepted the frozen terms show and the form is gone. Outsiders get 404.

let server: TestServer
let w: Awaited<ReturnType<typeof dealFromMatch>>
const cookies: Record<'uni' | 'ent' | 'manager' | 'outsider', string> = { uni: '', ent: '', manager: '', outsider: '' }

beforeAll(async () => {
  server = await startTestServer()
  w = await dealFromMatch(testDb())
  cookies.uni = await server.login(w.uni.user.email, PASSWORD)
  cookies.ent = await server.login(w.ent.user.email, PASSWORD)
  cookies.manager = await server.login(w.manager.user.email, PASSWORD)
  cookies.outsider = await server.login(w.outsider.user.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

const page = (who: keyof typeof cookies) => server.fetch(`/deals/${w.dealId}/offers`, { cookie: cookies[who] })
const post = (who: keyof typeof cookies, body: Record<string, string>) =>
  server.fetch(`/deals/${w.dealId}/offers`, { method: 'POST', cookie: cookies[who], body: new URLSearchParams(body), redirect: 'manual' })

describe('the offers page', () => {
  it('is 404 to an outsider', async () => {
    expect((await page('outsider')).status).toBe(404)
    expect((await post('outsider', { intent: 'offer', mode: 'transfer', structure: 'lump_sum', amountWan: '1' })).status).toBe(404)
  })

  it('keeps what was typed and shows the error at the field', async () => {
    const res = await post('ent', { intent: 'offer', mode: 'transfer', structure: 'lump_sum', amountWan: '八十万', deliverables: '全套图纸' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请输入以万元为单位的金额')
    expect(html).toMatch(/name="amountWan"[^>]*value="八十万"|value="八十万"[^>]*name="amountWan"/)
    expect(html).toContain('全套图纸')
    expect(await dealOffers(testDb(), w.dealId)).toHaveLength(0)
  })

  it('makes version 1 from 万元; only the other side gets the accept button; a manager none', async () => {
    const res = await post('ent', { intent: 'offer', mode: 'transfer', structure: 'lump_sum', amountWan: '80.5' })
    expect(res.status).toBe(302)
    const [offer] = await dealOffers(testDb(), w.dealId)
    expect(offer).toMatchObject({ version: 1, side: 'buyer', status: 'open', terms: expect.objectContaining({ price: { structure: 'lump_sum', amountFen: 80_500_000 } }) })
    const accept = '接受此报价'
    expect(await (await page('uni')).text()).toContain(accept)
    expect(await (await page('ent')).text()).not.toContain(accept)
    const managerHtml = await (await page('manager')).text()
    expect(managerHtml).not.toContain(accept)
    expect(managerHtml).toContain('80.5 万元')
    expect((await post('manager', { intent: 'accept', version: '1' })).status).toBe(403)
  })

  it('accepting shows the frozen terms and removes the form', async () => {
    expect((await post('uni', { intent: 'accept', version: '1' })).status).toBe(302)
    const html = await (await page('ent')).text()
    expect(html).toContain('已确认的条款（已锁定）')
    expect(html).not.toContain('name="amountWan"')
  })

  it('the manager states service terms (a bad % stays typed, with its error); a party accepts them for its side', async () => {
    const bad = await post('manager', { intent: 'managerTerms', commissionPct: '三', commissionFixedWan: '2', services: '起草合同' })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain('请输入 0 到 100 之间的百分比')
    expect(badHtml).toContain('value="三"')
    // Control characters in the services text are a field error (this was a 500).
    const control = await post('manager', { intent: 'managerTerms', commissionPct: '', commissionFixedWan: '', services: '\u001e\u0001\u001b[31m起草' })
    expect(control.status).toBe(400)
    expect((await post('uni', { intent: 'managerTerms', commissionPct: '3', services: 'x' })).status).toBe(403)
    expect((await post('manager', { intent: 'managerTerms', commissionPct: '3', commissionFixedWan: '2', services: '起草合同、办理登记' })).status).toBe(302)
    const html = await (await page('ent')).text()
    expect(html).toContain('佣金：3% + 2 万元')
    expect(html).toContain('代表本方接受服务条款')
    const statedAt = /name="statedAt" value="([^"]+)"/.exec(html)![1]!
    expect((await post('ent', { intent: 'acceptManagerTerms', managerId: w.manager.user.id, statedAt })).status).toBe(302)
    const after = await (await page('ent')).text()
    expect(after).not.toContain('代表本方接受服务条款')
    expect(after).toContain(`买方：${w.ent.user.name} 已于`)
  })
})
