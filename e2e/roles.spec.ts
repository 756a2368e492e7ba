import { DEMO_PASSWORD, demoEmail, expect, mainNav, test, type DemoRole } from './fixtures'

// Each demo login sees its role on the workspace; only the platform admin gets
// the admin navigation, and everyone else is refused the admin pages.
// (applicant@ is left out: their company is still under review, so they have
// no role yet, like the new user signup.spec checks.)

const EXPECTED: [DemoRole, string][] = [
  ['admin', '平台管理员'],
  ['researcher', '科研人员'],
  ['institution', '高校院所管理员'],
  ['enterprise', '企业用户'],
  ['manager', '技术经理人'],
  ['agency', '中介机构管理员'],
  ['registrar', '合同登记员'],
  ['city', '市科技局'],
  ['county', '县区科技部门'],
]

for (const [role, badge] of EXPECTED) {
  test(`${role}@ sees the role ${badge} and the navigation for it`, async ({ pageAs }) => {
    const page = await pageAs(role)
    await page.goto('/workspace')
    await expect(page.getByRole('heading', { level: 2, name: '您的角色' })).toBeVisible()
    await expect(page.getByTestId('roles').getByRole('listitem').filter({ hasText: badge })).toHaveCount(1)

    const nav = mainNav(page)
    await expect(nav.getByRole('link', { name: '工作台', exact: true })).toBeVisible()
    const adminLinks = [nav.getByRole('link', { name: '机构审核', exact: true }), nav.getByRole('link', { name: '审计日志', exact: true })]
    if (role === 'admin') {
      for (const l of adminLinks) await expect(l).toBeVisible()
      await page.goto('/admin/orgs')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('机构审核')
    } else {
      for (const l of adminLinks) await expect(l).toHaveCount(0)
      for (const path of ['/admin/orgs', '/admin/audit']) {
        const response = await page.goto(path)
        expect(response?.status()).toBe(403)
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('没有权限')
        await expect(page.getByText('您没有执行此操作的权限。')).toBeVisible()
      }
    }
  })
}

test('officers see their scope: the city all of it, the county officer their district', async ({ pageAs }) => {
  const city = await pageAs('city')
  await city.goto('/workspace')
  await expect(city.getByText('管辖范围：全市')).toBeVisible()
  const county = await pageAs('county')
  await county.goto('/workspace')
  await expect(county.getByText('管辖范围：柳南区')).toBeVisible()
})

test('an anonymous visitor is sent to log in and brought back', async ({ page }) => {
  await page.goto('/admin/orgs')
  await expect(page).toHaveURL('/login?redirectTo=%2Fadmin%2Forgs')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录')
  const form = page.locator('form#login')
  await form.getByLabel('邮箱').fill(demoEmail('admin'))
  await form.getByLabel('密码').fill(DEMO_PASSWORD)
  await form.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page).toHaveURL('/admin/orgs')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('机构审核')
})

test('a wrong password is refused with a message and the e-mail kept', async ({ page }) => {
  await page.goto('/login')
  const form = page.locator('form#login')
  await form.getByLabel('邮箱').fill(demoEmail('researcher'))
  await form.getByLabel('密码').fill('not-the-password1')
  await form.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('邮箱或密码不正确。')
  await expect(form.getByLabel('邮箱')).toHaveValue(demoEmail('researcher'))
  await expect(page).toHaveURL('/login')
})
