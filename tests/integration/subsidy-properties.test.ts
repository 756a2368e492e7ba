import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { entriesOf, paymentOf } from '../../db/repos/subsidies'
import { applyPpm } from '../../server/platform/money'
import { ledgerBalance } from '../../server/subsidies/compute'
import { approveBatch, createBatch, recordPayment } from '../../server/subsidies/desk'
import { testMeta } from '../helpers/factories'
import { cityOfficer, registeredContract, terminateRegistration } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The money properties against the database (ADR 036), over random amounts and
// random paths through the desk: every stored amount is applyPpm(base, rate)
// or its cap; a batch's approved total is the sum of its approved claims; each
// claim's ledger nets to what is still owed for its status.

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

describe('subsidy money in the database', () => {
  it('holds over random contracts and random paths', { timeout: 240_000 }, async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          contract: fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => n * 2), // even: the helper's plan pays it in two halves
          equipmentShare: fc.integer({ min: 0, max: 1_000_000 }),
          batched: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          paid: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
          terminate: fc.boolean(),
        }),
        async (p) => {
          const equipmentFen = applyPpm(p.contract, p.equipmentShare)
          const r = await registeredContract(db, { contractAmountFen: p.contract, equipmentFen })
          const claims = await db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', r.registrationId).orderBy('kind').execute()
          for (const c of claims) {
            expect(c.computed_fen).toBe(applyPpm(c.base_fen, c.rate_ppm))
            expect(c.amount_fen === c.computed_fen || (c.capped && c.amount_fen === c.cap_fen)).toBe(true)
          }
          const chosen = claims.filter((_, i) => p.batched[i])
          if (chosen.length) {
            const batch = await createBatch(db, city.principal, { claimIds: chosen.map((c) => c.id), note: '' }, testMeta)
            const { total } = await approveBatch(db, city.principal, batch.id, testMeta)
            const row = await db.selectFrom('subsidy_batches').select('approved_total_fen').where('id', '=', batch.id).executeTakeFirstOrThrow()
            expect(row.approved_total_fen).toBe(total)
            expect(total).toBe(chosen.reduce((s, c) => s + c.amount_fen, 0))
            for (const [i, c] of claims.entries()) {
              if (!p.batched[i] || !p.paid[i]) continue
              const amountFen = Math.max(1, applyPpm(c.amount_fen, p.paid[i]!))
              await recordPayment(db, city.principal, c.id, { paidOn: today(), amountFen, bankReference: `P-${i}`, note: amountFen === c.amount_fen ? '' : '部分拨付' }, testMeta)
            }
          }
          if (p.terminate) await terminateRegistration(db, r.registrationId, r.registrar.user.id)
          for (const c of await db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', r.registrationId).execute()) {
            const balance = ledgerBalance(await entriesOf(db, c.id))
            const paid = (await paymentOf(db, c.id))?.amount_fen ?? 0
            const owed = { pending: c.amount_fen, approved: c.amount_fen, paid: c.amount_fen - paid, reversed: 0, recovery_due: -paid, recovered: 0 }[c.status]
            expect(balance).toBe(owed)
          }
        },
      ),
      { numRuns: 12 },
    )
  })
})
