import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { embeddedUrl } from '../db/embedded'
import { translate } from '../server/i18n/catalog'
import { demoEmail, expect, hydrated, logIn, test } from './fixtures'

// Quarterly progress of a transformation project (issue 12): the city officer
// adds a project for the demo enterprise in 柳南区 (a unique title, so a retry
// starts clean); the enterprise files two quarters, the second with a 10× jump
// in output value, is warned with both figures, confirms and files; the 柳南区
// officer sees both reports and the warning on the project; an officer of
// another county (鹿寨县, made by e2e/project-world.ts) cannot open it.

const ROOT = path.resolve(import.meta.dirname, '..')
const DB_URL = () => embeddedUrl(Number(process.env.TM_E2E_PG_PORT), 'techmarket')
const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key as never, params)

async function as(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await logIn(page, email, password)
  return page
}

const quarterKey = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
const nextKey = (key: string) => {
  const [y, q] = [Number(key.slice(0, 4)), Number(key.slice(6))]
  return q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`
}

test('an enterprise reports quarterly progress, confirms a 10× warning, and only the county’s officers see it', async ({ browser }) => {
  const other = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'e2e/project-world.ts', DB_URL()], { cwd: ROOT, encoding: 'utf8' })) as { email: string; password: string }
  const title = `副车架压铸产业化 ${Date.now().toString(36)}`
  // Registered about seven months ago: its first two quarters are open to a report.
  const registeredOn = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10)
  const first = quarterKey(registeredOn)
  const second = nextKey(first)

  // The city officer adds the project by hand.
  const city = await as(browser, demoEmail('city'))
  await city.goto('/projects/new')
  const form = city.locator('form#manual')
  await hydrated(form)
  await form.getByLabel(t('project.new.title')).fill(title)
  await form.getByLabel(t('project.new.enterprise')).selectOption({ label: '柳州龙腾汽车零部件有限公司' })
  await form.getByLabel(t('project.new.division')).selectOption({ label: '柳南区' })
  await form.getByLabel(t('project.new.industry')).selectOption('auto.parts')
  await form.getByLabel(t('project.new.technologyAmount')).fill('120')
  await form.getByLabel(t('project.new.registeredOn')).fill(registeredOn)
  await form.getByLabel(t('project.new.reason')).fill('柳南区重点压铸产业链项目')
  await form.getByRole('button', { name: t('project.new.submitManual') }).click()
  await city.waitForURL(/\/projects\/[0-9a-f-]{36}\?done=added$/)
  const projectPath = new URL(city.url()).pathname
  await expect(city.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(city.getByTestId('project-status')).toHaveText(t('project.status.confirmed'))

  // The enterprise files the first quarter, then the second with ten times the output value.
  const ent = await as(browser, demoEmail('enterprise'))
  const file = async (quarter: string, output: string) => {
    await ent.goto(`${projectPath}/progress?quarter=${quarter}`)
    const f = ent.locator('form#progress')
    await hydrated(f)
    await f.getByLabel(t('project.progress.quarter')).selectOption(quarter)
    await f.getByLabel(t('project.progress.investment')).fill('50')
    await f.getByLabel(t('project.progress.output')).fill(output)
    await f.getByLabel(t('project.progress.tax')).fill('8')
    await f.getByLabel(t('project.progress.jobs')).fill('30')
    await f.getByLabel(t('project.progress.stage')).selectOption('production')
    await f.getByRole('button', { name: t('project.progress.submit') }).click()
    return f
  }
  await file(first, '100')
  await ent.waitForURL(new RegExp(`${projectPath}\\?done=reported`))
  const f = await file(second, '1000')
  const warning = t('project.warning.jump.output', { from: '100', to: '1000', factor: '10' })
  await expect(ent.getByTestId('progress-warnings')).toContainText(warning)
  expect(ent.url()).toContain('/progress')
  await expect(f.getByLabel(t('project.progress.output'))).toHaveValue('1000')
  await f.getByLabel(t('project.progress.confirm')).check()
  await f.getByRole('button', { name: t('project.progress.submit') }).click()
  await ent.waitForURL(new RegExp(`${projectPath}\\?done=reported`))
  await expect(ent.getByTestId('progress-row')).toHaveCount(2)

  // The officer of 柳南区 sees both reports and the confirmed warning.
  const county = await as(browser, demoEmail('county'))
  await county.goto(projectPath)
  await expect(county.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(county.getByTestId('progress-row')).toHaveCount(2)
  await expect(county.getByTestId('progress-warnings')).toContainText(warning)
  await county.goto('/projects')
  await expect(county.getByRole('link', { name: title })).toBeVisible()

  // An officer of 鹿寨县 cannot open it, nor find it in their list.
  const elsewhere = await as(browser, other.email, other.password)
  const res = await elsewhere.goto(projectPath)
  expect(res?.status()).toBe(404)
  await elsewhere.goto('/projects')
  await expect(elsewhere.getByRole('heading', { level: 1 })).toHaveText(t('project.list.pageTitle'))
  await expect(elsewhere.getByRole('link', { name: title })).toHaveCount(0)
})
