import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, fillOrgForm, orgInput, test, withWrongCheckCharacter } from './fixtures'

// Full-page screenshots for people to look at (test-results/screenshots/).
// They assert only that the page rendered; no pixel comparison.

const DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots')
mkdirSync(DIR, { recursive: true })

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const

async function useEnglish(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: true })
}

for (const vp of VIEWPORTS) {
  test.describe(`${vp.name} ${vp.width}px`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height }, isMobile: vp.name === 'mobile', hasTouch: vp.name === 'mobile' })

    test('home page, Chinese and English', async ({ page }) => {
      await page.goto('/')
      await expect(page.getByRole('heading', { level: 1, name: '柳州科技大市场' })).toBeVisible()
      await shoot(page, `home-zh-${vp.width}`)

      if (vp.name === 'mobile') {
        // The header collapses behind the menu button on narrow screens.
        const menu = page.getByRole('button', { name: '菜单', exact: true })
        if (await menu.isVisible()) await menu.click()
      }
      await useEnglish(page)
      await expect(page.getByRole('heading', { level: 1, name: 'Liuzhou Technology Market' })).toBeVisible()
      await shoot(page, `home-en-${vp.width}`)
    })
  })
}

test('organisation form with a validation error, Chinese and English', async ({ pageAs, newAccount }) => {
  const page = await pageAs(await newAccount('shots'))
  await page.setViewportSize({ width: 1280, height: 800 })
  const org = orgInput()
  org.creditCode = withWrongCheckCharacter(org.creditCode)
  await page.goto('/orgs/new')
  await fillOrgForm(page, org)
  await page.getByRole('button', { name: '提交审核', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: '登记机构' })).toBeVisible()
  await expect(page.getByText(/校验码不正确/)).toBeVisible()
  await shoot(page, 'orgs-new-error-zh-1280')
  await page.setViewportSize({ width: 390, height: 844 })
  await shoot(page, 'orgs-new-error-zh-390')
  await page.setViewportSize({ width: 1280, height: 800 })

  await useEnglish(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Register an organisation' })).toBeVisible()
  await page.getByLabel('Unified social credit code').fill(org.creditCode)
  await page.getByLabel('Contact phone').fill('12345')
  await page.getByRole('button', { name: 'Submit for review', exact: true }).click()
  await expect(page.getByText(/The check character is wrong/)).toBeVisible()
  await shoot(page, 'orgs-new-error-en-1280')

  await page.setViewportSize({ width: 390, height: 844 })
  await shoot(page, 'orgs-new-error-en-390')
})
