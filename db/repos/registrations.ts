import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Executor } from '../index'
import type { RegistrationStatus, RegistrationTable } from '../schema'

// 技术合同认定登记 rows (migration 0901): the submission and its decision, the
// registrar's yearly serial counter, and the event history. Only this file
// builds the SQL the registration service needs.

export type RegistrationRow = Selectable<RegistrationTable>

/** Verified registrar organisations at one of `divisions`, by name. */
export function registrarsAt(db: Executor, divisions: string[]) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'division_code', 'credit_code'])
    .where('type', '=', 'registrar')
    .where('status', '=', 'verified')
    .where('division_code', 'in', divisions)
    .orderBy('name')
    .execute()
}

export async function insertRegistration(db: Executor, row: Insertable<RegistrationTable>) {
  return db.insertInto('registrations').values(row).returningAll().executeTakeFirstOrThrow()
}

export function findRegistration(db: Executor, id: string) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockRegistration(db: Executor, id: string) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function updateRegistration(db: Executor, id: string, set: Updateable<RegistrationTable>) {
  return db
    .updateTable('registrations')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The live (not refused) registration of a contract, if any. */
export function liveRegistrationOf(db: Executor, contractId: string) {
  return db.selectFrom('registrations').selectAll().where('contract_id', '=', contractId).where('status', '<>', 'refused').executeTakeFirst()
}

/**
 * The next serial of a registrar's year. The upsert takes the counter row's lock until the
 * transaction ends, so concurrent registrations queue; a rolled-back one gives its serial back.
 */
export async function takeSerial(db: Executor, registrarOrgId: string, year: number) {
  const row = await db
    .insertInto('registration_serials')
    .values({ registrar_org_id: registrarOrgId, year, last_serial: 1 })
    .onConflict((oc) => oc.columns(['registrar_org_id', 'year']).doUpdateSet({ last_serial: sql<number>`registration_serials.last_serial + 1` }))
    .returning('last_serial')
    .executeTakeFirstOrThrow()
  return row.last_serial
}

export function insertRegistrationEvent(
  db: Executor,
  e: { registrationId: string; kind: string; params?: Record<string, unknown>; note?: string | null; actorId: string | null },
) {
  return db
    .insertInto('registration_events')
    .values({ registration_id: e.registrationId, kind: e.kind, params: JSON.stringify(e.params ?? {}), note: e.note ?? null, actor_id: e.actorId })
    .execute()
}

export function registrationEvents(db: Executor, registrationId: string) {
  return db
    .selectFrom('registration_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.params', 'e.note', 'e.at', 'u.name as actor_name'])
    .where('e.registration_id', '=', registrationId)
    .orderBy('e.id')
    .execute()
}

/** Members (user ids) of the given organisations. */
export async function memberIdsOf(db: Executor, orgIds: string[]) {
  if (!orgIds.length) return []
  const rows = await db.selectFrom('memberships').select('user_id').distinct().where('org_id', 'in', orgIds).execute()
  return rows.map((r) => r.user_id)
}

/** The contract's parties (snapshot on the contract) with their live organisation ids. */
export function contractPartiesOf(db: Executor, contractId: string) {
  return db
    .selectFrom('contract_parties')
    .select(['org_id', 'side', 'name', 'credit_code', 'division_code'])
    .where('contract_id', '=', contractId)
    .orderBy('side', 'desc')
    .orderBy('name')
    .execute()
}

/** A registration with what every page, document and the API show about it. */
export function registrationView(db: Executor) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .innerJoin('organisations as g', 'g.id', 'r.registrar_org_id')
    .select([
      'r.id',
      'r.contract_id',
      'r.registrar_org_id',
      'r.status',
      'r.submitted_at',
      'r.clock_started_at',
      'r.deadline_working_days',
      'r.deadline_at',
      'r.expert_review',
      'r.contract_type',
      'r.contract_amount_fen',
      'r.technology_amount_fen',
      'r.number',
      'r.year',
      'r.serial',
      'r.verification_code',
      'r.registered_at',
      'r.refusal_grounds',
      'r.refusal_note',
      'r.decided_at',
      'r.terminated_at',
      'r.updated_at',
      'c.title',
      'c.deal_id',
      'c.subject',
      'c.term_start',
      'c.term_end',
      'c.contract_type as original_type',
      'c.contract_amount_fen as original_contract_amount_fen',
      'c.technology_amount_fen as original_technology_amount_fen',
      'g.name as registrar_name',
      'g.division_code as registrar_division',
      'g.credit_code as registrar_credit_code',
      sql<boolean>`exists (select 1 from registration_events e where e.registration_id = r.id and e.kind = 'changed')`.as('changed'),
    ])
}

export type RegistrationView = Awaited<ReturnType<ReturnType<typeof registrationView>['executeTakeFirstOrThrow']>>

export function findRegistrationView(db: Executor, id: string) {
  return registrationView(db).where('r.id', '=', id).executeTakeFirst()
}

export function registrationByNumber(db: Executor, number: string) {
  return registrationView(db).where('r.number', '=', number).executeTakeFirst()
}

export function registrationByCode(db: Executor, code: string) {
  return registrationView(db).where('r.verification_code', '=', code).executeTakeFirst()
}

/** A registrar's queue, or the registrations of contracts the organisations are parties to; by deadline. */
export function listRegistrations(db: Executor, o: { registrarOrgIds: string[]; partyOrgIds: string[]; status?: RegistrationStatus | null; limit?: number }) {
  let q = registrationView(db).where((eb) => {
    const ors = []
    if (o.registrarOrgIds.length) ors.push(eb('r.registrar_org_id', 'in', o.registrarOrgIds))
    if (o.partyOrgIds.length)
      ors.push(eb.exists(eb.selectFrom('contract_parties as p').select('p.org_id').whereRef('p.contract_id', '=', 'r.contract_id').where('p.org_id', 'in', o.partyOrgIds)))
    return ors.length ? eb.or(ors) : eb.val(false)
  })
  if (o.status) q = q.where('r.status', '=', o.status)
  // What still needs a decision first, the most urgent deadline first; then the
  // decided ones, newest first, so years of history never push the open ones out.
  return q
    .orderBy(sql`r.status in ('submitted', 'returned')`, 'desc')
    .orderBy(sql`case when r.status in ('submitted', 'returned') then r.deadline_at end`, 'asc')
    .orderBy('r.deadline_at', 'desc')
    .orderBy('r.id')
    .limit(o.limit ?? 500)
    .execute()
}
