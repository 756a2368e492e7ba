import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { seedHistory } from '../../db/seed/history'
import { registrarFigures } from '../../server/dashboards/registrar'
import { dashboard, dashboardRows } from '../../server/dashboards/service'
import { targetPlanOn } from '../../server/government/targets'
import { DomainError } from '../../server/platform/errors'
import { createMember, principalFor } from '../helpers/factories'
import { transformationProject } from '../helpers/projects'
import { cityOfficer, countyOfficer, terminateRegistration } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The dashboards' figures come from a rollup kept by triggers; here every one
// is recomputed from the base tables with plain SQL and must be equal, under
// several filters; a county officer's dashboard equals the city's filtered to
// that county and never shows another county's rows.

const NOW = new Date('2026-10-31T04:00:00Z')
const COUNTIES = ['450204', '450223', '4502LD']
type Q = { period: string; county: string | null; industry: string | null }

let city: Awaited<ReturnType<typeof cityOfficer>>
let county: Awaited<ReturnType<typeof countyOfficer>>

beforeAll(async () => {
  const db = testDb()
  const r = await seedHistory(db, {
    seed: 7, from: '2019-01-01', to: NOW, counties: COUNTIES, contracts: 260, enterprisesPerCounty: 3, institutions: 5,
    achievementsPerInstitution: 6, needsPerCounty: 6, registrarDivision: '450202',
  })
  expect(r.registered).toBeGreaterThan(200)
  // Rows written the application's way too (the triggers, not only the bulk writer), and a terminated one.
  await transformationProject(db, { divisionCode: '450223', registeredOn: '2024-05-10', industryCode: 'auto.nev' })
  const gone = await transformationProject(db, { registeredOn: '2025-03-02' })
  await terminateRegistration(db, gone.registrationId, gone.registrar.user.id)
  await db.updateTable('transformation_projects').set({ status: 'excluded', status_reason: '合同注销' }).where('id', '=', gone.project.id).execute()
  city = await cityOfficer(db)
  county = await countyOfficer(db, '450223')
}, 120_000)

// Plain SQL over the base tables, written independently of db/repos/dashboard.ts.
const buyerCounty = sql`(select cp.division_code from contract_parties cp where cp.contract_id = r.contract_id and cp.side = 'buyer' order by cp.org_id limit 1)`
const dealIndustry = sql`(select split_part(coalesce(a.industry_code, n.industry_code), '.', 1) from contracts c join deal_listings dl on dl.deal_id = c.deal_id
  left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id where c.id = r.contract_id
  order by (dl.achievement_id is null), 1 limit 1)`
const regDay = sql`(r.registered_at at time zone 'Asia/Shanghai')::date`

async function expected(q: Q, from: string, to: string) {
  const db = testDb()
  const counties = q.county ? [q.county] : null
  const c = (col: ReturnType<typeof sql>) => (counties ? sql`and ${col} = any(${counties}::text[])` : sql``)
  const i = (col: ReturnType<typeof sql>) => (q.industry ? sql`and ${col} = ${q.industry}` : sql``)
  const contracts = await sql<{ month: string; type: string; n: number; amountFen: number; technologyFen: number }>`
    select to_char(${regDay}, 'YYYY-MM') as month, r.contract_type as type, count(*)::int as n, sum(r.contract_amount_fen)::bigint as "amountFen",
      sum(r.technology_amount_fen)::bigint as "technologyFen"
    from registrations r where r.status = 'registered' and ${regDay} between ${from}::date and ${to}::date ${c(buyerCounty)} ${i(dealIndustry)}
    group by 1, 2 order by 1, 2`.execute(db)
  const flows = await sql<{ sellerId: string; division: string; n: number; technologyFen: number }>`
    select s.org_id as "sellerId", ${buyerCounty} as division, count(*)::int as n, sum(r.technology_amount_fen)::bigint as "technologyFen"
    from registrations r join contract_parties s on s.contract_id = r.contract_id and s.side = 'seller'
    where r.status = 'registered' and ${regDay} between ${from}::date and ${to}::date ${c(buyerCounty)} ${i(dealIndustry)}
    group by 1, 2 order by 1, 2`.execute(db)
  const approved = await sql<{ month: string; n: number; amountFen: number }>`
    select to_char(sc.approved_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as n, sum(sc.amount_fen)::bigint as "amountFen"
    from subsidy_claims sc join registrations r on r.id = sc.registration_id
    where sc.approved_at is not null and (sc.approved_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date ${c(buyerCounty)} ${i(dealIndustry)}
    group by 1 order by 1`.execute(db)
  const paid = await sql<{ month: string; n: number; amountFen: number }>`
    select to_char(p.paid_on, 'YYYY-MM') as month, count(*)::int as n, sum(p.amount_fen)::bigint as "amountFen"
    from subsidy_payments p join subsidy_claims sc on sc.id = p.claim_id join registrations r on r.id = sc.registration_id
    where p.paid_on between ${from}::date and ${to}::date ${c(buyerCounty)} ${i(dealIndustry)}
    group by 1 order by 1`.execute(db)
  const pc = (col: string) => (counties ? sql`and ${sql.ref(col)} = any(${counties}::text[])` : sql``)
  const pi = q.industry ? sql`and split_part(industry_code, '.', 1) = ${q.industry}` : sql``
  const projectsByCounty = await sql<{ division: string; n: number }>`
    select division_code as division, count(*)::int as n from transformation_projects
    where status = 'confirmed' and registered_on between ${from}::date and ${to}::date ${pc('division_code')} ${pi} group by 1`.execute(db)
  const projectsByIndustry = await sql<{ industry: string; n: number }>`
    select split_part(coalesce(industry_code, ''), '.', 1) as industry, count(*)::int as n from transformation_projects
    where status = 'confirmed' and registered_on between ${from}::date and ${to}::date ${pc('division_code')} ${pi} group by 1`.execute(db)
  const plan = targetPlanOn(NOW)
  const path = []
  for (const p of plan.periods) {
    const row = await sql<{ n: number }>`select count(*)::int as n from transformation_projects
      where status = 'confirmed' and registered_on between ${plan.periods[0]!.from}::date and ${p.to}::date ${pc('division_code')} ${pi}`.execute(db)
    path.push(row.rows[0]!.n)
  }
  const range = (col: string) => sql`(${sql.ref(col)} at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`
  const oc = (col: string) => (counties ? sql`and ${sql.ref(col)} = any(${counties}::text[])` : sql``)
  const oi = (col: string) => (q.industry ? sql`and split_part(${sql.ref(col)}, '.', 1) = ${q.industry}` : sql``)
  const activity = await sql<{ kind: string; n: number }>`
    select 'achievements' as kind, count(*)::int as n from achievements a join organisations o on o.id = a.org_id where ${range('a.published_at')} ${oc('o.division_code')} ${oi('a.industry_code')}
    union all select 'needs', count(*)::int from needs n where ${range('n.published_at')} ${oc('n.division_code')} ${oi('n.industry_code')}
    union all select 'deals', count(*)::int from deals d where ${range('d.created_at')}
      ${counties ? sql`and (select o.division_code from deal_parties dp join organisations o on o.id = dp.org_id where dp.deal_id = d.id and dp.side = 'buyer' order by dp.org_id limit 1) = any(${counties}::text[])` : sql``}
      ${q.industry ? sql`and (select split_part(coalesce(a.industry_code, n.industry_code), '.', 1) from deal_listings dl left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id where dl.deal_id = d.id and coalesce(a.industry_code, n.industry_code) is not null order by (dl.achievement_id is null), 1 limit 1) = ${q.industry}` : sql``}
    union all select 'roadshows', count(*)::int from roadshows r join organisations o on o.id = r.org_id where r.status <> 'cancelled' and ${range('r.starts_at')} ${oc('o.division_code')} ${oi('r.industry_code')}`.execute(db)
  return { contracts: contracts.rows, flows: flows.rows, approved: approved.rows, paid: paid.rows, projectsByCounty: projectsByCounty.rows, projectsByIndustry: projectsByIndustry.rows, path, activity: activity.rows }
}

const FILTERS: Q[] = [
  { period: 'all', county: null, industry: null },
  { period: 'all', county: '450223', industry: null },
  { period: 'all', county: null, industry: 'auto' },
  { period: '2022', county: '4502LD', industry: 'agrifood' },
  { period: 'y2024', county: null, industry: null },
]

describe('dashboard figures equal plain SQL over the base tables', () => {
  for (const q of FILTERS) {
    it(`period ${q.period}, county ${q.county ?? 'all'}, industry ${q.industry ?? 'all'}`, async () => {
      const db = testDb()
      const d = await dashboard(db, city.principal, q, NOW)
      const e = await expected(q, d.filter.from, d.filter.to)
      if (!q.county && !q.industry) expect(d.contracts.total.n).toBeGreaterThan(0)

      expect(d.contracts.cells).toEqual(e.contracts)
      const flows = d.flows.flows.map(({ sellerId, division, n, technologyFen }) => ({ sellerId, division, n, technologyFen }))
      expect(flows.sort((a, b) => a.sellerId.localeCompare(b.sellerId) || a.division.localeCompare(b.division))).toEqual(
        [...e.flows].sort((a, b) => a.sellerId.localeCompare(b.sellerId) || a.division.localeCompare(b.division)),
      )
      expect(d.subsidies.cells.filter((x) => x.kind === 'approved').map(({ month, n, amountFen }) => ({ month, n, amountFen }))).toEqual(e.approved)
      expect(d.subsidies.cells.filter((x) => x.kind === 'paid').map(({ month, n, amountFen }) => ({ month, n, amountFen }))).toEqual(e.paid)

      expect(d.projects.path.map((p) => p.actual)).toEqual(e.path)
      const byCounty = Object.fromEntries(e.projectsByCounty.map((x) => [x.division, x.n]))
      for (const row of d.projects.byCounty) expect(row.actual, row.division).toBe(byCounty[row.division] ?? 0)
      expect(d.projects.byCounty.reduce((s, x) => s + x.actual, 0)).toBe(e.projectsByCounty.reduce((s, x) => s + x.n, 0))
      expect(Object.fromEntries(d.projects.byIndustry.map((x) => [x.industry, x.actual]))).toEqual(Object.fromEntries(e.projectsByIndustry.map((x) => [x.industry, x.n])))
      expect(d.projects.total).toBe(e.projectsByCounty.reduce((s, x) => s + x.n, 0))

      for (const a of e.activity) expect(d.activity.totals[a.kind] ?? 0, a.kind).toBe(a.n)
    })
  }

  it('the target path is the configured one (city, and a county’s split)', async () => {
    const db = testDb()
    const plan = targetPlanOn(NOW)
    const all = await dashboard(db, city.principal, { period: 'all', county: null, industry: null }, NOW)
    expect(all.projects.path.map((p) => p.target)).toEqual(plan.periods.map((_, i) => plan.periods.slice(0, i + 1).reduce((s, p) => s + p.count, 0)))
    const one = await dashboard(db, city.principal, { period: 'all', county: '450223', industry: null }, NOW)
    expect(one.projects.path.map((p) => p.target)).toEqual(plan.periods.map((_, i) => plan.periods.slice(0, i + 1).reduce((s, p) => s + (p.byCounty['450223'] ?? 0), 0)))
  })
})

describe('county scoping', () => {
  it('a county officer’s dashboard equals the city’s filtered to that county', async () => {
    const db = testDb()
    for (const q of [{ period: 'all', industry: null }, { period: 'y2023', industry: 'auto' }]) {
      const own = await dashboard(db, county.principal, { ...q, county: null }, NOW)
      const cityView = await dashboard(db, city.principal, { ...q, county: '450223' }, NOW)
      expect(own.city).toBe(false)
      expect(own.divisions.map((x) => x.code)).toEqual(['450223'])
      for (const k of ['projects', 'contracts', 'flows', 'subsidies', 'activity'] as const) expect(own[k], k).toEqual(cityView[k])
      expect(own.flows.flows.every((f) => f.division === '450223')).toBe(true)
    }
  })

  it('another county’s figures are a 404 for a county officer, and their drill-down rows are all their own county', async () => {
    const db = testDb()
    await expect(dashboard(db, county.principal, { period: 'all', county: '450204', industry: null }, NOW)).rejects.toMatchObject({ kind: 'not_found' })
    for (const view of ['contracts', 'projects', 'subsidies'] as const) {
      const rows = await dashboardRows(db, county.principal, { view, period: 'all', county: null, industry: null, month: null, type: null, seller: null, kind: null, page: 1 }, NOW)
      expect(rows.count, view).toBeGreaterThan(0)
      expect(rows.rows.every((r) => r.division === '450223'), view).toBe(true)
    }
    const cityRows = await dashboardRows(db, city.principal, { view: 'contracts', period: 'all', county: null, industry: null, month: null, type: null, seller: null, kind: null, page: 1 }, NOW)
    const d = await dashboard(db, city.principal, { period: 'all', county: null, industry: null }, NOW)
    expect(cityRows.count).toBe(d.contracts.total.n)
  })

  it('people who are not officers are refused', async () => {
    const db = testDb()
    const enterprise = await createMember(db, { type: 'enterprise' })
    const err = await dashboard(db, enterprise.principal, { period: 'all', county: null, industry: null }, NOW).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect((err as DomainError).kind).toBe('forbidden')
  })
})

describe('registrar figures', () => {
  it('count the registrar’s own queue by month as the registrations say', async () => {
    const db = testDb()
    const registrar = await db.selectFrom('organisations').select('id').where('type', '=', 'registrar').where('division_code', '=', '450202').executeTakeFirstOrThrow()
    const member = await createMember(db, { type: 'enterprise' })
    await db.insertInto('memberships').values({ org_id: registrar.id, user_id: member.user.id, role: 'member' }).execute()
    const p = await principalFor(db, member.user.id)
    const f = await registrarFigures(db, p, { year: 2025 }, NOW)
    const e = await sql<{ n: number; on_time: number; late: number }>`
      select count(*)::int as n, count(*) filter (where decided_at <= deadline_at)::int as on_time, count(*) filter (where decided_at > deadline_at)::int as late
      from registrations where registrar_org_id = ${registrar.id}::uuid and extract(year from submitted_at at time zone 'Asia/Shanghai') = 2025`.execute(db)
    expect(f.total.submitted).toBe(e.rows[0]!.n)
    expect(f.total.onTime).toBe(e.rows[0]!.on_time)
    expect(f.total.late).toBe(e.rows[0]!.late)
    expect(f.total.avgWorkingDays).toBeGreaterThan(0)
    // Decided within 2 to 41 calendar days of submission: never more than 30 working days on average.
    for (const m of f.rows) if (m.avgWorkingDays !== null) expect(m.avgWorkingDays, m.month).toBeLessThanOrEqual(30)
    expect(f.rows.reduce((s, m) => s + m.submitted, 0)).toBe(f.total.submitted)
    const stranger = await createMember(db, { type: 'enterprise' })
    await expect(registrarFigures(db, stranger.principal, {}, NOW)).rejects.toMatchObject({ kind: 'forbidden' })
  })
})
