import { parseWithZod } from '@conform-to/zod'
import { describe, expect, it } from 'vitest'
import { translate } from '../../server/i18n/catalog'
import { AchievementSchema, NeedSchema, ReturnSchema } from '../../server/listings/schemas'
import { translateError } from '../../app/utils/i18n'
import { ReviewActionSchema, TransitionSchema } from '../../server/listings/workflow-schemas'

// The schemas shared by the forms, the import and the API: what they accept,
// what they refuse, and the message (a catalog key with parameters) they give.

const ORG = '8b2b7a4e-7c1d-4d1e-9c3a-2f1e0d9c8b7a'

function achievement(o: Record<string, unknown> = {}) {
  return {
    orgId: ORG,
    title: '汽车轻量化铝合金压铸工艺',
    summary: '面向新能源汽车电池包壳体的一体化压铸工艺，适用于中大批量生产。',
    details: '',
    industryCode: 'auto.lightweight',
    trl: '6',
    transactionModes: ['transfer', 'licence'],
    priceKind: 'negotiable',
    benefit: '与钢制壳体相比减重 35%，单件成本下降 120 元。',
    keywords: '压铸，轻量化 电池包',
    ipRights: [],
    contributors: [
      { name: '柳州理工大学', kind: 'organisation', share: '30' },
      { name: '张三', kind: 'researcher', share: '70' },
    ],
    ...o,
  }
}

/** The messages zod gave, by path ("contributors", "ipRights.0.number"). */
function issues(input: unknown) {
  const r = AchievementSchema.safeParse(input)
  if (r.success) return {}
  const out: Record<string, string[]> = {}
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message)
  return out
}

describe('AchievementSchema', () => {
  it('accepts a complete achievement and shapes it for storage', () => {
    const r = AchievementSchema.parse(achievement())
    expect(r.trl).toBe(6)
    expect(r.priceMinFen).toBeNull()
    expect(r.priceMaxFen).toBeNull()
    expect(r.contributors).toEqual([
      { name: '柳州理工大学', kind: 'organisation', sharePpm: 300_000 },
      { name: '张三', kind: 'researcher', sharePpm: 700_000 },
    ])
  })

  describe('ownership shares', () => {
    it('must sum to 100, and the message gives the total', () => {
      const e = issues(achievement({ contributors: [{ name: '甲', kind: 'organisation', share: '60' }, { name: '乙', kind: 'researcher', share: '30' }] }))
      expect(e.contributors).toEqual(['errors.sharesSum|total=90'])
      expect(translateError('zh-CN', e.contributors![0]!)).toBe('各方份额合计应为 100%，当前为 90%。')
    })

    it('counts decimals exactly (33.33 + 33.33 + 33.34 = 100)', () => {
      const r = AchievementSchema.safeParse(
        achievement({
          contributors: [
            { name: '甲', kind: 'researcher', share: '33.33' },
            { name: '乙', kind: 'researcher', share: '33.33' },
            { name: '丙', kind: 'researcher', share: '33.34' },
          ],
        }),
      )
      expect(r.success).toBe(true)
    })

    it('reports a total above 100 with its decimals', () => {
      const e = issues(achievement({ contributors: [{ name: '甲', kind: 'researcher', share: '70.5' }, { name: '乙', kind: 'researcher', share: '30' }] }))
      expect(e.contributors).toEqual(['errors.sharesSum|total=100.5'])
    })

    it('refuses a share that is not a percentage, at the row', () => {
      const e = issues(achievement({ contributors: [{ name: '甲', kind: 'researcher', share: '100.123' }] }))
      expect(e['contributors.0.share']).toEqual(['errors.share'])
      expect(issues(achievement({ contributors: [{ name: '甲', kind: 'researcher', share: '0' }] }))['contributors.0.share']).toEqual(['errors.share'])
    })

    it('needs at least one contributor', () => {
      expect(issues(achievement({ contributors: [] })).contributors).toEqual(['errors.contributors'])
    })
  })

  describe('IP rights: Chinese patent numbers', () => {
    const ip = (number: string, kind = 'invention_patent', territory = 'CN') => achievement({ ipRights: [{ kind, number, status: 'granted', territory }] })

    it('accepts a valid application number (ZL201710601862.3) and normalises it', () => {
      const r = AchievementSchema.parse(ip('ZL201710601862.3'))
      expect(r.ipRights[0]).toMatchObject({ number: 'CN201710601862.3', territory: 'CN' })
    })

    it('names the expected check digit when it is wrong', () => {
      const e = issues(ip('ZL201710601862.5'))
      expect(e['ipRights.0.number']).toEqual(['errors.patent.check|expected=3'])
      expect(translateError('zh-CN', e['ipRights.0.number']![0]!)).toBe('专利号校验位不正确：小数点后应为“3”，请核对。')
    })

    it('refuses what is not a patent number at all', () => {
      expect(issues(ip('ABC-123'))['ipRights.0.number']).toEqual(['errors.patent.format'])
    })

    it('does not check numbers of other kinds or other territories', () => {
      expect(AchievementSchema.safeParse(ip('2019SR0123456', 'software_copyright')).success).toBe(true)
      expect(AchievementSchema.safeParse(ip('US10123456B2', 'invention_patent', 'us')).success).toBe(true)
    })
  })

  describe('price', () => {
    it('面议 stores no amount even when one was typed', () => {
      const r = AchievementSchema.parse(achievement({ priceKind: 'negotiable', priceMin: '50' }))
      expect([r.priceMinFen, r.priceMaxFen]).toEqual([null, null])
    })

    it('a fixed amount in 万元 is stored in fen as both bounds', () => {
      const r = AchievementSchema.parse(achievement({ priceKind: 'amount', priceMin: '12.5' }))
      expect([r.priceMinFen, r.priceMaxFen]).toEqual([12_500_000, 12_500_000])
    })

    it('a fixed amount is required', () => {
      expect(issues(achievement({ priceKind: 'amount' })).priceMin).toEqual(['errors.required'])
    })

    it('a range needs both bounds, upper above lower', () => {
      const r = AchievementSchema.parse(achievement({ priceKind: 'range', priceMin: '30', priceMax: '80.25' }))
      expect([r.priceMinFen, r.priceMaxFen]).toEqual([30_000_000, 80_250_000])
      expect(issues(achievement({ priceKind: 'range', priceMin: '30' })).priceMax).toEqual(['errors.required'])
      expect(issues(achievement({ priceKind: 'range', priceMin: '80', priceMax: '30' })).priceMax).toEqual(['errors.rangeOrder'])
    })

    it('refuses amounts that are not plain decimals', () => {
      expect(issues(achievement({ priceKind: 'amount', priceMin: '-5' })).priceMin).toEqual(['errors.amount'])
      expect(issues(achievement({ priceKind: 'amount', priceMin: '十万' })).priceMin).toEqual(['errors.amount'])
      expect(issues(achievement({ priceKind: 'amount', priceMin: '1.1234567' })).priceMin).toEqual(['errors.amount'])
    })

    it('refuses an unknown price kind', () => {
      expect(issues(achievement({ priceKind: 'free' })).priceKind).toEqual(['errors.priceKind'])
    })
  })

  describe('benefit', () => {
    it('must contain a figure', () => {
      expect(issues(achievement({ benefit: '显著降低能耗，提高生产效率。' })).benefit).toEqual(['errors.benefitQuantified'])
    })

    it('accepts a quantified one', () => {
      expect(AchievementSchema.safeParse(achievement({ benefit: '能耗降低 18%，良品率提高到 99.2%。' })).success).toBe(true)
    })
  })

  describe('keywords', () => {
    it('split on Chinese and Latin commas, 、, semicolons and spaces, without duplicates', () => {
      const r = AchievementSchema.parse(achievement({ keywords: '压铸，轻量化、电池包; 铝合金 压铸' }))
      expect(r.keywords).toEqual(['压铸', '轻量化', '电池包', '铝合金'])
    })

    it('at most 10', () => {
      expect(issues(achievement({ keywords: 'a b c d e f g h i j k' })).keywords).toEqual(['errors.keywordsTooMany'])
    })

    it('may be absent', () => {
      expect(AchievementSchema.parse(achievement({ keywords: undefined })).keywords).toEqual([])
    })
  })

  it('needs at least one transaction mode and a TRL from 1 to 9', () => {
    const e = issues(achievement({ transactionModes: [], trl: '10' }))
    expect(e.transactionModes).toEqual(['errors.modes'])
    expect(e.trl).toEqual(['errors.trl'])
  })

  it('through Conform, form fields give errors at the right field and row', () => {
    const fd = new FormData()
    const a = achievement({ priceKind: 'amount', priceMin: 'abc' })
    for (const [k, v] of Object.entries(a)) if (typeof v === 'string') fd.set(k, v)
    fd.append('transactionModes', 'transfer')
    fd.set('contributors[0].name', '柳州理工大学')
    fd.set('contributors[0].kind', 'organisation')
    fd.set('contributors[0].share', '50')
    fd.set('contributors[1].name', '张三')
    fd.set('contributors[1].kind', 'researcher')
    fd.set('contributors[1].share', '40')
    fd.set('ipRights[0].kind', 'invention_patent')
    fd.set('ipRights[0].number', '201710601862.4')
    fd.set('ipRights[0].status', 'granted')
    fd.set('ipRights[0].territory', 'CN')
    const s = parseWithZod(fd, { schema: AchievementSchema })
    expect(s.status).toBe('error')
    const reply = s.reply()
    expect(reply.error).toMatchObject({
      priceMin: ['errors.amount'],
      contributors: ['errors.sharesSum|total=90'],
      'ipRights[0].number': ['errors.patent.check|expected=3'],
    })
    // What was typed comes back to the form.
    expect(reply.initialValue).toMatchObject({ title: a.title, priceMin: 'abc', contributors: [{ share: '50' }, { share: '40' }] })
  })
})

describe('NeedSchema', () => {
  const need = (o: Record<string, unknown> = {}) => ({
    orgId: ORG,
    title: '变速箱壳体轻量化',
    problem: '现有铸铁壳体过重，导致整车能耗偏高，需要一种可量产的轻量化方案。',
    desiredOutcome: '减重 30% 以上且成本持平。',
    industryCode: 'auto.parts',
    budgetKind: 'range',
    budgetMin: '50',
    budgetMax: '120',
    divisionCode: '450204',
    ...o,
  })

  it('turns the budget range into fen', () => {
    const r = NeedSchema.parse(need())
    expect([r.budgetMinFen, r.budgetMaxFen]).toEqual([50_000_000, 120_000_000])
  })

  it('refuses a deadline in the past', () => {
    const r = NeedSchema.safeParse(need({ deadline: '2020-01-01' }))
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.message)).toContain('errors.deadlinePast')
  })
})

describe('workflow schemas', () => {
  it('a return needs a reason of at least 5 characters', () => {
    expect(ReturnSchema.safeParse({ reason: '太短' }).success).toBe(false)
    expect(TransitionSchema.safeParse({ intent: 'return', reason: '太短' }).error?.issues[0]?.message).toBe('errors.returnReason')
    expect(TransitionSchema.safeParse({ intent: 'return', reason: '请补充量化效益的数据来源。' }).success).toBe(true)
  })

  it('a takedown needs a reason; submit, approve and reconfirm need none', () => {
    expect(TransitionSchema.safeParse({ intent: 'takedown' }).error?.issues[0]?.message).toBe('errors.takedownReason')
    for (const intent of ['submit', 'approve', 'reconfirm']) expect(TransitionSchema.safeParse({ intent }).success).toBe(true)
    expect(TransitionSchema.safeParse({ intent: 'publish' }).success).toBe(false)
  })

  it('the review queue names the listing and needs a reason only to return it', () => {
    const id = ORG
    expect(ReviewActionSchema.safeParse({ kind: 'need', id, intent: 'approve' }).success).toBe(true)
    expect(ReviewActionSchema.safeParse({ kind: 'need', id, intent: 'return' }).error?.issues[0]).toMatchObject({ path: ['reason'], message: 'errors.returnReason' })
    expect(ReviewActionSchema.safeParse({ kind: 'contract', id, intent: 'approve' }).success).toBe(false)
  })

  it('every message key the schemas use is in the catalog, in both languages', () => {
    for (const key of ['errors.sharesSum', 'errors.patent.check', 'errors.benefitQuantified', 'errors.takedownReason', 'errors.returnReason']) {
      expect(translate('zh-CN', key)).not.toBe(key)
      expect(translate('en', key)).not.toBe(key)
    }
  })
})

describe('errors reported together', () => {
  it('the shares total is reported even while other fields are still wrong', () => {
    const e = issues({
      ...achievement({ title: '', benefit: '没有数字' }),
      contributors: [{ name: '甲', kind: 'researcher', share: '30' }, { name: '乙', kind: 'researcher', share: '50' }],
    })
    expect(e.title).toBeDefined()
    expect(e.benefit).toBeDefined()
    expect(e.contributors).toEqual(['errors.sharesSum|total=80'])
  })
})
