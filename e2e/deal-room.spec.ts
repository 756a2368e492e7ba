import { randomBytes } from 'node:crypto'
import type { APIRequestContext, Page } from '@playwright/test'
import { expect, hydrated, publishNeed, test } from './fixtures'

// A deal room (交易洽谈室), end to end: the demo enterprise (柳州龙腾) has a new
// need; the demo technology manager proposes the demo researcher's achievement
// (柳州理工大学) for it and both sides say they are interested (over HTTP, as
// the match-board spec does it through pages). The manager then opens the deal
// room from the match board; the enterprise and the researcher, in two
// browsers side by side, exchange messages; an enterprise that is not at the
// table gets 404.

const ACHIEVEMENT = '焊接机器人焊缝视觉跟踪系统'

const uuidIn = (html: string, pattern: RegExp) => pattern.exec(html)?.[1]

async function post(api: APIRequestContext, path: string, form: Record<string, string>) {
  const r = await api.post(path, { form, maxRedirects: 0 })
  expect(r.status(), `${path} ${JSON.stringify(form)}: ${(await r.text()).slice(0, 300)}`).toBeLessThan(400)
  return r
}

/** Sends a message from the room's 洽谈 tab and waits until the page shows it. */
async function say(page: Page, text: string) {
  const form = page.getByRole('form', { name: '发送消息' })
  await hydrated(form)
  await form.getByRole('textbox', { name: '消息' }).fill(text)
  await form.getByRole('button', { name: '发送' }).click()
  await expect(page.locator('.chat-mine .chat-bubble').filter({ hasText: text })).toBeVisible()
}

/** Waits for the other side's message to arrive over the room's socket (no reload). */
async function seesMessage(page: Page, text: string) {
  await expect(page.locator('.chat-msg .chat-bubble').filter({ hasText: text })).toBeVisible()
}

/** Makes (or counters with) a lump-sum transfer offer of `wan` 万元 from the room's 报价 tab. */
async function offer(page: Page, wan: string) {
  await page.getByRole('link', { name: '报价', exact: true }).click()
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: '提交报价' }) })
  await hydrated(form)
  await form.getByLabel('交易方式').selectOption('transfer')
  await form.getByLabel('支付方式').selectOption('lump_sum')
  await form.getByLabel('总价（万元）').fill(wan)
  await form.getByRole('button', { name: '提交报价' }).click()
  await expect(page).toHaveURL(/\/offers\?done=made/)
}

test('a manager opens a deal room from an accepted match; both sides talk live, offer, counter and accept; an outsider gets 404', async ({ pageAs, apiAs }) => {
  test.setTimeout(180_000)
  const tag = randomBytes(3).toString('hex').toUpperCase()
  const NEED = `副车架焊装线焊缝跟踪改造 ${tag}`
  const enterpriseApi = await apiAs('enterprise')
  const need = await publishNeed(enterpriseApi, {
    title: NEED,
    problem: '副车架焊装线 6 台机器人靠示教编程，来料偏差超过 1 毫米时容易焊偏，返修率约 5%。',
    desiredOutcome: '引入焊缝视觉跟踪，返修率降到 1% 以下。',
    industryCode: 'machinery.robotics',
    divisionCode: '4502LD',
    budgetMin: 50,
    budgetMax: 120,
    preferredModes: ['licence', 'transfer'],
    keywords: '焊缝跟踪，机器视觉，焊接机器人',
  })

  // The manager claims the need and proposes the researcher's achievement.
  const managerApi = await apiAs('manager')
  const list = await (await managerApi.get(`/achievements?q=${encodeURIComponent(ACHIEVEMENT)}`)).text()
  const achievementId = uuidIn(list, /href="\/achievements\/([0-9a-f-]{36})"/)
  expect(achievementId, 'the demo achievement is listed').toBeTruthy()
  await post(managerApi, '/match-board', { intent: 'claim', needId: need.id })
  await post(managerApi, '/match-board', { intent: 'propose', needId: need.id, achievementId: achievementId!, note: '' })

  // Both sides are interested.
  const matches = await (await enterpriseApi.get('/my/matches')).text()
  const at = matches.indexOf(NEED)
  const matchId = uuidIn(matches.slice(Math.max(0, at - 4000), at + 4000), /id="match-([0-9a-f-]{36})"/)
  expect(matchId, 'the enterprise sees the match').toBeTruthy()
  await post(enterpriseApi, '/my/matches', { intent: 'interested', matchId: matchId!, side: 'enterprise' })
  await post(await apiAs('researcher'), '/my/matches', { intent: 'interested', matchId: matchId!, side: 'institution' })

  // The manager opens the room from the board and lands in it.
  const manager = await pageAs('manager')
  await manager.goto('/match-board')
  const ready = manager.locator(`#match-${matchId}`)
  await hydrated(ready.getByRole('button', { name: '开启洽谈室' }))
  await ready.getByRole('button', { name: '开启洽谈室' }).click()
  await expect(manager).toHaveURL(/\/deals\/[0-9a-f-]{36}$/)
  const roomUrl = new URL(manager.url()).pathname
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText(ACHIEVEMENT)
  await expect(manager.locator('.stage-current')).toContainText('意向')
  await expect(manager.locator('.chat-system').first()).toContainText('开启了洽谈室（来源：经纪人匹配）')

  // The enterprise and the researcher, side by side.
  const enterprise = await pageAs('enterprise')
  const researcher = await pageAs('researcher')
  await enterprise.goto('/deals')
  await enterprise.getByRole('link', { name: ACHIEVEMENT }).first().click()
  await expect(enterprise).toHaveURL(new RegExp(`${roomUrl}$`))
  await researcher.goto(roomUrl)

  const q = `@覃明远 跟踪精度能到多少？我们来料偏差最大 1.5 毫米。(${tag})`
  await say(enterprise, q)
  await seesMessage(researcher, q)
  // The mention is marked for the researcher.
  await expect(researcher.locator('.chat-mentions-me').filter({ hasText: tag })).toBeVisible()

  const a = `±0.2 毫米，1.5 毫米的偏差在跟踪范围内，方便的话发几张焊缝照片。(${tag})`
  await say(researcher, a)
  await seesMessage(enterprise, a)

  // The enterprise offers 80 万元; the researcher's page shows it without a reload and counters at 120.
  await offer(enterprise, '80')
  await researcher.getByRole('link', { name: '报价', exact: true }).click()
  await expect(researcher.getByRole('region', { name: '当前报价' }).getByRole('article', { name: '第 1 版' })).toBeVisible()
  await offer(researcher, '120')
  // The enterprise sees the counter arrive, with what changed, and accepts it.
  const counter = enterprise.getByRole('region', { name: '当前报价' }).getByRole('article', { name: '第 2 版' })
  await expect(counter).toBeVisible()
  await expect(counter).toContainText('120 万元')
  await hydrated(counter.getByRole('button', { name: '接受此报价' }))
  await counter.getByRole('button', { name: '接受此报价' }).click()
  await expect(enterprise).toHaveURL(/done=accepted/)

  // Both see the frozen terms and the stage 条款确认 — the researcher without reloading.
  for (const page of [enterprise, researcher]) {
    const agreed = page.getByRole('region', { name: /已确认的条款/ })
    await expect(agreed).toBeVisible()
    await expect(agreed).toContainText('120 万元')
    await expect(page.locator('.stage-current')).toContainText('条款确认')
  }
  // Accepted terms take no further offers: the form is gone for both.
  await expect(enterprise.getByRole('button', { name: '提交报价' })).toHaveCount(0)

  // The timeline shows the way there.
  for (const page of [enterprise, researcher]) {
    await page.getByRole('link', { name: '时间线' }).click()
    await expect(page.getByRole('heading', { name: '阶段时间线' })).toBeVisible()
    const items = page.locator('.timeline-item')
    await expect(items.filter({ hasText: '条款确认' })).toHaveCount(1)
    await expect(items.filter({ hasText: '洽谈' }).first()).toBeVisible()
    await expect(items.filter({ hasText: '意向' }).first()).toBeVisible()
  }

  // Another enterprise is not at this table: 404, as for a room that does not exist.
  const outsider = await pageAs({ email: 'liunan-owner@demo.kjdsc.cn', password: 'Demo2026!' })
  const response = await outsider.goto(roomUrl)
  expect(response?.status()).toBe(404)
  expect((await outsider.request.get(`${roomUrl}/transcript.pdf`)).status()).toBe(404)
})
