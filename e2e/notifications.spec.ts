import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from './fixtures'

// The bell and the notification centre (ADR 024) in a browser: the demo's
// registrar has an unread announcement; the bell counts it, the centre lists
// it, opening it follows its link and the bell goes down by one. Screenshots
// of the bell and the page land in test-results/screenshots/.

const DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots')
mkdirSync(DIR, { recursive: true })

const unreadIn = (label: string | null) => Number(/(\d+) 条未读/.exec(label ?? '')?.[1] ?? 0)

test('the bell counts unread notifications and opening one marks it read', async ({ pageAs }) => {
  const page = await pageAs('registrar')
  await page.goto('/workspace')
  const bell = page.getByRole('banner').getByTestId('bell')
  await expect(bell).toBeVisible()
  const before = unreadIn(await bell.getAttribute('aria-label'))
  expect(before).toBeGreaterThan(0)
  await page.evaluate(() => document.fonts.ready)
  await page.getByRole('banner').screenshot({ path: path.join(DIR, 'notify-bell.png') })

  await bell.click()
  await expect(page).toHaveURL(/\/notifications$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('通知中心')
  // The demo registrar's newest notifications lead the list (the seeded platform notice may be on a later
  // page once the government seeds have notified the registrar too).
  await expect(page.getByTestId('notifications').getByRole('button').first()).toBeVisible()
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(DIR, 'notify-centre.png'), fullPage: true })

  await page.getByRole('link', { name: /^未读/ }).click()
  await expect(page).toHaveURL(/show=unread/)
  await page.getByTestId('notifications').getByRole('button').first().click()
  await expect(page).not.toHaveURL(/\/notifications/)
  await expect(page.getByRole('banner').getByTestId('bell')).toHaveAttribute('aria-label', before - 1 > 0 ? `通知：${before - 1} 条未读` : '通知：没有未读')
})

test('待办 is in the header menu and says when nothing waits', async ({ pageAs }) => {
  const page = await pageAs('county')
  await page.goto('/workspace')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待办', exact: true }).click()
  await expect(page).toHaveURL(/\/todo$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('待办')
  await expect(page.getByText('没有待办事项')).toBeVisible()
})

test('screenshots: an institution admin’s centre, mail settings and 待办', async ({ pageAs }) => {
  const page = await pageAs('institution')
  for (const [url, name] of [
    ['/notifications', 'notify-centre-institution'],
    ['/notifications/settings', 'notify-settings'],
    ['/todo', 'notify-todo'],
  ] as const) {
    await page.goto(url)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await page.evaluate(() => document.fonts.ready)
    await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: true })
  }
})
