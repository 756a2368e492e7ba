import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { APIRequestContext, Page } from '@playwright/test'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { embeddedUrl } from '../db/embedded'
import { translate } from '../server/i18n/catalog'
import { expect, hydrated, test } from './fixtures'

// From agreed terms to a paid subsidy (issue 11), five people in their own
// browsers: the university (seller) drafts the contract from the deal's
// accepted terms and completes it, with a reward split below the 70% floor;
// both parties confirm; the seller uploads the signed scan and submits it for
// 认定登记; the registrar asks for a correction (补正), the seller resubmits,
// the registrar registers it; the certificate's QR code — read from the PDF
// as a phone would — opens the public verification page; the city officer
// sees the contract flagged below the floor, and the registrar's and the
// agency's claims, batches and approves them and records a payment; every PDF
// on the way opens. The deal is made through the services (e2e/contract-world.ts).

const ROOT = path.resolve(import.meta.dirname, '..')
const DB_URL = () => embeddedUrl(Number(process.env.TM_E2E_PG_PORT), 'techmarket')
const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key as never, params)

interface Person {
  email: string
  password: string
  name: string
}
interface World {
  dealId: string
  title: string
  seller: Person
  sellerOrg: string
  buyer: Person
  buyerOrg: string
  manager: Person
  agencyOrg: string
  registrar: Person
  registrarOrg: string
  city: Person
}

function makeWorld(): World {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'e2e/contract-world.ts', DB_URL()], { cwd: ROOT, encoding: 'utf8' })) as World
}

/** The smallest file a PDF reader opens: what the parties' scanner would have produced. */
const SIGNED_SCAN = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)

/** Fetches a PDF as the page's user and checks it is one. */
async function pdfOf(api: APIRequestContext, url: string) {
  const res = await api.get(url)
  expect(res.status(), url).toBe(200)
  expect(res.headers()['content-type']).toContain('application/pdf')
  const body = await res.body()
  expect(body.subarray(0, 5).toString()).toBe('%PDF-')
  return body
}

/** The URL in the PDF's QR code: its images extracted with poppler's pdfimages, decoded with jsQR. */
function qrUrlIn(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qr-'))
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), pdf)
    execFileSync('pdfimages', ['-png', path.join(dir, 'doc.pdf'), path.join(dir, 'img')])
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.png'))) {
      const png = PNG.sync.read(readFileSync(path.join(dir, f)))
      const rgba = png.data
      const code = jsQR(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), png.width, png.height)
      if (code?.data) return code.data
    }
    throw new Error('no QR code in the PDF')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const contractPage = async (page: Page, dealId: string) => {
  await page.goto(`/deals/${dealId}/contract`)
  await hydrated(page.locator('main'))
}

test('a contract from agreed terms is confirmed, signed, corrected, registered and verified, and its subsidies are approved and paid', async ({ pageAs }) => {
  test.setTimeout(240_000)
  const w = makeWorld()
  const seller = await pageAs(w.seller)
  const buyer = await pageAs(w.buyer)
  const registrar = await pageAs(w.registrar)
  const city = await pageAs(w.city)
  let registrationUrl = ''

  await test.step('the seller drafts the contract from the agreed terms and completes it', async () => {
    await contractPage(seller, w.dealId)
    await seller.getByRole('button', { name: t('contract.page.draft') }).click()
    await expect(seller.getByText(t('contract.page.done.drafted'))).toBeVisible()
    const form = seller.locator('form.contract-form')
    await form.getByLabel(t('contract.form.subject')).fill('一体化压铸工艺全套技术文件及现场指导')
    await form.getByLabel(t('contract.form.termStart')).fill('2026-12-10')
    await form.getByLabel(t('contract.form.termEnd')).fill('2027-12-09')
    const reward = (n: number) => form.getByRole('group', { name: t('contract.form.rewardRow', { n }) })
    await reward(1).getByLabel(t('contract.form.person')).fill('张明')
    await reward(1).getByLabel(t('contract.form.role')).selectOption({ label: t('contract.role.creator') })
    await reward(1).getByLabel(t('contract.form.sharePct')).fill('50')
    await reward(2).getByLabel(t('contract.form.person')).fill('李华')
    await reward(2).getByLabel(t('contract.form.role')).selectOption({ label: t('contract.role.transferrer') })
    await reward(2).getByLabel(t('contract.form.sharePct')).fill('10')
    await form.getByRole('combobox', { name: t('contract.form.buyerApplication') }).selectOption({ label: t('contract.buyerApplication.transformation') })
    await form.getByRole('button', { name: t('contract.form.save') }).click()
    await expect(seller.getByText(t('contract.page.done.saved'))).toBeVisible()
    await expect(seller.getByText(t('contract.page.belowFloor')).first()).toBeVisible()
  })

  await test.step('both parties confirm the same revision; the seller uploads the signed scan', async () => {
    await seller.getByRole('button', { name: /确认第 \d+ 版/ }).click()
    await expect(seller.getByText(t('contract.page.done.confirmed'))).toBeVisible()
    await contractPage(buyer, w.dealId)
    await buyer.getByRole('button', { name: /确认第 \d+ 版/ }).click()
    await expect(buyer.getByText(t('contract.page.done.confirmed'))).toBeVisible()
    await contractPage(seller, w.dealId)
    await seller.getByLabel(t('contract.page.file')).setInputFiles({ name: '技术转让合同-签署版.pdf', mimeType: 'application/pdf', buffer: SIGNED_SCAN })
    await seller.getByRole('button', { name: t('contract.page.upload') }).click()
    await expect(seller.getByText(t('contract.page.done.signed'))).toBeVisible()
    await expect(seller.locator('form.contract-form')).toHaveCount(0)
  })

  await test.step('the seller submits it to the registrar', async () => {
    await seller.getByRole('link', { name: t('contract.page.submitRegistration') }).click()
    await expect(seller.getByRole('heading', { level: 1, name: t('registration.new.title') })).toBeVisible()
    await seller.getByLabel(t('registration.new.registrar')).selectOption({ label: w.registrarOrg })
    await seller.getByRole('button', { name: t('registration.new.submit') }).click()
    await seller.waitForURL(/\/registrations\/[0-9a-f-]{36}$/)
    await expect(seller.getByRole('heading', { level: 1, name: t('registration.detail.title'), exact: true })).toBeVisible()
    registrationUrl = new URL(seller.url()).pathname
    await expect(seller.getByTestId('registration-facts').getByText(t('registration.detail.deadline'))).toBeVisible()
  })

  await test.step('the registrar asks for a correction (补正); the seller resubmits', async () => {
    await registrar.goto('/registrations')
    await registrar.getByRole('link', { name: w.title }).first().click()
    await hydrated(registrar.locator('main'))
    const correction = registrar.getByRole('form', { name: t('registration.form.correction') })
    await correction.getByLabel(t('registration.form.correctionNote')).fill('请补充专利权属证明及双方盖章页。')
    await correction.getByRole('button', { name: t('registration.form.correction') }).click()
    await expect(registrar.getByText(t('registration.form.done'))).toBeVisible()
    await expect(registrar.getByRole('form', { name: t('registration.form.register') })).toHaveCount(0)

    await seller.goto(registrationUrl)
    await hydrated(seller.locator('main'))
    await expect(seller.getByText('请补充专利权属证明及双方盖章页。').first()).toBeVisible()
    const resubmit = seller.getByRole('form', { name: t('registration.form.resubmit') })
    await resubmit.getByLabel(t('registration.form.note')).fill('已补充权属证明。')
    await resubmit.getByRole('button', { name: t('registration.form.resubmit') }).click()
    await expect(seller.getByText(t('registration.form.done'))).toBeVisible()
  })

  let certificate: Buffer = Buffer.alloc(0)
  await test.step('the registrar registers it; the certificate opens and its QR code leads to the verification page', async () => {
    await registrar.goto(registrationUrl)
    await hydrated(registrar.locator('main'))
    await registrar.getByRole('form', { name: t('registration.form.register') }).getByRole('button', { name: t('registration.form.register') }).click()
    await expect(registrar.getByText(t('registration.form.done'))).toBeVisible()
    const number = (await registrar.locator('dt', { hasText: t('registration.list.number') }).first().locator('xpath=following-sibling::dd[1]').innerText()).trim()
    expect(number).toMatch(/^\d{16}$/)
    const href = await registrar.getByRole('link', { name: t('registration.detail.certificate') }).getAttribute('href')
    certificate = await pdfOf(registrar.request, href!)
    const url = qrUrlIn(certificate)
    expect(url).toMatch(/\/verify\/[0-9A-Z-]+$/)
    const anonymous = await (await registrar.context().browser()!.newContext({ baseURL: new URL(registrar.url()).origin })).newPage()
    await anonymous.goto(new URL(url).pathname)
    await expect(anonymous.getByText(number).first()).toBeVisible()
    await expect(anonymous.getByText(w.sellerOrg).first()).toBeVisible()
    // A number or code that does not exist shows nothing of any document.
    const missing = await anonymous.goto('/verify/0000-0000-0000-0000')
    expect(missing?.status()).toBe(404)
    await expect(anonymous.getByTestId('verify-not-found')).toBeVisible()
    expect((await anonymous.request.get('/api/v1/registrations/2026450200999999')).status()).toBe(404)
    const found = await anonymous.request.get(`/api/v1/registrations/${number}`)
    expect(found.status()).toBe(200)
    await anonymous.context().close()
  })

  await test.step('the city officer sees the contract flagged below the reward floor', async () => {
    await city.goto('/contracts?flag=below')
    const row = city.getByRole('row').filter({ hasText: w.title })
    await expect(row.getByText(t('contract.list.rewardFlag', { share: '60%', floor: '70%' }))).toBeVisible()
  })

  await test.step('the registrar\'s and the agency\'s claims appear; the city officer batches, approves and pays one; the notices open', async () => {
    await city.goto('/subsidies?status=pending')
    await hydrated(city.locator('main'))
    const rowOf = (org: string) => city.getByRole('row').filter({ hasText: org }).first()
    await expect(rowOf(w.registrarOrg)).toBeVisible()
    await expect(rowOf(w.agencyOrg)).toBeVisible()
    for (const org of [w.registrarOrg, w.agencyOrg]) await rowOf(org).getByRole('checkbox').check()
    await city.getByLabel(t('subsidy.list.batchNote')).fill('浏览器测试批次')
    await city.getByRole('button', { name: t('subsidy.list.createBatch') }).click()
    await expect(city.getByRole('button', { name: t('subsidy.batch.approve') })).toBeVisible()
    await hydrated(city.locator('main'))
    await city.getByRole('button', { name: t('subsidy.batch.approve') }).click()
    await expect(city.getByRole('button', { name: t('subsidy.batch.approve') })).toHaveCount(0)

    await city.getByRole('row').filter({ hasText: w.registrarOrg }).getByRole('link').first().click()
    await hydrated(city.locator('main'))
    await pdfOf(city.request, (await city.getByRole('link', { name: t('subsidy.detail.notice') }).getAttribute('href'))!)
    // The form comes filled with today and the approved amount: the officer adds the bank's reference.
    const pay = city.locator('section').filter({ has: city.getByRole('heading', { name: t('subsidy.detail.recordPayment') }) })
    await pay.getByLabel(t('subsidy.detail.bankReference')).fill('GXNX-E2E-0001')
    await pay.getByRole('button', { name: t('subsidy.detail.recordPayment') }).click()
    await expect(city.getByRole('link', { name: t('subsidy.detail.paymentNotice') })).toBeVisible()
    await pdfOf(city.request, (await city.getByRole('link', { name: t('subsidy.detail.paymentNotice') }).getAttribute('href'))!)
  })
})
