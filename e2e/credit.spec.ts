import pg from 'pg'
import { expect, hydrated, test } from './fixtures'
import { translate } from '../server/i18n/catalog'
import { CREDIT_CONFIGS } from '../server/credit/config'

// 信用管理 end to end (issue 12 acceptance: a credit record changed by a
// platform event). The demo registrar refuses (不予登记) a submitted
// registration that the demo agency's manager brokered (the demo seed submits
// four; a retry takes the next one still submitted); the agency's credit record
// then shows the refusal among its events and a lower score, with the level
// the configured thresholds give it. Everything happens through the pages; the
// test reads the ids it navigates to from the run's own database.

const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key as never, params)
const AGENCY = '柳州科技大市场技术转移中心'

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${process.env.TM_E2E_PG_PORT}/techmarket` })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const levelOf = (score: number) => {
  const l = CREDIT_CONFIGS.at(-1)!.levels
  return score >= l.A ? 'A' : score >= l.B ? 'B' : score >= l.C ? 'C' : 'D'
}

test('a registration refused by the registrar lowers the brokering agency’s credit score', async ({ pageAs }) => {
  test.setTimeout(150_000)
  const { registrationId, title } = await withDb(async (c) => {
    const { rows } = await c.query<{ id: string; title: string }>(
      `select r.id, c.title from registrations r join contracts c on c.id = r.contract_id
       where c.title like '%（信用示范）' and r.status = 'submitted' order by c.title limit 1`
    )
    return { registrationId: rows[0]!.id, title: rows[0]!.title }
  })

  // The agency's admin finds its own record from /credit.
  const agency = await pageAs('agency')
  await agency.goto('/credit')
  await agency.getByTestId('credit-list').getByRole('link', { name: AGENCY }).click()
  await expect(agency).toHaveURL(/\/credit\/org\/[0-9a-f-]{36}$/)
  const record = agency.url()
  const scoreOf = async () => Number(/(\d+)/.exec((await agency.getByTestId('credit-score').textContent()) ?? '')?.[1])
  const before = await scoreOf()
  expect(before).toBeGreaterThan(0)
  await expect(agency.getByTestId('credit-event').filter({ hasText: title })).toHaveCount(0)

  // The registrar refuses the registration.
  const registrar = await pageAs('registrar')
  await registrar.goto(`/registrations/${registrationId}`)
  const refuse = registrar.getByRole('form', { name: t('registration.form.refuse') })
  await hydrated(refuse.getByRole('button', { name: t('registration.form.refuse') }))
  await refuse.getByLabel(t('registration.ground.not_technology_contract')).check()
  await refuse.getByRole('button', { name: t('registration.form.refuse') }).click()
  await expect(registrar).toHaveURL(/\?done=refuse$/)

  // The agency's record shows the event and the lower score and its level.
  await agency.goto(record)
  const event = agency.getByTestId('credit-event').filter({ hasText: title })
  await expect(event).toHaveCount(1)
  await expect(event).toContainText(t('credit.event.registration_refused'))
  await expect(event).toContainText('-3')
  const after = await scoreOf()
  expect(after).toBe(before - 3)
  await expect(agency.getByTestId('credit-level')).toHaveText(t(`credit.level.${levelOf(after)}`))
})
