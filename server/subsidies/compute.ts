import type { SubsidyEntryKind } from '../../db/schema'
import { applyPpm } from '../platform/money'

// The arithmetic of a claim, apart from the database so property tests can
// run it a thousand times: the rate applied to the base with THE rounding
// rule (applyPpm, half up to the fen), then the per-claim cap, then what is
// left of the beneficiary's annual cap. Nothing here rounds on its own.

export interface ClaimFigures {
  computedFen: number
  amountFen: number
  capped: boolean
  capKind: 'claim' | 'annual' | null
  /** The cap that bound (per claim, or what was left of the annual one). */
  capFen: number | null
}

export function claimFigures(o: { baseFen: number; ratePpm: number; claimCapFen: number | null; annualCapFen: number | null; usedThisYearFen: number }): ClaimFigures {
  const computedFen = applyPpm(o.baseFen, o.ratePpm)
  const annualLeft = o.annualCapFen === null ? null : Math.max(0, o.annualCapFen - o.usedThisYearFen)
  let amountFen = computedFen
  let capKind: ClaimFigures['capKind'] = null
  let capFen: number | null = null
  if (o.claimCapFen !== null && o.claimCapFen < amountFen) {
    amountFen = o.claimCapFen
    capKind = 'claim'
    capFen = o.claimCapFen
  }
  if (annualLeft !== null && annualLeft < amountFen) {
    amountFen = annualLeft
    capKind = 'annual'
    capFen = annualLeft
  }
  return { computedFen, amountFen, capped: capKind !== null, capKind, capFen }
}

/** The sign each ledger kind carries: what the city owes the beneficiary goes up with a claim or a refund, down with the rest. */
export const ENTRY_SIGN: Record<SubsidyEntryKind, 1 | -1> = { claim: 1, refund: 1, payment: -1, reversal: -1, recovery: -1 }

/** A ledger's balance: positive, still owed to the beneficiary; negative, owed back by it. */
export const ledgerBalance = (entries: { amount_fen: number }[]) => entries.reduce((s, e) => s + e.amount_fen, 0)
