import { existsSync, mkdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { randomBytes, randomInt } from 'node:crypto'
import { test as base, expect, request, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test'
import { makeCreditCode } from '../server/identity/credit-code'

// Shared helpers for the browser tests (docs/decisions/018-browser-tests-on-a-busy-machine.md).
// - Signing in is not what most tests are about, and through the browser it
//   costs a page load and a hydration each time (seconds on a loaded machine).
//   A user is signed in by posting the login form over HTTP once per run; the
//   session is saved as a storageState file in this run's folder and every
//   test that acts as that user starts from it. The run's database is new
//   (playwright.config.ts), so the files are never trusted across runs.
// - Each test creates the data it changes (a need to claim, an organisation
//   to verify, a user to sign up) over HTTP with the app's own forms, so a
//   retry starts clean and two tests never reach for the same record. The
//   demo data is read, never consumed.

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

/** This run's folder (playwright.config.ts); signed-in sessions are kept in it. */
const AUTH_DIR = path.join(process.env.TM_E2E_RUN_DIR ?? path.resolve(import.meta.dirname, '.auth'), 'auth')

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
  await form.getByRole('checkbox', { name: /我已阅读并同意平台/ }).check()
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

/** Someone to act as: a demo role, or an account a test created (newAccount). */
export type Who = DemoRole | { email: string; password: string }

const credentials = (who: Who) => (typeof who === 'string' ? { email: demoEmail(who), password: DEMO_PASSWORD } : who)

/** Every state-changing request carries the site's own Origin, as the browser would send it. */
const originHeaders = (baseURL: string) => ({ Origin: new URL(baseURL).origin })

/**
 * A storageState file signed in as `who`: the login form posted over HTTP (no
 * page, no hydration), once per run and user; workers share the files.
 */
export async function signedInState(baseURL: string, who: Who): Promise<string> {
  const { email, password } = credentials(who)
  const file = path.join(AUTH_DIR, `${email.replace(/[^\w.@-]/g, '_')}.json`)
  if (existsSync(file)) return file
  mkdirSync(AUTH_DIR, { recursive: true })
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: originHeaders(baseURL) })
  try {
    const r = await ctx.post('/login', { form: { email, password }, maxRedirects: 0 })
    expect(r.status(), `signing in as ${email}: ${r.status()} ${(await r.text()).slice(0, 200)}`).toBe(302)
    const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`
    await ctx.storageState({ path: tmp })
    renameSync(tmp, file) // atomic: another worker never reads half a file
  } finally {
    await ctx.dispose()
  }
  return file
}

/** An HTTP client signed in as `who`, sending the site's Origin (for the app's forms). */
export async function apiAs(baseURL: string, who: Who): Promise<APIRequestContext> {
  return request.newContext({ baseURL, storageState: await signedInState(baseURL, who), extraHTTPHeaders: originHeaders(baseURL) })
}

/**
 * Signs a new user up over HTTP as a person would (ADR 014): the sign-up form, then the
 * link mailed to the address (read from the dev mailbox as the platform admin), then its
 * confirm button. No page, no hydration; they can then act through pageAs/apiAs.
 */
export async function createAccount(baseURL: string, u: NewUser = newUser()): Promise<NewUser> {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: originHeaders(baseURL) })
  const admin = await apiAs(baseURL, 'admin')
  try {
    const r = await ctx.post('/signup', {
      form: { name: u.name, email: u.email, password: u.password, confirmPassword: u.password, agree: 'on' },
      maxRedirects: 0,
    })
    expect(r.status(), `signing up ${u.email}: ${(await r.text()).slice(0, 200)}`).toBe(200)
    let token: string | undefined
    await expect(async () => {
      const box = await admin.get(`/dev/mailbox?to=${encodeURIComponent(u.email)}`)
      token = /\/confirm-signup\/([\w-]+)/.exec(await box.text())?.[1]
      expect(token, `the confirmation mail to ${u.email}`).toBeTruthy()
    }).toPass({ timeout: 45_000 }) // the outbox worker sends it; slow on a loaded machine
    const confirmed = await ctx.post(`/confirm-signup/${token}`, { form: {}, maxRedirects: 0 })
    expect(confirmed.status(), `confirming ${u.email}: ${(await confirmed.text()).slice(0, 200)}`).toBe(302)
  } finally {
    await ctx.dispose()
    await admin.dispose()
  }
  return u
}

// The form's option values for orgInput()'s labels.
const ORG_TYPE_CODES: Record<string, string> = { 企业: 'enterprise' }
const DIVISION_CODES: Record<string, string> = { 柳北区: '450205' }

/** Registers an organisation over HTTP (the /orgs/new form) as `api`'s user; it waits for the platform's review. */
export async function createOrganisation(api: APIRequestContext, o: OrgInput = orgInput()) {
  const r = await api.post('/orgs/new', {
    form: {
      name: o.name,
      nameEn: o.nameEn ?? '',
      type: ORG_TYPE_CODES[o.type] ?? o.type,
      creditCode: o.creditCode,
      divisionCode: DIVISION_CODES[o.division] ?? o.division,
      address: o.address ?? '',
      contactName: o.contactName,
      contactPhone: o.contactPhone,
      contactEmail: o.contactEmail,
      website: o.website ?? '',
      description: o.description ?? '',
    },
    maxRedirects: 0,
  })
  const id = /^\/orgs\/([0-9a-f-]{36})\?created=1$/.exec(r.headers()['location'] ?? '')?.[1]
  expect(id, `registering ${o.name}: ${r.status()} ${(await r.text()).slice(0, 300)}`).toBeTruthy()
  return { ...o, id: id! }
}

export interface NeedInput {
  title: string
  problem: string
  desiredOutcome: string
  industryCode: string
  divisionCode: string
  budgetMin?: number
  budgetMax?: number
  preferredModes: string[]
  keywords: string
}

/**
 * Posts a need over HTTP as `api`'s user (an enterprise admin), submits it and
 * approves it (the /needs/new and /needs/:id forms): a live need of its own.
 */
export async function publishNeed(api: APIRequestContext, n: NeedInput) {
  const form = await api.get('/needs/new')
  expect(form.status(), 'the user may post needs').toBe(200)
  const orgId = /name="orgId"[^>]*value="([0-9a-f-]{36})"|value="([0-9a-f-]{36})"[^>]*name="orgId"/.exec(await form.text())
  expect(orgId, 'the need form names the organisation').toBeTruthy()
  const fields = new URLSearchParams({
    orgId: orgId![1] ?? orgId![2]!,
    title: n.title,
    problem: n.problem,
    desiredOutcome: n.desiredOutcome,
    industryCode: n.industryCode,
    divisionCode: n.divisionCode,
    keywords: n.keywords,
    ...(n.budgetMin === undefined ? { budgetKind: 'negotiable' } : { budgetKind: 'range', budgetMin: String(n.budgetMin), budgetMax: String(n.budgetMax) }),
  })
  for (const m of n.preferredModes) fields.append('preferredModes', m)
  const created = await api.post('/needs/new', {
    data: fields.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  })
  const id = /^\/needs\/([0-9a-f-]{36})\?saved=created$/.exec(created.headers()['location'] ?? '')?.[1]
  expect(id, `posting the need: ${created.status()} ${(await created.text()).slice(0, 300)}`).toBeTruthy()
  for (const intent of ['submit', 'approve']) {
    const r = await api.post(`/needs/${id}`, { form: { intent }, maxRedirects: 0 })
    expect(r.status(), `${intent} the need: ${(await r.text()).slice(0, 300)}`).toBe(302)
  }
  return { ...n, id: id! }
}

interface TestFixtures {
  /** A new page in its own context, signed in as a demo role or an account (signed in over HTTP once per run). */
  pageAs: (who: Who) => Promise<Page>
  /** A new anonymous page in its own context (e.g. a second person). */
  newPage: (options?: { javaScriptEnabled?: boolean; storageState?: string }) => Promise<Page>
  /** An HTTP client signed in as a demo role or an account, for making a test's own data through the app's forms. */
  apiAs: (who: Who) => Promise<APIRequestContext>
  /** A new user, signed up over HTTP (no page); pass it to pageAs/apiAs. */
  newAccount: (tag?: string) => Promise<NewUser>
  /** Closes the mailbox contexts openMail opened, awaited before the next test starts its tracing. */
  closeMailboxes: void
}

// Contexts openMail opened during the current test. Closing them from a 'close' event, unawaited,
// left a context half-closed when the next test started, and Playwright's tracing then failed
// that test before its first line ("Target page, context or browser has been closed").
const mailboxContexts: BrowserContext[] = []

export const test = base.extend<TestFixtures>({
  pageAs: async ({ browser, baseURL, locale }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (who) => {
      const context = await browser.newContext({ baseURL, locale, storageState: await signedInState(baseURL!, who) })
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
  apiAs: async ({ baseURL }, use) => {
    const clients: APIRequestContext[] = []
    await use(async (who) => {
      const client = await apiAs(baseURL!, who)
      clients.push(client)
      return client
    })
    for (const c of clients) await c.dispose()
  },
  closeMailboxes: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      await use()
      await Promise.all(mailboxContexts.splice(0).map((c) => c.close()))
    },
    { auto: true },
  ],
  newAccount: async ({ baseURL }, use) => {
    await use((tag = 'user') => createAccount(baseURL!, newUser(tag)))
  },
})

export { expect }

/**
 * Waits until React has hydrated the element: its event handlers and state are
 * live (typing into a server-rendered box before then would be lost). React
 * marks each element it has taken over with a `__reactFiber$…` property.
 */
export async function hydrated(locator: Locator) {
  await expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactFiber$'))), { message: 'the page is hydrated' })
    .toBe(true)
}

/** The header's main navigation (whatever the language). */
export const mainNav = (page: Page) => page.getByRole('banner').getByRole('navigation')

/**
 * Polls the dev mailbox until a mail to `to` with the subject appears; returns the mail's article.
 * Only the platform admin may read the mailbox, so it is read in a context of its own signed in as
 * admin (closed when the test ends); follow a link from it with `page.goto(href)`.
 */
export async function openMail(page: Page, to: string, subject: string | RegExp) {
  const baseURL = test.info().project.use.baseURL!
  const context = await page.context().browser()!.newContext({ baseURL, locale: 'zh-CN', storageState: await signedInState(baseURL, 'admin') })
  mailboxContexts.push(context)
  const mailbox = await context.newPage()
  const mail = mailbox.getByTestId('mail').filter({ has: mailbox.getByRole('heading', { name: subject }) })
  await expect(async () => {
    await mailbox.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`)
    await expect(mail.first()).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 45_000 }) // the outbox worker sends it; slow on a loaded machine
  return mail.first()
}
