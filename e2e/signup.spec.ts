import { expect, fillOrgForm, newUser, orgInput, signedInState, signUp, test, withWrongCheckCharacter, type OrgInput } from './fixtures'
import type { Page } from '@playwright/test'

// A newcomer signs up, sees that they belong to no organisation yet, and
// registers their company with a correct unified social credit code.

async function expectKept(page: Page, o: OrgInput) {
  const form = page.locator('form#org')
  await expect(form.getByLabel('机构名称')).toHaveValue(o.name)
  await expect(form.getByLabel('英文名称')).toHaveValue(o.nameEn!)
  await expect(form.getByLabel('机构类型')).toHaveValue('enterprise')
  await expect(form.getByLabel('所在县区')).toHaveValue('450205')
  await expect(form.getByLabel('地址')).toHaveValue(o.address!)
  await expect(form.getByLabel('联系人')).toHaveValue(o.contactName)
  await expect(form.getByLabel('联系电话')).toHaveValue(o.contactPhone)
  await expect(form.getByLabel('联系邮箱')).toHaveValue(o.contactEmail)
  await expect(form.getByLabel('网站')).toHaveValue(o.website!)
  await expect(form.getByLabel('简介')).toHaveValue(o.description!)
}

async function expectCheckCharacterError(page: Page, o: OrgInput) {
  const code = page.locator('form#org').getByLabel('统一社会信用代码')
  await expect(code).toHaveAttribute('aria-invalid', 'true')
  await expect(code).toHaveValue(o.creditCode)
  await expect(code).toHaveAccessibleDescription(/校验码不正确/)
  const field = page.locator('form#org .field').filter({ has: page.getByRole('textbox', { name: '统一社会信用代码' }) })
  await expect(field.getByRole('alert')).toContainText('校验码')
}

test('a new user signs up and registers an organisation', async ({ page }) => {
  const user = await signUp(page, newUser('signup'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${user.name}，您好`)
  await expect(page.getByText('您还没有加入任何机构')).toBeVisible()
  await expect(page.getByTestId('roles')).toHaveText('普通用户')

  await page.getByRole('link', { name: /登记机构/ }).first().click()
  await expect(page).toHaveURL(/\/orgs\/new$/)
  const org = orgInput()
  await fillOrgForm(page, org)
  await page.getByRole('button', { name: '提交审核', exact: true }).click()

  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}\?created=1$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(org.name)
  await expect(page.locator('.page-header .badge')).toHaveText('待审核')
  await expect(page.getByText('已提交，平台将在 3 个工作日内完成审核。')).toBeVisible()
  await expect(page.getByText(org.creditCode)).toBeVisible()

  await page.goto('/workspace')
  await expect(page.getByText(`“${org.name}” 正在等待平台审核`)).toBeVisible()
})

test('a wrong check character is caught in the browser and the form keeps what was typed', async ({ pageAs, newAccount }) => {
  const page = await pageAs(await newAccount('badcode'))
  const org = orgInput()
  org.creditCode = withWrongCheckCharacter(org.creditCode)
  await page.goto('/orgs/new')
  await fillOrgForm(page, org)
  await page.getByRole('button', { name: '提交审核', exact: true }).click()

  await expectCheckCharacterError(page, org)
  await expectKept(page, org)
  await expect(page).toHaveURL(/\/orgs\/new$/)
})

test('without JavaScript the server checks the code and keeps what was typed', async ({ newPage, newAccount, baseURL }) => {
  const user = await newAccount('nojs')
  const noJs = await newPage({ javaScriptEnabled: false, storageState: await signedInState(baseURL!, user) })

  const org = orgInput()
  org.creditCode = withWrongCheckCharacter(org.creditCode)
  await noJs.goto('/orgs/new')
  await fillOrgForm(noJs, org)
  const [response] = await Promise.all([
    noJs.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/orgs/new')),
    noJs.getByRole('button', { name: '提交审核', exact: true }).click(),
  ])
  expect(response.request().resourceType()).toBe('document') // a real form post, not fetch
  expect(response.status()).toBe(400)
  await noJs.waitForLoadState()

  await expectCheckCharacterError(noJs, org)
  await expectKept(noJs, org)
  await expect(noJs.getByRole('alert').first()).toBeVisible()

  // The same form, now with the right code, goes through without JavaScript too.
  const fixed = { ...org, creditCode: orgInput().creditCode }
  await noJs.locator('form#org').getByLabel('统一社会信用代码').fill(fixed.creditCode)
  await noJs.getByRole('button', { name: '提交审核', exact: true }).click()
  await expect(noJs).toHaveURL(/\/orgs\/[0-9a-f-]{36}\?created=1$/)
  await expect(noJs.locator('.page-header .badge')).toHaveText('待审核')
})
