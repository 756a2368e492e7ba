import { shanghaiDate } from '../platform/intl'

// The auction rules (竞价规则) as configuration with effective dates, like the
// work plan's figures in server/platform/policy.ts: a new version is a new
// entry, never an edit. An auction freezes the version in force on the day it
// is applied for into its own row (auctions.rules), so a later change never
// alters a lot that is already announced. Money is fen; shares are ppm.

export interface IncrementStep {
  /** From this start price (inclusive) upwards … */
  fromFen: number
  /** … the default minimum increment (加价幅度). */
  incrementFen: number
}

export interface AuctionRules {
  effectiveFrom: string // ISO date, Asia/Shanghai
  /** 竞价公告: calendar days between the announcement and the opening of bidding (the Auction Law's minimum is 7). */
  announcementDays: number
  /** 保证金 as a share of the start price: the seller picks within [min, max]. */
  deposit: { minPpm: number; maxPpm: number; defaultPpm: number }
  /** Default increments by start price, ascending by fromFen; the seller may set a larger one. */
  increments: IncrementStep[]
  /** 延时: a bid within this many seconds of the end moves the end to this many seconds after the bid. */
  extensionSeconds: number
  /** Bidding lasts at least / at most this long (hours) before extensions. */
  minBiddingHours: number
  maxBiddingDays: number
  /** The winner signs the confirmation within this many days of the close, and pays within paymentDays (悔拍 otherwise). */
  signDays: number
  paymentDays: number
  /** 成交公示: how long results stay published. */
  resultsDays: number
  /** The close waits this long after the end, so a bid received just before the end is decided first. */
  closeGraceMs: number
}

const WAN = 1_000_000 // fen in 1 万元

export const AUCTION_RULE_VERSIONS: AuctionRules[] = [
  {
    effectiveFrom: '2019-01-01',
    announcementDays: 7,
    deposit: { minPpm: 50_000, maxPpm: 200_000, defaultPpm: 100_000 },
    increments: [
      { fromFen: 0, incrementFen: WAN / 10 }, // under 10 万: 1,000 元
      { fromFen: 10 * WAN, incrementFen: WAN / 2 }, // 10–50 万: 5,000 元
      { fromFen: 50 * WAN, incrementFen: WAN }, // 50–100 万: 1 万
      { fromFen: 100 * WAN, incrementFen: 2 * WAN }, // 100–500 万: 2 万
      { fromFen: 500 * WAN, incrementFen: 5 * WAN }, // 500–1000 万: 5 万
      { fromFen: 1000 * WAN, incrementFen: 10 * WAN }, // from 1000 万: 10 万
    ],
    extensionSeconds: 300,
    minBiddingHours: 1,
    maxBiddingDays: 30,
    signDays: 5,
    paymentDays: 30,
    resultsDays: 30,
    closeGraceMs: 1_000,
  },
]

export function auctionRulesOn(date: Date = new Date(), versions = AUCTION_RULE_VERSIONS): AuctionRules {
  const day = shanghaiDate(date)
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no auction rules in force on ${day}`)
  return inForce[0]
}

/** The default minimum increment for a start price. */
export function defaultIncrement(rules: AuctionRules, startFen: number): number {
  let inc = rules.increments[0]!.incrementFen
  for (const step of rules.increments) if (startFen >= step.fromFen) inc = step.incrementFen
  return inc
}

/** The deposit for a start price at a share (ppm), rounded half up to the fen. */
export function depositFor(startFen: number, ppm: number): number {
  return Math.floor((startFen * ppm + 500_000) / 1_000_000)
}
