import { describe, expect, it } from 'vitest'
import { seedDemoContracts } from '../../db/seed/contracts'
import { seedDemo } from '../../db/seed/demo'
import { certificateFor, certificatePdf } from '../../server/registrations/certificate'
import { registrationList } from '../../server/registrations/pages'
import { principalFor } from '../helpers/factories'
import { pdfText } from '../helpers/pdf-text'
import { testDb } from '../helpers/worker-setup'

// The demo's contracts at every step of registration: a draft, a confirmed
// one, submitted with a deadline, returned for correction, refused with
// grounds, registered with certificates, one terminated — in the demo
// registrar's queue, and only once however often the seed runs.

describe('the demo seed', () => {
  it('has contracts at every step of registration, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    await db.transaction().execute((trx) => seedDemoContracts(trx))
    const contracts = await db.selectFrom('contracts').select(['status']).where('title', 'like', '%（示范）').execute()
    expect(contracts).toHaveLength(9)
    expect(contracts.filter((c) => c.status === 'draft')).toHaveLength(1)
    expect(contracts.filter((c) => c.status === 'confirmed')).toHaveLength(1)
    const regs = await db
      .selectFrom('registrations as r')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .select(['r.id', 'r.status', 'r.refusal_grounds', 'r.number'])
      .where('c.title', 'like', '%（示范）')
      .execute()
    const count = (s: string) => regs.filter((r) => r.status === s).length
    expect([count('submitted'), count('returned'), count('refused'), count('registered'), count('terminated')]).toEqual([1, 1, 1, 3, 1])
    expect(regs.find((r) => r.status === 'refused')!.refusal_grounds.length).toBeGreaterThanOrEqual(1)

    const registrar = await db.selectFrom('users').select('id').where('email', '=', 'registrar@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const queue = await registrationList(db, await principalFor(db, registrar.id), null)
    expect(queue.isRegistrar).toBe(true)
    expect(queue.rows.filter((r) => r.title.endsWith('（示范）'))).toHaveLength(7)
    expect(queue.rows.find((r) => r.status === 'submitted')!.daysLeft).toBeGreaterThan(0)

    const seller = await db.selectFrom('users').select('id').where('email', '=', 'researcher@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const one = regs.find((r) => r.status === 'registered')!
    const text = pdfText(await certificatePdf(db, await certificateFor(db, await principalFor(db, seller.id), one.id)))
    expect(text).toContain(one.number!)
    expect(one.number!.startsWith('2026450202') || one.number!.startsWith('2027450202')).toBe(true)
  })
})
