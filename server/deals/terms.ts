import { z } from 'zod'
import { validText } from '../platform/input'
import { TRANSACTION_MODES } from '../listings/schemas'

// The terms of a deal as structured data, not chat: what an offer proposes,
// what a 挂牌公示 lists, what an auction result fixes, and — once accepted and
// frozen — the basis of the contract (next issue). Money is integer fen, rates
// are basis points (1 bp = 0.01%). This is the stored and API shape; forms
// type amounts in 万元 and are parsed into it (server/deals/offer-form.ts).

export const LICENCE_KINDS = ['exclusive', 'sole', 'non_exclusive'] as const // 独占 / 排他 / 普通
export const PRICE_STRUCTURES = ['lump_sum', 'instalments', 'royalty', 'equity'] as const

const MAX_FEN = 10_000_000_000_000 // 1000 亿元: above any technology deal, below 2^53
const fen = z.number().int('errors.integer').min(0, 'errors.amount').max(MAX_FEN, 'errors.amount')
const bp = z.number().int('errors.integer').min(0, 'errors.rate').max(10_000, 'errors.rate')
const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min, 'errors.required')
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)

export const InstalmentSchema = z.object({
  milestone: text(200, 1),
  amountFen: fen,
  /** Days after signing the instalment falls due. */
  dueDays: z.number().int('errors.integer').min(0).max(3650).nullable().default(null),
})

export const PriceSchema = z.discriminatedUnion('structure', [
  z.object({ structure: z.literal('lump_sum'), amountFen: fen }),
  z.object({ structure: z.literal('instalments'), instalments: z.array(InstalmentSchema).min(1, 'errors.required').max(24) }),
  // 提成: a share of sales in basis points, with an entry fee and a yearly minimum.
  z.object({ structure: z.literal('royalty'), royaltyBp: bp, upfrontFen: fen.default(0), minimumFen: fen.default(0) }),
  // 作价投资: the achievement valued and paid for in equity.
  z.object({ structure: z.literal('equity'), valuationFen: fen, equityBp: bp }),
])

export const LicenceSchema = z.object({
  kind: z.enum(LICENCE_KINDS),
  field: text(200).default(''),
  territory: text(200).default(''),
  termMonths: z.number().int('errors.integer').min(1).max(600),
})

export const DealTermsSchema = z
  .object({
    mode: z.enum(TRANSACTION_MODES),
    /** Only for a licence (许可). */
    licence: LicenceSchema.nullable().default(null),
    price: PriceSchema,
    deliverables: text(2000).default(''),
    training: text(1000).default(''),
    warrantyMonths: z.number().int('errors.integer').min(0).max(600).default(0),
    warranty: text(1000).default(''),
    /** The technology manager's commission (佣金): a rate, a fixed sum, or both; null without a manager. */
    commission: z.object({ rateBp: bp.default(0), fixedFen: fen.default(0) }).nullable().default(null),
    note: text(2000).default(''),
  })
  .superRefine((t, ctx) => {
    if (t.mode === 'licence' && !t.licence) ctx.addIssue({ code: 'custom', path: ['licence'], message: 'errors.required' })
    if (t.mode !== 'licence' && t.licence) ctx.addIssue({ code: 'custom', path: ['licence'], message: 'deals.errors.licenceOnlyForLicence' })
  })

export type DealTerms = z.infer<typeof DealTermsSchema>
export type DealPrice = z.infer<typeof PriceSchema>

/** The fixed money the terms promise (royalties beyond their minimum are unknown in advance). */
export function fixedPriceFen(price: DealPrice): number {
  switch (price.structure) {
    case 'lump_sum':
      return price.amountFen
    case 'instalments':
      return price.instalments.reduce((s, i) => s + i.amountFen, 0)
    case 'royalty':
      return price.upfrontFen + price.minimumFen
    case 'equity':
      return price.valuationFen
  }
}
