import { shanghaiDate } from '../platform/intl'

// The credit template (信用评价模板), versioned by effective date: the
// dimensions with their maximum and the base every subject starts from, what
// each kind of event the platform sees adds or subtracts (and on which
// dimension), and the total score each level needs. A dimension's score is
// its base plus its events and adjustments, kept within 0..max. Business code
// asks `creditConfigOn(date)`; nothing else writes a weight or threshold.

export type CreditEventKind = 'deal_brokered' | 'registration_refused' | 'notice_objection_upheld' | 'auction_default' | 'complaint'
export const CREDIT_EVENT_KINDS: CreditEventKind[] = ['deal_brokered', 'registration_refused', 'notice_objection_upheld', 'auction_default', 'complaint']

export interface CreditConfig {
  from: string
  dimensions: { key: string; max: number; base: number }[]
  events: Record<CreditEventKind, { dimension: string; points: number }>
  /** Lowest total of each level, best first; below the last is 'D'. */
  levels: { A: number; B: number; C: number }
  /** The trend compares the score now with the score this many days ago. */
  trendDays: number
}

export const CREDIT_CONFIGS: CreditConfig[] = [
  {
    from: '2019-01-01',
    // 基础条件 10, 服务绩效 30, 服务能力 30, 规范管理 20, 社会评价 10
    dimensions: [
      { key: 'base', max: 10, base: 8 },
      { key: 'performance', max: 30, base: 20 },
      { key: 'capacity', max: 30, base: 22 },
      { key: 'governance', max: 20, base: 16 },
      { key: 'reputation', max: 10, base: 8 },
    ],
    events: {
      deal_brokered: { dimension: 'performance', points: 2 },
      registration_refused: { dimension: 'governance', points: -3 },
      notice_objection_upheld: { dimension: 'reputation', points: -2 },
      auction_default: { dimension: 'governance', points: -5 },
      complaint: { dimension: 'reputation', points: -3 },
    },
    levels: { A: 85, B: 70, C: 60 },
    trendDays: 90,
  },
]

export function creditConfigOn(date: Date = new Date(), configs = CREDIT_CONFIGS): CreditConfig {
  const day = shanghaiDate(date)
  const c = configs.filter((x) => x.from <= day).sort((a, b) => b.from.localeCompare(a.from))[0]
  if (!c) throw new Error(`no credit configuration in force on ${day}`)
  return c
}
