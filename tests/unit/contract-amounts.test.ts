import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ContractFormSchema, contractProblems, parsePctToPpm, ppmToPct, technologyAmountFen, type ContractInput } from '../../server/contracts/form'
import { makeCreditCode } from '../../server/identity/credit-code'
import { fenToWan } from '../../server/platform/money'

// The contract's money as a property: 技术交易额 plus the non-technical items is
// the contract amount, whatever the items; a payment plan is accepted exactly
// when it adds up to the contract amount — through the form (万元 as typed) as
// well as for the stored shape.

const fen = fc.integer({ min: 0, max: 1_000_000_000_000 })
const parties = [
  { orgId: '00000000-0000-4000-8000-000000000001', name: '甲', creditCode: makeCreditCode('12', '450204', '000000001'), divisionCode: '450204' },
  { orgId: '00000000-0000-4000-8000-000000000002', name: '乙', creditCode: makeCreditCode('91', '450205', '000000002'), divisionCode: '450205' },
]
const base = (amount: number): ContractInput => ({
  revision: 1,
  contractType: 'transfer_other',
  title: '合同',
  subject: '',
  termStart: null,
  termEnd: null,
  contractAmountFen: amount,
  parties,
  payments: [{ milestone: '一次性', amountFen: amount, dueOn: null }],
  nonTechnical: [],
  serviceAchievement: false,
  rewards: [],
  buyerApplication: null,
  projectedInvestmentFen: null,
  projectedOutputFen: null,
})

/** An amount split into `n` parts that sum to it. */
const split = (total: number, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => Math.floor((c / 1_000_000) * total)))].sort((a, b) => a - b)
  const parts: number[] = []
  let prev = 0
  for (const p of points) {
    parts.push(p - prev)
    prev = p
  }
  parts.push(total - prev)
  return parts
}

describe('contract amounts', () => {
  it('technology amount + non-technical items = contract amount whenever the items fit', () => {
    fc.assert(
      fc.property(fen, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 8 }), (amount, cuts) => {
        const items = split(amount, cuts).slice(1).map((amountFen) => ({ kind: 'equipment' as const, description: '', amountFen }))
        const tech = technologyAmountFen(amount, items)
        expect(tech + items.reduce((s, i) => s + i.amountFen, 0)).toBe(amount)
        expect(contractProblems({ ...base(amount), nonTechnical: items }).nonTechnical).toBeUndefined()
      }),
    )
  })

  it('non-technical items above the contract amount are refused at their field', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 1, max: 1_000_000 }), (amount, extra) => {
        const p = contractProblems({ ...base(amount), nonTechnical: [{ kind: 'materials', description: '', amountFen: amount + extra }] })
        expect(p.nonTechnical).toHaveLength(1)
      }),
    )
  })

  it('a payment plan is accepted exactly when it sums to the contract amount (form in 万元)', () => {
    fc.assert(
      fc.property(fen, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 6 }), fc.integer({ min: -5, max: 5 }), (amount, cuts, off) => {
        const rows = split(amount, cuts)
        const last = rows.length - 1
        rows[last] = Math.max(0, rows[last]! + off)
        const sum = rows.reduce((s, r) => s + r, 0)
        const form = {
          revision: '1',
          contractType: 'transfer_other',
          title: '合同',
          contractAmountWan: fenToWan(amount),
          parties: parties.map((p) => ({ ...p })),
          payments: rows.map((r, i) => ({ milestone: `第 ${i + 1} 期`, amountWan: fenToWan(r), dueOn: '' })),
        }
        const parsed = ContractFormSchema.safeParse(form)
        if (sum === amount) {
          expect(parsed.success).toBe(true)
          if (parsed.success) expect(parsed.data.payments.reduce((s, p) => s + p.amountFen, 0)).toBe(amount)
        } else {
          expect(parsed.success).toBe(false)
          if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['payments'])
        }
      }),
      { numRuns: 300 },
    )
  })

  it('per cent ↔ ppm round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (ppm) => {
        expect(parsePctToPpm(ppmToPct(ppm))).toBe(ppm)
      }),
    )
  })
})
