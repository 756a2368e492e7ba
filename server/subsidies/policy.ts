import type { SubsidyKind } from '../../db/schema'
import { shanghaiDate } from '../platform/intl'
import { policyOn, type PolicyVersion } from '../platform/policy'

// The subsidy schemes (补助方案), versioned by effective dates (from / to, both
// inclusive, Asia/Shanghai). The work plan's own figures — registrar 1‰ of the
// registered contract amount, intermediary 1% of the brokered technology
// transaction amount, the enterprise post-subsidy "up to 60%" — live in
// server/platform/policy.ts and are read from there, never repeated here; a
// scheme adds what the plan leaves to the city: the enterprise rate for each
// type within that ceiling, the caps, the numbering of notices. A claim keeps
// the id of the scheme it was computed with, so a new scheme is a new entry
// (effectiveTo closes the old one), never an edit.
//
// Defaults, and why: the plan says "按照购买和转化两种类型补助最高 60%". The
// transformation type (转化型: the enterprise applies the achievement in
// production) gets the ceiling, 60%, capped at 300 万元 a claim; the purchase
// type (购买型: buying the right without a committed transformation) gets 10%,
// capped at 100 万元 — the usual Guangxi figures for post-subsidies on bought
// technology, and a sixth of the transformation rate so that applying the
// achievement is what pays. An enterprise receives at most 500 万元 a calendar
// year from both types together (the per-unit annual cap, summed over that
// year's live claims); registrars and agencies have no cap by default (1‰ and
// 1% are small next to their work) — set `annualCapFen` to add one.

export type SubsidyGroup = 'registrar' | 'intermediary' | 'enterprise'
export const SUBSIDY_KINDS = ['registrar', 'intermediary', 'enterprise_purchase', 'enterprise_transformation'] as const satisfies readonly SubsidyKind[]
export const groupOf = (kind: SubsidyKind): SubsidyGroup => (kind === 'registrar' || kind === 'intermediary' ? kind : 'enterprise')

export interface KindRule {
  /** Share of the base (ppm). */
  ratePpm: number
  /** Most one claim may be (fen); null for none. */
  claimCapFen: number | null
}

export interface SubsidyScheme {
  /** Printed on notices and stored on each claim. */
  id: string
  effectiveFrom: string
  /** Last day in force; null while open-ended. */
  effectiveTo: string | null
  /** The plan's figures in force on the scheme's first day (server/platform/policy.ts). */
  plan: (day: string) => PolicyVersion
  enterprisePurchase: { ratePpm: number; claimCapFen: number | null }
  enterpriseTransformation: { ratePpm: number; claimCapFen: number | null }
  registrarClaimCapFen: number | null
  intermediaryClaimCapFen: number | null
  /** Per beneficiary and calendar year, summed over the group's live claims; null for none. */
  annualCapFen: Record<SubsidyGroup, number | null>
  /** Prefixes of the notice numbers: 补助核定通知 BZ…, 拨付通知 BF…, 审批批次 PC…. */
  numberPrefix: { claim: string; payment: string; batch: string }
}

const WAN = 1_000_000 // fen in 1 万元

const planOn = (day: string) => policyOn(new Date(`${day}T12:00:00+08:00`))

export const SUBSIDY_SCHEMES: SubsidyScheme[] = [
  {
    id: 'LZ-KJCG-2019',
    effectiveFrom: '2019-01-01',
    effectiveTo: null,
    plan: planOn,
    enterprisePurchase: { ratePpm: 100_000, claimCapFen: 100 * WAN },
    enterpriseTransformation: { ratePpm: 600_000, claimCapFen: 300 * WAN },
    registrarClaimCapFen: null,
    intermediaryClaimCapFen: null,
    annualCapFen: { registrar: null, intermediary: null, enterprise: 500 * WAN },
    numberPrefix: { claim: 'BZ', payment: 'BF', batch: 'PC' },
  },
]

/** The scheme in force on `date` (its Shanghai day); throws when none is — a registration then cannot be made. */
export function schemeOn(date: Date, schemes = SUBSIDY_SCHEMES): SubsidyScheme {
  const day = shanghaiDate(date)
  const s = schemes.filter((v) => v.effectiveFrom <= day && (v.effectiveTo === null || day <= v.effectiveTo)).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]
  if (!s) throw new Error(`no subsidy scheme in force on ${day}`)
  return s
}

/** The rate and per-claim cap of a kind under a scheme, on the given day. */
export function ruleFor(scheme: SubsidyScheme, kind: SubsidyKind, day: string): KindRule {
  const plan = scheme.plan(day)
  switch (kind) {
    case 'registrar':
      return { ratePpm: plan.registrarSubsidyPpm, claimCapFen: scheme.registrarClaimCapFen }
    case 'intermediary':
      return { ratePpm: plan.intermediarySubsidyPpm, claimCapFen: scheme.intermediaryClaimCapFen }
    case 'enterprise_purchase':
      return { ratePpm: Math.min(scheme.enterprisePurchase.ratePpm, plan.enterprisePostSubsidyMaxPpm), claimCapFen: scheme.enterprisePurchase.claimCapFen }
    case 'enterprise_transformation':
      return { ratePpm: Math.min(scheme.enterpriseTransformation.ratePpm, plan.enterprisePostSubsidyMaxPpm), claimCapFen: scheme.enterpriseTransformation.claimCapFen }
  }
}
