import { describe, expect, it } from 'vitest'
import { OfferFormSchema, parsePctToBp, termsToForm } from '../../server/deals/offer-form'
import { DealTermsSchema, type DealTerms } from '../../server/deals/terms'
import { diffTerms } from '../../server/deals/terms-diff'

const base: DealTerms = DealTermsSchema.parse({
  mode: 'licence',
  licence: { kind: 'exclusive', field: '汽车零部件', territory: '中国大陆', termMonths: 60 },
  price: { structure: 'lump_sum', amountFen: 1_200_000_000 },
  deliverables: '工艺文件一套',
  warrantyMonths: 12,
})

describe('diffTerms', () => {
  it('lists only what changed, money in 万元 in Chinese and CNY in English', () => {
    const next = DealTermsSchema.parse({ ...base, price: { structure: 'lump_sum', amountFen: 1_050_000_000 } })
    expect(diffTerms(base, next, 'zh-CN')).toEqual([{ path: 'price.amountFen', label: '总价', before: '1200 万元', after: '1050 万元' }])
    expect(diffTerms(base, next, 'en')).toEqual([{ path: 'price.amountFen', label: 'Price', before: 'CNY 12,000,000', after: 'CNY 10,500,000' }])
  })

  it('shows a change of structure, rates in per cent, and fields that went away', () => {
    const next = DealTermsSchema.parse({ ...base, licence: { ...base.licence, kind: 'sole' }, price: { structure: 'royalty', royaltyBp: 350, upfrontFen: 500_000_000 }, deliverables: '' })
    const d = diffTerms(base, next, 'zh-CN')
    expect(d).toEqual([
      { path: 'licence.kind', label: '许可类型', before: '独占许可', after: '排他许可' },
      { path: 'price.structure', label: '支付方式', before: '一次性支付', after: '提成支付' },
      { path: 'price.royaltyBp', label: '提成比例', before: null, after: '3.5%' },
      { path: 'price.upfrontFen', label: '入门费', before: null, after: '500 万元' },
      { path: 'price.minimumFen', label: '年度最低提成', before: null, after: '0 万元' },
      { path: 'price.amountFen', label: '总价', before: '1200 万元', after: null },
      { path: 'deliverables', label: '交付内容', before: '工艺文件一套', after: null },
    ])
  })

  it('is empty for equal terms and lists every set field for a first version', () => {
    expect(diffTerms(base, structuredClone(base))).toEqual([])
    expect(diffTerms(null, base).map((c) => c.path)).toEqual(['mode', 'licence.kind', 'licence.field', 'licence.territory', 'licence.termMonths', 'price.structure', 'price.amountFen', 'deliverables', 'warrantyMonths'])
    expect(diffTerms(null, base).every((c) => c.before === null)).toBe(true)
  })

  it('compares instalments row by row', () => {
    const a = DealTermsSchema.parse({ mode: 'transfer', price: { structure: 'instalments', instalments: [{ milestone: '签约', amountFen: 1_000_000 }, { milestone: '验收', amountFen: 2_000_000, dueDays: 90 }] } })
    const b = DealTermsSchema.parse({ mode: 'transfer', price: { structure: 'instalments', instalments: [{ milestone: '签约', amountFen: 1_000_000 }, { milestone: '验收', amountFen: 3_000_000, dueDays: 90 }] } })
    expect(diffTerms(a, b)).toEqual([{ path: 'price.instalments[1]', label: '第 2 期', before: '验收：2 万元（签约后 90 天）', after: '验收：3 万元（签约后 90 天）' }])
  })
})

describe('the offer form', () => {
  it('parses 万元 to fen and per cent to basis points', () => {
    expect(parsePctToBp('12.5')).toBe(1250)
    expect(parsePctToBp('100')).toBe(10_000)
    for (const bad of ['100.01', '-1', '1.234', 'abc', '']) expect(parsePctToBp(bad)).toBeNull()
    const r = OfferFormSchema.safeParse({ mode: 'equity', structure: 'equity', valuationWan: '800', equityPct: '12.5', commissionPct: '3' })
    expect(r.success && r.data).toMatchObject({ mode: 'equity', price: { structure: 'equity', valuationFen: 800_000_000, equityBp: 1250 }, commission: { rateBp: 300, fixedFen: 0 } })
  })

  it('puts each error at the field that was typed into', () => {
    const r = OfferFormSchema.safeParse({ mode: 'licence', structure: 'instalments', instalments: [{ milestone: '签约', amountWan: '十万' }, { amountWan: '2' }], commissionPct: '101' })
    expect(r.success).toBe(false)
    const paths = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(paths).toEqual(expect.arrayContaining(['instalments.0.amountWan:offers.errors.wan', 'instalments.1.milestone:errors.required', 'commissionPct:offers.errors.pct', 'licenceTermMonths:errors.required']))
  })

  it('round-trips terms through the form', () => {
    const r = OfferFormSchema.safeParse(termsToForm(base))
    expect(r.success && r.data).toEqual(base)
  })
})
