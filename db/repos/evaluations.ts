import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Executor } from '../index'
import type { EvaluationTable } from '../schema'

// 项目评价 rows (migration 0121): evaluations of transformation projects and
// their experts' scores. Only this file builds the SQL the evaluation service needs.

export type EvaluationRow = Selectable<EvaluationTable>

export interface ProjectScope {
  /** 'all', or the divisions of a county officer. */
  divisions?: string[] | 'all'
  /** The enterprise's own projects. */
  enterpriseOrgIds?: string[]
  /** Evaluations the user is an expert of. */
  expertUserId?: string
}

/** Confirmed projects registered on or before `registeredBy`, with their evaluation if any, within the scope. */
export async function evaluationRows(db: Executor, registeredBy: string, scope: ProjectScope) {
  let q = db
    .selectFrom('transformation_projects as p')
    .leftJoin('evaluations as e', 'e.project_id', 'p.id')
    .leftJoin('divisions as d', 'd.code', 'p.division_code')
    .select([
      'p.id as project_id',
      'p.title',
      'p.enterprise_name',
      'p.institution_name',
      'p.division_code',
      'd.name_zh as division_zh',
      'd.name_en as division_en',
      'p.registered_on',
      'p.registration_number',
      'e.id as evaluation_id',
      'e.status',
      'e.result',
      'e.score_centi',
      'e.opened_at',
      'e.closed_at',
    ])
    .where('p.status', '=', 'confirmed')
    .where((eb) => eb.or([eb('p.registered_on', '<=', sql<Date>`cast(${registeredBy} as date)`), eb('e.id', 'is not', null)]))
  q = q.where((eb) => {
    const ors = []
    if (scope.divisions === 'all') ors.push(eb.lit(true))
    else if (scope.divisions?.length) ors.push(eb('p.division_code', 'in', scope.divisions))
    if (scope.enterpriseOrgIds?.length) ors.push(eb('p.enterprise_org_id', 'in', scope.enterpriseOrgIds))
    if (scope.expertUserId)
      ors.push(
        eb.exists(
          eb.selectFrom('evaluation_experts as x').select('x.user_id').whereRef('x.evaluation_id', '=', 'e.id').where('x.user_id', '=', scope.expertUserId)
        )
      )
    return ors.length ? eb.or(ors) : eb.lit(false)
  })
  return q.orderBy('p.registered_on').orderBy('p.title').limit(1000).execute()
}

export function findProject(db: Executor, id: string) {
  return db.selectFrom('transformation_projects').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findEvaluation(db: Executor, id: string) {
  return db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockEvaluation(db: Executor, id: string) {
  return db.selectFrom('evaluations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function evaluationOfProject(db: Executor, projectId: string) {
  return db.selectFrom('evaluations').select('id').where('project_id', '=', projectId).executeTakeFirst()
}

export function insertEvaluation(db: Executor, row: Insertable<EvaluationTable>) {
  return db
    .insertInto('evaluations')
    .values(row)
    .onConflict((oc) => oc.column('project_id').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function updateEvaluation(db: Executor, id: string, set: Updateable<EvaluationTable>) {
  return db
    .updateTable('evaluations')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function expertsOf(db: Executor, evaluationId: string) {
  return db
    .selectFrom('evaluation_experts as x')
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .select(['x.user_id', 'u.name', 'u.email', 'x.scores', 'x.comment', 'x.scored_at', 'x.assigned_at'])
    .where('x.evaluation_id', '=', evaluationId)
    .orderBy('x.assigned_at')
    .execute()
}

export function insertExpert(db: Executor, row: { evaluation_id: string; user_id: string; assigned_by: string }) {
  return db
    .insertInto('evaluation_experts')
    .values(row)
    .onConflict((oc) => oc.columns(['evaluation_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
}

export function setExpertScores(db: Executor, evaluationId: string, userId: string, scores: Record<string, number>, comment: string, at: Date) {
  return db
    .updateTable('evaluation_experts')
    .set({ scores: JSON.stringify(scores), comment, scored_at: at })
    .where('evaluation_id', '=', evaluationId)
    .where('user_id', '=', userId)
    .execute()
}

export function userByEmail(db: Executor, email: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
}

/** Verified members of an organisation. */
export async function orgMemberIds(db: Executor, orgId: string | null) {
  if (!orgId) return []
  const rows = await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).execute()
  return rows.map((r) => r.user_id)
}

/** Members of the government organisations overseeing a division (its county's and the city's). */
export async function officerIdsFor(db: Executor, divisionCode: string, cityDivision: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .where('o.type', '=', 'government')
    .where('o.status', '=', 'verified')
    .where('o.division_code', 'in', [divisionCode, cityDivision])
    .execute()
  return [...new Set(rows.map((r) => r.user_id))]
}

export function evaluationByCode(db: Executor, code: string) {
  return db
    .selectFrom('evaluations as e')
    .innerJoin('transformation_projects as p', 'p.id', 'e.project_id')
    .selectAll('e')
    .select(['p.title', 'p.enterprise_name', 'p.registration_number', 'p.registered_on'])
    .where('e.verification_code', '=', code)
    .where('e.status', '=', 'closed')
    .executeTakeFirst()
}
