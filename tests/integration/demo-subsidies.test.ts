import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { DEMO_BATCH_NOTE, seedDemoSubsidies } from '../../db/seed/subsidies'
import { registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The demo's subsidies: with no claims the seed does nothing; with the claims
// the registered demo contracts generated, it approves a batch, pays some and
// leaves others pending; reseeding adds nothing.

describe('the demo subsidies seed', () => {
  it('is a no-op without claims, then batches, approves and pays some, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    await db.transaction().execute((trx) => seedDemoSubsidies(trx))
    expect(await db.selectFrom('subsidy_batches').selectAll().execute()).toHaveLength(0)

    for (let i = 0; i < 2; i++) await registeredContract(db)
    await db.transaction().execute((trx) => seedDemoSubsidies(trx))
    await db.transaction().execute((trx) => seedDemoSubsidies(trx))
    const batches = await db.selectFrom('subsidy_batches').selectAll().execute()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toMatchObject({ status: 'approved', note: DEMO_BATCH_NOTE })
    const claims = await db.selectFrom('subsidy_claims').select(['status', 'amount_fen', 'batch_id']).execute()
    const by = (s: string) => claims.filter((c) => c.status === s)
    expect(claims).toHaveLength(6)
    expect(by('paid').length).toBeGreaterThan(0)
    expect(by('approved').length).toBeGreaterThan(0)
    expect(by('pending').length).toBeGreaterThan(0)
    expect(batches[0]!.approved_total_fen).toBe(claims.filter((c) => c.batch_id === batches[0]!.id).reduce((s, c) => s + c.amount_fen, 0))
    expect(await db.selectFrom('subsidy_payments').selectAll().execute()).toHaveLength(by('paid').length)
  })
})
