import { sql, type ColumnType, type Generated, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../index'
import type { ProjectProgressReportTable, ProjectStatus, TransformationProjectTable } from '../schema'

// Transformation projects (转化项目) and their quarterly progress reports
// (ADR 037). The service decides who may see what; every list here takes the
// scope it was given (all, some divisions, some enterprises) and applies it in SQL.

/** A date column as pg returns it (local midnight) to YYYY-MM-DD. */
const day = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`)
type Selected<T> = { [K in keyof T]: T[K] extends ColumnType<infer S, any, any> ? S : T[K] extends Generated<infer G> ? G : T[K] }
type RawProject = Selected<TransformationProjectTable>
type RawReport = Selected<ProjectProgressReportTable>
const project = <T extends RawProject | undefined>(r: T) => (r ? { ...r, registered_on: day(r.registered_on) } : undefined) as T extends undefined ? undefined : Omit<RawProject, 'registered_on'> & { registered_on: string }
const report = (r: RawReport) => ({ ...r, due_on: day(r.due_on) })

export type ProjectRow = Omit<RawProject, 'registered_on'> & { registered_on: string }

export type ProjectScope = { all: true } | { divisions: string[]; orgIds: string[] }

export interface ProjectFilter {
  division?: string
  status?: ProjectStatus
  from?: string
  to?: string
  industry?: string
  late?: boolean
}

/** Quarter index (year × 4 + quarter − 1) bounds of the late window: quarters in [from, to] without a report are overdue. */
export interface LateWindow {
  fromIndex: number
  toIndex: number
}

export async function findProject(db: Executor, id: string): Promise<ProjectRow | undefined> {
  return project(await db.selectFrom('transformation_projects').selectAll().where('id', '=', id).executeTakeFirst())
}

export async function lockProject(db: Executor, id: string): Promise<ProjectRow | undefined> {
  return project(await db.selectFrom('transformation_projects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst())
}

export async function projectOfRegistration(db: Executor, registrationId: string): Promise<ProjectRow | undefined> {
  return project(await db.selectFrom('transformation_projects').selectAll().where('registration_id', '=', registrationId).forUpdate().executeTakeFirst())
}

export async function insertProject(db: Executor, values: Insertable<TransformationProjectTable>): Promise<ProjectRow> {
  return project(await db.insertInto('transformation_projects').values(values).returningAll().executeTakeFirstOrThrow())
}

export async function updateProject(db: Executor, id: string, set: Updateable<TransformationProjectTable>): Promise<ProjectRow> {
  return project(await db.updateTable('transformation_projects').set({ ...set, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow())
}

/** What a project snapshots from a registration: the registered figures, the contract's projections, the parties, the achievement's industry. */
export async function registrationFacts(db: Executor, where: { id: string } | { number: string }) {
  let q = db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select([
      'r.id as registration_id',
      'r.number',
      'r.status',
      'r.registered_at',
      'r.contract_type',
      'r.contract_amount_fen',
      'r.technology_amount_fen',
      'c.id as contract_id',
      'c.title',
      'c.projected_investment_fen',
      'c.projected_output_fen',
      (eb) =>
        eb
          .selectFrom('deal_listings as dl')
          .innerJoin('achievements as a', 'a.id', 'dl.achievement_id')
          .select('a.industry_code')
          .whereRef('dl.deal_id', '=', 'c.deal_id')
          .where('a.industry_code', 'is not', null)
          .limit(1)
          .as('industry_code'),
    ])
  q = 'id' in where ? q.where('r.id', '=', where.id) : q.where('r.number', '=', where.number)
  const reg = await q.executeTakeFirst()
  if (!reg) return undefined
  const parties = await db.selectFrom('contract_parties').select(['org_id', 'side', 'name', 'division_code']).where('contract_id', '=', reg.contract_id).execute()
  return { ...reg, seller: parties.find((p) => p.side === 'seller'), buyer: parties.find((p) => p.side === 'buyer') }
}

const quarterIndex = sql<number>`(extract(year from p.registered_on)::int * 4 + (extract(month from p.registered_on)::int - 1) / 3)`

/** Quarters of the late window without a report (0 when none). */
function overdueExpr(w: LateWindow) {
  const start = sql<number>`greatest(${quarterIndex}, ${w.fromIndex}::int)`
  return sql<number>`case when ${start} > ${w.toIndex}::int then 0 else (${w.toIndex}::int - ${start} + 1) - (
    select count(*)::int from project_progress_reports pr
    where pr.project_id = p.id and pr.year * 4 + pr.quarter - 1 between ${start} and ${w.toIndex}::int) end`
}

function scoped(db: Executor, scope: ProjectScope) {
  let q = db.selectFrom('transformation_projects as p')
  if (!('all' in scope)) {
    const { divisions, orgIds } = scope
    q = q.where((eb) => eb.or([...(divisions.length ? [eb('p.division_code', 'in', divisions)] : []), ...(orgIds.length ? [eb('p.enterprise_org_id', 'in', orgIds)] : []), sql<boolean>`false`]))
  }
  return q
}

export async function listProjects(db: Executor, scope: ProjectScope, f: ProjectFilter, w: LateWindow, page: { limit: number; offset: number }) {
  let q = scoped(db, scope)
  if (f.division) q = q.where('p.division_code', '=', f.division)
  if (f.from) q = q.where('p.registered_on', '>=', sql<Date>`${f.from}::date`)
  if (f.to) q = q.where('p.registered_on', '<=', sql<Date>`${f.to}::date`)
  if (f.industry) q = q.where((eb) => eb.or([eb('p.industry_code', '=', f.industry!), eb('p.industry_code', 'like', `${f.industry}.%`)]))
  if (f.late) q = q.where('p.status', '<>', 'excluded').where(overdueExpr(w), '>', 0)
  const counts = await q.select(['p.status', sql<number>`count(*)::int`.as('n')]).groupBy('p.status').execute()
  if (f.status) q = q.where('p.status', '=', f.status)
  const rows = await q
    .select([
      'p.id', 'p.title', 'p.status', 'p.source', 'p.division_code', 'p.industry_code', 'p.enterprise_name', 'p.institution_name',
      'p.technology_amount_fen', sql<string>`to_char(p.registered_on, 'YYYY-MM-DD')`.as('registered_on'), 'p.registration_number', 'p.stage', 'p.standard_met',
      overdueExpr(w).as('overdue'),
    ])
    .orderBy('p.registered_on', 'desc')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<ProjectStatus, number>>
  const total = f.status ? (byStatus[f.status] ?? 0) : counts.reduce((s, c) => s + c.n, 0)
  return { rows, byStatus, total }
}

/** Confirmed projects registered in [from, to] per division (the actual against the target). */
export async function confirmedByDivision(db: Executor, scope: ProjectScope, from: string, to: string) {
  const rows = await scoped(db, scope)
    .select(['p.division_code', sql<number>`count(*)::int`.as('n')])
    .where('p.status', '=', 'confirmed')
    .where('p.registered_on', '>=', sql<Date>`${from}::date`)
    .where('p.registered_on', '<=', sql<Date>`${to}::date`)
    .groupBy('p.division_code')
    .execute()
  return new Map(rows.map((r) => [r.division_code, r.n]))
}

export async function reportsOf(db: Executor, projectId: string) {
  return (await db.selectFrom('project_progress_reports').selectAll().where('project_id', '=', projectId).orderBy('year').orderBy('quarter').execute()).map(report)
}

/** One report per project and quarter: a second filing for the quarter corrects the first. */
export async function upsertReport(db: Executor, r: Insertable<ProjectProgressReportTable>) {
  const row = await db
    .insertInto('project_progress_reports')
    .values(r)
    .onConflict((oc) =>
      oc.columns(['project_id', 'year', 'quarter']).doUpdateSet({
        investment_fen: r.investment_fen,
        output_fen: r.output_fen,
        tax_fen: r.tax_fen,
        jobs: r.jobs,
        stage: r.stage,
        note: r.note ?? '',
        warnings: r.warnings ?? [],
        submitted_by: r.submitted_by,
        submitted_at: r.submitted_at,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
  return report(row)
}

/** Projects whose enterprise is reminded: confirmed, with an enterprise organisation on the platform. */
export async function projectsToRemind(db: Executor) {
  const rows = await db
    .selectFrom('transformation_projects')
    .select(['id', 'title', 'enterprise_org_id', 'registered_on'])
    .where('status', '=', 'confirmed')
    .where('enterprise_org_id', 'is not', null)
    .execute()
  return rows.map((r) => ({ ...r, registered_on: day(r.registered_on) }))
}

export async function reportedQuarters(db: Executor, projectIds: string[]) {
  if (!projectIds.length) return []
  return db.selectFrom('project_progress_reports').select(['project_id', 'year', 'quarter']).where('project_id', 'in', projectIds).execute()
}

/** Whether a notification with this kind and link was already sent to anyone (a reminder goes out once). */
export async function reminderSent(db: Executor, kind: string, link: string) {
  return !!(await db.selectFrom('notifications').select('id').where('kind', '=', kind).where('link', '=', link).limit(1).executeTakeFirst())
}

export async function enterpriseMemberIds(db: Executor, orgId: string) {
  const rows = await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).execute()
  return rows.map((r) => r.user_id)
}

export async function verifiedEnterprises(db: Executor) {
  return db.selectFrom('organisations').select(['id', 'name', 'division_code']).where('type', '=', 'enterprise').where('status', '=', 'verified').orderBy('name').execute()
}

export async function findVerifiedEnterprise(db: Executor, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'division_code']).where('id', '=', id).where('type', '=', 'enterprise').where('status', '=', 'verified').executeTakeFirst()
}

export async function anyProjectOf(db: Executor, orgIds: string[]) {
  if (!orgIds.length) return false
  return !!(await db.selectFrom('transformation_projects').select('id').where('enterprise_org_id', 'in', orgIds).limit(1).executeTakeFirst())
}
