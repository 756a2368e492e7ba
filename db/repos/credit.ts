import { sql, type Insertable } from 'kysely'
import type { Executor } from '../index'
import type { CreditEventTable, CreditSubjectKind } from '../schema'

// 信用管理 rows (migration 0121): the subjects (agencies, universities and
// institutes; approved technology managers), their events, adjustments and
// objections. Only this file builds the SQL the credit service needs.

export const CREDIT_ORG_TYPES = ['agency', 'university', 'institute'] as const

export interface SubjectRow {
  kind: CreditSubjectKind
  id: string
  name: string
  orgType: string | null
  divisionCode: string
  agencyId: string | null
}

/** Credit subjects, optionally limited to divisions (a manager counts where their agency is). */
export async function creditSubjects(db: Executor, divisions: string[] | 'all', only?: { kind: CreditSubjectKind; id: string }[]): Promise<SubjectRow[]> {
  if (divisions !== 'all' && !divisions.length) return []
  const orgIds = only?.filter((s) => s.kind === 'org').map((s) => s.id)
  const userIds = only?.filter((s) => s.kind === 'manager').map((s) => s.id)
  let orgs = db
    .selectFrom('organisations')
    .select(['id', 'name', 'type', 'division_code'])
    .where('status', '=', 'verified')
    .where('type', 'in', [...CREDIT_ORG_TYPES])
  if (divisions !== 'all') orgs = orgs.where('division_code', 'in', divisions)
  let managers = db
    .selectFrom('manager_profiles as mp')
    .innerJoin('users as u', 'u.id', 'mp.user_id')
    .innerJoin('organisations as a', 'a.id', 'mp.agency_id')
    .select(['u.id', 'u.name', 'a.division_code', 'mp.agency_id'])
    .where('mp.status', '=', 'approved')
  if (divisions !== 'all') managers = managers.where('a.division_code', 'in', divisions)
  const [o, m] = await Promise.all([
    orgIds && !orgIds.length ? [] : (orgIds ? orgs.where('id', 'in', orgIds) : orgs).orderBy('name').execute(),
    userIds && !userIds.length ? [] : (userIds ? managers.where('u.id', 'in', userIds) : managers).orderBy('u.name').execute(),
  ])
  return [
    ...o.map((r) => ({ kind: 'org' as const, id: r.id, name: r.name, orgType: r.type, divisionCode: r.division_code, agencyId: null })),
    ...m.map((r) => ({ kind: 'manager' as const, id: r.id, name: r.name, orgType: null, divisionCode: r.division_code, agencyId: r.agency_id })),
  ]
}

const subjectKey = sql<string>`subject_kind || ':' || subject_id::text`

/** Events of the subjects (cancelled ones too), oldest first. */
export function creditEventsOf(db: Executor, keys: string[]) {
  if (!keys.length) return Promise.resolve([])
  return db.selectFrom('credit_events').selectAll().where(subjectKey, 'in', keys).orderBy('at').orderBy('id').execute()
}

export function creditAdjustmentsOf(db: Executor, keys: string[]) {
  if (!keys.length) return Promise.resolve([])
  return db
    .selectFrom('credit_adjustments as a')
    .leftJoin('users as u', 'u.id', 'a.adjusted_by')
    .selectAll('a')
    .select('u.name as adjusted_by_name')
    .where(sql<string>`a.subject_kind || ':' || a.subject_id::text`, 'in', keys)
    .orderBy('a.at')
    .execute()
}

/** Records an event; a derived event already recorded for the same source is left as it is (returns undefined). */
export function insertCreditEvent(db: Executor, row: Insertable<CreditEventTable>) {
  return db
    .insertInto('credit_events')
    .values(row)
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id', 'kind', 'source_type', 'source_id']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function lockCreditEvent(db: Executor, id: string) {
  return db.selectFrom('credit_events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function cancelCreditEvent(db: Executor, id: string, reason: string, at: Date) {
  return db.updateTable('credit_events').set({ cancelled_at: at, cancelled_reason: reason }).where('id', '=', id).execute()
}

export function insertCreditAdjustment(
  db: Executor,
  row: { subject_kind: CreditSubjectKind; subject_id: string; dimension: string; points: number; reason: string; adjusted_by: string }
) {
  return db.insertInto('credit_adjustments').values(row).returningAll().executeTakeFirstOrThrow()
}

export function objectionsOfEvents(db: Executor, eventIds: string[]) {
  if (!eventIds.length) return Promise.resolve([])
  return db
    .selectFrom('credit_objections as o')
    .leftJoin('users as u', 'u.id', 'o.lodged_by')
    .selectAll('o')
    .select('u.name as lodged_by_name')
    .where('o.event_id', 'in', eventIds)
    .orderBy('o.lodged_at')
    .execute()
}

export function insertCreditObjection(db: Executor, row: { event_id: string; reason: string; lodged_by: string }) {
  return db.insertInto('credit_objections').values(row).returningAll().executeTakeFirstOrThrow()
}

export function lockCreditObjection(db: Executor, id: string) {
  return db.selectFrom('credit_objections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function decideCreditObjection(db: Executor, id: string, set: { status: 'upheld' | 'rejected'; answer: string; decided_by: string; decided_at: Date }) {
  return db.updateTable('credit_objections').set(set).where('id', '=', id).execute()
}

/** Verified admins of organisations and the users themselves: who hears about a subject's record. */
export async function subjectUserIds(db: Executor, s: { kind: CreditSubjectKind; id: string }): Promise<string[]> {
  if (s.kind === 'manager') return [s.id]
  const rows = await db.selectFrom('memberships').select('user_id').where('org_id', '=', s.id).where('role', 'in', ['owner', 'admin']).execute()
  return rows.map((r) => r.user_id)
}

/** Users of the city's government organisation: who decides objections. */
export async function cityOfficerIds(db: Executor, cityDivision: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .where('o.type', '=', 'government')
    .where('o.status', '=', 'verified')
    .where('o.division_code', '=', cityDivision)
    .execute()
  return rows.map((r) => r.user_id)
}

/** The brokering managers of a contract's deal (deal_members role 'manager', not removed) with their agencies. */
export function dealManagersOfContract(db: Executor, contractId: string) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('deal_members as dm', 'dm.deal_id', 'c.deal_id')
    .select(['dm.user_id', 'dm.org_id'])
    .where('c.id', '=', contractId)
    .where('dm.role', '=', 'manager')
    .where('dm.removed_at', 'is', null)
    .execute()
}

/** A contract's parties that are credit subjects (universities, institutes, agencies). */
export function creditPartiesOfContract(db: Executor, contractId: string) {
  return db
    .selectFrom('contract_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id'])
    .where('p.contract_id', '=', contractId)
    .where('o.type', 'in', [...CREDIT_ORG_TYPES])
    .execute()
}

export function orgTypeOf(db: Executor, orgId: string) {
  return db.selectFrom('organisations').select(['type']).where('id', '=', orgId).executeTakeFirst()
}

/** A registration's contract, number and title (what a credit event names). */
export function registrationContract(db: Executor, registrationId: string) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select(['r.contract_id', 'r.number', 'c.title'])
    .where('r.id', '=', registrationId)
    .executeTakeFirstOrThrow()
}
