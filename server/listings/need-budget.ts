// Budget bands for filtering needs (技术需求), in 万元; a need is in a band when
// its budget range overlaps it. Shared by the /needs filter and its loader.

const WAN = 1_000_000 // fen

export const BUDGET_BANDS = {
  under10: { min: 0, max: 10 * WAN },
  '10to50': { min: 10 * WAN, max: 50 * WAN },
  '50to100': { min: 50 * WAN, max: 100 * WAN },
  '100to500': { min: 100 * WAN, max: 500 * WAN },
  over500: { min: 500 * WAN, max: null },
} as const satisfies Record<string, { min: number; max: number | null }>

export type BudgetBand = keyof typeof BUDGET_BANDS | 'negotiable'
export const BUDGET_BAND_KEYS = [...(Object.keys(BUDGET_BANDS) as (keyof typeof BUDGET_BANDS)[]), 'negotiable'] as BudgetBand[]

export function isBudgetBand(v: unknown): v is BudgetBand {
  return typeof v === 'string' && (BUDGET_BAND_KEYS as string[]).includes(v)
}

/** The repository filter for a band. */
export function budgetFilter(band: BudgetBand) {
  return band === 'negotiable' ? ('negotiable' as const) : BUDGET_BANDS[band]
}
