import { expect, mainNav, test } from './fixtures'
import type { Page } from '@playwright/test'

// The header's language button switches the whole interface; the choice is
// remembered (cookie, and on the account when signed in).

const switchTo = async (page: Page, label: 'English' | '中文') => {
  await page.getByRole('banner').getByRole('button', { name: label }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', label === 'English' ? 'en' : 'zh-CN')
}

test('a visitor switches to English and back', async ({ page }) => {
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录')

  await switchTo(page, 'English')
  await expect(page).toHaveURL('/login') // stays on the same page
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in')
  await expect(page.locator('form#login').getByLabel('E-mail')).toBeVisible()
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign up', exact: true })).toBeVisible()
  await expect(page.getByRole('banner').getByRole('button', { name: '中文' })).toBeVisible()
  await expect(page).toHaveTitle(/Liuzhou Technology Market/)

  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in')

  await page.getByRole('banner').getByRole('link', { name: 'Liuzhou Technology Market', exact: true }).click()
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Liuzhou Technology Market')
  await page.goto('/signup')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account')

  await switchTo(page, '中文')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('注册账号')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('注册账号')
})

test('a signed-in user works in English, and the account remembers it', async ({ pageAs, newPage, newAccount }) => {
  const user = await newAccount('english')
  const page = await pageAs(user)
  await page.goto('/workspace')
  await expect(mainNav(page).getByRole('link', { name: '工作台', exact: true })).toBeVisible()

  await switchTo(page, 'English')
  await expect(page).toHaveURL('/workspace')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${user.name}`)
  await expect(mainNav(page).getByRole('link', { name: 'Workspace', exact: true })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Your roles' })).toBeVisible()
  await expect(page.getByTestId('roles')).toHaveText('Member')
  await expect(page.getByRole('button', { name: 'Log out', exact: true })).toBeVisible()

  await page.getByRole('link', { name: /Register an organisation/ }).first().click()
  await expect(page).toHaveURL('/orgs/new')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register an organisation')
  await expect(page.getByLabel('Unified social credit code')).toBeVisible()
  await expect(page.getByRole('option', { name: 'Liubei District' })).toBeAttached()

  // Another browser with no cookie: after logging in, the account's choice applies.
  const other = await newPage()
  await other.goto('/login')
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('登录')
  const form = other.locator('form#login')
  await form.getByLabel('邮箱').fill(user.email)
  await form.getByLabel('密码').fill(user.password)
  await form.getByRole('button', { name: '登录', exact: true }).click()
  await expect(other).toHaveURL('/workspace')
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${user.name}`)

  await switchTo(page, '中文')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登记机构')
  await page.goto('/workspace')
  await expect(mainNav(page).getByRole('link', { name: '工作台', exact: true })).toBeVisible()
})
