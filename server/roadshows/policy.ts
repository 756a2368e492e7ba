import type { RubricCriterion } from '../../db/schema'
import { shanghaiDate } from '../platform/intl'

// The roadshow rules (路演规则) as configuration with effective dates, like
// server/auctions/policy.ts: a new version is a new entry, never an edit.

export interface RoadshowRules {
  effectiveFrom: string // ISO date, Asia/Shanghai
  /** The rubric a new roadshow starts from (the organiser may change it; weights sum to 100). */
  defaultRubric: RubricCriterion[]
  /** With at least this many judges the highest and lowest totals of an item are dropped (去掉一个最高分和一个最低分). */
  dropExtremesFromJudges: number
  /** Chat: at most `burst` lines per person within `windowMs`. */
  chatRate: { burst: number; windowMs: number }
  /** Questions: at most this many per person per item. */
  questionsPerItem: number
  /** Reminders go out this many minutes before the start (mail and notification). */
  reminderMinutesBefore: number
  /** A viewer counts as present while their heartbeat is younger than this. */
  presenceFreshSeconds: number
  /** Agenda limits. */
  maxItems: number
  maxJudges: number
  /** Chat: words refused in a line, matched after normalising width, case and spaces (server/roadshows/word-filter.ts). */
  blockedWords: string[]
}

export const ROADSHOW_RULE_VERSIONS: RoadshowRules[] = [
  {
    effectiveFrom: '2020-01-01',
    defaultRubric: [
      {
        key: 'innovation',
        label: '技术先进性与创新性',
        labelEn: 'Technical novelty',
        weight: 30,
      },
      {
        key: 'market',
        label: '市场前景与应用价值',
        labelEn: 'Market potential',
        weight: 30,
      },
      {
        key: 'maturity',
        label: '成熟度与可转化性',
        labelEn: 'Maturity and transferability',
        weight: 25,
      },
      {
        key: 'team',
        label: '团队与实施能力',
        labelEn: 'Team and delivery',
        weight: 15,
      },
    ],
    dropExtremesFromJudges: 5,
    chatRate: { burst: 3, windowMs: 10_000 },
    questionsPerItem: 5,
    reminderMinutesBefore: 60,
    presenceFreshSeconds: 30,
    maxItems: 20,
    maxJudges: 15,
    // A starting list for a government platform's public chat; operators extend it with a new version.
    blockedWords: ['法轮功', '六合彩', '代开发票', '发票代开', '赌博网站', '网络赌博', '枪支出售', '办证刻章', '加微信返利', '兼职刷单', 'fuck', 'shit'],
  },
]

export function roadshowRulesOn(date: Date = new Date(), versions = ROADSHOW_RULE_VERSIONS): RoadshowRules {
  const day = shanghaiDate(date)
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no roadshow rules in force on ${day}`)
  return inForce[0]
}
