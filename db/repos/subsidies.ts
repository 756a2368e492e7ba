import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../index'
import type { SubsidyClaimStatus, SubsidyClaimTable, SubsidyEntryTable, SubsidyKind, SubsidyPaymentTable } from '../schema'

// 免申即享 rows (migration 0931): claims, their append-only ledger, batches and
// payments. Dates come back as 'YYYY-MM-DD' text (to_char), never a Date at
// local midnight; amounts are fen.

export type ClaimRow = Selectable<SubsidyClaimTable>
export const LIVE_STATUSES: SubsidyClaimStatus[] = ['pending', 'approved', 'paid']

/** The registration with what the claims are computed from: its amounts and registrar, the contract's type and parties, the deal's agency. */
export async function registrationForClaims(db: Executor, registrationId: string) {
  const reg = await db
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select([
      'r.id',
      'r.status',
      'r.registrar_org_id',
      'r.contract_type',
      'r.contract_amount_fen',
      'r.technology_amount_fen',
      'r.number',
      'r.registered_at',
      'r.contract_id',
      'c.deal_id',
      'c.title',
      'c.buyer_application',
    ])
    .where('r.id', '=', registrationId)
    .executeTakeFirst()
  if (!reg) return null
  const buyer = await db
    .selectFrom('contract_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id', 'o.type'])
    .where('p.contract_id', '=', reg.contract_id)
    .where('p.side', '=', 'buyer')
    .orderBy('p.name')
    .execute()
  // The agency that brokered the deal: the one named in the manager's terms, else the agency of its (first, still present) manager.
  const terms = await db.selectFrom('deal_manager_terms').select('agency_id').where('deal_id', '=', reg.deal_id).executeTakeFirst()
  const member = await db
    .selectFrom('deal_members')
    .select('org_id')
    .where('deal_id', '=', reg.deal_id)
    .where('role', '=', 'manager')
    .where('removed_at', 'is', null)
    .where('org_id', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst()
  const agencyId = terms?.agency_id ?? member?.org_id ?? null
  const agency = agencyId ? await db.selectFrom('organisations').select(['id', 'type']).where('id', '=', agencyId).executeTakeFirst() : undefined
  return { ...reg, buyers: buyer, agencyOrgId: agency?.type === 'agency' ? agency.id : null }
}

/** Serialises claim generation for one beneficiary and year, so two registrations at once cannot both use the rest of an annual cap. */
export async function lockBeneficiaryYear(db: Executor, orgId: string, year: number) {
  await sql`select pg_advisory_xact_lock(hashtext(${`subsidy:${orgId}:${year}`}))`.execute(db)
}

export async function liveClaimsTotal(db: Executor, orgId: string, year: number, kinds: SubsidyKind[]) {
  const r = await db
    .selectFrom('subsidy_claims')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('total'))
    .where('beneficiary_org_id', '=', orgId)
    .where('scheme_year', '=', year)
    .where('kind', 'in', kinds)
    .where('status', 'in', LIVE_STATUSES)
    .executeTakeFirstOrThrow()
  return Number(r.total)
}

async function nextSeq(db: Executor, table: 'subsidy_claims' | 'subsidy_payments' | 'subsidy_batches') {
  const r = await sql<{ n: string }>`select nextval(pg_get_serial_sequence(${table}, 'seq'))::text as n`.execute(db)
  return Number(r.rows[0]!.n)
}

export const formatNumber = (prefix: string, year: number, seq: number) => `${prefix}${year}${String(seq).padStart(6, '0')}`

export async function insertClaim(db: Executor, row: Omit<Insertable<SubsidyClaimTable>, 'seq' | 'number'>, prefix: string) {
  const seq = await nextSeq(db, 'subsidy_claims')
  return db
    .insertInto('subsidy_claims')
    .values({ ...row, seq, number: formatNumber(prefix, row.scheme_year, seq) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertEntry(db: Executor, e: Insertable<SubsidyEntryTable>) {
  await db.insertInto('subsidy_entries').values(e).execute()
}

export async function claimsOfRegistrationForUpdate(db: Executor, registrationId: string) {
  return db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', registrationId).orderBy('seq').forUpdate().execute()
}

export async function lockClaim(db: Executor, id: string) {
  return db.selectFrom('subsidy_claims').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setClaimStatus(db: Executor, id: string, set: Partial<Pick<ClaimRow, 'status' | 'batch_id' | 'approved_by' | 'approved_at' | 'closed_reason'>>) {
  await db.updateTable('subsidy_claims').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute()
}

export interface ClaimFilter {
  status?: SubsidyClaimStatus
  kind?: SubsidyKind
  division?: string
  from?: string
  to?: string
  batchId?: string
}

/** Who sees what: every claim (city), claims of beneficiaries in these divisions (county), of these organisations (members). */
export type ClaimScope = { all: true } | { divisions: string[]; orgIds: string[] }

function claimQuery(db: Executor, scope: ClaimScope, f: ClaimFilter) {
  let q = db
    .selectFrom('subsidy_claims as s')
    .innerJoin('organisations as o', 'o.id', 's.beneficiary_org_id')
    .innerJoin('registrations as r', 'r.id', 's.registration_id')
  if (!('all' in scope)) {
    const { divisions, orgIds } = scope
    if (!divisions.length && !orgIds.length) q = q.where(sql<boolean>`false`)
    else
      q = q.where((eb) =>
        eb.or([...(divisions.length ? [eb('o.division_code', 'in', divisions)] : []), ...(orgIds.length ? [eb('s.beneficiary_org_id', 'in', orgIds)] : [])]),
      )
  }
  if (f.status) q = q.where('s.status', '=', f.status)
  if (f.kind) q = q.where('s.kind', '=', f.kind)
  if (f.division) q = q.where('o.division_code', '=', f.division)
  if (f.from) q = q.where('s.registered_on', '>=', sql<Date>`${f.from}::date`)
  if (f.to) q = q.where('s.registered_on', '<=', sql<Date>`${f.to}::date`)
  if (f.batchId) q = q.where('s.batch_id', '=', f.batchId)
  return q
}

const claimColumns = [
  's.id',
  's.number',
  's.kind',
  's.status',
  's.beneficiary_org_id',
  'o.name as beneficiary_name',
  'o.credit_code as beneficiary_credit_code',
  'o.division_code as beneficiary_division',
  'r.number as registration_number',
  's.registration_id',
  's.scheme_version',
  's.scheme_year',
  's.base_fen',
  's.rate_ppm',
  's.computed_fen',
  's.amount_fen',
  's.capped',
  's.cap_kind',
  's.cap_fen',
  's.batch_id',
  's.verification_code',
  's.approved_at',
  's.closed_reason',
  's.created_at',
] as const

export async function listClaims(db: Executor, scope: ClaimScope, f: ClaimFilter, page: { limit: number; offset: number }) {
  const rows = await claimQuery(db, scope, f)
    .select(claimColumns)
    .select(sql<string>`to_char(s.registered_on, 'YYYY-MM-DD')`.as('registered_on'))
    .orderBy('s.seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const totals = await claimQuery(db, scope, f)
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('s.amount_fen'), sql<number>`0`).as('amount')])
    .executeTakeFirstOrThrow()
  return { rows, count: Number(totals.count), amountFen: Number(totals.amount) }
}

export async function findClaim(db: Executor, id: string) {
  return db
    .selectFrom('subsidy_claims as s')
    .innerJoin('organisations as o', 'o.id', 's.beneficiary_org_id')
    .innerJoin('registrations as r', 'r.id', 's.registration_id')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select(claimColumns)
    .select(['c.title as contract_title', 'r.contract_amount_fen', 'r.technology_amount_fen', 'r.contract_type'])
    .select(sql<string>`to_char(s.registered_on, 'YYYY-MM-DD')`.as('registered_on'))
    .where('s.id', '=', id)
    .executeTakeFirst()
}

export async function claimByCode(db: Executor, code: string) {
  const r = await db.selectFrom('subsidy_claims').select('id').where('verification_code', '=', code).executeTakeFirst()
  return r ? findClaim(db, r.id) : undefined
}

export async function entriesOf(db: Executor, claimId: string) {
  return db.selectFrom('subsidy_entries').selectAll().where('claim_id', '=', claimId).orderBy('id').execute()
}

const paymentColumns = ['id', 'number', 'claim_id', 'amount_fen', 'bank_reference', 'note', 'verification_code', 'recorded_by', 'recorded_at'] as const

export async function paymentOf(db: Executor, claimId: string) {
  return db
    .selectFrom('subsidy_payments')
    .select(paymentColumns)
    .select(sql<string>`to_char(paid_on, 'YYYY-MM-DD')`.as('paid_on'))
    .where('claim_id', '=', claimId)
    .executeTakeFirst()
}

export async function paymentByCode(db: Executor, code: string) {
  return db
    .selectFrom('subsidy_payments')
    .select(paymentColumns)
    .select(sql<string>`to_char(paid_on, 'YYYY-MM-DD')`.as('paid_on'))
    .where('verification_code', '=', code)
    .executeTakeFirst()
}

export async function insertPayment(db: Executor, row: Omit<Insertable<SubsidyPaymentTable>, 'seq' | 'number'>, prefix: string, year: number) {
  const seq = await nextSeq(db, 'subsidy_payments')
  return db
    .insertInto('subsidy_payments')
    .values({ ...row, seq, number: formatNumber(prefix, year, seq) })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow()
}

export async function insertBatch(db: Executor, o: { createdBy: string; note: string; prefix: string; year: number }) {
  const seq = await nextSeq(db, 'subsidy_batches')
  return db
    .insertInto('subsidy_batches')
    .values({ seq, number: formatNumber(o.prefix, o.year, seq), created_by: o.createdBy, note: o.note })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow()
}

/** Puts the pending, unbatched claims among `ids` into the batch; returns how many went in. */
export async function addClaimsToBatch(db: Executor, batchId: string, ids: string[]) {
  if (!ids.length) return 0
  const r = await db
    .updateTable('subsidy_claims')
    .set({ batch_id: batchId, updated_at: new Date() })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('batch_id', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function findBatch(db: Executor, id: string) {
  return db
    .selectFrom('subsidy_batches as b')
    .innerJoin('users as u', 'u.id', 'b.created_by')
    .leftJoin('users as a', 'a.id', 'b.approved_by')
    .select(['b.id', 'b.number', 'b.status', 'b.note', 'b.created_at', 'b.approved_at', 'b.approved_total_fen', 'u.name as created_by_name', 'a.name as approved_by_name'])
    .where('b.id', '=', id)
    .executeTakeFirst()
}

export async function lockBatch(db: Executor, id: string) {
  return db.selectFrom('subsidy_batches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function approveBatchRow(db: Executor, id: string, by: string, totalFen: number) {
  await db.updateTable('subsidy_batches').set({ status: 'approved', approved_by: by, approved_at: new Date(), approved_total_fen: totalFen }).where('id', '=', id).execute()
}

export async function recentBatches(db: Executor, limit = 20) {
  return db
    .selectFrom('subsidy_batches as b')
    .leftJoin('subsidy_claims as s', 's.batch_id', 'b.id')
    .select(['b.id', 'b.number', 'b.status', 'b.created_at', 'b.approved_at'])
    .select((eb) => [eb.fn.count<number>('s.id').as('claims'), eb.fn.coalesce(eb.fn.sum<number>('s.amount_fen'), sql<number>`0`).as('amount_fen')])
    .groupBy('b.id')
    .orderBy('b.seq', 'desc')
    .limit(limit)
    .execute()
}

/** Members of an organisation (the people a claim's notification goes to). */
export async function memberIds(db: Executor, orgId: string) {
  return (await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).execute()).map((r) => r.user_id)
}

/** Per claim: what was paid (and when) and the ledger's balance, for a page of claims. */
export async function paymentsAndBalances(db: Executor, claimIds: string[]) {
  if (!claimIds.length) return new Map<string, { paidFen: number | null; paidOn: string | null; balanceFen: number }>()
  const [payments, balances] = await Promise.all([
    db
      .selectFrom('subsidy_payments')
      .select(['claim_id', 'amount_fen'])
      .select(sql<string>`to_char(paid_on, 'YYYY-MM-DD')`.as('paid_on'))
      .where('claim_id', 'in', claimIds)
      .execute(),
    db
      .selectFrom('subsidy_entries')
      .select(['claim_id'])
      .select((eb) => eb.fn.sum<number>('amount_fen').as('balance'))
      .where('claim_id', 'in', claimIds)
      .groupBy('claim_id')
      .execute(),
  ])
  const out = new Map<string, { paidFen: number | null; paidOn: string | null; balanceFen: number }>()
  for (const id of claimIds) out.set(id, { paidFen: null, paidOn: null, balanceFen: 0 })
  for (const p of payments) Object.assign(out.get(p.claim_id)!, { paidFen: p.amount_fen, paidOn: p.paid_on })
  for (const b of balances) out.get(b.claim_id)!.balanceFen = Number(b.balance)
  return out
}
