import { type RawBuilder, sql } from 'kysely'
import type { Executor } from '../index'

// The dashboards' aggregate queries (server/dashboards/service.ts decides the
// scope and the filter; this only counts). Days are Asia/Shanghai calendar
// days (YYYY-MM-DD, both ends included), months 'YYYY-MM' in Shanghai.
// `counties` null means every division; an industry is a top code ('auto')
// that matches its sub-codes ('auto.nev'). Contract figures read
// dashboard_contracts (migration 0131, one row per registration kept by a
// trigger): a contract's county is its buyer's, its industry the listing's.

export interface DashboardFilter {
  from: string
  to: string
  counties: string[] | null
  industry: string | null
}

const instant = (day: string) => sql`(${day}::date::timestamp at time zone 'Asia/Shanghai')`
const endInstant = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')`
const month = (ts: RawBuilder<unknown>) => sql<string>`to_char(${ts} at time zone 'Asia/Shanghai', 'YYYY-MM')`
const inCounties = (col: RawBuilder<unknown>, f: DashboardFilter) => (f.counties ? sql`and ${col} = any(${f.counties}::text[])` : sql``)
const inIndustry = (col: RawBuilder<unknown>, f: DashboardFilter) =>
  f.industry ? sql`and (${col} = ${f.industry} or ${col} like ${`${f.industry}.%`})` : sql``
const inTopIndustry = (col: RawBuilder<unknown>, f: DashboardFilter) => (f.industry ? sql`and ${col} = ${f.industry}` : sql``)

/** The rollup cut a filter reads: its counties (or '*' for all) and its industry (or '*'). */
const cutDivisions = (f: DashboardFilter) => f.counties ?? ['*']
const cutIndustry = (f: DashboardFilter) => f.industry ?? '*'
const monthRange = (f: DashboardFilter) => sql`month between date_trunc('month', ${f.from}::date)::date and ${f.to}::date`

export interface ProjectCell {
  month: string
  division: string
  industry: string
  n: number
}

/**
 * Confirmed transformation projects by registration month, from the monthly rollup, in one of three cuts:
 * 'total' (the filter's counties and industry), 'county' (each county), 'industry' (each top industry).
 */
export async function confirmedProjects(db: Executor, f: DashboardFilter, cut: 'total' | 'county' | 'industry' = 'total'): Promise<ProjectCell[]> {
  const divisions =
    cut === 'county' ? (f.counties ? sql`division = any(${f.counties}::text[])` : sql`division <> '*'`) : sql`division = any(${cutDivisions(f)}::text[])`
  const industry = cut === 'industry' ? (f.industry ? sql`industry = ${f.industry}` : sql`industry <> '*'`) : sql`industry = ${cutIndustry(f)}`
  const { rows } = await sql<ProjectCell>`
    select to_char(month, 'YYYY-MM') as month, division, industry, sum(n)::int as n
    from dashboard_monthly
    where measure = 'project' and ${monthRange(f)} and ${divisions} and ${industry}
    group by 1, 2, 3 having sum(n) <> 0 order by 1`.execute(db)
  return rows
}

export interface ContractCell {
  month: string
  type: string
  n: number
  amountFen: number
  technologyFen: number
}

/** Registered contracts by month and contract type: count, contract amount (成交额), technology amount (技术交易额). */
export async function registeredContracts(db: Executor, f: DashboardFilter): Promise<ContractCell[]> {
  const { rows } = await sql<ContractCell>`
    select to_char(month, 'YYYY-MM') as month, contract_type as type, sum(n)::int as n,
      sum(amount_fen)::bigint as "amountFen", sum(technology_fen)::bigint as "technologyFen"
    from dashboard_monthly
    where measure = 'contract' and ${monthRange(f)} and division = any(${cutDivisions(f)}::text[]) and industry = ${cutIndustry(f)}
    group by 1, 2 having sum(n) <> 0 order by 1, 2`.execute(db)
  return rows
}

export interface FlowCell {
  sellerId: string
  sellerName: string
  division: string
  n: number
  technologyFen: number
}

/** Technology flows: institution (seller) → county of the buying enterprise, by technology amount (rolled up by year). */
export async function technologyFlows(db: Executor, f: DashboardFilter): Promise<FlowCell[]> {
  const { rows } = await sql<FlowCell>`
    select m.seller as "sellerId", coalesce(min(o.name), '') as "sellerName", m.division, sum(m.n)::int as n, sum(m.technology_fen)::bigint as "technologyFen"
    from dashboard_monthly m left join organisations o on o.id::text = m.seller
    where m.measure = 'flow' and m.month between date_trunc('year', ${f.from}::date)::date and ${f.to}::date and m.seller <> '' and m.division not in ('*', '')
      ${f.counties ? sql`and m.division = any(${f.counties}::text[])` : sql``} and m.industry = ${cutIndustry(f)}
    group by 1, 3 having sum(m.n) <> 0 order by 5 desc`.execute(db)
  return rows
}

export interface SubsidyCell {
  month: string
  kind: 'approved' | 'paid'
  n: number
  amountFen: number
}

/** Subsidy claims approved (by approval month) and payments recorded (by payment month), for contracts of the filter. */
export async function subsidiesByMonth(db: Executor, f: DashboardFilter): Promise<SubsidyCell[]> {
  const { rows } = await sql<SubsidyCell>`
    select to_char(month, 'YYYY-MM') as month, case measure when 'subsidy_paid' then 'paid' else 'approved' end as kind,
      sum(n)::int as n, sum(amount_fen)::bigint as "amountFen"
    from dashboard_monthly
    where measure in ('subsidy_approved', 'subsidy_paid') and ${monthRange(f)} and division = any(${cutDivisions(f)}::text[]) and industry = ${cutIndustry(f)}
    group by 1, 2 having sum(n) <> 0 order by 1, 2`.execute(db)
  return rows
}

export const ACTIVITY_KINDS = ['achievements', 'needs', 'deals', 'auctions', 'roadshows'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export interface ActivityCell {
  month: string
  kind: ActivityKind
  n: number
}

/**
 * Listings published, needs published, deals opened, auctions held and roadshows held, by month.
 * County: the publishing organisation's (a need's own division; a deal's first buyer's, from the rollup).
 * Industry: the listing's, the deal's listing's, the roadshow's; auctions carry none and ignore it.
 */
export async function activityByMonth(db: Executor, f: DashboardFilter): Promise<ActivityCell[]> {
  const range = (col: RawBuilder<unknown>) => sql`${col} >= ${instant(f.from)} and ${col} < ${endInstant(f.to)}`
  const { rows } = await sql<ActivityCell>`
    select ${month(sql.ref('a.published_at'))} as month, 'achievements' as kind, count(*)::int as n
    from achievements a join organisations o on o.id = a.org_id
    where ${range(sql.ref('a.published_at'))} ${inCounties(sql.ref('o.division_code'), f)} ${inIndustry(sql.ref('a.industry_code'), f)}
    group by 1
    union all
    select ${month(sql.ref('n.published_at'))}, 'needs', count(*)::int
    from needs n where ${range(sql.ref('n.published_at'))} ${inCounties(sql.ref('n.division_code'), f)} ${inIndustry(sql.ref('n.industry_code'), f)}
    group by 1
    union all
    select to_char(month, 'YYYY-MM'), 'deals', sum(n)::int
    from dashboard_monthly
    where measure = 'deal' and ${monthRange(f)} and division = any(${cutDivisions(f)}::text[]) and industry = ${cutIndustry(f)}
    group by 1 having sum(n) <> 0
    union all
    select ${month(sql.ref('u.starts_at'))}, 'auctions', count(*)::int
    from auctions u join organisations o on o.id = u.org_id
    where u.status in ('announced','sold','unsold','defaulted') and ${range(sql.ref('u.starts_at'))} ${inCounties(sql.ref('o.division_code'), f)}
    group by 1
    union all
    select ${month(sql.ref('r.starts_at'))}, 'roadshows', count(*)::int
    from roadshows r join organisations o on o.id = r.org_id
    where r.status <> 'cancelled' and ${range(sql.ref('r.starts_at'))} ${inCounties(sql.ref('o.division_code'), f)} ${inIndustry(sql.ref('r.industry_code'), f)}
    group by 1
    order by 1, 2`.execute(db)
  return rows
}

export interface QueueCell {
  month: string
  startDay: string
  decidedDay: string | null
  onTime: boolean
  overdue: boolean
  decided: boolean
  n: number
}

/**
 * A registrar's queue by month of submission: decided or waiting, within the deadline or past it.
 * Grouped by (start day, decision day) so the service can count working days once per pair.
 */
export async function registrarQueue(db: Executor, registrarOrgId: string, from: string, to: string, now: Date): Promise<QueueCell[]> {
  const { rows } = await sql<QueueCell>`
    select ${month(sql.ref('submitted_at'))} as month,
      to_char(clock_started_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "startDay",
      to_char(decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "decidedDay",
      (decided_at is not null and decided_at <= deadline_at) as "onTime",
      (coalesce(decided_at, ${now}) > deadline_at) as overdue,
      (decided_at is not null) as decided,
      count(*)::int as n
    from registrations
    where registrar_org_id = ${registrarOrgId}::uuid and submitted_at >= ${instant(from)} and submitted_at < ${endInstant(to)}
    group by 1, 2, 3, 4, 5, 6 order by 1`.execute(db)
  return rows
}

export const DRILL_PAGE = 50

export interface DrillRow {
  id: string
  day: string
  label: string
  party: string
  division: string | null
  detail: string
  amountFen: number | null
  link: string | null
}

export interface DrillQuery {
  view: 'projects' | 'contracts' | 'flows' | 'subsidies' | 'activity'
  month: string | null
  type: string | null
  seller: string | null
  kind: string | null
  page: number
}

/** The rows behind one bar, point or link of a chart (paged), under the same filter the chart used. */
export async function drillRows(db: Executor, f: DashboardFilter, q: DrillQuery): Promise<{ rows: DrillRow[]; count: number }> {
  const from = q.month ? `${q.month}-01` : f.from
  const monthEnd = q.month ? sql`(${`${q.month}-01`}::date + interval '1 month' - interval '1 day')::date` : null
  const g = { ...f, from: from < f.from ? f.from : from }
  const toDay = monthEnd ? sql`least(${f.to}::date, ${monthEnd})` : sql`${f.to}::date`
  const page = sql`limit ${DRILL_PAGE} offset ${(q.page - 1) * DRILL_PAGE}`
  let query: RawBuilder<DrillRow & { total: number }>
  if (q.view === 'projects') {
    query = sql`
      select id, registered_on::text as day, title as label, enterprise_name as party, division_code as division, coalesce(industry_code, '') as detail,
        technology_amount_fen as "amountFen", null as link, count(*) over ()::int as total
      from transformation_projects
      where status = 'confirmed' and registered_on between ${g.from}::date and ${toDay}
        ${inCounties(sql.ref('division_code'), f)} ${inIndustry(sql.ref('industry_code'), f)}
      order by registered_on desc, id ${page}`
  } else if (q.view === 'contracts' || q.view === 'flows') {
    query = sql`
      select d.registration_id as id, d.registered_on::text as day, c.title as label, coalesce(b.name, '') as party, d.buyer_division as division,
        r.number || ' · ' || coalesce(d.seller_name, '') as detail, d.technology_amount_fen as "amountFen", '/registrations/' || d.registration_id as link,
        count(*) over ()::int as total
      from dashboard_contracts d join registrations r on r.id = d.registration_id join contracts c on c.id = d.contract_id
      left join contract_parties b on b.contract_id = d.contract_id and b.org_id = d.buyer_org_id
      where d.status = 'registered' and d.registered_on between ${g.from}::date and ${toDay}
        ${inCounties(sql.ref('d.buyer_division'), f)} ${inTopIndustry(sql.ref('d.industry_top'), f)}
        ${q.type ? sql`and d.contract_type = ${q.type}` : sql``} ${q.seller ? sql`and d.seller_org_id = ${q.seller}::uuid` : sql``}
      order by d.registered_on desc, d.registration_id ${page}`
  } else if (q.view === 'subsidies') {
    const paid = q.kind === 'paid'
    query = paid
      ? sql`
        select c.id, p.paid_on::text as day, c.number as label, o.name as party, d.buyer_division as division, p.number as detail,
          p.amount_fen as "amountFen", '/subsidies/' || c.id as link, count(*) over ()::int as total
        from subsidy_payments p join subsidy_claims c on c.id = p.claim_id join dashboard_contracts d on d.registration_id = c.registration_id
        join organisations o on o.id = c.beneficiary_org_id
        where p.paid_on between ${g.from}::date and ${toDay} ${inCounties(sql.ref('d.buyer_division'), f)} ${inTopIndustry(sql.ref('d.industry_top'), f)}
        order by p.paid_on desc, c.id ${page}`
      : sql`
        select c.id, to_char(c.approved_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, c.number as label, o.name as party, d.buyer_division as division,
          c.kind as detail, c.amount_fen as "amountFen", '/subsidies/' || c.id as link, count(*) over ()::int as total
        from subsidy_claims c join dashboard_contracts d on d.registration_id = c.registration_id join organisations o on o.id = c.beneficiary_org_id
        where c.approved_at >= ${instant(g.from)} and c.approved_at < (${toDay} + 1)::timestamp at time zone 'Asia/Shanghai'
          ${inCounties(sql.ref('d.buyer_division'), f)} ${inTopIndustry(sql.ref('d.industry_top'), f)}
        order by c.approved_at desc, c.id ${page}`
  } else {
    const start = instant(g.from)
    const end = sql`((${toDay} + 1)::timestamp at time zone 'Asia/Shanghai')`
    const kind = q.kind ?? 'achievements'
    if (kind === 'needs') {
      query = sql`
        select n.id, to_char(n.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, n.title as label, o.name as party, n.division_code as division,
          coalesce(n.industry_code, '') as detail, null::bigint as "amountFen", '/needs/' || n.id as link, count(*) over ()::int as total
        from needs n join organisations o on o.id = n.org_id
        where n.published_at >= ${start} and n.published_at < ${end} ${inCounties(sql.ref('n.division_code'), f)} ${inIndustry(sql.ref('n.industry_code'), f)}
        order by n.published_at desc, n.id ${page}`
    } else if (kind === 'deals') {
      query = sql`
        select d.id, to_char(d.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, d.title as label, coalesce(bo.name, '') as party,
          bo.division_code as division, d.stage as detail, null::bigint as "amountFen", null as link, count(*) over ()::int as total
        from deals d join dashboard_deals dd on dd.deal_id = d.id
        left join lateral (select o.name, o.division_code from deal_parties dp join organisations o on o.id = dp.org_id
          where dp.deal_id = d.id and dp.side = 'buyer' order by dp.org_id limit 1) bo on true
        where d.created_at >= ${start} and d.created_at < ${end}
          ${f.counties ? sql`and dd.division = any(${f.counties}::text[])` : sql``} ${f.industry ? sql`and dd.industry = ${f.industry}` : sql``}
        order by d.created_at desc, d.id ${page}`
    } else if (kind === 'auctions') {
      query = sql`
        select u.id, to_char(u.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, u.title as label, o.name as party, o.division_code as division,
          u.status as detail, u.hammer_price_fen as "amountFen", '/auctions/' || u.id as link, count(*) over ()::int as total
        from auctions u join organisations o on o.id = u.org_id
        where u.status in ('announced','sold','unsold','defaulted') and u.starts_at >= ${start} and u.starts_at < ${end} ${inCounties(sql.ref('o.division_code'), f)}
        order by u.starts_at desc, u.id ${page}`
    } else if (kind === 'roadshows') {
      query = sql`
        select r.id, to_char(r.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, r.title as label, o.name as party, o.division_code as division,
          r.status as detail, null::bigint as "amountFen", '/roadshows/' || r.id as link, count(*) over ()::int as total
        from roadshows r join organisations o on o.id = r.org_id
        where r.status <> 'cancelled' and r.starts_at >= ${start} and r.starts_at < ${end} ${inCounties(sql.ref('o.division_code'), f)} ${inIndustry(sql.ref('r.industry_code'), f)}
        order by r.starts_at desc, r.id ${page}`
    } else {
      query = sql`
        select a.id, to_char(a.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, a.title as label, o.name as party, o.division_code as division,
          coalesce(a.industry_code, '') as detail, null::bigint as "amountFen", '/achievements/' || a.id as link, count(*) over ()::int as total
        from achievements a join organisations o on o.id = a.org_id
        where a.published_at >= ${start} and a.published_at < ${end} ${inCounties(sql.ref('o.division_code'), f)} ${inIndustry(sql.ref('a.industry_code'), f)}
        order by a.published_at desc, a.id ${page}`
    }
  }
  const { rows } = await query.execute(db)
  return { rows: rows.map(({ total: _t, ...r }) => r), count: rows[0]?.total ?? 0 }
}

export async function divisionsList(db: Executor) {
  return db.selectFrom('divisions').select(['code', 'name_zh', 'name_en']).where('kind', '<>', 'city').orderBy('sort').orderBy('code').execute()
}

export async function topIndustries(db: Executor) {
  return db.selectFrom('industries').select(['code', 'name_zh', 'name_en']).where('parent_code', 'is', null).orderBy('sort').orderBy('code').execute()
}
