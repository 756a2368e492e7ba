import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { seedDemoInvoices } from '../../db/seed/invoices'
import { testDb } from '../helpers/worker-setup'

// The demo's invoices: a paid commission with a credit note, a paid deposit
// receipt, an issued listing fee to a university, a void one that kept its
// number and a draft — numbered without gaps. Reseeding adds none.
describe('the demo seed', () => {
  it('has invoices in every status, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    expect(await seedDemoInvoices(db)).toEqual({ invoices: 0 })
    const rows = await db.selectFrom('invoices').select(['kind', 'status', 'number', 'series', 'seq', 'buyer_name']).orderBy('created_at').execute()
    expect(rows.map((r) => `${r.kind}:${r.status}`).sort()).toEqual(['credit_note:issued', 'invoice:draft', 'invoice:issued', 'invoice:paid', 'invoice:void', 'receipt:paid'])
    expect(rows.find((r) => r.status === 'void')?.number).toMatch(/^FW\d{4}000003$/)
    expect(rows.filter((r) => r.series === 'FW' && r.seq).map((r) => r.seq)).toEqual([1, 2, 3])
    expect(rows.find((r) => r.kind === 'credit_note')?.number).toMatch(/^HC\d{4}000001$/)
    expect(rows.find((r) => r.status === 'issued' && r.kind === 'invoice')?.buyer_name).toBe('柳州理工大学')
  })
})
