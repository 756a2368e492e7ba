import { expect, fillSignup, newUser, openMail, test } from './fixtures'

// An enterprise owner invites a colleague by e-mail; the colleague follows the
// link from the mail, signs up from the invitation page, accepts, and is then
// an enterprise user of that company.

const ORG = '柳州龙腾汽车零部件有限公司'

test('an owner invites a colleague who signs up through the invitation', async ({ pageAs, page }) => {
  // Two people and a mail through the outbox: 24-64 s measured at load 15-28 on 2 cores (ADR 018).
  test.setTimeout(150_000)
  const owner = await pageAs('enterprise')
  await owner.goto('/workspace')
  await expect(owner.getByTestId('roles')).toContainText('企业用户')
  await owner.getByRole('link', { name: new RegExp(`成员管理.*${ORG}`) }).click()
  await expect(owner).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/)
  await expect(owner.getByRole('heading', { level: 1 })).toHaveText(ORG)
  await expect(owner.locator('.page-header .badge')).toHaveText('已认证')

  const colleague = newUser('invitee')
  const inviteForm = owner.locator('form#invite')
  await inviteForm.getByLabel('被邀请人邮箱').fill(colleague.email)
  await expect(inviteForm.getByLabel('角色')).toHaveValue('member')
  await inviteForm.getByRole('button', { name: '发送邀请', exact: true }).click()
  await expect(owner.getByText(`邀请已发送至 ${colleague.email}。`)).toBeVisible()
  await expect(owner.getByRole('listitem').filter({ hasText: colleague.email })).toContainText('成员')
  await expect(inviteForm.getByLabel('被邀请人邮箱')).toHaveValue('')

  // The mail arrives at the dev mailbox; its link opens the invitation.
  const mail = await openMail(page, colleague.email, `【柳州科技大市场】黄志强 邀请您加入 ${ORG}`)
  const link = mail.getByRole('link', { name: /\/invitations\// })
  await expect(link).toHaveCount(1)
  await page.goto((await link.getAttribute('href'))!)
  await expect(page).toHaveURL(/\/invitations\/[\w-]+$/)
  const invitationPath = new URL(page.url()).pathname
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('加入机构')
  await expect(page.getByText(`您被邀请以“成员”身份加入 ${ORG}。`)).toBeVisible()
  await expect(page.getByText(`请先使用 ${colleague.email} 登录或注册，再接受邀请。`)).toBeVisible()

  // 注册 on the invitation page brings the new user back here afterwards.
  await page.getByRole('main').getByRole('link', { name: '注册', exact: true }).click()
  await expect(page).toHaveURL(`/signup?redirectTo=${encodeURIComponent(invitationPath)}`)
  await fillSignup(page, colleague)
  await expect(page).toHaveURL(invitationPath)
  await page.getByRole('button', { name: '接受邀请', exact: true }).click()

  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ORG)
  await expect(page.getByRole('row').filter({ hasText: colleague.email })).toContainText('成员')

  await page.goto('/profile')
  const membership = page.getByRole('listitem').filter({ hasText: ORG })
  await expect(membership).toContainText('企业 · 成员')
  await expect(membership.locator('.badge')).toHaveText('已认证')

  await page.goto('/workspace')
  await expect(page.getByTestId('roles')).toHaveText('企业用户')
  await expect(page.getByText('您还没有加入任何机构')).toHaveCount(0)

  // The owner now sees the colleague among the members, and the invitation used up.
  await owner.reload()
  await expect(owner.getByRole('row').filter({ hasText: colleague.email })).toContainText('成员')
  await expect(owner.getByRole('listitem').filter({ hasText: colleague.email })).toHaveCount(0)
})

test('an invitation cannot be accepted from another account', async ({ pageAs, page }) => {
  const owner = await pageAs('enterprise')
  await owner.goto('/workspace')
  await owner.getByRole('link', { name: new RegExp(`成员管理.*${ORG}`) }).click()
  const invitee = newUser('wrong')
  await owner.locator('form#invite').getByLabel('被邀请人邮箱').fill(invitee.email)
  await owner.locator('form#invite').getByRole('button', { name: '发送邀请', exact: true }).click()
  await expect(owner.getByText(`邀请已发送至 ${invitee.email}。`)).toBeVisible()

  const mail = await openMail(page, invitee.email, /邀请您加入/)
  const href = await mail.getByRole('link').first().getAttribute('href')
  const researcher = await pageAs('researcher')
  await researcher.goto(new URL(href!).pathname)
  await expect(researcher.getByText('此邀请发给了另一个邮箱，请使用被邀请的邮箱登录。')).toBeVisible()
  await expect(researcher.getByRole('button', { name: '接受邀请', exact: true })).toHaveCount(0)
})
