import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { DEMO_BATCH_NOTE, seedDemoSubsidies } from '../../db/seed/subsidies'
import { historyAuthorId } from '../helpers/demo-history'
import { testDb } from '../helpers/worker-setup'

// The demo's subsidies: the registered demo contracts generate their claims
// through the registration service's hook; the seed then plays the city
// officer: one approved batch, some claims paid, others left pending; the
// terminated registration's claims are reversed; reseeding adds nothing.

describe('the demo subsidies seed', () => {
  it('approves a batch of the generated claims, pays some, leaves others pending, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    await db.transaction().execute((trx) => seedDemoSubsidies(trx))
    // The demo's own claims and batch, not the generated history's (db/seed/history.ts).
    const history = await historyAuthorId(db)
    const batches = await db.selectFrom('subsidy_batches').selectAll().where('note', '=', DEMO_BATCH_NOTE).execute()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toMatchObject({ status: 'approved', note: DEMO_BATCH_NOTE })
    const claims = await db
      .selectFrom('subsidy_claims as s')
      .innerJoin('registrations as r', 'r.id', 's.registration_id')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .innerJoin('deals as d', 'd.id', 'c.deal_id')
      .select(['s.id', 's.status', 's.amount_fen', 's.batch_id', 's.kind'])
      .where('d.created_by', '<>', history)
      .execute()
    const by = (s: string) => claims.filter((c) => c.status === s)
    expect(claims.some((c) => c.kind === 'registrar')).toBe(true)
    expect(by('paid').length).toBeGreaterThan(0)
    expect(by('pending').length).toBeGreaterThan(0)
    expect(batches[0]!.approved_total_fen).toBe(claims.filter((c) => c.batch_id === batches[0]!.id && c.status !== 'reversed').reduce((s, c) => s + c.amount_fen, 0))
    expect(await db.selectFrom('subsidy_payments').selectAll().where('claim_id', 'in', claims.map((c) => c.id)).execute()).toHaveLength(by('paid').length + by('recovery_due').length + by('recovered').length)
  })
})
