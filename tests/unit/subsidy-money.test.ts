import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { POLICY_VERSIONS } from '../../server/platform/policy'
import { applyPpm } from '../../server/platform/money'
import { claimFigures, ENTRY_SIGN, ledgerBalance } from '../../server/subsidies/compute'
import { ruleFor, schemeOn, SUBSIDY_KINDS, SUBSIDY_SCHEMES, type SubsidyScheme } from '../../server/subsidies/policy'

// The money of subsidies (ADR 036): every amount is the rate applied in fen
// with the one rounding rule, or a cap; a year's claims never pass the annual
// cap and add up to exactly what the caps allow; ledgers net to what is owed.

const fen = fc.integer({ min: 0, max: 100_000_000_000 }) // up to 10 亿元
const ppm = fc.integer({ min: 0, max: 1_000_000 })
const cap = fc.option(fc.integer({ min: 0, max: 1_000_000_000 }), { nil: null })

describe('a claim amount', () => {
  it('is applyPpm(base, rate) or the cap that bound, never more than either', () => {
    fc.assert(
      fc.property(fen, ppm, cap, cap, fc.integer({ min: 0, max: 2_000_000_000 }), (baseFen, ratePpm, claimCapFen, annualCapFen, usedThisYearFen) => {
        const f = claimFigures({ baseFen, ratePpm, claimCapFen, annualCapFen, usedThisYearFen })
        expect(f.computedFen).toBe(applyPpm(baseFen, ratePpm))
        expect(f.amountFen).toBeLessThanOrEqual(f.computedFen)
        if (claimCapFen !== null) expect(f.amountFen).toBeLessThanOrEqual(claimCapFen)
        if (annualCapFen !== null) expect(f.amountFen).toBeLessThanOrEqual(Math.max(0, annualCapFen - usedThisYearFen))
        expect(f.capped).toBe(f.amountFen < f.computedFen)
        if (f.capped) expect(f.amountFen).toBe(f.capFen)
        else expect(f.amountFen).toBe(f.computedFen)
        expect(Number.isSafeInteger(f.amountFen) && f.amountFen >= 0).toBe(true)
      }),
    )
  })

  it('over a year adds up to exactly what the caps allow: min(annual cap, Σ min(computed, claim cap))', () => {
    fc.assert(
      fc.property(fc.array(fen, { maxLength: 30 }), ppm, cap, fc.integer({ min: 0, max: 5_000_000_000 }), (bases, ratePpm, claimCapFen, annualCapFen) => {
        let used = 0
        let uncapped = 0
        for (const baseFen of bases) {
          const f = claimFigures({ baseFen, ratePpm, claimCapFen, annualCapFen, usedThisYearFen: used })
          used += f.amountFen
          uncapped += claimCapFen === null ? f.computedFen : Math.min(f.computedFen, claimCapFen)
        }
        expect(used).toBe(Math.min(annualCapFen, uncapped))
      }),
    )
  })
})

describe('a claim ledger', () => {
  // Every path a claim can take, as the service writes its entries.
  const path = fc.record({
    amount: fc.integer({ min: 1, max: 3_000_000_000 }),
    paidShare: fc.integer({ min: 1, max: 1_000_000 }),
    steps: fc.constantFrom('pending', 'approved', 'paid', 'reversed_pending', 'reversed_approved', 'recovery_due', 'recovered'),
  })
  it('nets to what is still owed: the claim until paid, the shortfall of a part payment, zero once reversed or refunded, minus the payment while a recovery is due', () => {
    fc.assert(
      fc.property(path, ({ amount, paidShare, steps }) => {
        const paid = Math.max(1, applyPpm(amount, paidShare))
        const e: { kind: keyof typeof ENTRY_SIGN; amount_fen: number }[] = [{ kind: 'claim', amount_fen: amount }]
        let owed = amount
        if (steps === 'reversed_pending' || steps === 'reversed_approved') {
          e.push({ kind: 'reversal', amount_fen: -amount })
          owed = 0
        }
        if (steps === 'paid' || steps === 'recovery_due' || steps === 'recovered') {
          e.push({ kind: 'payment', amount_fen: -paid })
          owed = amount - paid
        }
        if (steps === 'recovery_due' || steps === 'recovered') {
          e.push({ kind: 'recovery', amount_fen: -amount })
          owed = -paid
        }
        if (steps === 'recovered') {
          e.push({ kind: 'refund', amount_fen: -ledgerBalance(e) })
          owed = 0
        }
        for (const x of e) expect(Math.sign(x.amount_fen) === 0 || Math.sign(x.amount_fen) === ENTRY_SIGN[x.kind]).toBe(true)
        expect(ledgerBalance(e)).toBe(owed)
      }),
    )
  })
})

describe('the schemes', () => {
  it('read the plan’s figures: registrar 1‰, agency 1%, enterprise at most 60%', () => {
    const s = schemeOn(new Date('2026-12-04T04:00:00Z'))
    expect(ruleFor(s, 'registrar', '2026-12-04').ratePpm).toBe(1_000)
    expect(ruleFor(s, 'intermediary', '2026-12-04').ratePpm).toBe(10_000)
    expect(ruleFor(s, 'enterprise_transformation', '2026-12-04').ratePpm).toBe(600_000)
    expect(ruleFor(s, 'enterprise_purchase', '2026-12-04').ratePpm).toBe(100_000)
    for (const scheme of SUBSIDY_SCHEMES)
      for (const v of POLICY_VERSIONS)
        for (const k of SUBSIDY_KINDS) expect(ruleFor(scheme, k, v.effectiveFrom).ratePpm).toBeLessThanOrEqual(k.startsWith('enterprise') ? v.enterprisePostSubsidyMaxPpm : 1_000_000)
  })

  it('take the version in force on the Shanghai day, from and to inclusive; none in force is an error', () => {
    const base = SUBSIDY_SCHEMES[0]!
    const a: SubsidyScheme = { ...base, id: 'A', effectiveFrom: '2019-01-01', effectiveTo: '2026-12-31' }
    const b: SubsidyScheme = { ...base, id: 'B', effectiveFrom: '2027-01-01', effectiveTo: null }
    expect(schemeOn(new Date('2026-12-31T15:59:59Z'), [a, b]).id).toBe('A') // 23:59:59 in Shanghai
    expect(schemeOn(new Date('2026-12-31T16:00:00Z'), [a, b]).id).toBe('B') // 2027-01-01 00:00 in Shanghai
    expect(() => schemeOn(new Date('2018-06-01T00:00:00Z'), [a, b])).toThrow(/no subsidy scheme/)
  })
})
