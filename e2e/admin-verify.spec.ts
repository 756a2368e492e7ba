import { createOrganisation, expect, mainNav, openMail, test, orgInput } from './fixtures'

// The platform admin works the review queue: verifies a company that has just
// applied, finds it in the audit log, and rejects another (reason required).
// Each test registers its own company, so a retry starts from a new one.

test('admin verifies the pending organisation and the audit log records it', async ({ pageAs, apiAs, newAccount }) => {
  const applicantUser = await newAccount('applicant')
  const { name: PENDING_ORG } = await createOrganisation(await apiAs(applicantUser), orgInput({ contactName: applicantUser.name }))
  const admin = await pageAs('admin')
  await admin.goto('/workspace')
  await mainNav(admin).getByRole('link', { name: '机构审核', exact: true }).click()
  await expect(admin).toHaveURL(/\/admin\/orgs$/)
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('机构审核')

  await admin.getByRole('link', { name: PENDING_ORG }).click()

  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`审核：${PENDING_ORG}`)
  await expect(admin.getByText('校验码正确')).toBeVisible()
  await expect(admin.getByText(`${applicantUser.name} <${applicantUser.email}>`)).toBeVisible()
  await admin.getByRole('button', { name: '认证通过', exact: true }).click()
  await expect(admin).toHaveURL(/\/admin\/orgs\?status=pending&done=verified&org=/)
  await expect(admin.getByRole('status')).toContainText(`已认证 ${PENDING_ORG}`)
  await expect(admin.getByRole('link', { name: PENDING_ORG })).toHaveCount(0)

  await admin.getByLabel('状态').selectOption({ label: '已认证' })
  await admin.getByRole('button', { name: '查询', exact: true }).click()
  const row = admin.getByRole('row').filter({ hasText: PENDING_ORG })
  await expect(row.locator('.badge')).toHaveText('已认证')

  await mainNav(admin).getByRole('link', { name: '审计日志', exact: true }).click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('审计日志')
  // The entry reads as a sentence naming who did it (linked, with their e-mail) and the organisation.
  const entry = admin.getByRole('row').filter({ hasText: `审核通过了机构「${PENDING_ORG}」` }).first()
  await expect(entry).toBeVisible()
  await expect(entry.locator('a.audit-actor')).toHaveAttribute('title', 'admin@demo.kjdsc.cn')

  // The applicant sees the new status, and got a mail about it.
  const applicant = await pageAs(applicantUser)
  await applicant.goto('/profile')
  const membership = applicant.getByRole('listitem').filter({ hasText: PENDING_ORG })
  await expect(membership.locator('.badge')).toHaveText('已认证')
  const mail = await openMail(applicant, applicantUser.email, `【柳州科技大市场】${PENDING_ORG} 已通过认证`)
  await expect(mail).toContainText('已通过平台认证')
})

test('rejecting needs a reason, and the applicant sees it', async ({ pageAs, apiAs, newAccount }) => {
  // An applicant registers a company to be rejected.
  const applicant = await newAccount('rejected')
  const org = await createOrganisation(await apiAs(applicant), orgInput())
  const page = await pageAs(applicant)

  const admin = await pageAs('admin')
  await admin.goto('/admin/orgs')
  await admin.getByRole('link', { name: org.name }).click()
  await expect(admin).toHaveURL(new RegExp(`/admin/orgs/${org.id}$`))
  await expect(admin.locator('.page-header .badge')).toHaveText('待审核')

  // Empty reason: refused, with the message at the reason field.
  await admin.getByRole('button', { name: '驳回', exact: true }).click()
  const reason = admin.getByLabel('驳回原因')
  await expect(reason).toHaveAttribute('aria-invalid', 'true')
  await expect(admin.getByText('驳回时请填写原因（至少 5 个字）。')).toBeVisible()
  await expect(admin).toHaveURL(new RegExp(`/admin/orgs/${org.id}$`))
  await expect(admin.locator('.page-header .badge')).toHaveText('待审核')

  const why = '营业执照扫描件不清晰，请重新上传并核对机构名称。'
  await reason.fill(why)
  await admin.getByRole('button', { name: '驳回', exact: true }).click()
  await expect(admin).toHaveURL(/\/admin\/orgs\?status=pending&done=rejected&org=/)
  await expect(admin.getByRole('status')).toContainText(`已驳回 ${org.name}`)
  await expect(admin.getByRole('link', { name: org.name })).toHaveCount(0)

  await admin.goto(`/admin/orgs/${org.id}`)
  await expect(admin.locator('.page-header .badge')).toHaveText('已驳回')

  // The applicant sees the rejection and its reason.
  await page.goto(`/orgs/${org.id}`)
  await expect(page.locator('.page-header .badge')).toHaveText('已驳回')
  await expect(page.getByText(`驳回原因：${why}`)).toBeVisible()
  await page.goto('/workspace')
  await expect(page.getByText(`“${org.name}” 未通过审核：${why}`)).toBeVisible()
})
