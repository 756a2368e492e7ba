import { sql } from 'kysely'
import type { Executor } from '../index'

// The county assessment's reads (migration 0141 and the platform's own rows):
// each automatic measure is ONE grouped query over a window covering the
// assessed period and the one before it, bucketed into the two periods and
// grouped by division, so computing every county's figures for a period and
// its trend costs a fixed handful of queries however many counties there are.

/** A window: timestamps for timestamptz columns, Shanghai days for date columns; rows at or after curStart belong to `cur`, earlier ones to `prev`. */
export interface Window {
  prevKey: string
  curKey: string
  prevStart: Date
  curStart: Date
  /** Exclusive end (the period's end or the as-of instant, whichever is first). */
  end: Date
  prevStartDay: string
  curStartDay: string
  /** Inclusive last day. */
  endDay: string
}

export interface MeasureRow {
  period: string
  division: string
  value: number
}

const rows = (r: { rows: { period: string; division: string; value: string | number | null }[] }): MeasureRow[] =>
  r.rows.map((x) => ({ period: x.period, division: x.division, value: Number(x.value ?? 0) }))

const bucketTs = (w: Window, col: ReturnType<typeof sql.ref>) => sql<string>`case when ${col} >= ${w.curStart} then ${w.curKey} else ${w.prevKey} end`
const bucketDay = (w: Window, col: ReturnType<typeof sql.ref>) => sql<string>`case when ${col} >= ${w.curStartDay}::date then ${w.curKey} else ${w.prevKey} end`

/** Registered contracts (count and 成交额) by the buying party's division; a contract with two buyers in one division counts once there. */
export async function registeredContractFigures(db: Executor, w: Window) {
  const r = await sql<{ period: string; division: string; count: string; amount: string }>`
    with b as (
      select distinct r.id, r.contract_amount_fen as amount, r.registered_at as at, p.division_code as division
      from registrations r
      join contract_parties p on p.contract_id = r.contract_id and p.side = 'buyer'
      where r.status = 'registered' and r.registered_at >= ${w.prevStart} and r.registered_at < ${w.end}
    )
    select ${bucketTs(w, sql.ref('at'))} as period, division, count(*) as count, coalesce(sum(amount), 0) as amount
    from b group by 1, 2`.execute(db)
  return {
    count: r.rows.map((x) => ({ period: x.period, division: x.division, value: Number(x.count) })),
    amount: r.rows.map((x) => ({ period: x.period, division: x.division, value: Number(x.amount) })),
  }
}

/** Distinct enterprises that bought technology (a buyer on a contract registered in the period), by their division on the contract. */
export async function buyingEnterprises(db: Executor, w: Window) {
  return rows(
    await sql<{ period: string; division: string; value: string }>`
      select ${bucketTs(w, sql.ref('r.registered_at'))} as period, p.division_code as division, count(distinct p.org_id) as value
      from registrations r
      join contract_parties p on p.contract_id = r.contract_id and p.side = 'buyer'
      join organisations o on o.id = p.org_id and o.type = 'enterprise'
      where r.status = 'registered' and r.registered_at >= ${w.prevStart} and r.registered_at < ${w.end}
      group by 1, 2`.execute(db),
  )
}

/** Confirmed transformation projects by county and the day they were registered. */
export async function confirmedProjects(db: Executor, w: Window) {
  return rows(
    await sql<{ period: string; division: string; value: string }>`
      select ${bucketDay(w, sql.ref('registered_on'))} as period, division_code as division, count(*) as value
      from transformation_projects
      where status = 'confirmed' and registered_on >= ${w.prevStartDay}::date and registered_on <= ${w.endDay}::date
      group by 1, 2`.execute(db),
  )
}

/** Achievements and needs first published in the period, by the owning organisation's division. */
export async function publishedListings(db: Executor, w: Window) {
  return rows(
    await sql<{ period: string; division: string; value: string }>`
      select period, division, count(*) as value from (
        select ${bucketTs(w, sql.ref('a.published_at'))} as period, o.division_code as division
        from achievements a join organisations o on o.id = a.org_id
        where a.published_at >= ${w.prevStart} and a.published_at < ${w.end}
        union all
        select ${bucketTs(w, sql.ref('n.published_at'))}, o.division_code
        from needs n join organisations o on o.id = n.org_id
        where n.published_at >= ${w.prevStart} and n.published_at < ${w.end}
      ) x group by 1, 2`.execute(db),
  )
}

/** Roadshows held (ended, by the organiser's division) and trainings held (published, over by the end, by the event's division). */
export async function eventsHeld(db: Executor, w: Window) {
  return rows(
    await sql<{ period: string; division: string; value: string }>`
      select period, division, count(*) as value from (
        select ${bucketTs(w, sql.ref('r.at'))} as period, o.division_code as division
        from (select org_id, coalesce(ended_at, planned_end_at) as at from roadshows where status = 'ended') r
        join organisations o on o.id = r.org_id
        where r.at >= ${w.prevStart} and r.at < ${w.end}
        union all
        select ${bucketTs(w, sql.ref('t.ends_at'))}, t.division_code
        from training_events t
        where t.status = 'published' and t.ends_at >= ${w.prevStart} and t.ends_at < ${w.end}
      ) x group by 1, 2`.execute(db),
  )
}

/** Subsidy payments recorded with a paid-on day in the period, by the beneficiary's division. */
export async function subsidiesPaid(db: Executor, w: Window) {
  return rows(
    await sql<{ period: string; division: string; value: string }>`
      select ${bucketDay(w, sql.ref('p.paid_on'))} as period, o.division_code as division, coalesce(sum(p.amount_fen), 0) as value
      from subsidy_payments p
      join subsidy_claims c on c.id = p.claim_id
      join organisations o on o.id = c.beneficiary_org_id
      where p.paid_on >= ${w.prevStartDay}::date and p.paid_on <= ${w.endDay}::date
      group by 1, 2`.execute(db),
  )
}

/** The latest manual value per period, division and indicator. */
export async function latestManualValues(db: Executor, periodKeys: string[]) {
  if (!periodKeys.length) return []
  return db
    .selectFrom('assessment_manual_values as m')
    .innerJoin('users as u', 'u.id', 'm.entered_by')
    .select(['m.id', 'm.period_key', 'm.division_code', 'm.indicator_key', 'm.value', 'm.note', 'm.evidence_filename', 'm.entered_at', 'u.name as entered_by_name'])
    .distinctOn(['m.period_key', 'm.division_code', 'm.indicator_key'])
    .where('m.period_key', 'in', periodKeys)
    .orderBy('m.period_key')
    .orderBy('m.division_code')
    .orderBy('m.indicator_key')
    .orderBy('m.entered_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute()
}

/** The divisions assessed: every division under the city (districts, counties, zones). */
export async function assessedDivisions(db: Executor) {
  return db.selectFrom('divisions').select(['code', 'name_zh', 'name_en']).where('parent_code', 'is not', null).orderBy('sort').execute()
}

export async function insertManualValue(
  db: Executor,
  v: { periodKey: string; divisionCode: string; indicatorKey: string; value: number; note: string; filename: string; mime: string; sizeBytes: number; sha256: string; storageKey: string; enteredBy: string },
) {
  return db
    .insertInto('assessment_manual_values')
    .values({
      period_key: v.periodKey,
      division_code: v.divisionCode,
      indicator_key: v.indicatorKey,
      value: v.value,
      note: v.note,
      evidence_filename: v.filename,
      evidence_mime: v.mime,
      evidence_size_bytes: v.sizeBytes,
      evidence_sha256: v.sha256,
      evidence_storage_key: v.storageKey,
      entered_by: v.enteredBy,
    })
    .returning(['id', 'entered_at'])
    .executeTakeFirstOrThrow()
}

export async function findManualValue(db: Executor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  return db.selectFrom('assessment_manual_values').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The entries of one county and period, newest first (the history under the current value). */
export async function manualHistory(db: Executor, periodKey: string, divisionCodes: string[] | 'all') {
  let q = db
    .selectFrom('assessment_manual_values as m')
    .innerJoin('users as u', 'u.id', 'm.entered_by')
    .select(['m.id', 'm.division_code', 'm.indicator_key', 'm.value', 'm.note', 'm.evidence_filename', 'm.entered_at', 'u.name as entered_by_name'])
    .where('m.period_key', '=', periodKey)
  if (divisionCodes !== 'all') q = divisionCodes.length ? q.where('m.division_code', 'in', divisionCodes) : q.where(sql<boolean>`false`)
  return q.orderBy('m.entered_at', 'desc').orderBy('m.id', 'desc').limit(200).execute()
}

export async function latestPublication(db: Executor, periodKey: string) {
  return db.selectFrom('assessment_publications').selectAll().where('period_key', '=', periodKey).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

/** Serialises publications of one period (the next version number is read under it). */
export async function lockPeriodForPublishing(db: Executor, periodKey: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`assessment:${periodKey}`}))`.execute(db)
}

export async function insertPublication(db: Executor, p: { periodKey: string; version: number; configVersion: string; asOf: Date; snapshot: unknown; publishedBy: string }) {
  return db
    .insertInto('assessment_publications')
    .values({ period_key: p.periodKey, version: p.version, config_version: p.configVersion, as_of: p.asOf, snapshot: JSON.stringify(p.snapshot), published_by: p.publishedBy, published_at: p.asOf })
    .returning(['id', 'version', 'published_at'])
    .executeTakeFirstOrThrow()
}

/** Which periods have a published ranking (latest version each). */
export async function publishedPeriods(db: Executor) {
  return db.selectFrom('assessment_publications').select(['period_key']).select((eb) => eb.fn.max('version').as('version')).groupBy('period_key').execute()
}

/** Members of verified county (non-city) government organisations: who hears of a published ranking. */
export async function countyOfficerIds(db: Executor, cityCode: string) {
  const r = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .distinct()
    .where('o.type', '=', 'government')
    .where('o.status', '=', 'verified')
    .where('o.division_code', '<>', cityCode)
    .execute()
  return r.map((x) => x.user_id)
}

/** An assessed division (a district, county or zone under the city), or undefined. */
export async function findAssessedDivision(db: Executor, code: string) {
  return db.selectFrom('divisions').select('code').where('code', '=', code).where('parent_code', 'is not', null).executeTakeFirst()
}
