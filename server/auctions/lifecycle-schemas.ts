import { z } from 'zod'
import { LICENCE_KINDS } from '../deals/terms'
import { TRANSACTION_MODES } from '../listings/schemas'
import { formInt, formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'

// The forms of an auction's life (ADR 028), used on the server and in the
// browser: the application (申请竞价), the admin's review, a bidder's
// registration (竞买登记) and the admin's deposit confirmation. Amounts are
// typed in 万元, the deposit as a percentage of the start price, times as
// Beijing wall-clock (datetime-local). Policy limits (announcement days,
// deposit range, increment table) are checked in the service against the
// rules in force, not here.

export const BIDDER_ORG_TYPES = ['enterprise', 'university', 'institute', 'agency'] as const

const text = (max: number, min = 1) => formText(max, min)
const optional = formOptional
const int = formInt
const MAX_FEN = 10_000_000_000_000
const wan = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: 'custom', message: 'errors.required' })
        return null
      }
      const fen = parseWanToFen(v)
      if (fen === null || fen === 0 || fen > MAX_FEN) {
        ctx.addIssue({ code: 'custom', message: 'errors.amount' })
        return z.NEVER
      }
      return fen
    })

/** "2026-12-12T10:00" in Beijing time → the instant; null when it is not such a value. */
export function parseBeijingLocal(v: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim())
  if (!m) return null
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`)
  if (Number.isNaN(d.getTime())) return null
  // Reject rolled-over values such as 02-31 that Date would quietly accept.
  return toBeijingLocal(d).slice(0, 16) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? d : null
}

/** The instant as a datetime-local value in Beijing time. */
export function toBeijingLocal(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)
}

/** A datetime-local field read as Beijing time (auctions' and roadshows' forms). */
export const beijingDateTime = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .transform((v, ctx) => {
    const d = parseBeijingLocal(v)
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'auction.apply.errors.dateTime' })
      return z.NEVER
    }
    return d
  })

export const ApplySchema = z
  .object({
    // Conform's parse turns one checked box into a one-item list and none into an empty one.
    achievementIds: z
      .array(z.string().uuid('errors.notFound'), { required_error: 'auction.apply.errors.noAchievement' })
      .min(1, 'auction.apply.errors.noAchievement')
      .max(20, 'auction.apply.errors.tooMany'),
    title: text(200, 2),
    summary: optional(4000),
    format: z.enum(['english', 'sealed'], { errorMap: () => ({ message: 'errors.required' }) }),
    mode: z.enum(TRANSACTION_MODES, { errorMap: () => ({ message: 'errors.mode' }) }),
    licenceKind: z.enum(LICENCE_KINDS, { errorMap: () => ({ message: 'errors.required' }) }).optional(),
    licenceField: optional(200),
    licenceTerritory: optional(200),
    licenceMonths: z.preprocess((v) => (v === '' ? undefined : v), int(1, 600, 'notice.errors.months').optional()),
    deliverables: optional(2000),
    warrantyMonths: z.preprocess((v) => (v === '' || v === undefined ? 0 : v), int(0, 600, 'notice.errors.months')),
    note: optional(2000),
    startPrice: wan(true),
    increment: wan(false),
    reserve: wan(false),
    depositPercent: z.coerce
      .number({ required_error: 'errors.required', invalid_type_error: 'auction.apply.errors.depositPercent' })
      .min(0.01, 'auction.apply.errors.depositPercent')
      .max(100, 'auction.apply.errors.depositPercent')
      .optional(),
    startsAt: beijingDateTime,
    endsAt: beijingDateTime,
    allowedOrgTypes: z
      .array(z.enum(BIDDER_ORG_TYPES, { errorMap: () => ({ message: 'errors.required' }) }), { required_error: 'auction.apply.errors.noOrgTypes' })
      .min(1, 'auction.apply.errors.noOrgTypes'),
    relistFrom: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid('errors.notFound').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'licence') {
      if (!v.licenceKind) ctx.addIssue({ code: 'custom', path: ['licenceKind'], message: 'errors.required' })
      if (!v.licenceMonths) ctx.addIssue({ code: 'custom', path: ['licenceMonths'], message: 'errors.required' })
    }
  })
export type ApplyInput = z.infer<typeof ApplySchema>

export const ReviewSchema = z
  .object({
    intent: z.literal('review'),
    auctionId: z.string({ required_error: 'errors.required' }).uuid('errors.notFound'),
    decision: z.enum(['approve', 'reject'], { errorMap: () => ({ message: 'errors.required' }) }),
    note: optional(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && v.note.length < 2) ctx.addIssue({ code: 'custom', path: ['note'], message: 'auction.review.errors.noteRequired' })
  })

export const ConfirmDepositSchema = z.object({
  intent: z.literal('confirmDeposit'),
  registrationId: z.string({ required_error: 'errors.required' }).uuid('errors.notFound'),
  bankReference: text(80, 4),
})

export const RegisterBidderSchema = z.object({
  intent: z.literal('register'),
  orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
  acceptRules: z.literal('on', { errorMap: () => ({ message: 'auction.register.errors.acceptRules' }) }),
})

/** The page's no-JS bid and proxy forms: amounts in 万元, the key from the form so a resubmission is not a second bid. */
export const BidFormSchema = z.object({
  intent: z.literal('bid'),
  amount: wan(true),
  key: z.string({ required_error: 'errors.required' }).min(1).max(80),
})
export const ProxyFormSchema = z.object({
  intent: z.literal('proxy'),
  max: wan(true),
  key: z.string({ required_error: 'errors.required' }).min(1).max(80),
})
export const SealedFormSchema = z.object({
  intent: z.literal('sealed'),
  amount: wan(true),
  key: z.string({ required_error: 'errors.required' }).min(1).max(80),
})
