import { sql, type SelectQueryBuilder } from 'kysely'
import type { Executor } from '../index'
import type { DB } from '../schema'

// The rows of the exchange datasets (server/exchange/datasets.ts), one page at a
// time in a stable order (keyset on the row's key), so an export of 100,000 rows
// never holds more than one page. Each row's columns are aliased to the
// dataset's column keys; `cursorKey` is the keyset position of the row.

export type ExchangeRow = Record<string, string | number | boolean | null> & { cursorKey: string }

export interface DatasetQuery {
  /** Division codes the caller may see, or 'all'. */
  divisions: 'all' | string[]
  year?: number
  county?: string
  updatedSince?: Date
  after?: string
  limit: number
}

const SHANGHAI = 'Asia/Shanghai'
/** [1 Jan, 1 Jan next year) of `year` in Beijing time, as UTC instants. */
const yearRange = (year: number) => [new Date(`${year}-01-01T00:00:00+08:00`), new Date(`${year + 1}-01-01T00:00:00+08:00`)] as const
const day = (col: string) => sql<string | null>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`
const instant = (col: string) => sql<string | null>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

function scoped<Q extends SelectQueryBuilder<DB, any, any>>(q: Q, col: string, f: DatasetQuery): Q {
  let r = q
  if (f.divisions !== 'all') r = (f.divisions.length ? r.where(sql.ref(col), 'in', f.divisions) : r.where(sql<boolean>`false`)) as Q
  if (f.county) r = r.where(sql.ref(col), '=', f.county) as Q
  return r
}

export async function achievementRows(db: Executor, f: DatasetQuery): Promise<ExchangeRow[]> {
  let q = db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('divisions as d', 'd.code', 'o.division_code')
    .select([
      'a.id as cursorKey',
      'a.id as id',
      'a.title as title',
      'o.name as owner',
      'o.credit_code as ownerCreditCode',
      'o.division_code as county',
      'd.name_zh as countyName',
      'a.industry_code as industry',
      'a.trl as trl',
      sql<string>`array_to_string(a.transaction_modes, ';')`.as('modes'),
      'a.price_kind as priceKind',
      'a.price_min_fen as priceMinFen',
      'a.price_max_fen as priceMaxFen',
      instant('a.published_at').as('publishedAt'),
      day('a.expires_at').as('expiresOn'),
      instant('a.updated_at').as('updatedAt'),
    ])
    .where('a.status', '=', 'published')
  q = scoped(q, 'o.division_code', f)
  if (f.year) q = q.where('a.published_at', '>=', yearRange(f.year)[0]).where('a.published_at', '<', yearRange(f.year)[1])
  if (f.updatedSince) q = q.where('a.updated_at', '>=', f.updatedSince)
  if (f.after) q = q.where('a.id', '>', f.after)
  return (await q.orderBy('a.id').limit(f.limit).execute()) as unknown as ExchangeRow[]
}

export async function needRows(db: Executor, f: DatasetQuery): Promise<ExchangeRow[]> {
  let q = db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .leftJoin('divisions as d', 'd.code', 'n.division_code')
    .select([
      'n.id as cursorKey',
      'n.id as id',
      'n.title as title',
      'o.name as enterprise',
      'o.credit_code as enterpriseCreditCode',
      'n.division_code as county',
      'd.name_zh as countyName',
      'n.industry_code as industry',
      'n.budget_kind as budgetKind',
      'n.budget_min_fen as budgetMinFen',
      'n.budget_max_fen as budgetMaxFen',
      day('n.deadline').as('deadline'),
      sql<string>`array_to_string(n.preferred_modes, ';')`.as('modes'),
      instant('n.published_at').as('publishedAt'),
      instant('n.updated_at').as('updatedAt'),
    ])
    .where('n.status', '=', 'published')
  q = scoped(q, 'n.division_code', f)
  if (f.year) q = q.where('n.published_at', '>=', yearRange(f.year)[0]).where('n.published_at', '<', yearRange(f.year)[1])
  if (f.updatedSince) q = q.where('n.updated_at', '>=', f.updatedSince)
  if (f.after) q = q.where('n.id', '>', f.after)
  return (await q.orderBy('n.id').limit(f.limit).execute()) as unknown as ExchangeRow[]
}

/** Registered contracts; the county is the buying enterprise's (where the technology goes). */
export async function contractRows(db: Executor, f: DatasetQuery): Promise<ExchangeRow[]> {
  let q = db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .innerJoin('contract_parties as b', (j) => j.onRef('b.contract_id', '=', 'c.id').on('b.side', '=', 'buyer'))
    .innerJoin('contract_parties as s', (j) => j.onRef('s.contract_id', '=', 'c.id').on('s.side', '=', 'seller'))
    .innerJoin('organisations as g', 'g.id', 'r.registrar_org_id')
    .leftJoin('divisions as d', 'd.code', 'b.division_code')
    .select([
      'r.id as cursorKey',
      'r.number as number',
      sql<string>`to_char(r.registered_at at time zone ${SHANGHAI}, 'YYYY-MM-DD')`.as('registeredOn'),
      'c.title as title',
      'r.contract_type as contractType',
      'r.contract_amount_fen as contractAmountFen',
      'r.technology_amount_fen as technologyAmountFen',
      's.name as sellerName',
      's.credit_code as sellerCreditCode',
      's.division_code as sellerCounty',
      'b.name as buyerName',
      'b.credit_code as buyerCreditCode',
      'b.division_code as county',
      'd.name_zh as countyName',
      sql<string | null>`to_char(c.signed_at at time zone ${SHANGHAI}, 'YYYY-MM-DD')`.as('signedOn'),
      day('c.term_start').as('termStart'),
      day('c.term_end').as('termEnd'),
      'g.name as registrar',
      instant('r.updated_at').as('updatedAt'),
    ])
    .where('r.status', '=', 'registered')
  q = scoped(q, 'b.division_code', f)
  if (f.year) q = q.where('r.registered_at', '>=', yearRange(f.year)[0]).where('r.registered_at', '<', yearRange(f.year)[1])
  if (f.updatedSince) q = q.where('r.updated_at', '>=', f.updatedSince)
  if (f.after) q = q.where('r.id', '>', f.after)
  return (await q.orderBy('r.id').limit(f.limit).execute()) as unknown as ExchangeRow[]
}

export async function projectRows(db: Executor, f: DatasetQuery): Promise<ExchangeRow[]> {
  let q = db
    .selectFrom('transformation_projects as p')
    .leftJoin('divisions as d', 'd.code', 'p.division_code')
    .select([
      'p.id as cursorKey',
      'p.id as id',
      'p.source as source',
      'p.registration_number as registrationNumber',
      'p.title as title',
      'p.division_code as county',
      'd.name_zh as countyName',
      'p.industry_code as industry',
      'p.enterprise_name as enterprise',
      'p.institution_name as institution',
      'p.contract_type as contractType',
      'p.contract_amount_fen as contractAmountFen',
      'p.technology_amount_fen as technologyAmountFen',
      day('p.registered_on').as('registeredOn'),
      'p.status as status',
      sql<string>`array_to_string(p.standard_met, ';')`.as('standardMet'),
      'p.stage as stage',
      instant('p.updated_at').as('updatedAt'),
    ])
  q = scoped(q, 'p.division_code', f)
  if (f.year) q = q.where('p.registered_on', '>=', sql<Date>`${`${f.year}-01-01`}::date`).where('p.registered_on', '<', sql<Date>`${`${f.year + 1}-01-01`}::date`)
  if (f.updatedSince) q = q.where('p.updated_at', '>=', f.updatedSince)
  if (f.after) q = q.where('p.id', '>', f.after)
  return (await q.orderBy('p.id').limit(f.limit).execute()) as unknown as ExchangeRow[]
}

export interface CountyYearFigures {
  year: number
  county: string
  registeredCount: number
  registeredAmountFen: number
  technologyAmountFen: number
  confirmedProjects: number
  subsidiesPaidFen: number
}

/** Per county and year: registered contracts (buyer's county), confirmed projects, subsidies paid (beneficiary's county). */
export async function countyYearFigures(db: Executor, f: Pick<DatasetQuery, 'divisions' | 'year' | 'county'>): Promise<CountyYearFigures[]> {
  const inScope = (col: string) => {
    const parts = [sql`true`]
    if (f.divisions !== 'all') parts.push(f.divisions.length ? sql`${sql.ref(col)} in (${sql.join(f.divisions)})` : sql`false`)
    if (f.county) parts.push(sql`${sql.ref(col)} = ${f.county}`)
    return sql.join(parts, sql` and `)
  }
  const yearIs = (expr: ReturnType<typeof sql>) => (f.year ? sql`${expr} = ${f.year}` : sql`true`)
  const regYear = sql`extract(year from r.registered_at at time zone ${SHANGHAI})::int`
  const projYear = sql`extract(year from p.registered_on)::int`
  const payYear = sql`extract(year from sp.paid_on)::int`
  const r = await sql<CountyYearFigures>`
    with reg as (
      select ${regYear} as year, b.division_code as county, count(*)::int as n,
             sum(r.contract_amount_fen)::bigint as amount, sum(r.technology_amount_fen)::bigint as tech
      from registrations r
      join contract_parties b on b.contract_id = r.contract_id and b.side = 'buyer'
      where r.status = 'registered' and r.registered_at is not null and ${inScope('b.division_code')} and ${yearIs(regYear)}
      group by 1, 2),
    proj as (
      select ${projYear} as year, p.division_code as county, count(*)::int as n
      from transformation_projects p
      where p.status = 'confirmed' and ${inScope('p.division_code')} and ${yearIs(projYear)}
      group by 1, 2),
    paid as (
      select ${payYear} as year, o.division_code as county, sum(sp.amount_fen)::bigint as amount
      from subsidy_payments sp
      join subsidy_claims c on c.id = sp.claim_id
      join organisations o on o.id = c.beneficiary_org_id
      where ${inScope('o.division_code')} and ${yearIs(payYear)}
      group by 1, 2),
    keys as (select year, county from reg union select year, county from proj union select year, county from paid)
    select k.year, k.county,
           coalesce(reg.n, 0) as "registeredCount", coalesce(reg.amount, 0) as "registeredAmountFen",
           coalesce(reg.tech, 0) as "technologyAmountFen", coalesce(proj.n, 0) as "confirmedProjects",
           coalesce(paid.amount, 0) as "subsidiesPaidFen"
    from keys k
    left join reg on reg.year = k.year and reg.county = k.county
    left join proj on proj.year = k.year and proj.county = k.county
    left join paid on paid.year = k.year and paid.county = k.county
    order by k.year, k.county`.execute(db)
  return r.rows
}

export async function divisionNames(db: Executor) {
  return db.selectFrom('divisions').select(['code', 'name_zh', 'name_en', 'kind']).orderBy('sort').execute()
}
