import { expect, hydrated, test } from './fixtures'
import { translate } from '../server/i18n/catalog'

// 县区绩效考核 end to end (issue 12 acceptance: a county assessment report).
// The demo city officer opens the first assessed year (2019, which the demo
// leaves without figures, so every county starts level), enters a manual
// indicator with an evidence file for the county at the bottom of the table
// and sees it climb, publishes the ranking and downloads the PDF report; the
// demo county officer (柳南区) sees the published ranking and their own figures.
// A retry picks the county then at the bottom, with a note of its own.

const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key as never, params)
const PERIOD = '2019'
const EVIDENCE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

test('the city enters a manual indicator with evidence, the ranking moves, is published and reported; the county sees it', async ({ pageAs }) => {
  test.setTimeout(150_000)
  const note = `e2e 配套政策文件 ${Date.now().toString(36)}`
  const city = await pageAs('city')
  await city.goto(`/assessment?period=${PERIOD}`)
  await expect(city.getByRole('heading', { level: 1 })).toHaveText(t('assessment.pageTitle'))
  const rows = city.getByTestId('assessment-row')
  await expect(rows).toHaveCount(11)
  const last = rows.last()
  const division = (await last.getAttribute('data-division'))!
  const name = (await last.getByRole('rowheader').textContent())!.trim()
  const before = Number(await last.getByTestId('assessment-total').textContent())
  const rankBefore = Number(await last.getByTestId('assessment-rank').textContent())

  const form = city.locator('form#assessment-manual')
  await hydrated(form.getByLabel(t('assessment.manual.division')))
  await form.getByLabel(t('assessment.manual.division')).selectOption(division)
  await form.getByLabel(t('assessment.manual.indicator')).selectOption('policy_support')
  await form.getByLabel(t('assessment.manual.value')).fill('100')
  await form.getByLabel(t('assessment.manual.note')).fill(note)
  await form.getByRole('button', { name: t('assessment.manual.submit') }).click()
  // Without evidence it is refused at the file field, keeping what was typed.
  await expect(form.getByText(t('assessment.errors.evidence'))).toBeVisible()
  await expect(form.getByLabel(t('assessment.manual.note'))).toHaveValue(note)
  await form.getByLabel(t('assessment.manual.evidence')).setInputFiles({ name: '配套政策.pdf', mimeType: 'application/pdf', buffer: EVIDENCE })
  await form.getByRole('button', { name: t('assessment.manual.submit') }).click()
  await expect(city.getByText(t('assessment.done.entered'))).toBeVisible()

  // The county climbs: a higher total and a place near the top of the table.
  const row = city.locator(`[data-testid="assessment-row"][data-division="${division}"]`)
  await expect.poll(async () => Number(await row.getByTestId('assessment-total').textContent())).toBeGreaterThan(before)
  const order = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-division')))
  expect(order.indexOf(division)).toBeLessThan(order.length - 1)
  // (Not necessarily to the top: the demo's years of history give every county automatic figures.)
  await expect.poll(async () => Number(await row.getByTestId('assessment-rank').textContent())).toBeLessThan(rankBefore)
  const rankAfter = (await row.getByTestId('assessment-rank').textContent())!.trim()
  await expect(city.getByTestId('assessment-history').filter({ hasText: note })).toHaveCount(1)

  // Publish, then the report.
  await city.getByRole('button', { name: /^(发布排名|更正并重新发布)$/ }).click()
  await expect(city.getByText(t('assessment.done.published'))).toBeVisible()
  await expect(city.getByTestId('assessment-published')).toBeVisible()
  const total = (await row.getByTestId('assessment-total').textContent())!.trim()
  const pdf = await city.request.get(`/assessment/${PERIOD}/report.pdf`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  // The county officer: the published ranking (that county at its new place) and their own figures only.
  const county = await pageAs('county')
  await county.goto(`/assessment?period=${PERIOD}`)
  const ranking = county.getByTestId('assessment-ranking')
  await expect(ranking.locator(`tr[data-division="${division}"]`)).toContainText(name)
  await expect(ranking.locator(`tr[data-division="${division}"]`)).toContainText(total)
  await expect(ranking.locator(`tr[data-division="${division}"] td`).first()).toHaveText(rankAfter)
  await expect(county.getByTestId('assessment-own')).toHaveCount(1)
  await expect(county.getByTestId('assessment-own').locator('caption')).toHaveText('柳南区')
  await expect(county.getByTestId('assessment-row')).toHaveCount(0)
  await expect(county.locator('form#assessment-manual')).toHaveCount(0)
  const denied = await county.request.get(`/assessment/${PERIOD}/report.pdf`)
  expect(denied.status()).toBe(403)
})
