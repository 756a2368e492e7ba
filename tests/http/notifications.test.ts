import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestDetails } from '../../server/engagement/details'
import { notify } from '../../server/notifications/notify'
import { engagementParties, publishedAchievement } from '../helpers/engagement'
import { createUser, PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The notification centre as a signed-in person uses it (ADR 024): the bell's
// count in the header (signed-in only), /notifications with its filters and
// pages, opening one marks it read and follows its link, marking all read; a
// person never sees nor touches someone else's rows; mail settings; 待办.

let server: TestServer
let alice: { id: string; email: string; cookie: string }
let bob: { id: string; email: string; cookie: string }

const html = async (path: string, cookie?: string) => {
  const res = await server.fetch(path, { cookie })
  expect(res.status).toBe(200)
  return (await res.text()).replace(/<!-- -->/g, '')
}
const post = (path: string, cookie: string, body: Record<string, string>) => server.fetch(path, { method: 'POST', cookie, body: new URLSearchParams(body) })
const rowsOf = (userId: string) => testDb().selectFrom('notifications').select(['id', 'kind', 'read_at', 'category']).where('user_id', '=', userId).orderBy('id').execute()
const say = (userId: string, kind: string, params: Record<string, string>, link: string) => testDb().transaction().execute((trx) => notify(trx, [userId], { kind, params, link }))

beforeAll(async () => {
  server = await startTestServer()
  const a = await createUser(testDb(), { name: '爱丽丝' })
  const b = await createUser(testDb(), { name: '鲍勃' })
  alice = { id: a.id, email: a.email, cookie: await server.login(a.email, PASSWORD) }
  bob = { id: b.id, email: b.email, cookie: await server.login(b.email, PASSWORD) }
  await say(alice.id, 'match_proposed', { need: '爱丽丝的需求', achievement: '某成果', manager: '蓝海燕' }, '/my/matches#match-1')
  await say(alice.id, 'listing_approve', { title: '爱丽丝的成果', reason: '' }, '/achievements/00000000-0000-4000-8000-000000000001')
  await say(bob.id, 'listing_return', { title: '鲍勃的秘密成果', reason: '请补充' }, '/achievements/00000000-0000-4000-8000-000000000002')
})

afterAll(async () => {
  await server?.close()
})

describe('the bell', () => {
  it('shows the signed-in person’s unread count and links to the centre', async () => {
    const page = await html('/achievements', alice.cookie)
    expect(page).toMatch(/<a class="bell has-unread" aria-label="通知：2 条未读"[^>]*href="\/notifications"/)
    expect(page).toContain('class="bell-count" aria-hidden="true">2</span>')
  })

  it('is not there for anonymous visitors (their pages stay shareable)', async () => {
    const page = await html('/achievements')
    expect(page).not.toContain('data-testid="bell"')
    expect(page).not.toContain('"bell":{')
  })
})

describe('/notifications', () => {
  it('lists only the viewer’s own notifications, rendered from the catalog', async () => {
    const page = await html('/notifications', alice.cookie)
    expect(page).toContain('技术经理人 蓝海燕 推荐了匹配：需求“爱丽丝的需求” ↔ 成果“某成果”')
    expect(page).toContain('“爱丽丝的成果”已审核通过并发布')
    expect(page).not.toContain('鲍勃的秘密成果')
  })

  it('filters by unread and by category, in English too', async () => {
    const matches = await html('/notifications?category=matches', alice.cookie)
    expect(matches).toContain('爱丽丝的需求')
    expect(matches).not.toContain('爱丽丝的成果')
    const en = await html('/notifications?category=listings', `${alice.cookie}; tm_lang=${encodeURIComponent(btoa(JSON.stringify('en')))}`)
    expect(en).toContain('“爱丽丝的成果” was approved and published')
    expect(en).not.toContain('爱丽丝的需求')
  })

  it('opening one marks it read and follows its link; someone else’s is a 404 and stays unread', async () => {
    const [bobs] = await rowsOf(bob.id)
    const stolen = await post('/notifications', alice.cookie, { intent: 'open', id: String(bobs!.id) })
    expect(stolen.status).toBe(404)
    expect((await post('/notifications', alice.cookie, { intent: 'read', id: String(bobs!.id) })).status).toBe(404)
    expect((await rowsOf(bob.id))[0]!.read_at).toBeNull()

    const [first] = await rowsOf(alice.id)
    const res = await post('/notifications', alice.cookie, { intent: 'open', id: String(first!.id) })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/my/matches#match-1')
    expect((await rowsOf(alice.id))[0]!.read_at).toBeInstanceOf(Date)
    const unread = await html('/notifications?show=unread', alice.cookie)
    expect(unread).not.toContain('爱丽丝的需求')
    expect(unread).toContain('爱丽丝的成果')
    expect(await html('/workspace', alice.cookie)).toMatch(/aria-label="通知：1 条未读"/)
  })

  it('follows only links of this site', async () => {
    const eve = await createUser(testDb())
    const cookie = await server.login(eve.email, PASSWORD)
    for (const link of ['//evil.example/x', '/\\evil.example/x', 'https://evil.example/x']) {
      await say(eve.id, 'listing_approve', { title: 't', reason: '' }, link)
      const rows = await rowsOf(eve.id)
      const res = await post('/notifications', cookie, { intent: 'open', id: String(rows.at(-1)!.id) })
      expect(res.headers.get('location'), link).toBe('/notifications')
    }
  })

  it('refuses a malformed id', async () => {
    expect((await post('/notifications', alice.cookie, { intent: 'open', id: 'x' })).status).toBe(400)
  })

  it('marks all read, only the viewer’s own, and returns to the same filter', async () => {
    const carol = await createUser(testDb())
    const cookie = await server.login(carol.email, PASSWORD)
    await say(carol.id, 'match_proposed', { need: 'n', achievement: 'a', manager: 'm' }, '/my/matches')
    await say(carol.id, 'listing_approve', { title: 't', reason: '' }, '/my/achievements')
    const res = await post('/notifications?category=matches', cookie, { intent: 'readAll', category: 'matches' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/notifications?category=matches&done=allRead')
    expect((await rowsOf(carol.id)).map((r) => [r.category, r.read_at !== null])).toEqual([
      ['matches', true],
      ['listings', false],
    ])
    await post('/notifications', cookie, { intent: 'readAll' })
    expect((await rowsOf(carol.id)).every((r) => r.read_at !== null)).toBe(true)
    expect((await rowsOf(bob.id))[0]!.read_at).toBeNull()
  })

  it('pages 20 at a time, newest first', async () => {
    const dave = await createUser(testDb())
    const cookie = await server.login(dave.email, PASSWORD)
    for (let i = 1; i <= 23; i++) await say(dave.id, 'listing_approve', { title: `成果${String(i).padStart(2, '0')}号`, reason: '' }, '/my/achievements')
    const one = await html('/notifications', cookie)
    expect(one).toContain('成果23号')
    expect(one).not.toContain('成果03号')
    expect(one).toContain('第 1 / 2 页，共 23 条')
    const two = await html('/notifications?page=2', cookie)
    expect(two).toContain('成果03号')
    expect(two).toContain('成果01号')
    expect(two).not.toContain('成果04号')
  })
})

describe('/notifications/settings', () => {
  it('shows the defaults and saves a choice per category, audited', async () => {
    const page = await html('/notifications/settings', bob.cookie)
    expect(page).toMatch(/name="messages" checked="" value="daily"/)
    expect(page).toMatch(/name="matches" checked="" value="immediate"/)
    const body = { messages: 'off', deals: 'immediate', listings: 'daily', requests: 'immediate', matches: 'immediate', notices: 'immediate', auctions: 'immediate', roadshows: 'immediate' }
    expect((await post('/notifications/settings', bob.cookie, body)).status).toBe(200)
    const prefs = await testDb().selectFrom('notification_preferences').select(['category', 'mail']).where('user_id', '=', bob.id).orderBy('category').execute()
    expect(prefs).toEqual([
      { category: 'listings', mail: 'daily' },
      { category: 'messages', mail: 'off' },
    ])
    const audit = await testDb().selectFrom('audit_log').select('details').where('actor_id', '=', bob.id).where('action', '=', 'notification.preferences').execute()
    expect(audit.map((a) => a.details)).toEqual([{ messages: 'off', listings: 'daily' }])
    expect(await html('/notifications/settings', bob.cookie)).toMatch(/name="listings" checked="" value="daily"/)
  })

  it('refuses a value that is not a choice, with the message at the form', async () => {
    const res = await post('/notifications/settings', bob.cookie, { messages: 'hourly', deals: 'off', listings: 'off', requests: 'off', matches: 'off', notices: 'off' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('请为每个类别选择一种邮件方式。')
  })
})

describe('/todo', () => {
  it('lists a detail request waiting on the achievement’s creator, with its link and age, and counts it on the workspace', async () => {
    const { uni, uniAdmin, ent } = await engagementParties(testDb())
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id, { title: '待办里的成果' })
    await requestDetails(testDb(), ent.principal, id, { purpose: '评估', acceptTerms: true, orgId: ent.org.id }, testMeta)
    const cookie = await server.login(uni.user.email, PASSWORD)
    const page = await html('/todo', cookie)
    expect(page).toContain(`href="/achievements/${id}/access"`)
    expect(page).toContain('待办里的成果')
    expect(page).toContain('今天')
    expect(await html('/workspace', cookie)).toContain('1 件事等您处理')
    const entPage = await html('/todo', await server.login(ent.user.email, PASSWORD))
    expect(entPage).not.toContain('待办里的成果')
  })
})
