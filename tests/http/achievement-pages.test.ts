import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMembership } from '../../db/repos/organisations'
import { createMember, createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The achievement pages through HTTP, as a browser without JavaScript would
// use them: the form (with add-row intents and errors kept), the page's
// workflow buttons, the review queue, the public list and the sharing meta.

let server: TestServer
let orgId: string
const cookie = {} as Record<'researcher' | 'admin' | 'otherAdmin' | 'enterprise' | 'platformAdmin', string>

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const researcher = await createMember(db, { type: 'university', role: 'member' })
  orgId = researcher.org.id
  const admin = await createUser(db)
  await insertMembership(db, { orgId, userId: admin.id, role: 'admin' })
  const otherAdmin = await createMember(db, { type: 'university', role: 'admin' })
  const enterprise = await createMember(db, { type: 'enterprise', role: 'owner' })
  const platformAdmin = await createUser(db, { platformAdmin: true })
  cookie.researcher = await server.login(researcher.user.email, PASSWORD)
  cookie.admin = await server.login(admin.email, PASSWORD)
  cookie.otherAdmin = await server.login(otherAdmin.user.email, PASSWORD)
  cookie.enterprise = await server.login(enterprise.user.email, PASSWORD)
  cookie.platformAdmin = await server.login(platformAdmin.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

function form(o: Record<string, string> = {}) {
  return new URLSearchParams({
    orgId,
    title: '柳州螺蛳粉汤料低温杀菌保鲜技术',
    summary: '采用低温等离子体协同杀菌，汤料常温保质期由 3 个月延长至 9 个月，风味保持良好。',
    details: '杀菌参数与设备选型说明。',
    industryCode: 'agrifood.processing',
    trl: '7',
    transactionModes: 'licence',
    priceKind: 'amount',
    priceMin: '35',
    benefit: '保质期延长 6 个月，杀菌能耗降低 40%。',
    keywords: '螺蛳粉，杀菌，保鲜',
    'ipRights[0].kind': 'invention_patent',
    'ipRights[0].number': 'ZL201710601862.3',
    'ipRights[0].status': 'granted',
    'ipRights[0].territory': 'CN',
    'contributors[0].name': '柳州理工大学',
    'contributors[0].kind': 'organisation',
    'contributors[0].share': '40',
    'contributors[1].name': '李四',
    'contributors[1].kind': 'researcher',
    'contributors[1].share': '60',
    ...o,
  })
}

const post = (path: string, who: keyof typeof cookie, body: URLSearchParams) => server.fetch(path, { method: 'POST', cookie: cookie[who], body })

async function achievement(id: string) {
  return testDb().selectFrom('achievements').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

function idFrom(location: string | null) {
  const m = /^\/achievements\/([0-9a-f-]{36})\?done=/.exec(location ?? '')
  if (!m) throw new Error(`unexpected redirect ${location}`)
  return m[1]!
}

describe('the achievement form', () => {
  it('saves a draft with its IP rights and contributors, then shows it', async () => {
    const body = form()
    body.append('transactionModes', 'service')
    const res = await post('/achievements/new', 'researcher', body)
    expect(res.status).toBe(302)
    const id = idFrom(res.headers.get('location'))
    expect(res.headers.get('location')).toBe(`/achievements/${id}?done=created`)
    const a = await achievement(id)
    expect(a).toMatchObject({ status: 'draft', price_min_fen: 35_000_000, transaction_modes: ['licence', 'service'], keywords: ['螺蛳粉', '杀菌', '保鲜'] })
    const ip = await testDb().selectFrom('achievement_ip_rights').selectAll().where('achievement_id', '=', id).execute()
    expect(ip).toEqual([expect.objectContaining({ number: 'CN201710601862.3', kind: 'invention_patent' })])
    const page = await (await server.fetch(`/achievements/${id}?done=created`, { cookie: cookie.researcher })).text()
    expect(page).toContain('草稿已保存')
    expect(page).toContain('60%')
    expect(page).toContain('提交审核')
  })

  it('"save and submit" submits at once', async () => {
    const res = await post('/achievements/new', 'researcher', form({ then: 'submit' }))
    const id = idFrom(res.headers.get('location'))
    expect(res.headers.get('location')).toBe(`/achievements/${id}?done=submit`)
    expect((await achievement(id)).status).toBe('submitted')
  })

  it('shows errors at the right field and row and keeps what was typed', async () => {
    const res = await post(
      '/achievements/new',
      'researcher',
      form({ then: 'submit', 'contributors[1].share': '50', 'ipRights[0].number': 'ZL201710601862.4', benefit: '效果明显，值得推广使用。', title: '我输入的标题保留着' }),
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('各方份额合计应为 100%，当前为 90%。')
    expect(html).toContain('专利号校验位不正确：小数点后应为“3”')
    expect(html).toContain('请量化说明与现有方案相比的效益')
    expect(html).toContain('value="我输入的标题保留着"')
    expect(html).toContain('value="ZL201710601862.4"')
    // The error is linked to the control.
    expect(html).toMatch(/id="[^"]*ipRights\[0\]\.number"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="[^"]*ipRights\[0\]\.number"/)
  })

  it('adds a row without JavaScript (Conform insert intent) and saves nothing', async () => {
    const before = await testDb().selectFrom('achievements').select('id').execute()
    const body = form()
    body.set('__intent__', JSON.stringify({ type: 'insert', payload: { name: 'ipRights' } }))
    const res = await post('/achievements/new', 'researcher', body)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('name="ipRights[1].number"')
    expect(html).toContain('value="ZL201710601862.3"')
    expect(await testDb().selectFrom('achievements').select('id').execute()).toHaveLength(before.length)
  })

  it('is refused to an enterprise (403), and an organisation the user is not in is refused too', async () => {
    expect((await server.fetch('/achievements/new', { cookie: cookie.enterprise })).status).toBe(403)
    expect((await post('/achievements/new', 'enterprise', form())).status).toBe(403)
    const other = await post('/achievements/new', 'researcher', form({ orgId: '00000000-0000-4000-8000-000000000000' }))
    expect(other.status).toBe(403)
  })

  it('asks which institution when the user belongs to several, and requires the choice', async () => {
    const db = testDb()
    const two = await createMember(db, { type: 'university', role: 'member' })
    const second = await createMember(db, { type: 'institute', role: 'admin' })
    await insertMembership(db, { orgId: second.org.id, userId: two.user.id, role: 'member' })
    const c = await server.login(two.user.email, PASSWORD)
    const html = await (await server.fetch('/achievements/new', { cookie: c })).text()
    expect(html).toMatch(/<select[^>]*name="orgId"/)
    expect(html).toContain(two.org.name)
    expect(html).toContain(second.org.name)
    const body = form()
    body.delete('orgId')
    const res = await server.fetch('/achievements/new', { method: 'POST', cookie: c, body })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('请填写此项。')
    const ok = await server.fetch('/achievements/new', { method: 'POST', cookie: c, body: form({ orgId: second.org.id }) })
    const id = idFrom(ok.headers.get('location'))
    expect((await achievement(id)).org_id).toBe(second.org.id)
  })

  it('edits a draft; a submitted one cannot be edited', async () => {
    const res = await post('/achievements/new', 'researcher', form())
    const id = idFrom(res.headers.get('location'))
    const edit = await server.fetch(`/achievements/${id}/edit`, { cookie: cookie.researcher })
    const html = await edit.text()
    expect(html).toContain('value="35"') // fen back to 万元
    expect(html).toContain('杀菌参数与设备选型说明')
    const saved = await post(`/achievements/${id}/edit`, 'researcher', form({ title: '修改后的螺蛳粉汤料保鲜技术', then: 'submit' }))
    expect(saved.headers.get('location')).toBe(`/achievements/${id}?done=submit`)
    expect(await achievement(id)).toMatchObject({ title: '修改后的螺蛳粉汤料保鲜技术', status: 'submitted' })
    expect((await post(`/achievements/${id}/edit`, 'researcher', form())).status).toBe(403)
  })
})

describe('workflow from the page and the review queue', () => {
  async function submitted() {
    const res = await post('/achievements/new', 'researcher', form({ then: 'submit' }))
    return idFrom(res.headers.get('location'))
  }

  it('the researcher cannot approve (403); another university’s admin gets 404; the admin approves', async () => {
    const id = await submitted()
    expect((await post(`/achievements/${id}`, 'researcher', new URLSearchParams({ intent: 'approve' }))).status).toBe(403)
    expect((await post(`/achievements/${id}`, 'otherAdmin', new URLSearchParams({ intent: 'approve' }))).status).toBe(404)
    const ok = await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'approve' }))
    expect(ok.headers.get('location')).toBe(`/achievements/${id}?done=approve`)
    expect((await achievement(id)).status).toBe('published')
    // Approving again: the state no longer allows it.
    expect((await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'approve' }))).status).toBe(409)
  })

  it('a return without a reason is refused at the field', async () => {
    const id = await submitted()
    const res = await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'return', reason: '' }))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('退回时请写明原因')
    expect((await achievement(id)).status).toBe('submitted')
  })

  it('the review queue lists submitted items and approves or returns them', async () => {
    const a = await submitted()
    const b = await submitted()
    const queue = await (await server.fetch('/review', { cookie: cookie.admin })).text()
    expect(queue).toContain(`/achievements/${a}`)
    const empty = await (await server.fetch('/review', { cookie: cookie.researcher })).text()
    expect(empty).toContain('暂无待审核的内容')
    expect((await post('/review', 'researcher', new URLSearchParams({ kind: 'achievement', id: a, intent: 'approve' }))).status).toBe(403)
    const ok = await post('/review', 'admin', new URLSearchParams({ kind: 'achievement', id: a, intent: 'approve' }))
    expect(ok.headers.get('location')).toBe('/review?done=approve')
    const noReason = await post('/review', 'admin', new URLSearchParams({ kind: 'achievement', id: b, intent: 'return' }))
    expect(noReason.status).toBe(400)
    const ret = await post('/review', 'admin', new URLSearchParams({ kind: 'achievement', id: b, intent: 'return', reason: '请补充检测报告。' }))
    expect(ret.headers.get('location')).toBe('/review?done=return')
    expect(await achievement(a)).toMatchObject({ status: 'published' })
    expect(await achievement(b)).toMatchObject({ status: 'returned', status_reason: '请补充检测报告。' })
    const mine = await (await server.fetch('/my/achievements', { cookie: cookie.researcher })).text()
    expect(mine).toContain('请补充检测报告。')
  })

  it('only the platform admin takes a listing down from its page', async () => {
    const id = await submitted()
    await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'approve' }))
    expect((await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'takedown', reason: '机构自己想下架' }))).status).toBe(403)
    const ok = await post(`/achievements/${id}`, 'platformAdmin', new URLSearchParams({ intent: 'takedown', reason: '信息与实际不符。' }))
    expect(ok.headers.get('location')).toBe(`/achievements/${id}?done=takedown`)
    expect((await server.fetch(`/achievements/${id}`)).status).toBe(404)
  })
})

describe('public pages', () => {
  it('the published achievement is listed, filterable, and its page carries title and sharing meta', async () => {
    const res = await post('/achievements/new', 'researcher', form({ title: '公开展示的汤料保鲜技术', then: 'submit' }))
    const id = idFrom(res.headers.get('location'))
    await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'approve' }))

    const list = await (await server.fetch('/achievements')).text()
    expect(list).toContain('公开展示的汤料保鲜技术')
    expect(list).toContain('35 万元')
    expect(await (await server.fetch('/achievements?industry=agrifood')).text()).toContain('公开展示的汤料保鲜技术')
    expect(await (await server.fetch('/achievements?industry=auto')).text()).not.toContain('公开展示的汤料保鲜技术')
    expect(await (await server.fetch('/achievements?trl=3')).text()).not.toContain('公开展示的汤料保鲜技术')
    expect(await (await server.fetch('/achievements?mode=licence&trl=7')).text()).toContain('公开展示的汤料保鲜技术')

    const page = await (await server.fetch(`/achievements/${id}`)).text()
    expect(page).toContain('<title>公开展示的汤料保鲜技术 · ')
    expect(page).toContain('<meta property="og:title" content="公开展示的汤料保鲜技术"/>')
    expect(page).toContain('<meta property="og:type" content="article"/>')
    expect(page).toMatch(/<meta name="description" content="采用低温等离子体协同杀菌[^"]*"\/>/)
    expect(page).toContain('og:description')
    // Confidential details never reach the public page; the timeline is for insiders.
    expect(page).not.toContain('杀菌参数与设备选型说明')
    expect(page).not.toContain('办理记录')
    const asEnterprise = await (await server.fetch(`/achievements/${id}`, { cookie: cookie.enterprise })).text()
    expect(asEnterprise).toContain(`/achievements/${id}/interest`)
    expect(asEnterprise).toContain(`/achievements/${id}/details`)
    const asOwner = await (await server.fetch(`/achievements/${id}`, { cookie: cookie.researcher })).text()
    expect(asOwner).toContain('办理记录')
    expect(asOwner).toContain(`/achievements/${id}/access`)
    expect(asOwner).not.toContain(`/achievements/${id}/interest`)
  })

  it('an expired achievement keeps its page, says so, and leaves the list', async () => {
    const res = await post('/achievements/new', 'researcher', form({ title: '已经过期的保鲜技术', then: 'submit' }))
    const id = idFrom(res.headers.get('location'))
    await post(`/achievements/${id}`, 'admin', new URLSearchParams({ intent: 'approve' }))
    await testDb().updateTable('achievements').set({ expires_at: new Date(Date.now() - 86_400_000) }).where('id', '=', id).execute()
    const page = await server.fetch(`/achievements/${id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('已过期')
    expect(html).toContain('noindex')
    expect(await (await server.fetch('/achievements')).text()).not.toContain('已经过期的保鲜技术')
    const reconfirm = await post(`/achievements/${id}`, 'researcher', new URLSearchParams({ intent: 'reconfirm' }))
    expect(reconfirm.headers.get('location')).toBe(`/achievements/${id}?done=reconfirm`)
    expect(await (await server.fetch('/achievements')).text()).toContain('已经过期的保鲜技术')
  })
})
