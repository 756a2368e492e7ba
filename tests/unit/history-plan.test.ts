import { describe, expect, it } from 'vitest'
import { type HistoryOptions, planHistory } from '../../db/seed/history-plan'

// The generated history is decided by its seed: the same options give the same
// city (ids included), another seed another one; and what it plans is
// coherent (institutions sell, enterprises of the chosen counties buy, only
// registered contracts become projects or subsidies, nothing after `to`).

const OPTS: HistoryOptions = {
  seed: 11, from: '2019-01-01', to: new Date('2026-06-30T00:00:00Z'), counties: ['450204', '450223'], contracts: 400,
  enterprisesPerCounty: 3, institutions: 4, achievementsPerInstitution: 5, needsPerCounty: 5, registrarDivision: '450202',
}

describe('planHistory', () => {
  it('is deterministic: the same seed gives the same plan, row for row and id for id', () => {
    expect(planHistory(OPTS)).toEqual(planHistory(OPTS))
    expect(JSON.stringify(planHistory(OPTS))).toBe(JSON.stringify(planHistory({ ...OPTS })))
  })

  it('another seed gives another history', () => {
    const a = planHistory(OPTS)
    const b = planHistory({ ...OPTS, seed: 12 })
    expect(b.contracts.map((c) => c.contractAmountFen)).not.toEqual(a.contracts.map((c) => c.contractAmountFen))
    expect(b.institutions[0]!.id).not.toBe(a.institutions[0]!.id)
  })

  it('plans a coherent city', () => {
    const p = planHistory(OPTS)
    expect(p.contracts).toHaveLength(400)
    expect(p.enterprises.map((e) => e.division).sort()).toEqual(['450204', '450204', '450204', '450223', '450223', '450223'])
    const ids = [...p.institutions, ...p.enterprises].map((o) => o.id).concat(p.contracts.flatMap((c) => [c.dealId, c.contractId, c.registrationId]))
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of p.contracts) {
      expect(p.institutions[c.seller]).toBeDefined()
      expect(OPTS.counties).toContain(p.enterprises[c.buyer]!.division)
      expect(c.technologyAmountFen).toBeLessThanOrEqual(c.contractAmountFen)
      expect(c.submittedAt.getTime()).toBeLessThanOrEqual(OPTS.to.getTime())
      if (c.decidedAt) expect(c.decidedAt.getTime()).toBeLessThanOrEqual(OPTS.to.getTime())
      if (c.outcome !== 'registered') {
        expect(c.project).toBe('none')
        expect(c.subsidy).toBe('none')
      }
    }
    const outcomes = new Set(p.contracts.map((c) => c.outcome))
    expect(outcomes).toContain('registered')
    expect(outcomes).toContain('refused')
    expect(new Set(p.contracts.map((c) => c.project))).toEqual(new Set(['none', 'proposed', 'confirmed', 'excluded']))
    // Contracts are in time order (registration serials follow it).
    expect(p.contracts.map((c) => c.submittedAt.getTime())).toEqual([...p.contracts].map((c) => c.submittedAt.getTime()).sort((a, b) => a - b))
  })
})
