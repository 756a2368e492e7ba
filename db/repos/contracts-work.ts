import { sql, type Updateable } from 'kysely'
import type { Executor } from '../index'
import type { ContractTable } from '../schema'
import { isUuid } from './ids'

// The contract's working queries (ADR 036): what drafting needs to know of a
// deal (its achievements' patents, its parties' organisations), writing a
// revision, the parties' confirmations, who hears of a flag, and the lists of
// /contracts and /api/v1/contracts — for a set of organisations, a set of
// divisions (county officers) or everyone (city officers).

/** The IP rights of the achievements a deal is about (to guess 专利权 vs other). */
export async function dealPatentStatuses(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_listings as l')
    .innerJoin('achievement_ip_rights as r', 'r.achievement_id', 'l.achievement_id')
    .select(['r.kind', 'r.status'])
    .where('l.deal_id', '=', dealId)
    .execute()
}

/** The deal's party organisations as a contract names them. */
export async function dealPartyOrganisations(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id', 'p.side', 'o.name', 'o.credit_code', 'o.division_code', 'o.type'])
    .where('p.deal_id', '=', dealId)
    .orderBy('p.side', 'desc')
    .orderBy('o.name')
    .execute()
}

export async function updateContractHead(db: Executor, id: string, patch: Updateable<ContractTable>) {
  await db
    .updateTable('contracts')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export async function confirmParty(db: Executor, contractId: string, orgId: string, revision: number, userId: string) {
  await db
    .updateTable('contract_parties')
    .set({ confirmed_revision: revision, confirmed_by: userId, confirmed_at: sql`now()` })
    .where('contract_id', '=', contractId)
    .where('org_id', '=', orgId)
    .execute()
}

/** The users of the city's government organisations (市科技主管部门). */
export async function cityOfficerIds(db: Executor, cityDivision: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .where('o.type', '=', 'government')
    .where('o.status', '=', 'verified')
    .where('o.division_code', '=', cityDivision)
    .execute()
  return [...new Set(rows.map((r) => r.user_id))]
}

/** Which contracts a list shows: those one of `orgIds` is a party of or with a party in one of `divisions`, or all. */
export type ContractScope = { orgIds: string[]; divisions: string[] } | 'all'

export interface ContractListFilter {
  belowFloor?: boolean
  status?: 'draft' | 'confirmed' | 'signed'
  limit: number
  offset: number
}

function scoped(db: Executor, scope: ContractScope) {
  let q = db.selectFrom('contracts as c')
  if (scope !== 'all') {
    const { orgIds, divisions } = scope
    if (!orgIds.length && !divisions.length) return null
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contract_parties as cp')
          .select('cp.org_id')
          .whereRef('cp.contract_id', '=', 'c.id')
          .where((w) => w.or([...(orgIds.length ? [w('cp.org_id', 'in', orgIds)] : []), ...(divisions.length ? [w('cp.division_code', 'in', divisions)] : [])])),
      ),
    )
  }
  return q
}

export async function listContracts(db: Executor, scope: ContractScope, f: ContractListFilter) {
  let q = scoped(db, scope)
  if (!q) return { rows: [], total: 0 }
  if (f.belowFloor) q = q.where('c.reward_below_floor', '=', true)
  if (f.status) q = q.where('c.status', '=', f.status)
  const [rows, count] = await Promise.all([
    q
      .selectAll('c')
      .select((eb) => [
        eb
          .selectFrom('contract_parties as s')
          .select('s.name')
          .whereRef('s.contract_id', '=', 'c.id')
          .where('s.side', '=', 'seller')
          .limit(1)
          .as('seller_name'),
        eb
          .selectFrom('contract_parties as b')
          .select(sql<string>`string_agg(b.name, '、' order by b.name)`.as('n'))
          .whereRef('b.contract_id', '=', 'c.id')
          .where('b.side', '=', 'buyer')
          .as('buyer_names'),
      ])
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** May a viewer with this scope see the contract? */
export async function contractInScope(db: Executor, contractId: string, scope: ContractScope) {
  if (!isUuid(contractId)) return false
  const q = scoped(db, scope)
  if (!q) return false
  return !!(await q.select('c.id').where('c.id', '=', contractId).executeTakeFirst())
}

/** The contract's registration as the parties see it (read-only; the registrations area owns it): the live one, else the latest. */
export async function contractRegistration(db: Executor, contractIds: string[]) {
  const ids = contractIds.filter(isUuid)
  if (!ids.length) return new Map<string, { id: string; status: string; number: string | null }>()
  const rows = await db
    .selectFrom('registrations')
    .select(['id', 'contract_id', 'status', 'number', 'submitted_at'])
    .where('contract_id', 'in', ids)
    .orderBy(sql`status = 'refused'`, 'desc')
    .orderBy('submitted_at')
    .execute()
  // Later rows win: live registrations sort last, newest last.
  return new Map(rows.map((r) => [r.contract_id, { id: r.id, status: r.status as string, number: r.number }]))
}

/** Users' names for the "who confirmed" line. */
export async function userNames(db: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, string>()
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}
