import {
  activityByMonth,
  type ActivityCell,
  confirmedProjects,
  type ContractCell,
  type DashboardFilter,
  divisionsList,
  DRILL_PAGE,
  drillRows,
  type FlowCell,
  registeredContracts,
  subsidiesByMonth,
  type SubsidyCell,
  technologyFlows,
  topIndustries,
} from '../../db/repos/dashboard'
import type { Executor } from '../../db/index'
import { targetPath, targetPlanOn, type TargetPlan } from '../government/targets'
import { officerScope, type Principal, productRoles } from '../identity/principal'
import { forbidden, notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import type { DashboardQuery, DrillQueryInput } from './schemas'

// The officers' dashboards (issue 12): what the platform saw, as figures a
// city or county bureau reports upward — confirmed transformation projects
// against the target path (server/government/targets.ts), registered contract
// amounts, technology flows, subsidies, and market activity. Who sees what is
// decided here and nowhere else: a city officer sees every division and may
// filter by one; a county officer sees only their own county (asking for
// another county is a 404, as if it did not exist); anyone else is refused.
// The views read aggregates only (db/repos/dashboard.ts, contract facts kept
// by a trigger, migration 0131), so every view stays fast over ten years.

export interface DashboardAccess {
  city: boolean
  /** null: every division. */
  counties: string[] | null
}

export function dashboardAccess(p: Principal): DashboardAccess {
  const roles = productRoles(p)
  if (!roles.has('city_officer') && !roles.has('county_officer')) throw forbidden()
  const scope = officerScope(p)
  return scope === 'all' ? { city: true, counties: null } : { city: false, counties: scope }
}

export interface ResolvedFilter extends DashboardFilter {
  period: string
  county: string | null
  industryCode: string | null
}

/** The filter a query asks for, within what the principal may see. */
export function resolveFilter(
  access: DashboardAccess,
  q: DashboardQuery,
  plan: TargetPlan,
  now: Date,
  known: { divisions: { code: string }[]; industries: { code: string }[] },
): ResolvedFilter {
  const today = shanghaiDate(now)
  const start = plan.periods[0]?.from ?? `${today.slice(0, 4)}-01-01`
  let from = start
  let to = today
  let period = 'all'
  const p = plan.periods.find((x) => x.key === q.period)
  if (p) {
    ;[from, to, period] = [p.from, p.to, p.key]
  } else if (q.period.startsWith('y')) {
    const y = q.period.slice(1)
    if (Number(y) >= 2000 && Number(y) <= Number(today.slice(0, 4))) [from, to, period] = [`${y}-01-01`, `${y}-12-31`, q.period]
  }
  let counties = access.counties
  let county: string | null = null
  if (q.county) {
    if (access.counties && !access.counties.includes(q.county)) throw notFound()
    if (known.divisions.some((d) => d.code === q.county)) [counties, county] = [[q.county], q.county]
  } else if (access.counties?.length === 1) {
    county = access.counties[0]!
  }
  const industry = q.industry && known.industries.some((i) => i.code === q.industry) ? q.industry : null
  return { from, to, counties, industry, period, county, industryCode: industry }
}

const sumBy = <T>(xs: T[], key: (x: T) => string, val: (x: T) => number) => {
  const m = new Map<string, number>()
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + val(x))
  return m
}

export interface ProjectsView {
  path: { key: string; to: string; target: number; actual: number }[]
  byCounty: { division: string; target: number | null; actual: number }[]
  byIndustry: { industry: string; actual: number }[]
  monthly: { month: string; n: number; cumulative: number }[]
  total: number
}

export async function projectsView(db: Executor, f: ResolvedFilter, plan: TargetPlan, divisions: string[]): Promise<ProjectsView> {
  const start = plan.periods[0]?.from ?? f.from
  const lastTo = plan.periods.at(-1)?.to ?? f.to
  // The target path is cumulative: counted from the plan's first day, whatever the period shown.
  const [total, counties, industries] = await Promise.all([
    confirmedProjects(db, { ...f, from: start < f.from ? start : f.from, to: f.to > lastTo ? f.to : lastTo }, 'total'),
    confirmedProjects(db, f, 'county'),
    confirmedProjects(db, f, 'industry'),
  ])
  const fromMonth = f.from.slice(0, 7)
  const toMonth = f.to.slice(0, 7)
  const inRange = total.filter((c) => c.month >= fromMonth && c.month <= toMonth)
  const path = (f.counties ?? [null]).map((c) => targetPath(plan, c ?? undefined))
  const pathRows = plan.periods.map((p, i) => ({
    key: p.key,
    to: p.to,
    target: path.reduce((s, x) => s + (x[i]?.cumulative ?? 0), 0),
    actual: total.filter((c) => c.month >= start.slice(0, 7) && c.month <= p.to.slice(0, 7)).reduce((s, c) => s + c.n, 0),
  }))
  const period = plan.periods.find((p) => p.key === f.period)
  const targetOf = (division: string) =>
    period ? (period.byCounty[division] ?? 0) : f.period === 'all' ? plan.periods.filter((p) => p.from <= f.to).reduce((s, p) => s + (p.byCounty[division] ?? 0), 0) : null
  const byDivision = sumBy(counties, (c) => c.division, (c) => c.n)
  const byCounty = (f.counties ?? divisions).map((d) => ({ division: d, target: targetOf(d), actual: byDivision.get(d) ?? 0 }))
  const byIndustry = [...sumBy(industries, (c) => c.industry, (c) => c.n)]
    .filter(([, n]) => n !== 0)
    .map(([industry, actual]) => ({ industry, actual }))
    .sort((a, b) => b.actual - a.actual)
  let cumulative = total.filter((c) => c.month >= start.slice(0, 7) && c.month < fromMonth).reduce((s, c) => s + c.n, 0)
  const monthly = [...sumBy(inRange, (c) => c.month, (c) => c.n)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, n]) => ({ month, n, cumulative: (cumulative += n) }))
  return { path: pathRows, byCounty, byIndustry, monthly, total: inRange.reduce((s, c) => s + c.n, 0) }
}

export interface ContractsView {
  cells: ContractCell[]
  months: string[]
  types: string[]
  total: { n: number; amountFen: number; technologyFen: number }
}

export async function contractsView(db: Executor, f: ResolvedFilter): Promise<ContractsView> {
  const cells = await registeredContracts(db, f)
  return {
    cells,
    months: [...new Set(cells.map((c) => c.month))].sort(),
    types: [...new Set(cells.map((c) => c.type))].sort(),
    total: {
      n: cells.reduce((s, c) => s + c.n, 0),
      amountFen: cells.reduce((s, c) => s + c.amountFen, 0),
      technologyFen: cells.reduce((s, c) => s + c.technologyFen, 0),
    },
  }
}

/** Institutions beyond the top ones are merged into one node, so the Sankey stays legible. */
export const FLOW_TOP_SELLERS = 12

export async function flowsView(db: Executor, f: ResolvedFilter): Promise<{ flows: FlowCell[]; total: number }> {
  const flows = await technologyFlows(db, f)
  return { flows, total: flows.reduce((s, x) => s + x.technologyFen, 0) }
}

export async function subsidiesView(db: Executor, f: ResolvedFilter): Promise<{ cells: SubsidyCell[]; approvedFen: number; paidFen: number }> {
  const cells = await subsidiesByMonth(db, f)
  const sum = (k: SubsidyCell['kind']) => cells.filter((c) => c.kind === k).reduce((s, c) => s + c.amountFen, 0)
  return { cells, approvedFen: sum('approved'), paidFen: sum('paid') }
}

export async function activityView(db: Executor, f: ResolvedFilter): Promise<{ cells: ActivityCell[]; totals: Record<string, number> }> {
  const cells = await activityByMonth(db, f)
  return { cells, totals: Object.fromEntries(sumBy(cells, (c) => c.kind, (c) => c.n)) }
}

export type DashboardViewName = 'projects' | 'contracts' | 'flows' | 'subsidies' | 'activity'

/** Everything the filter options need, and the principal's scope. */
async function context(db: Executor, p: Principal, q: DashboardQuery, now: Date) {
  const access = dashboardAccess(p)
  const plan = targetPlanOn(now)
  const [divisions, industries] = await Promise.all([divisionsList(db), topIndustries(db)])
  const filter = resolveFilter(access, q, plan, now, { divisions, industries })
  const visibleDivisions = access.counties ? divisions.filter((d) => access.counties!.includes(d.code)) : divisions
  return { access, plan, filter, divisions: visibleDivisions, industries }
}

export async function dashboard(db: Executor, p: Principal, q: DashboardQuery, now = new Date()) {
  const c = await context(db, p, q, now)
  const codes = c.divisions.map((d) => d.code)
  const [projects, contracts, flows, subsidies, activity] = await Promise.all([
    projectsView(db, c.filter, c.plan, codes),
    contractsView(db, c.filter),
    flowsView(db, c.filter),
    subsidiesView(db, c.filter),
    activityView(db, c.filter),
  ])
  return {
    city: c.access.city,
    filter: { period: c.filter.period, county: c.filter.county, industry: c.filter.industryCode, from: c.filter.from, to: c.filter.to },
    periods: c.plan.periods.map((x) => ({ key: x.key, from: x.from, to: x.to })),
    years: Array.from({ length: Number(shanghaiDate(now).slice(0, 4)) - 2018 }, (_, i) => 2019 + i).reverse(),
    divisions: c.divisions,
    industries: c.industries,
    projects,
    contracts,
    flows,
    subsidies,
    activity,
  }
}
export type DashboardData = Awaited<ReturnType<typeof dashboard>>

/** One view, for the XLSX export and the benchmark. */
export async function dashboardView(db: Executor, p: Principal, view: DashboardViewName, q: DashboardQuery, now = new Date()) {
  const c = await context(db, p, q, now)
  const codes = c.divisions.map((d) => d.code)
  const data =
    view === 'projects'
      ? await projectsView(db, c.filter, c.plan, codes)
      : view === 'contracts'
        ? await contractsView(db, c.filter)
        : view === 'flows'
          ? await flowsView(db, c.filter)
          : view === 'subsidies'
            ? await subsidiesView(db, c.filter)
            : await activityView(db, c.filter)
  return { view, filter: c.filter, divisions: c.divisions, industries: c.industries, data }
}

/** The rows behind a chart's bar or point. */
export async function dashboardRows(db: Executor, p: Principal, q: DrillQueryInput, now = new Date()) {
  const c = await context(db, p, q, now)
  const list = await drillRows(db, c.filter, { view: q.view, month: q.month, type: q.type, seller: q.seller, kind: q.kind, page: q.page })
  return { ...list, page: q.page, pageSize: DRILL_PAGE, filter: c.filter, divisions: c.divisions, industries: c.industries, query: q }
}
