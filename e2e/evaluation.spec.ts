import { DEMO_PASSWORD, expect, hydrated, test } from './fixtures'
import { translate } from '../server/i18n/catalog'

// 项目评价 end to end (issue 12 acceptance: a 2-year evaluation). The demo city
// officer opens the evaluation of one of the demo enterprise's projects that is
// due and not yet under evaluation (the demo seed keeps five; a retry takes the
// next one), assigns a demo user as expert, the enterprise submits its
// self-assessment, the expert scores every indicator, the officer closes it:
// the result shows and the report PDF opens.

const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key as never, params)
const ENTERPRISE = '柳州龙腾汽车零部件有限公司'
const EXPERT = { email: 'mat-admin@demo.kjdsc.cn', password: DEMO_PASSWORD }
const INDICATORS: [string, number, string][] = [
  ['technology', 20, '85'],
  ['implementation', 30, '80'],
  ['economic', 30, '78'],
  ['social', 10, '75'],
  ['leverage', 10, '70'],
]

test('an officer opens a due project’s evaluation, the enterprise self-assesses, an expert scores and the officer closes it with a result and a report', async ({
  pageAs,
}) => {
  test.setTimeout(180_000)
  const city = await pageAs('city')
  await city.goto('/evaluations')
  const due = city.getByTestId('evaluations-due').getByTestId('evaluation-row').filter({ hasText: '（评价示范）' }).filter({ hasText: ENTERPRISE }).first()
  const title = ((await due.getByRole('link').first().textContent()) ?? '').trim()
  expect(title).toContain('（评价示范）')
  const open = due.getByRole('button', { name: t('evaluation.list.openFor', { title }) })
  await hydrated(open)
  await open.click()
  await expect(city).toHaveURL(/\/evaluations\/[0-9a-f-]{36}\?done=open$/)
  const path = new URL(city.url()).pathname
  await expect(city.getByTestId('evaluation-status')).toHaveText(t('evaluation.status.open'))

  // The officer assigns a demo user as expert.
  const assign = city.getByRole('form', { name: t('evaluation.form.assign') })
  await hydrated(assign.getByLabel(t('evaluation.form.expertEmail')))
  await assign.getByLabel(t('evaluation.form.expertEmail')).fill(EXPERT.email)
  await assign.getByRole('button', { name: t('evaluation.form.assign') }).click()
  await expect(city).toHaveURL(/\?done=assign$/)
  await expect(city.getByTestId('evaluation-experts')).toContainText('甘立新')

  // The enterprise submits its self-assessment.
  const ent = await pageAs('enterprise')
  await ent.goto(path)
  const self = ent.getByRole('form', { name: t('evaluation.form.submitSelf') })
  await hydrated(self.getByLabel(t('evaluation.field.applied')))
  await self.getByLabel(t('evaluation.field.applied')).fill('成果已用于新建产线，批量配套本地整车企业。')
  await self.getByLabel(t('evaluation.field.investmentWan')).fill('1200')
  await self.getByLabel(t('evaluation.field.outputWan')).fill('abc')
  await self.getByRole('button', { name: t('evaluation.form.submitSelf') }).click()
  await expect(self.getByText(t('evaluation.errors.amount'))).toBeVisible()
  await self.getByLabel(t('evaluation.field.outputWan')).fill('5600.5')
  await self.getByLabel(t('evaluation.field.jobs')).fill('38')
  await self.getByLabel(t('evaluation.field.problems')).fill('检测设备依赖进口。')
  await self.getByRole('button', { name: t('evaluation.form.submitSelf') }).click()
  await expect(ent).toHaveURL(/\?done=self$/)
  await expect(ent.getByTestId('evaluation-self')).toContainText('5600.5 万元')

  // The expert scores every indicator.
  const expert = await pageAs(EXPERT)
  await expert.goto(path)
  const score = expert.getByRole('form', { name: t('evaluation.form.score') })
  await hydrated(score.getByRole('button', { name: t('evaluation.form.score') }))
  for (const [key, weight, value] of INDICATORS) {
    await score.getByLabel(t('evaluation.form.scoreOf', { name: t(`evaluation.indicator.${key}`), weight })).fill(value)
  }
  await score.getByRole('button', { name: t('evaluation.form.score') }).click()
  await expect(expert).toHaveURL(/\?done=score$/)

  // The officer closes it: 85×20 + 80×30 + 78×30 + 75×10 + 70×10 = 7890 → 78.90 → 良好.
  await city.goto(path)
  const close = city.getByRole('button', { name: t('evaluation.form.close') })
  await hydrated(close)
  await close.click()
  await expect(city).toHaveURL(/\?done=close$/)
  await expect(city.getByTestId('evaluation-result')).toContainText(t('evaluation.result.good'))
  await expect(city.getByTestId('evaluation-result')).toContainText('78.90')

  // The report opens as a PDF.
  const href = await city.getByTestId('evaluation-report').getAttribute('href')
  const pdf = await city.request.get(href!)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')

  // The enterprise sees the result too.
  await ent.goto(path)
  await expect(ent.getByTestId('evaluation-result')).toContainText(t('evaluation.result.good'))
})
