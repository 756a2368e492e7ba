import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { translate } from '../server/i18n/catalog'
import { expect, test } from './fixtures'

// The portal as people see it: the home page reads as a city technology
// market's portal in Chinese and English at desktop and 390 px (screenshots in
// test-results/screenshots/portal-*.png, for people to look at), a notice with
// its attachment, 成交公示, and an achievement's 咨询 / 收藏 / view count.

const DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots')
mkdirSync(DIR, { recursive: true })
const zh = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('zh-CN', k, p)

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(DIR, `portal-${name}.png`), fullPage: true })
}

for (const vp of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`home page at ${vp.width}px, Chinese and English`, async ({ page }) => {
    await page.setViewportSize(vp)
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: zh('portal.home.bannerTitle') })).toBeVisible()
    await expect(page.getByRole('search').getByRole('button', { name: zh('portal.home.searchButton') })).toBeVisible()
    // Seeded notices and policies show in the two-column block.
    await expect(page.getByRole('tabpanel').getByRole('link', { name: '关于征集 2027 年度柳州市重大科技成果转化项目的通知' })).toBeVisible()
    await expect(page.getByText('桂ICP备20260001号-1')).toBeVisible()
    await shoot(page, `home-zh-${vp.width}`)
    if (vp.width < 500) {
      await page.getByRole('button', { name: zh('nav.menu'), exact: true }).click()
      await shoot(page, `menu-zh-${vp.width}`)
    }
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Liuzhou Technology Market' })).toBeVisible()
    await shoot(page, `home-en-${vp.width}`)
    // Back to Chinese for the next test's context (the locale is per context anyway).
  })
}

test('a policy document opens with its attachment, and the tabs switch by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto('/')
  const notices = page.getByRole('tab', { name: zh('article.channel.notice') })
  await notices.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: zh('article.channel.policy') })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('link', { name: '柳州市转化 400 项重大科技成果工作方案' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '柳州市转化 400 项重大科技成果工作方案' })).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: '工作方案全文.pdf' }).click()
  expect((await download).suggestedFilename()).toBe('工作方案全文.pdf')
  await shoot(page, 'article-zh-1280')
  await page.goto('/results')
  await expect(page.getByRole('heading', { level: 1, name: zh('portal.results.pageTitle') })).toBeVisible()
  await shoot(page, 'results-zh-1280')
})

test('a signed-in visitor stars an achievement, sees it counted and listed, and can consult', async ({ pageAs, newAccount }) => {
  const page = await pageAs(await newAccount('portal'))
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto('/achievements')
  await page.locator('.listing-card a').first().click()
  await expect(page.getByTestId('view-count')).toContainText(zh('portal.views', { n: 0 }).replace('0 ', ''))
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim()
  const star = page.getByRole('button', { name: zh('portal.favourite.addLabel', { title }) })
  await star.click()
  await expect(page.getByRole('button', { name: zh('portal.favourite.removeLabel', { title }) })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('consult')).toBeVisible()
  await shoot(page, 'achievement-zh-1280')
  await page.goto('/my/favourites')
  await expect(page.getByRole('link', { name: title })).toBeVisible()
})
