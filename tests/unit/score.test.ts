import { describe, expect, it } from 'vitest'
import { scoreMatch, type AchievementSide, type NeedSide, type Reason, type ReasonKey } from '../../server/engagement/matching/score'
import { MATCH_WEIGHT_VERSIONS, weightsOn, type MatchWeights } from '../../server/engagement/matching/weights'

// The explainable score of one need against one achievement: each reason's fit
// (0–1), what it rests on (the detail the explanation shows), and the weights,
// which come from the versioned configuration in weights.ts.

const WAN = 1_000_000 // fen per 万元

const need = (o: Partial<NeedSide> = {}): NeedSide => ({
  title: '电池包液冷板焊接泄漏率高',
  keywords: ['液冷板', '钎焊'],
  industry_code: 'auto.thermal',
  industry_top: 'auto',
  preferred_modes: ['licence', 'service'],
  budget_kind: 'range',
  budget_min_fen: 30 * WAN,
  budget_max_fen: 80 * WAN,
  division_code: '450204',
  ...o,
})

const achievement = (o: Partial<AchievementSide> = {}): AchievementSide => ({
  title: '电池包液冷板一体化成型技术',
  keywords: ['液冷板', '热管理'],
  industry_code: 'auto.thermal',
  industry_top: 'auto',
  transaction_modes: ['licence', 'co_development'],
  price_kind: 'amount',
  price_min_fen: 50 * WAN,
  price_max_fen: 50 * WAN,
  trl: 7,
  division_code: '450204',
  ...o,
})

const w = weightsOn(new Date('2026-06-01T00:00:00Z'))
const reason = (scored: { reasons: Reason[] }, key: ReasonKey) => scored.reasons.find((r) => r.key === key)!

describe('scoreMatch: each reason', () => {
  it('lists the shared key terms, keeping the longer term when one contains another', () => {
    const s = scoreMatch(need(), achievement(), w)
    const terms = reason(s, 'terms')
    // 液冷板 (a keyword of both) stands for 液冷 (a title word of both); 电池 is shared by the titles.
    expect(terms.detail.terms).toEqual(expect.arrayContaining(['液冷板', '电池']))
    expect(terms.detail.terms).not.toContain('液冷')
    expect(terms.fit).toBeGreaterThan(0)
    expect(terms.fit).toBeLessThanOrEqual(1)
  })

  it('has no shared terms and no term fit for unrelated listings', () => {
    const s = scoreMatch(need({ title: '螺蛳粉杀菌工艺', keywords: ['杀菌'] }), achievement(), w)
    expect(reason(s, 'terms')).toMatchObject({ fit: 0, detail: { terms: [] } })
  })

  it('counts more shared terms as a better fit', () => {
    const one = reason(scoreMatch(need({ title: '液冷板', keywords: [] }), achievement({ title: '液冷板', keywords: [] }), w), 'terms').fit
    const few = reason(scoreMatch(need({ keywords: ['液冷板'] }), achievement({ title: '电池包液冷板焊接检测', keywords: ['液冷板', '焊接'] }), w), 'terms').fit
    expect(one).toBeGreaterThan(0)
    expect(few).toBeGreaterThan(one)
    expect(reason(scoreMatch(need(), achievement({ title: need().title, keywords: need().keywords }), w), 'terms').fit).toBe(1)
  })

  it('fits the same sub-industry fully, the same top-level industry half, another industry not at all', () => {
    expect(reason(scoreMatch(need(), achievement(), w), 'industry')).toMatchObject({ fit: 1, detail: { same: 'code' } })
    expect(reason(scoreMatch(need(), achievement({ industry_code: 'auto.nev' }), w), 'industry')).toMatchObject({ fit: 0.5, detail: { same: 'top' } })
    expect(reason(scoreMatch(need(), achievement({ industry_code: 'agri.tea', industry_top: 'agri' }), w), 'industry')).toMatchObject({
      fit: 0,
      detail: { same: 'none' },
    })
  })

  it.each([
    [9, 1],
    [8, 1],
    [7, 1],
    [6, 0.8],
    [5, 0.5],
    [4, 0.3],
    [3, 0.1],
    [1, 0.1],
  ])('rates maturity TRL %i at %f and names the TRL', (trl, fit) => {
    expect(reason(scoreMatch(need(), achievement({ trl }), w), 'maturity')).toMatchObject({ fit, detail: { trl } })
  })

  it('fits a price within the budget fully', () => {
    expect(reason(scoreMatch(need(), achievement({ price_min_fen: 80 * WAN }), w), 'money')).toMatchObject({ fit: 1, detail: { case: 'within' } })
  })

  it('scales down a price above the budget, to nothing when far above', () => {
    const near = reason(scoreMatch(need(), achievement({ price_min_fen: 100 * WAN, price_max_fen: 100 * WAN }), w), 'money')
    expect(near.detail).toEqual({ case: 'above' })
    expect(near.fit).toBeCloseTo(80 / 100 - 0.2)
    const far = reason(scoreMatch(need(), achievement({ price_min_fen: 900 * WAN, price_max_fen: 900 * WAN }), w), 'money')
    expect(far).toMatchObject({ fit: 0, detail: { case: 'above' } })
  })

  it('treats a negotiable price or budget as possible but not shown to fit', () => {
    const negotiablePrice = reason(scoreMatch(need(), achievement({ price_kind: 'negotiable', price_min_fen: null, price_max_fen: null }), w), 'money')
    expect(negotiablePrice).toMatchObject({ fit: 0.5, detail: { case: 'negotiable' } })
    const negotiableBudget = reason(scoreMatch(need({ budget_kind: 'negotiable', budget_min_fen: null, budget_max_fen: null }), achievement(), w), 'money')
    expect(negotiableBudget).toMatchObject({ fit: 0.5, detail: { case: 'negotiable' } })
  })

  it('fits the same county and not another one', () => {
    expect(reason(scoreMatch(need(), achievement(), w), 'county')).toMatchObject({ fit: 1, detail: { same: 'yes' } })
    expect(reason(scoreMatch(need(), achievement({ division_code: '450225' }), w), 'county')).toMatchObject({ fit: 0, detail: { same: 'no' } })
  })

  it('names the preferred transaction modes the achievement offers', () => {
    expect(reason(scoreMatch(need(), achievement(), w), 'modes')).toMatchObject({ fit: 1, detail: { modes: ['licence'] } })
    expect(reason(scoreMatch(need({ preferred_modes: ['equity'] }), achievement(), w), 'modes')).toMatchObject({ fit: 0, detail: { modes: [] } })
    // No preference: any mode will do, half a fit.
    expect(reason(scoreMatch(need({ preferred_modes: [] }), achievement(), w), 'modes')).toMatchObject({ fit: 0.5, detail: { modes: [] } })
  })
})

describe('scoreMatch: the score', () => {
  it('gives every reason its weight from the configuration in force', () => {
    const s = scoreMatch(need(), achievement(), w)
    const keys: ReasonKey[] = ['terms', 'industry', 'maturity', 'money', 'county', 'modes']
    expect(s.reasons.map((r) => r.key)).toEqual(keys)
    for (const r of s.reasons) expect(r.weight).toBe(w[r.key])
  })

  it('is the weighted sum of the fits out of 100', () => {
    const s = scoreMatch(need(), achievement({ trl: 5, division_code: '450225' }), w)
    const total = s.reasons.reduce((sum, r) => sum + r.weight, 0)
    const expected = Math.round((s.reasons.reduce((sum, r) => sum + r.fit * r.weight, 0) / total) * 100)
    expect(s.score).toBe(expected)
    expect(s.score).toBeGreaterThan(0)
    expect(s.score).toBeLessThan(100)
  })

  it('scores a listing that fits on every reason 100 and a poorer fit lower', () => {
    const same = achievement({ title: need().title, keywords: need().keywords })
    expect(scoreMatch(need(), same, w).score).toBe(100)
    expect(scoreMatch(need(), achievement({ industry_code: 'agri.tea', industry_top: 'agri', trl: 3 }), w).score).toBeLessThan(scoreMatch(need(), achievement(), w).score)
  })

  it('follows the weights it is given: a reason weighted 0 does not count', () => {
    const onlyCounty: MatchWeights = { effectiveFrom: '2026-01-01', terms: 0, industry: 0, maturity: 0, money: 0, county: 1, modes: 0 }
    expect(scoreMatch(need(), achievement(), onlyCounty).score).toBe(100)
    expect(scoreMatch(need(), achievement({ division_code: '450225' }), onlyCounty).score).toBe(0)
  })
})

describe('weightsOn', () => {
  it('has versions whose weights add up to 100', () => {
    for (const v of MATCH_WEIGHT_VERSIONS) expect(v.terms + v.industry + v.maturity + v.money + v.county + v.modes).toBe(100)
  })

  it('picks the latest version in force on the day (Asia/Shanghai)', () => {
    const versions: MatchWeights[] = [
      { effectiveFrom: '2026-01-01', terms: 40, industry: 20, maturity: 15, money: 10, county: 5, modes: 10 },
      { effectiveFrom: '2027-01-01', terms: 30, industry: 30, maturity: 15, money: 10, county: 5, modes: 10 },
    ]
    expect(weightsOn(new Date('2026-12-31T15:59:00Z'), versions).terms).toBe(40) // 23:59 in Shanghai
    expect(weightsOn(new Date('2026-12-31T16:00:00Z'), versions).terms).toBe(30) // midnight in Shanghai
  })

  it('refuses a day before any version', () => {
    expect(() => weightsOn(new Date('2020-01-01T00:00:00Z'))).toThrow(/no match weights/)
  })
})
