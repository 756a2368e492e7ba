import { describe, expect, it } from 'vitest'
import { entriesOf, paymentOf } from '../../db/repos/subsidies'
import { ledgerBalance } from '../../server/subsidies/compute'
import { approveBatch, claimDetail, claimList, createBatch, recordPayment, recordRefund } from '../../server/subsidies/desk'
import { ClaimFilterSchema } from '../../server/subsidies/desk-schemas'
import { DomainError } from '../../server/platform/errors'
import { createMember, testMeta } from '../helpers/factories'
import { cityOfficer, countyOfficer, registeredContract, terminateRegistration } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// 免申即享 (ADR 036): registering a contract makes its claims with the scheme's
// amounts; the city officer batches, approves and records payment; a
// termination reverses what is unpaid and records a recovery for what is paid;
// county officers and beneficiaries only read, and only what is theirs.

const noFilter = ClaimFilterSchema.parse({})
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

async function claimsOf(db: ReturnType<typeof testDb>, registrationId: string) {
  return db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', registrationId).orderBy('kind').execute()
}

describe('claims on registration', () => {
  it('gives the registrar 1‰ of the contract amount, the agency 1% and the transforming buyer 60% of the technology amount', async () => {
    const db = testDb()
    const r = await registeredContract(db)
    const claims = await claimsOf(db, r.registrationId)
    const byKind = Object.fromEntries(claims.map((c) => [c.kind, c]))
    expect(Object.keys(byKind).sort()).toEqual(['enterprise_transformation', 'intermediary', 'registrar'])
    expect(byKind.registrar).toMatchObject({ beneficiary_org_id: r.registrar.org.id, base_fen: 100_000_000, rate_ppm: 1_000, amount_fen: 100_000, capped: false, status: 'pending' })
    expect(byKind.intermediary).toMatchObject({ beneficiary_org_id: r.manager.org.id, base_fen: 80_000_000, rate_ppm: 10_000, amount_fen: 800_000 })
    expect(byKind.enterprise_transformation).toMatchObject({ beneficiary_org_id: r.buyerOrgId, base_fen: 80_000_000, rate_ppm: 600_000, amount_fen: 48_000_000 })
    for (const c of claims) {
      expect(c.scheme_version).toBe('LZ-KJCG-2019')
      expect(ledgerBalance(await entriesOf(db, c.id))).toBe(c.amount_fen)
    }
    // The beneficiaries are told.
    const note = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', r.registrar.user.id).execute()
    expect(note).toEqual([{ kind: 'subsidy_claim', link: `/subsidies/${byKind.registrar!.id}` }])
    // The database holds one claim per registration, kind and beneficiary.
    await expect(
      db.insertInto('subsidy_claims').values({ ...byKind.registrar!, id: undefined, seq: undefined, number: 'DUP', verification_code: 'X' } as never).execute(),
    ).rejects.toThrow(/unique/)
  })

  it('caps a claim at the per-claim cap and then at what is left of the annual cap', async () => {
    const db = testDb()
    // 1,000 万元 contracts with no equipment: 60% would be 600 万元; the claim cap is 300 万元, the enterprise's year 500 万元.
    const first = await registeredContract(db, { contractAmountFen: 1_000_000_000, equipmentFen: 0 })
    const c1 = (await claimsOf(db, first.registrationId)).find((c) => c.kind === 'enterprise_transformation')!
    expect(c1).toMatchObject({ computed_fen: 600_000_000, amount_fen: 300_000_000, capped: true, cap_kind: 'claim' })
    // Another buyer already holds a 300 万元 purchase-type claim this year (the two types share the annual cap): only 200 万元 is left.
    const second = await registeredContract(db, {
      contractAmountFen: 1_000_000_000,
      equipmentFen: 0,
      beforeRegister: async (c) => {
        await db
          .insertInto('subsidy_claims')
          .values({ ...c1, id: undefined, seq: undefined, number: `T-${c.buyerOrgId}`, verification_code: c.buyerOrgId.slice(0, 16), kind: 'enterprise_purchase', beneficiary_org_id: c.buyerOrgId } as never)
          .execute()
      },
    })
    const c2 = (await claimsOf(db, second.registrationId)).find((c) => c.kind === 'enterprise_transformation')!
    expect(c2).toMatchObject({ computed_fen: 600_000_000, amount_fen: 200_000_000, capped: true, cap_kind: 'annual', cap_fen: 200_000_000 })
  })

  it('makes no claim twice when the hook runs again for the same registration', async () => {
    const db = testDb()
    const r = await registeredContract(db)
    const { claimsOnRegistered } = await import('../../server/subsidies/hooks')
    await db.transaction().execute((trx) => claimsOnRegistered(trx, r.registrationId, r.registrar.user.id, testMeta))
    expect(await claimsOf(db, r.registrationId)).toHaveLength(3)
  })
})

describe('the desk', () => {
  it('batches, approves and pays; a batch total is the sum of its claims; the ledger nets to zero once paid', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const r = await registeredContract(db)
    const claims = await claimsOf(db, r.registrationId)
    const batch = await createBatch(db, city.principal, { claimIds: claims.map((c) => c.id), note: '2026 年第 1 批' }, testMeta)
    expect(batch.claims).toBe(3)
    const approved = await approveBatch(db, city.principal, batch.id, testMeta)
    expect(approved.total).toBe(claims.reduce((s, c) => s + c.amount_fen, 0))
    await expect(approveBatch(db, city.principal, batch.id, testMeta)).rejects.toMatchObject({ kind: 'conflict' })

    const reg = claims.find((c) => c.kind === 'registrar')!
    // A different amount must be explained; a future date is refused.
    await expect(recordPayment(db, city.principal, reg.id, { paidOn: today(), amountFen: 90_000, bankReference: 'ICBC-1', note: '' }, testMeta)).rejects.toMatchObject({
      fieldErrors: { note: ['subsidy.errors.explainDifference'] },
    })
    await expect(recordPayment(db, city.principal, reg.id, { paidOn: '2999-01-01', amountFen: 100_000, bankReference: 'ICBC-1', note: '' }, testMeta)).rejects.toMatchObject({
      fieldErrors: { paidOn: ['subsidy.errors.futureDate'] },
    })
    const pay = await recordPayment(db, city.principal, reg.id, { paidOn: today(), amountFen: 100_000, bankReference: 'ICBC-20261204-001', note: '' }, testMeta)
    expect(pay.number).toMatch(/^BF\d{4}\d{6}$/)
    const detail = await claimDetail(db, city.principal, reg.id)
    expect(detail.claim.status).toBe('paid')
    expect(ledgerBalance(detail.entries)).toBe(0)
    expect(detail.payment).toMatchObject({ amount_fen: 100_000, bank_reference: 'ICBC-20261204-001', paid_on: today() })
    // Paying twice is refused.
    await expect(recordPayment(db, city.principal, reg.id, { paidOn: today(), amountFen: 100_000, bankReference: 'X', note: '' }, testMeta)).rejects.toMatchObject({ kind: 'conflict' })
    const actions = await db.selectFrom('audit_log').select('action').where('entity_id', 'in', [reg.id, batch.id]).orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['subsidy.claim', 'subsidy.batch.create', 'subsidy.approve', 'subsidy.batch.approve', 'subsidy.pay'])
  })

  it('on termination reverses unpaid claims and records a recovery for a paid one; nothing is deleted', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const r = await registeredContract(db)
    const claims = await claimsOf(db, r.registrationId)
    const reg = claims.find((c) => c.kind === 'registrar')!
    const agency = claims.find((c) => c.kind === 'intermediary')!
    const batch = await createBatch(db, city.principal, { claimIds: [reg.id, agency.id], note: '' }, testMeta)
    await approveBatch(db, city.principal, batch.id, testMeta)
    await recordPayment(db, city.principal, reg.id, { paidOn: today(), amountFen: reg.amount_fen, bankReference: 'B-1', note: '' }, testMeta)

    await terminateRegistration(db, r.registrationId, r.registrar.user.id, '双方协议解除合同')
    const after = Object.fromEntries((await claimsOf(db, r.registrationId)).map((c) => [c.kind, c]))
    expect(after.registrar!.status).toBe('recovery_due')
    expect(after.intermediary!.status).toBe('reversed')
    expect(after.enterprise_transformation!.status).toBe('reversed')
    expect(ledgerBalance(await entriesOf(db, reg.id))).toBe(-reg.amount_fen)
    expect(ledgerBalance(await entriesOf(db, agency.id))).toBe(0)
    expect((await entriesOf(db, agency.id)).map((e) => e.kind)).toEqual(['claim', 'reversal'])
    expect(await paymentOf(db, reg.id)).toBeTruthy()
    // The ledger is append-only.
    await expect(db.deleteFrom('subsidy_entries').where('claim_id', '=', reg.id).execute()).rejects.toThrow(/append-only/)
    await expect(db.updateTable('subsidy_entries').set({ amount_fen: 0 }).where('claim_id', '=', reg.id).execute()).rejects.toThrow(/append-only/)

    await recordRefund(db, city.principal, reg.id, { note: '已退回国库' }, testMeta)
    const closed = await claimDetail(db, city.principal, reg.id)
    expect(closed.claim.status).toBe('recovered')
    expect(ledgerBalance(closed.entries)).toBe(0)
    expect(closed.entries.map((e) => e.kind)).toEqual(['claim', 'payment', 'recovery', 'refund'])
    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', agency.id).orderBy('id').execute()
    expect(audits.map((a) => a.action)).toContain('subsidy.reverse')
  })

  it('lets a county officer read only their county, a beneficiary only its own claims, and nobody else', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const r = await registeredContract(db)
    const claims = await claimsOf(db, r.registrationId)
    const reg = claims.find((c) => c.kind === 'registrar')!
    const ent = claims.find((c) => c.kind === 'enterprise_transformation')!

    const buyerDivision = (await db.selectFrom('organisations').select('division_code').where('id', '=', r.buyerOrgId).executeTakeFirstOrThrow()).division_code
    const here = await countyOfficer(db, buyerDivision)
    const elsewhere = await countyOfficer(db, buyerDivision === '450205' ? '450206' : '450205')
    expect((await claimDetail(db, here.principal, ent.id)).city).toBe(false)
    await expect(claimDetail(db, elsewhere.principal, ent.id)).rejects.toMatchObject({ kind: 'not_found' })
    expect((await claimList(db, elsewhere.principal, noFilter)).count).toBe(0)
    // Read-only: no batch, approval or payment.
    await expect(createBatch(db, here.principal, { claimIds: [ent.id], note: '' }, testMeta)).rejects.toMatchObject({ kind: 'forbidden' })

    // The registrar sees its claim and not the enterprise's.
    const list = await claimList(db, r.registrar.principal, noFilter)
    expect(list.rows.map((c) => c.id)).toEqual([reg.id])
    await expect(claimDetail(db, r.registrar.principal, ent.id)).rejects.toMatchObject({ kind: 'not_found' })
    await expect(recordPayment(db, r.registrar.principal, reg.id, { paidOn: today(), amountFen: 1, bankReference: 'x', note: 'x' }, testMeta)).rejects.toBeInstanceOf(DomainError)

    // A university researcher, another enterprise: nothing.
    await expect(claimList(db, r.uni.principal, noFilter)).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(claimDetail(db, r.otherEnt.principal, ent.id)).rejects.toMatchObject({ kind: 'not_found' })
    const stranger = await createMember(db, { type: 'enterprise' })
    expect((await claimList(db, stranger.principal, noFilter)).count).toBe(0)
    await expect(claimDetail(db, null, ent.id)).rejects.toMatchObject({ kind: 'not_found' })

    // The city sees all, filtered by kind and county.
    const cityList = await claimList(db, city.principal, ClaimFilterSchema.parse({ kind: 'registrar' }))
    expect(cityList.rows.every((c) => c.kind === 'registrar')).toBe(true)
    expect(cityList.rows.map((c) => c.id)).toContain(reg.id)
  })
})
