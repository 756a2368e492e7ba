import type { Executor } from '../../db/index'
import {
  addClaimsToBatch,
  approveBatchRow,
  entriesOf,
  findBatch,
  findClaim,
  insertBatch,
  insertEntry,
  insertPayment,
  listClaims,
  lockBatch,
  lockClaim,
  memberIds,
  paymentOf,
  recentBatches,
  setClaimStatus,
  type ClaimFilter,
  type ClaimScope,
} from '../../db/repos/subsidies'
import { listDivisions } from '../../db/repos/organisations'
import { officerScope, type Principal, type RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { formatFen } from '../platform/money'
import { newVerificationCode } from '../platform/verification'
import type { ClaimFilterInput } from './desk-schemas'
import { schemeOn } from './policy'

// The subsidy desk (ADR 036). City officers (the government organisation at the
// city division) see every claim, put pending ones into a batch, approve a
// batch (one officer suffices: the claims were computed, not applied for) and
// type each approved claim's payment from the bank statement; a payment whose
// amount differs from the approved one must say why. When a paid claim's
// registration is terminated, the officer records the refund. County officers
// read the claims of beneficiaries in their county; a beneficiary's members
// read their own organisation's claims. Anyone else: 403 on the desk, 404 on a
// claim. Every change is one transaction with its audit entry.

export const PAGE_SIZE = 50

/** One transaction: the caller's when it is already in one (the demo seed), else a new one. */
const tx = <T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))

export interface DeskAccess {
  city: boolean
  scope: ClaimScope
}

/** What the principal may read; null for nobody (no officer role, no verified organisation that can receive a subsidy). */
export function deskAccess(p: Principal): DeskAccess | null {
  const officer = officerScope(p)
  if (officer === 'all') return { city: true, scope: { all: true } }
  const orgIds = p.memberships.filter((m) => m.orgStatus === 'verified' && (m.orgType === 'registrar' || m.orgType === 'agency' || m.orgType === 'enterprise')).map((m) => m.orgId)
  if (!officer.length && !orgIds.length) return null
  return { city: false, scope: { divisions: officer, orgIds } }
}

function requireCity(p: Principal) {
  const a = deskAccess(p)
  if (!a?.city) throw forbidden()
  return a
}

export async function claimList(db: Executor, p: Principal, q: ClaimFilterInput) {
  const access = deskAccess(p)
  if (!access) throw forbidden()
  const filter: ClaimFilter = { status: q.status, kind: q.kind, division: q.county, from: q.from ?? undefined, to: q.to ?? undefined }
  const list = await listClaims(db, access.scope, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE })
  const divisions = access.city || 'divisions' in access.scope ? await listDivisions(db) : []
  return { ...list, city: access.city, county: !access.city && 'divisions' in access.scope && access.scope.divisions.length > 0, page: q.page, pageSize: PAGE_SIZE, divisions, batches: access.city ? await recentBatches(db) : [] }
}

function visible(access: DeskAccess | null, claim: { beneficiary_org_id: string; beneficiary_division: string }) {
  if (!access) return false
  if ('all' in access.scope) return true
  return access.scope.orgIds.includes(claim.beneficiary_org_id) || access.scope.divisions.includes(claim.beneficiary_division)
}

export async function claimDetail(db: Executor, p: Principal | null, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const claim = await findClaim(db, id)
  const access = p ? deskAccess(p) : null
  if (!claim || !visible(access, claim)) throw notFound()
  const [entries, payment] = await Promise.all([entriesOf(db, id), paymentOf(db, id)])
  return { claim, entries, payment, city: access!.city }
}

export async function createBatch(db: Executor, p: Principal, input: { claimIds: string[]; note: string }, meta: RequestMeta) {
  requireCity(p)
  return tx(db, async (trx) => {
    const now = new Date()
    const batch = await insertBatch(trx, { createdBy: p.userId, note: input.note, prefix: schemeOn(now).numberPrefix.batch, year: Number(shanghaiDate(now).slice(0, 4)) })
    const n = await addClaimsToBatch(trx, batch.id, [...new Set(input.claimIds)])
    if (n === 0) throw invalid({ claimIds: ['subsidy.errors.noPendingClaims'] })
    await audit(trx, meta, p.userId, 'subsidy.batch.create', { type: 'subsidy_batch', id: batch.id }, { claims: n, note: input.note })
    return { ...batch, claims: n }
  })
}

export async function batchDetail(db: Executor, p: Principal, id: string) {
  requireCity(p)
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const batch = await findBatch(db, id)
  if (!batch) throw notFound()
  const { rows, amountFen, count } = await listClaims(db, { all: true }, { batchId: id }, { limit: 1000, offset: 0 })
  return { batch, claims: rows, amountFen, count }
}

/** Approves every pending claim of an open batch (one reversed meanwhile stays reversed); the batch keeps the total it approved. */
export async function approveBatch(db: Executor, p: Principal, id: string, meta: RequestMeta) {
  requireCity(p)
  return tx(db, async (trx) => {
    const batch = await lockBatch(trx, id)
    if (!batch) throw notFound()
    if (batch.status !== 'open') throw conflict('subsidy.errors.batchApproved')
    const { rows } = await listClaims(trx, { all: true }, { batchId: id, status: 'pending' }, { limit: 100_000, offset: 0 })
    const now = new Date()
    let total = 0
    for (const c of rows) {
      const locked = await lockClaim(trx, c.id)
      if (locked?.status !== 'pending') continue
      await setClaimStatus(trx, c.id, { status: 'approved', approved_by: p.userId, approved_at: now })
      await audit(trx, meta, p.userId, 'subsidy.approve', { type: 'subsidy_claim', id: c.id, orgId: c.beneficiary_org_id }, { batch: id, amount: locked.amount_fen })
      await notify(trx, await memberIds(trx, c.beneficiary_org_id), {
        kind: 'subsidy_approved',
        params: { number: c.number, amount: formatFen(locked.amount_fen, 'zh-CN') },
        link: `/subsidies/${c.id}`,
      })
      total += locked.amount_fen
    }
    await approveBatchRow(trx, id, p.userId, total)
    await audit(trx, meta, p.userId, 'subsidy.batch.approve', { type: 'subsidy_batch', id }, { claims: rows.length, total })
    return { total, claims: rows.length }
  })
}

export async function recordPayment(
  db: Executor,
  p: Principal,
  claimId: string,
  input: { paidOn: string; amountFen: number; bankReference: string; note: string },
  meta: RequestMeta,
) {
  requireCity(p)
  if (input.paidOn > shanghaiDate()) throw invalid({ paidOn: ['subsidy.errors.futureDate'] })
  return tx(db, async (trx) => {
    const claim = await lockClaim(trx, claimId)
    if (!claim) throw notFound()
    if (claim.status !== 'approved') throw conflict('subsidy.errors.notApproved')
    if (input.amountFen !== claim.amount_fen && !input.note) throw invalid({ note: ['subsidy.errors.explainDifference'] })
    if (input.amountFen > claim.amount_fen) throw invalid({ amount: ['subsidy.errors.overpaid'] })
    const payment = await insertPayment(
      trx,
      {
        claim_id: claimId,
        paid_on: input.paidOn,
        amount_fen: input.amountFen,
        bank_reference: input.bankReference,
        note: input.note,
        verification_code: newVerificationCode(),
        recorded_by: p.userId,
      },
      schemeOn(new Date()).numberPrefix.payment,
      Number(input.paidOn.slice(0, 4)),
    )
    await insertEntry(trx, { claim_id: claimId, kind: 'payment', amount_fen: -input.amountFen, actor_id: p.userId, note: input.bankReference })
    await setClaimStatus(trx, claimId, { status: 'paid' })
    await audit(trx, meta, p.userId, 'subsidy.pay', { type: 'subsidy_claim', id: claimId, orgId: claim.beneficiary_org_id }, {
      payment: payment.number,
      amount: input.amountFen,
      approved: claim.amount_fen,
      paidOn: input.paidOn,
      bankReference: input.bankReference,
      note: input.note,
    })
    await notify(trx, await memberIds(trx, claim.beneficiary_org_id), {
      kind: 'subsidy_paid',
      params: { number: claim.number, amount: formatFen(input.amountFen, 'zh-CN') },
      link: `/subsidies/${claimId}`,
    })
    return payment
  })
}

/** The money of a recovery_due claim came back: a refund entry of what was paid closes its ledger (status recovered). */
export async function recordRefund(db: Executor, p: Principal, claimId: string, input: { note: string }, meta: RequestMeta) {
  requireCity(p)
  return tx(db, async (trx) => {
    const claim = await lockClaim(trx, claimId)
    if (!claim) throw notFound()
    if (claim.status !== 'recovery_due') throw conflict('subsidy.errors.notRecoveryDue')
    const paid = (await paymentOf(trx, claimId))?.amount_fen ?? 0
    // What the ledger says is owed back: the claim less the payment, withdrawn whole by the recovery entry.
    const owed = -(await entriesOf(trx, claimId)).reduce((s, e) => s + e.amount_fen, 0)
    await insertEntry(trx, { claim_id: claimId, kind: 'refund', amount_fen: Math.max(0, owed), actor_id: p.userId, note: input.note })
    await setClaimStatus(trx, claimId, { status: 'recovered' })
    await audit(trx, meta, p.userId, 'subsidy.refund', { type: 'subsidy_claim', id: claimId, orgId: claim.beneficiary_org_id }, { paid, refunded: owed, note: input.note })
  })
}
