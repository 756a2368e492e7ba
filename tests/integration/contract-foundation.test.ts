import { describe, expect, it } from 'vitest'
import { contractChildren, findContract } from '../../db/repos/contracts'
import { signedContract } from '../helpers/contracts'
import { testDb } from '../helpers/worker-setup'

// The database, not only the application, freezes a signed contract (ADR 036):
// its head and every child table refuse changes once the scan is uploaded.
describe('a signed contract', () => {
  it('is frozen by the database, head and children', async () => {
    const db = testDb()
    const { contractId } = await signedContract(db)
    const before = await findContract(db, contractId)
    expect(before?.technology_amount_fen).toBe(80_000_000)

    await expect(db.updateTable('contracts').set({ contract_amount_fen: 1 }).where('id', '=', contractId).execute()).rejects.toThrow(/frozen/)
    await expect(db.updateTable('contract_payments').set({ amount_fen: 1 }).where('contract_id', '=', contractId).execute()).rejects.toThrow(/frozen/)
    await expect(db.deleteFrom('contract_reward_shares').where('contract_id', '=', contractId).execute()).rejects.toThrow(/frozen/)
    await expect(
      db.insertInto('contract_non_technical_items').values({ contract_id: contractId, position: 9, kind: 'materials', amount_fen: 1 }).execute(),
    ).rejects.toThrow(/frozen/)
    // Touching updated_at alone is allowed (the row is read, not changed).
    await db.updateTable('contracts').set({ updated_at: new Date() }).where('id', '=', contractId).execute()
    expect((await contractChildren(db, contractId)).payments.map((p) => p.amount_fen)).toEqual([50_000_000, 50_000_000])
  })
})
