import { z } from 'zod'
import { formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'
import { SUBSIDY_KINDS } from './policy'

// The city officer's forms on the subsidy desk (browser and server): a batch
// of selected claims, a batch's approval, a claim's payment typed from the
// bank statement (date, amount in 万元, the bank's reference; a different
// amount needs a note), and the refund of a recovered claim. The list's
// filters are a query schema, so a hostile query string is a 400, not a 500.

const MAX_FEN = 10_000_000_000_000
const uuid = z.string({ required_error: 'errors.required' }).uuid('errors.invalid')
const isoDay = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: 'custom', message: 'errors.required' })
        return null
      }
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
      const d = m ? new Date(`${v}T00:00:00Z`) : null
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v || Number(m![1]) < 2000) {
        ctx.addIssue({ code: 'custom', message: 'subsidy.errors.date' })
        return z.NEVER
      }
      return v
    })

export const BatchSchema = z.object({
  intent: z.literal('batch'),
  claimIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(uuid).min(1, 'subsidy.errors.selectClaims').max(500, 'subsidy.errors.selectClaims')),
  note: formOptional(500),
})

export const ApproveSchema = z.object({ intent: z.literal('approve') })

export const PaymentSchema = z.object({
  intent: z.literal('pay'),
  paidOn: isoDay(true).pipe(z.string()),
  amount: z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      const fen = parseWanToFen(v)
      if (fen === null || fen === 0 || fen > MAX_FEN) {
        ctx.addIssue({ code: 'custom', message: 'errors.amount' })
        return z.NEVER
      }
      return fen
    }),
  bankReference: formText(64),
  note: formOptional(500),
})

export const RefundSchema = z.object({ intent: z.literal('refund'), note: formText(500) })

export const ClaimFilterSchema = z.object({
  status: z.enum(['pending', 'approved', 'paid', 'reversed', 'recovery_due', 'recovered']).optional().catch(undefined),
  kind: z.enum(SUBSIDY_KINDS).optional().catch(undefined),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  from: isoDay(false).catch(null),
  to: isoDay(false).catch(null),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
})
export type ClaimFilterInput = z.infer<typeof ClaimFilterSchema>
