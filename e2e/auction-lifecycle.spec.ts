import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import pg from 'pg'
import { expect, hydrated, test } from './fixtures'

// An auction's life up to the bidding through the pages (ADR 028): the demo
// institution admin of 柳州理工大学 applies to auction one of its published
// achievements (a typo is caught at the field, what was typed stays); the
// platform admin approves it, and it is announced on /auctions; the demo
// enterprise registers, accepting the rules, and is shown how to pay the
// deposit; the admin confirms the transfer against the bank's reference; the
// enterprise sees its deposit confirmed and downloads the receipt. Screenshots
// of the pages go to test-results/screenshots/ (auction-lifecycle-*).

const DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots')
mkdirSync(DIR, { recursive: true })
const TAKEN_BY_OTHER_SPECS = ['汽车线束自动化检测设备', '焊接机器人焊缝视觉跟踪系统']

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(DIR, `auction-lifecycle-${name}.png`), fullPage: true })
}

/** A published achievement of the institution that no open auction or notice holds (a retry picks another). */
async function freeAchievement(): Promise<string> {
  const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${process.env.TM_E2E_PG_PORT}/techmarket` })
  await client.connect()
  try {
    const { rows } = await client.query<{ title: string }>(
      `select a.title from achievements a join memberships m on m.org_id = a.org_id join users u on u.id = m.user_id
        where u.email = 'institution@demo.kjdsc.cn' and a.status = 'published' and (a.expires_at is null or a.expires_at > now())
          and a.title <> all($1)
          and not exists (select 1 from auction_items i join auctions x on x.id = i.auction_id where i.achievement_id = a.id and x.status in ('applied','announced'))
          and not exists (select 1 from listing_notices n where n.achievement_id = a.id and n.status in ('notice','awaiting_procedure'))
        order by a.title limit 1`,
      [TAKEN_BY_OTHER_SPECS],
    )
    return rows[0]!.title
  } finally {
    await client.end()
  }
}

test('an institution applies, the admin approves, an enterprise registers and its deposit is confirmed with a receipt', async ({ pageAs, newPage }) => {
  test.setTimeout(180_000)
  const achievement = await freeAchievement()
  const lotTitle = `${achievement} 竞价 ${Date.now().toString(36)}`

  // The institution applies from the list.
  const institution = await pageAs('institution')
  await institution.goto('/auctions')
  await institution.locator('#main').getByRole('link', { name: '申请竞价' }).click()
  await expect(institution.getByRole('heading', { level: 1 })).toHaveText('申请竞价')
  const form = institution.locator('form#apply-auction')
  await hydrated(form.getByLabel('标的名称'))
  await form.getByRole('checkbox', { name: new RegExp(achievement) }).check()
  await form.getByLabel('标的名称').fill(lotTitle)
  await form.getByLabel('起拍价（万元）').fill('六十')
  await form.getByRole('button', { name: '提交竞价申请' }).click()
  await expect(form.getByText('请输入金额（万元）')).toBeVisible()
  await expect(form.getByLabel('标的名称')).toHaveValue(lotTitle)
  await form.getByLabel('起拍价（万元）').fill('60')
  await form.getByLabel('保留价（万元，可选）').fill('75')
  await expect(form.getByLabel('保证金比例（%）')).toHaveValue('10')
  await shoot(institution, 'apply')
  await form.getByRole('button', { name: '提交竞价申请' }).click()
  await expect(institution).toHaveURL(/\/auctions\/[0-9a-f-]{36}\?done=applied$/)
  const lotPath = new URL(institution.url()).pathname
  await expect(institution.locator('#main').getByText('待审核').first()).toBeVisible()

  // Nobody else sees it while it is under review.
  const visitor = await newPage()
  const hidden = await visitor.goto(lotPath)
  expect(hidden?.status()).toBe(404)

  // The platform admin approves.
  const admin = await pageAs('admin')
  await admin.goto('/admin/auctions')
  const application = admin.getByTestId('application').filter({ hasText: lotTitle })
  await application.getByRole('button', { name: '通过并发布公告' }).click()
  await expect(admin).toHaveURL(/done=announced/)
  await shoot(admin, 'admin')

  // Announced: public, with the reserve's existence but not its amount.
  await visitor.goto('/auctions')
  await expect(visitor.getByTestId('auctions-upcoming').getByRole('link', { name: lotTitle })).toBeVisible()
  await shoot(visitor, 'list')
  await visitor.goto(lotPath)
  await expect(visitor.getByTestId('reserve')).toHaveText('设有保留价（金额不公开）')
  await expect(visitor.getByText('75 万元')).toHaveCount(0)
  await expect(visitor.getByTestId('registration-count')).toHaveText('0 家单位已报名')

  // The enterprise registers, accepting the rules.
  const enterprise = await pageAs('enterprise')
  await enterprise.goto(lotPath)
  const register = enterprise.locator('form#register')
  await hydrated(register.getByRole('button', { name: '报名竞买' }))
  await register.getByRole('button', { name: '报名竞买' }).click()
  await expect(register.getByText('请阅读并同意竞价规则')).toBeVisible()
  await register.getByLabel('我已阅读并同意本场竞价规则').check()
  await register.getByRole('button', { name: '报名竞买' }).click()
  await expect(enterprise).toHaveURL(/done=registered/)
  await expect(enterprise.getByTestId('deposit-status')).toHaveText('保证金待确认')
  await expect(enterprise.getByTestId('deposit-reference')).toHaveText(/^JJ-[0-9A-F]{8}-\d{4}$/)
  await expect(enterprise.getByTestId('registration-count')).toHaveText('1 家单位已报名')
  const reference = (await enterprise.getByTestId('deposit-reference').textContent())!
  await shoot(enterprise, 'lot-registered')

  // The admin matches the transfer.
  await admin.goto('/admin/auctions')
  const deposit = admin.getByTestId('pending-deposit').filter({ hasText: reference })
  await hydrated(deposit.getByLabel('银行流水号'))
  await deposit.getByLabel('银行流水号').fill(`ICBC-${Date.now()}`)
  await deposit.getByRole('button', { name: '确认到账' }).click()
  await expect(admin).toHaveURL(/done=confirmed&receipt=JJBZ-\d{4}-\d{6}/)
  const receiptNo = decodeURIComponent(new URL(admin.url()).searchParams.get('receipt')!)

  // The enterprise sees it confirmed and gets the receipt.
  await enterprise.reload()
  await expect(enterprise.getByTestId('deposit-status')).toHaveText('保证金已确认，可以出价')
  await expect(enterprise.getByText(`收据编号 ${receiptNo}`)).toBeVisible()
  const href = await enterprise.getByRole('link', { name: '下载保证金收据（PDF）' }).getAttribute('href')
  const pdf = await enterprise.request.get(href!)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  await shoot(enterprise, 'lot-confirmed')
  await enterprise.setViewportSize({ width: 390, height: 844 })
  await shoot(enterprise, 'lot-mobile')
  await enterprise.setViewportSize({ width: 1280, height: 800 })
  // The language choice is remembered on the account, and this is the demo enterprise other specs
  // sign in as in Chinese: switch back whatever happens.
  await enterprise.getByRole('banner').getByRole('button', { name: 'English' }).click()
  try {
    await expect(enterprise.locator('html')).toHaveAttribute('lang', 'en')
    await expect(enterprise.getByTestId('deposit-status')).toHaveText('Deposit confirmed: you can bid')
    await shoot(enterprise, 'lot-en')
  } finally {
    await enterprise.getByRole('banner').getByRole('button', { name: '中文' }).click()
    await expect(enterprise.locator('html')).toHaveAttribute('lang', 'zh-CN')
  }
})
