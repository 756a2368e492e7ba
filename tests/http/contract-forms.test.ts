import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findContract } from '../../db/repos/contracts'
import { findDeal } from '../../db/repos/deals'
import { contractToForm } from '../../server/contracts/form'
import { contractInScopeView } from '../../server/contracts/view'
import { dealWithTerms } from '../helpers/contract-drafts'
import { PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { PDF } from '../helpers/sample-files'
import { testDb } from '../helpers/worker-setup'

// The contract page over HTTP: the party drafts from the agreed terms, a save
// whose plan does not add up (or that started from an old revision) keeps what
// was typed and says what is wrong; a row is added without JavaScript; both
// parties confirm; the signed PDF is uploaded (anything else stays at the file
// field) and the contract shows as signed; hostile values are a 4xx, not a 500.

let server: TestServer
let w: Awaited<ReturnType<typeof dealWithTerms>>
let uniCookie: string
let entCookie: string
let outsiderCookie: string
let path: string

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  w = await dealWithTerms(db, { title: '表单合同<b>' })
  uniCookie = await server.login(w.uni.user.email, PASSWORD)
  entCookie = await server.login(w.ent.user.email, PASSWORD)
  outsiderCookie = await server.login(w.outsider.user.email, PASSWORD)
  path = `/deals/${w.dealId}/contract`
})

afterAll(async () => server?.close())

const enc = encodeURIComponent
const post = (body: string, cookie = uniCookie) => server.fetch(path, { method: 'POST', cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })

/** The stored contract as the form posts it, flattened (`payments[0].amountWan=…`), with overrides. */
async function saveBody(over: Record<string, string> = {}) {
  const db = testDb()
  const row = (await db.selectFrom('contracts').select('id').where('deal_id', '=', w.dealId).executeTakeFirstOrThrow()).id
  const form = contractToForm((await contractInScopeView(db, 'all', row))!)
  const flat: Record<string, string> = { intent: 'save' }
  for (const [k, v] of Object.entries(form)) {
    if (Array.isArray(v)) v.forEach((r, i) => Object.entries(r).forEach(([f, x]) => (flat[`${k}[${i}].${f}`] = String(x))))
    else flat[k] = String(v)
  }
  Object.assign(flat, over)
  return Object.entries(flat)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&')
}

describe('the contract page', () => {
  it('offers the draft once terms are agreed, drafts it and shows the prefilled contract', async () => {
    let html = await (await server.fetch(path, { cookie: uniCookie })).text()
    expect(html).toContain('起草合同')
    const room = await (await server.fetch(`/deals/${w.dealId}`, { cookie: uniCookie })).text()
    expect(room).toContain(`href="/deals/${w.dealId}/contract"`)
    const res = await post('intent=draft')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${path}?done=drafted`)
    html = await (await server.fetch(`${path}?done=drafted`, { cookie: uniCookie })).text()
    expect(html).toContain('合同草稿已生成')
    expect(html).toContain('表单合同&lt;b&gt;')
    expect(html).toContain('100 万元')
    expect(html).toContain('name="payments[2].milestone"')
  })

  it('is 404 to an outsider, for reading and for posting', async () => {
    expect((await server.fetch(path, { cookie: outsiderCookie })).status).toBe(404)
    expect((await post('intent=confirm&revision=1', outsiderCookie)).status).toBe(404)
  })

  it('keeps what was typed and marks the plan when it does not add up to the contract amount', async () => {
    const res = await post(await saveBody({ title: '新标题（保留）', contractAmountWan: '120' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('value="新标题（保留）"')
    expect(html).toContain('value="120"')
    expect(html).toContain('付款计划合计 100 万元，与合同成交额 120 万元不一致')
  })

  it('marks a bad credit code and amount at their fields', async () => {
    const res = await post(await saveBody({ 'parties[1].creditCode': '91450204ABCDEFGHIJ', 'payments[0].amountWan': '四十' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('value="四十"')
    expect(html).toContain('请输入以万元为单位的金额')
  })

  it('adds a row without JavaScript', async () => {
    const body = `${await saveBody()}&__intent__=${enc(JSON.stringify({ type: 'insert', payload: { name: 'payments', defaultValue: { milestone: '', amountWan: '', dueOn: '' } } }))}`
    const res = await post(body)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('name="payments[4].milestone"')
  })

  it('saves a revision with the technology amount, and refuses a stale one keeping the text', async () => {
    let res = await post(await saveBody({ 'nonTechnical[0].kind': 'equipment', 'nonTechnical[0].description': '模具', 'nonTechnical[0].amountWan': '20', 'rewards[0].personName': '张明', 'rewards[0].sharePct': '75' }))
    expect(res.status).toBe(302)
    const html = await (await server.fetch(path, { cookie: uniCookie })).text()
    expect(html).toContain('第 2 版')
    expect(html).toContain('80 万元')
    res = await post(await saveBody({ revision: '1', title: '旧版本上的修改' }))
    expect(res.status).toBe(409)
    const stale = await res.text()
    expect(stale).toContain('合同已被他人修改')
    expect(stale).toContain('value="旧版本上的修改"')
  })

  it.each([
    ['text where the plan has rows', 'intent=save&payments=x'],
    ['rows of the wrong shape', 'intent=save&payments[0]=x&rewards[0].sharePct=%00'],
    ['an unknown type and a nul', 'intent=save&contractType=moon&title=%00&revision=abc'],
    ['a confirm without a revision', 'intent=confirm'],
    ['an unknown intent', 'intent=explode'],
  ])('answers %s with a 4xx, not a 500', async (_, body) => {
    const res = await post(body)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('both parties confirm, the signed PDF is uploaded (anything else refused at the field) and the deal moves on', async () => {
    expect((await post('intent=confirm&revision=1')).status).toBe(409)
    expect((await post('intent=confirm&revision=2')).status).toBe(302)
    expect((await post('intent=confirm&revision=2', entCookie)).status).toBe(302)
    const upload = (bytes: Uint8Array<ArrayBuffer> | string, name: string) => {
      const body = new FormData()
      body.set('intent', 'sign')
      body.set('file', new File([bytes], name, { type: 'application/pdf' }))
      return server.fetch(path, { method: 'POST', cookie: entCookie, body })
    }
    let res = await upload('not a pdf', 'scan.pdf')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('只接受 PDF 文件')
    res = await upload(new Uint8Array(PDF), '合同签署版.pdf')
    expect(res.status).toBe(302)
    const html = await (await server.fetch(`${path}?done=signed`, { cookie: uniCookie })).text()
    expect(html).toContain('签署扫描件已上传，合同已冻结')
    expect(html).not.toContain('name="contractAmountWan"')
    const href = /href="(\/files\/[0-9a-f-]{36})"/.exec(html)?.[1]
    const file = await server.fetch(href!, { cookie: uniCookie })
    expect(file.status).toBe(200)
    expect((await server.fetch(href!, { cookie: outsiderCookie })).status).toBe(404)
    const db = testDb()
    expect((await findDeal(db, w.dealId))?.stage).toBe('contract')
    const c = await db.selectFrom('contracts').select('id').where('deal_id', '=', w.dealId).executeTakeFirstOrThrow()
    expect((await findContract(db, c.id))?.status).toBe('signed')
    res = await post(await saveBody())
    expect(res.status).toBe(409)
  })
})
