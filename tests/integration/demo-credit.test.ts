import { describe, expect, it } from 'vitest'
import { seedDemoEvaluationsAndCredit } from '../../db/seed/credit'
import { seedDemo } from '../../db/seed/demo'
import { creditList, creditRecord } from '../../server/credit/service'
import { evaluationReportPdf } from '../../server/evaluations/report'
import { evaluationList } from '../../server/evaluations/service'
import { loadPrincipal } from '../../db/repos/users'
import { pdfText } from '../helpers/pdf-text'
import { testDb } from '../helpers/worker-setup'

// The demo's evaluations and credit records: done evaluations with reports,
// some in progress, at least three of the demo enterprise's projects due and
// not yet opened; the demo agency's record with events and an adjustment, the
// manager's with a complaint under objection. Reseeding adds nothing.
describe('the demo seed', () => {
  it('has evaluations in every state and credit records with events, an adjustment and an objection, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    expect(await seedDemoEvaluationsAndCredit(db)).toEqual({ evaluations: 0, creditEvents: 0 })
    const who = async (email: string) =>
      (await loadPrincipal(db, (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!
    const [city, ent, county, manager] = await Promise.all([
      who('city@demo.kjdsc.cn'),
      who('enterprise@demo.kjdsc.cn'),
      who('county@demo.kjdsc.cn'),
      who('manager@demo.kjdsc.cn'),
    ])

    const mine = await evaluationList(db, ent)
    expect(mine.due.filter((r) => r.title.endsWith('（评价示范）')).length).toBeGreaterThanOrEqual(3)
    expect(mine.inProgress.length).toBeGreaterThanOrEqual(2)
    expect(mine.done.map((r) => r.result).sort()).toEqual(['excellent', 'good'])
    const all = await evaluationList(db, city)
    expect(new Set(all.done.map((r) => r.result))).toEqual(new Set(['excellent', 'good', 'pass', 'fail']))
    const liunan = await evaluationList(db, county)
    expect(liunan.done.every((r) => r.divisionCode === '450204') && liunan.due.every((r) => r.divisionCode === '450204')).toBe(true)
    expect(liunan.done.length).toBe(1)

    const { pdf } = await evaluationReportPdf(db, ent, mine.done.find((r) => r.result === 'excellent')!.evaluationId!)
    expect(pdfText(pdf).replace(/\s+/g, '')).toContain('评价结果：优秀')

    const list = await creditList(db, city)
    const ttc = list.rows.find((r) => r.name === '柳州科技大市场技术转移中心')!
    const record = await creditRecord(db, city, 'org', ttc.id)
    expect(record.events.filter((e) => e.kind === 'deal_brokered').length).toBe(4)
    expect(record.adjustments.map((a) => a.points)).toEqual([4])
    expect(record.score.level).toBe('A')
    const m = await creditRecord(db, manager, 'manager', manager.userId)
    expect(m.events.find((e) => e.kind === 'complaint')?.objections.map((o) => o.status)).toEqual(['pending'])
    const uni = await creditRecord(db, city, 'org', list.rows.find((r) => r.name === '柳州理工大学')!.id)
    expect(uni.events.find((e) => e.kind === 'complaint')?.cancelled).toBe(true)
    expect(uni.events.some((e) => e.kind === 'registration_refused')).toBe(true)
    const submitted = await db
      .selectFrom('registrations as r')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .select('r.id')
      .where('c.title', 'like', '%（信用示范）')
      .where('r.status', '=', 'submitted')
      .execute()
    expect(submitted.length).toBe(4)
  }, 120_000)
})
