import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { randomBytes, randomInt } from 'node:crypto'
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { makeCreditCode } from '../server/identity/credit-code'

// Shared helpers for the browser tests. Each demo role logs in through the real
// form once per worker; the session is saved as a storageState file under
// e2e/.auth/ (git-ignored) and reused by every test of that worker. The
// database is new for every run (see playwright.config.ts), so the files are
// written afresh each run and never trusted across runs.

export const DEMO_PASSWORD = 'Demo2026!'

export const DEMO_ROLES = [
  'admin',
  'researcher',
  'institution',
  'enterprise',
  'manager',
  'agency',
  'registrar',
  'city',
  'county',
  'applicant',
] as const
export type DemoRole = (typeof DEMO_ROLES)[number]

export const demoEmail = (role: DemoRole) => `${role}@demo.kjdsc.cn`

const AUTH_DIR = path.resolve(import.meta.dirname, '.auth')

/** A fresh, unique address for a user a test creates. */
export function uniqueEmail(tag = 'user') {
  return `e2e-${tag}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.test`
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A valid, random unified social credit code (GB 32100 check character). */
export function validCreditCode(division = '450205') {
  let org = ''
  for (let i = 0; i < 9; i++) org += CREDIT_ALPHABET[randomInt(i < 8 ? 10 : CREDIT_ALPHABET.length)]
  return makeCreditCode('91', division, org)
}

/** The same code with its check character changed, so only the check fails. */
export function withWrongCheckCharacter(code: string) {
  const last = code.at(-1)!
  const wrong = CREDIT_ALPHABET[(CREDIT_ALPHABET.indexOf(last) + 1) % CREDIT_ALPHABET.length]!
  return code.slice(0, 17) + wrong
}

/** Logs in through the form (Chinese UI) and waits for the workspace. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  const form = page.locator('form#login')
  await form.getByLabel('邮箱').fill(email)
  await form.getByLabel('密码').fill(password)
  await form.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL(/\/workspace$/)
}

export interface NewUser {
  name: string
  email: string
  password: string
}

export function newUser(tag = 'user'): NewUser {
  return { name: `测试用户${randomBytes(2).toString('hex')}`, email: uniqueEmail(tag), password: 'Test2026pass' }
}

/**
 * Fills and submits the sign-up form on the current page (must be /signup),
 * then follows the link mailed to the new address and confirms: the account
 * exists, signed in, and the page is wherever redirectTo pointed.
 */
export async function fillSignup(page: Page, u: NewUser) {
  const form = page.locator('form#signup')
  await form.getByLabel('姓名').fill(u.name)
  await form.getByLabel('邮箱').fill(u.email)
  await form.getByLabel(/^密码/).fill(u.password)
  await form.getByLabel('确认密码').fill(u.password)
  await form.getByLabel('我已阅读并同意平台服务条款与隐私政策').check()
  await form.getByRole('button', { name: '注册', exact: true }).click()
  await expect(page.getByText(`我们已向 ${u.email} 发送了一封邮件`)).toBeVisible()
  const mail = await openMail(page, u.email, '【柳州科技大市场】确认注册')
  const link = mail.getByRole('link', { name: /\/confirm-signup\// })
  await page.goto(new URL((await link.getAttribute('href'))!).pathname)
  await page.getByRole('button', { name: '确认并登录', exact: true }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/confirm-signup/'))
}

/** Signs a new user up through the form; ends on the workspace. */
export async function signUp(page: Page, u: NewUser = newUser()) {
  await page.goto('/signup')
  await fillSignup(page, u)
  await page.waitForURL(/\/workspace$/)
  return u
}

export interface OrgInput {
  name: string
  nameEn?: string
  type: string
  creditCode: string
  division: string
  address?: string
  contactName: string
  contactPhone: string
  contactEmail: string
  website?: string
  description?: string
}

export function orgInput(overrides: Partial<OrgInput> = {}): OrgInput {
  const tag = randomBytes(2).toString('hex').toUpperCase()
  return {
    name: `柳州测试科技有限公司${tag}`,
    nameEn: `Liuzhou Test Technology ${tag}`,
    type: '企业',
    creditCode: validCreditCode(),
    division: '柳北区',
    address: '广西柳州市柳北区跃进路 1 号',
    contactName: '韦测试',
    contactPhone: '0772-2812345',
    contactEmail: uniqueEmail('contact'),
    website: 'https://example.test',
    description: '端到端测试登记的机构。',
    ...overrides,
  }
}

/** Fills the /orgs/new form (Chinese labels); does not submit. */
export async function fillOrgForm(page: Page, o: OrgInput) {
  const form = page.locator('form#org')
  await form.getByLabel('机构名称').fill(o.name)
  if (o.nameEn) await form.getByLabel('英文名称').fill(o.nameEn)
  await form.getByLabel('机构类型').selectOption({ label: o.type })
  await form.getByLabel('统一社会信用代码').fill(o.creditCode)
  await form.getByLabel('所在县区').selectOption({ label: o.division })
  if (o.address) await form.getByLabel('地址').fill(o.address)
  await form.getByLabel('联系人').fill(o.contactName)
  await form.getByLabel('联系电话').fill(o.contactPhone)
  await form.getByLabel('联系邮箱').fill(o.contactEmail)
  if (o.website) await form.getByLabel('网站').fill(o.website)
  if (o.description) await form.getByLabel('简介').fill(o.description)
}

/** Registers an organisation through the form as the page's user; returns its id. */
export async function registerOrganisation(page: Page, o: OrgInput = orgInput()) {
  await page.goto('/orgs/new')
  await fillOrgForm(page, o)
  await page.locator('form#org').getByRole('button', { name: '提交审核', exact: true }).click()
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\?created=1$/)
  const id = new URL(page.url()).pathname.split('/').pop()!
  return { ...o, id }
}

async function saveLogin(browser: Browser, baseURL: string, role: DemoRole, file: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' })
  try {
    const page = await context.newPage()
    await logIn(page, demoEmail(role))
    await context.storageState({ path: file })
  } finally {
    await context.close()
  }
}

interface WorkerFixtures {
  /** Path of a storageState file signed in as the role (logged in once per worker). */
  authFile: (role: DemoRole) => Promise<string>
}

interface TestFixtures {
  /** A new page in its own context, signed in as the demo role. */
  pageAs: (role: DemoRole) => Promise<Page>
  /** A new anonymous page in its own context (e.g. a second person). */
  newPage: (options?: { javaScriptEnabled?: boolean }) => Promise<Page>
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  authFile: [
    async ({ browser }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL!
      mkdirSync(AUTH_DIR, { recursive: true })
      const cache = new Map<DemoRole, Promise<string>>()
      await use((role) => {
        let file = cache.get(role)
        if (!file) {
          const path_ = path.join(AUTH_DIR, `${role}-w${workerInfo.parallelIndex}.json`)
          file = saveLogin(browser, baseURL, role, path_).then(() => path_)
          cache.set(role, file)
        }
        return file
      })
    },
    { scope: 'worker' },
  ],
  pageAs: async ({ browser, authFile, baseURL, locale }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (role) => {
      const context = await browser.newContext({ baseURL, locale, storageState: await authFile(role) })
      contexts.push(context)
      return context.newPage()
    })
    for (const c of contexts) await c.close()
  },
  newPage: async ({ browser, baseURL, locale }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (options) => {
      const context = await browser.newContext({ baseURL, locale, ...options })
      contexts.push(context)
      return context.newPage()
    })
    for (const c of contexts) await c.close()
  },
})

export { expect }

/** The header's main navigation (whatever the language). */
export const mainNav = (page: Page) => page.getByRole('banner').getByRole('navigation')

/**
 * Polls the dev mailbox until a mail to `to` with the subject appears; returns the mail's article.
 * Only the platform admin may read the mailbox, so it is read in a context of its own signed in as
 * admin (closed with `page`'s context); follow a link from it with `page.goto(href)`.
 */
export async function openMail(page: Page, to: string, subject: string | RegExp) {
  const context = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' })
  page.context().once('close', () => void context.close())
  const mailbox = await context.newPage()
  await logIn(mailbox, demoEmail('admin'))
  const mail = mailbox.getByTestId('mail').filter({ has: mailbox.getByRole('heading', { name: subject }) })
  await expect(async () => {
    await mailbox.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`)
    await expect(mail.first()).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  return mail.first()
}
