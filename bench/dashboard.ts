// npm run bench:dashboard — every dashboard view over 10 years of generated history for 10 counties
// (100,000 contracts, db/seed/history.ts) on a scratch PostgreSQL: the city officer's and one county
// officer's dashboards, each view under every filter combination the page offers (period: all, a target
// period, a year; county: none or one; industry: none or one), RUNS times each after a warm-up; prints
// p50 / p95 / max per view and combination, then the county assessment of this year and last.
// Target: p95 ≤ 200 ms per view.
// N=<contracts> RUNS=<n> for a smaller run.
import { sql } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import { seedHistory } from '../db/seed/history'
import { seedReference } from '../db/seed/reference'
import { computeAssessment } from '../server/assessment/compute'
import { type DashboardViewName, dashboardView } from '../server/dashboards/service'
import { createMember } from '../tests/helpers/factories'
import { scratchDatabase } from './scratch-db'

const N = Number(process.env.N ?? 100_000)
const RUNS = Number(process.env.RUNS ?? 20)
const VIEWS: DashboardViewName[] = ['projects', 'contracts', 'flows', 'subsidies', 'activity']
const COUNTIES = ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '4502LD']

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

async function main() {
  const scratch = await scratchDatabase('dashboard')
  const { db } = scratch
  try {
    await migrateToLatest(db)
    await seedReference(db)
    const now = new Date()
    const year = now.getUTCFullYear()
    let t = performance.now()
    const r = await seedHistory(db, {
      seed: 42,
      from: `${year - 10}-01-01`,
      to: now,
      counties: COUNTIES,
      contracts: N,
      enterprisesPerCounty: 30,
      institutions: 40,
      achievementsPerInstitution: 100,
      needsPerCounty: 400,
      registrarDivision: '450202',
    })
    console.log(`history: ${r.contracts} contracts, ${r.registered} registered, ${r.projects} projects in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    await sql`vacuum analyze`.execute(db)
    const counts = await sql<{ t: string; n: number }>`
      select 'registrations' t, count(*)::int n from registrations union all select 'dashboard_contracts', count(*)::int from dashboard_contracts
      union all select 'transformation_projects', count(*)::int from transformation_projects union all select 'project_progress_reports', count(*)::int from project_progress_reports
      union all select 'subsidy_claims', count(*)::int from subsidy_claims union all select 'achievements', count(*)::int from achievements union all select 'needs', count(*)::int from needs`.execute(db)
    for (const c of counts.rows) console.log(`  ${c.t.padEnd(26)} ${c.n}`)

    const city = await createMember(db, { type: 'government', divisionCode: '450200' })
    const county = await createMember(db, { type: 'government', divisionCode: '450204' })
    const periods = ['all', '2022', `y${year - 1}`]
    const combos: { who: string; principal: typeof city.principal; q: { period: string; county: string | null; industry: string | null } }[] = []
    for (const period of periods)
      for (const industry of [null, 'auto']) {
        for (const c of [null, '450223']) combos.push({ who: 'city', principal: city.principal, q: { period, county: c, industry } })
        combos.push({ who: 'county 450204', principal: county.principal, q: { period, county: null, industry } })
      }

    console.log(`\n${RUNS} runs per view and filter (after one warm-up), ms`)
    console.log(`  ${'who'.padEnd(14)} ${'view'.padEnd(10)} ${'period'.padEnd(6)} ${'county'.padEnd(7)} ${'industry'.padEnd(8)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}`)
    const worst: Record<string, number> = {}
    for (const view of VIEWS) {
      for (const c of combos) {
        await dashboardView(db, c.principal, view, c.q, now)
        const times: number[] = []
        for (let i = 0; i < RUNS; i++) {
          t = performance.now()
          await dashboardView(db, c.principal, view, c.q, now)
          times.push(performance.now() - t)
        }
        const p95 = pct(times, 95)
        worst[view] = Math.max(worst[view] ?? 0, p95)
        console.log(
          `  ${c.who.padEnd(14)} ${view.padEnd(10)} ${c.q.period.padEnd(6)} ${(c.q.county ?? '-').padEnd(7)} ${(c.q.industry ?? '-').padEnd(8)} ${pct(times, 50).toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)} ${Math.max(...times).toFixed(1).padStart(7)}`,
        )
      }
    }

    // County assessment (县区绩效考核): every county's figures, scores and ranks for a year, the
    // computation behind /assessment and its reports (the page adds only rendering).
    for (const periodKey of [String(year), String(year - 1)]) {
      await computeAssessment(db, { periodKey, asOf: now })
      const times: number[] = []
      for (let i = 0; i < RUNS; i++) {
        t = performance.now()
        await computeAssessment(db, { periodKey, asOf: now })
        times.push(performance.now() - t)
      }
      const p95 = pct(times, 95)
      worst.assessment = Math.max(worst.assessment ?? 0, p95)
      console.log(`  ${'city'.padEnd(14)} ${'assessment'.padEnd(10)} ${periodKey.padEnd(6)} ${'-'.padEnd(7)} ${'-'.padEnd(8)} ${pct(times, 50).toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)} ${Math.max(...times).toFixed(1).padStart(7)}`)
    }

    console.log('\nworst p95 per view (target ≤ 200 ms)')
    for (const [view, p95] of Object.entries(worst)) console.log(`  ${view.padEnd(10)} ${p95.toFixed(1).padStart(7)} ms ${p95 <= 200 ? 'ok' : 'OVER'}`)
  } finally {
    await scratch.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
