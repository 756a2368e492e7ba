import { describe, expect, it } from 'vitest'
import { DIVISIONS } from '../../db/seed/divisions'
import { periodOf, standardMet, targetPath, targetPlanOn, TARGET_PLANS } from '../../server/government/targets'

describe('target plan', () => {
  it('asks for 200 projects by 2020 and 200 more by 2022, 400 in all (the work plan)', () => {
    const plan = targetPlanOn(new Date('2021-06-01T00:00:00Z'))
    expect(targetPath(plan).map((p) => [p.key, p.cumulative])).toEqual([['2020', 200], ['2022', 400]])
  })

  it('splits every period over the counties exactly, and only over real divisions below the city', () => {
    const counties = DIVISIONS.filter((d) => d.kind !== 'city').map((d) => d.code as string)
    for (const plan of TARGET_PLANS) {
      for (const p of plan.periods) {
        expect(Object.values(p.byCounty).reduce((a, b) => a + b, 0), `${plan.effectiveFrom} ${p.key}`).toBe(p.count)
        expect(Object.keys(p.byCounty).sort()).toEqual([...counties].sort())
      }
    }
  })

  it('places a registration day in its period and judges the standard on amount and industry', () => {
    const plan = targetPlanOn(new Date('2026-12-05T00:00:00Z'))
    expect(periodOf(plan, '2020-12-31')?.key).toBe('2020')
    expect(periodOf(plan, '2021-01-01')?.key).toBe('2022')
    expect(periodOf(plan, '2018-12-31')).toBeUndefined()
    const min = plan.standard.minTechnologyAmountFen
    expect(standardMet(plan.standard, { technologyAmountFen: min, industryCode: 'auto.nev' })).toEqual({ met: ['amount', 'industry'], qualifies: true })
    expect(standardMet(plan.standard, { technologyAmountFen: min - 1, industryCode: 'auto' }).qualifies).toBe(false)
    expect(standardMet(plan.standard, { technologyAmountFen: min, industryCode: 'services' }).qualifies).toBe(false)
    expect(targetPath(plan, '4502LD').at(-1)?.cumulative).toBe(4 * 32)
  })
})
