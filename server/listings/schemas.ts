import { z } from 'zod'
import { hasInvalidChar, INVALID_CHARACTER, validText } from '../platform/input'
import { parseWanToFen } from '../platform/money'
import { normalisePatentNumber, patentNumberProblem } from './patent-number'

// The schemas for achievements (成果) and needs (需求): used by the forms (server
// and browser), the bulk import (row by row) and the JSON API. Messages are
// catalog keys, optionally with parameters after a bar (see translateError).

export const TRANSACTION_MODES = ['transfer', 'licence', 'equity', 'co_development', 'service', 'consulting'] as const
export const PRICE_KINDS = ['amount', 'range', 'negotiable'] as const
export const IP_KINDS = ['invention_patent', 'utility_model', 'design_patent', 'software_copyright', 'plant_variety', 'ic_layout', 'trade_secret', 'other'] as const
export const IP_STATUSES = ['pending', 'granted', 'expired', 'other'] as const
export const CONTRIBUTOR_KINDS = ['organisation', 'researcher'] as const
export const DECLINE_REASONS = ['too_early', 'benefit_unclear', 'price', 'not_our_field', 'other'] as const
const PATENT_KINDS = new Set(['invention_patent', 'utility_model', 'design_patent'])

const text = (min: number, max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .min(min, `errors.minLength|min=${min}`)
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)
    .optional()
    .transform((v) => v ?? '')

/** An amount typed in 万元, stored as integer fen. */
const wanAmount = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    const fen = parseWanToFen(v)
    if (fen === null) {
      ctx.addIssue({ code: 'custom', message: 'errors.amount' })
      return z.NEVER
    }
    return fen
  })

/** Keywords typed as one string, split on commas, 、 or spaces; at most 10. */
const keywords = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const parts = (Array.isArray(v) ? v : (v ?? '').split(/[,，、;；\s]+/)).map((k) => k.trim()).filter(Boolean)
    return [...new Set(parts)]
  })
  .refine((k) => k.length <= 10, 'errors.keywordsTooMany')
  .refine((k) => k.every((w) => w.length <= 20), 'errors.keywordTooLong')
  .refine((k) => k.every((w) => !hasInvalidChar(w)), INVALID_CHARACTER)

const modes = z
  .array(z.enum(TRANSACTION_MODES, { errorMap: () => ({ message: 'errors.mode' }) }), { required_error: 'errors.modes' })
  .min(1, 'errors.modes')
  .transform((m) => [...new Set(m)])

export const IpRightSchema = z
  .object({
    kind: z.enum(IP_KINDS, { errorMap: () => ({ message: 'errors.ipKind' }) }),
    number: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(40, 'errors.maxLength|max=40').refine(...validText),
    status: z.enum(IP_STATUSES, { errorMap: () => ({ message: 'errors.ipStatus' }) }),
    territory: z.string().trim().toUpperCase().regex(/^[A-Z]{2,3}$|^PCT$|^EP$/, 'errors.territory').default('CN'),
  })
  .transform((ip, ctx) => {
    if (!PATENT_KINDS.has(ip.kind) || ip.territory !== 'CN') return ip
    const problem = patentNumberProblem(ip.number)
    if (problem === 'format') ctx.addIssue({ code: 'custom', path: ['number'], message: 'errors.patent.format' })
    else if (problem) ctx.addIssue({ code: 'custom', path: ['number'], message: `errors.patent.check|expected=${problem.expected}` })
    return { ...ip, number: normalisePatentNumber(ip.number) }
  })

export const ContributorSchema = z.object({
  name: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(60, 'errors.maxLength|max=60').refine(...validText),
  kind: z.enum(CONTRIBUTOR_KINDS, { errorMap: () => ({ message: 'errors.contributorKind' }) }),
  /** Percent with up to 2 decimals, e.g. "60" or "12.5"; stored as parts per million. */
  share: z
    .string({ required_error: 'errors.required' })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, 'errors.share')
    .transform((s) => Math.round(Number(s) * 10_000))
    .refine((ppm) => ppm > 0 && ppm <= 1_000_000, 'errors.share'),
})

/** The achievement form's fields, each checked on its own (AchievementSchema adds the checks across fields). */
export const AchievementFields = z
  .object({
    orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
    title: text(4, 120),
    summary: text(20, 2000),
    details: optionalText(20_000),
    industryCode: z.string({ required_error: 'errors.industry' }).min(1, 'errors.industry').refine(...validText),
    trl: z.coerce.number({ invalid_type_error: 'errors.trl' }).int('errors.trl').min(1, 'errors.trl').max(9, 'errors.trl'),
    transactionModes: modes,
    priceKind: z.enum(PRICE_KINDS, { errorMap: () => ({ message: 'errors.priceKind' }) }),
    priceMin: wanAmount,
    priceMax: wanAmount,
    /** The quantified benefit against today's solution: must contain a figure. */
    benefit: text(10, 1000).refine((b) => /\d/.test(b), 'errors.benefitQuantified'),
    keywords,
    ipRights: z.array(IpRightSchema).max(20, 'errors.tooMany').default([]),
    // The sum is checked on the list itself, so it is reported even while other fields are still wrong.
    contributors: z
      .array(ContributorSchema, { required_error: 'errors.contributors' })
      .min(1, 'errors.contributors')
      .max(30, 'errors.tooMany')
      .superRefine((cs, ctx) => {
        const total = cs.reduce((s, c) => s + c.share, 0)
        if (cs.length && total !== 1_000_000) ctx.addIssue({ code: 'custom', message: `errors.sharesSum|total=${total / 10_000}` })
      }),
  })

/** The price fields checked together: what a price kind requires, and a range's order. */
export function checkPricePair(a: { priceKind: string; priceMin: number | null; priceMax: number | null }, ctx: z.RefinementCtx) {
  if (a.priceKind === 'amount' && a.priceMin === null) ctx.addIssue({ code: 'custom', path: ['priceMin'], message: 'errors.required' })
  if (a.priceKind === 'range') {
    if (a.priceMin === null) ctx.addIssue({ code: 'custom', path: ['priceMin'], message: 'errors.required' })
    if (a.priceMax === null) ctx.addIssue({ code: 'custom', path: ['priceMax'], message: 'errors.required' })
    if (a.priceMin !== null && a.priceMax !== null && a.priceMax <= a.priceMin) {
      ctx.addIssue({ code: 'custom', path: ['priceMax'], message: 'errors.rangeOrder' })
    }
  }
}

export const AchievementSchema = AchievementFields
  .superRefine(checkPricePair)
  .transform((a) => ({
    ...a,
    priceMinFen: a.priceKind === 'negotiable' ? null : a.priceMin,
    priceMaxFen: a.priceKind === 'negotiable' ? null : a.priceKind === 'amount' ? a.priceMin : a.priceMax,
    contributors: a.contributors.map((c) => ({ name: c.name, kind: c.kind, sharePpm: c.share })),
  }))

export type AchievementInput = z.output<typeof AchievementSchema>

// Drafts: "保存草稿" keeps whatever has been typed so far. Only the organisation and
// the title are required; a value that is there must still have a shape that can be
// stored (lengths, amounts, patent numbers, choices from the lists). Everything the
// full schema asks for beyond that is checked on submit (submissionProblems below).

const optionalChoice = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)

const optionalTrl = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1 || n > 9) {
      ctx.addIssue({ code: 'custom', message: 'errors.trl' })
      return z.NEVER
    }
    return n
  })

/** A contributor row of a draft: an empty row is dropped, an empty share is kept as 0 (to fill in later). */
const DraftContributorSchema = z.object({
  name: optionalText(60),
  kind: z.enum(CONTRIBUTOR_KINDS, { errorMap: () => ({ message: 'errors.contributorKind' }) }),
  share: z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return 0
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(s) || Number(s) > 100) {
        ctx.addIssue({ code: 'custom', message: 'errors.share' })
        return z.NEVER
      }
      return Math.round(Number(s) * 10_000)
    }),
})

export const AchievementDraftSchema = z
  .object({
    orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
    title: text(4, 120),
    summary: optionalText(2000),
    details: optionalText(20_000),
    industryCode: optionalChoice,
    trl: optionalTrl,
    transactionModes: z.array(z.enum(TRANSACTION_MODES, { errorMap: () => ({ message: 'errors.mode' }) })).default([]).transform((m) => [...new Set(m)]),
    priceKind: z.enum(PRICE_KINDS, { errorMap: () => ({ message: 'errors.priceKind' }) }).default('negotiable'),
    priceMin: wanAmount,
    priceMax: wanAmount,
    benefit: optionalText(1000),
    keywords,
    ipRights: z.array(IpRightSchema).max(20, 'errors.tooMany').default([]),
    contributors: z.array(DraftContributorSchema).max(30, 'errors.tooMany').default([]),
  })
  .transform((a) => ({
    ...a,
    priceMinFen: a.priceKind === 'negotiable' ? null : a.priceMin,
    priceMaxFen: a.priceKind === 'negotiable' ? null : a.priceKind === 'amount' ? a.priceMin : a.priceMax,
    contributors: a.contributors.filter((c) => c.name || c.share).map((c) => ({ name: c.name, kind: c.kind, sharePpm: c.share })),
  }))

/** What a draft may hold: the full input with the industry and TRL possibly still empty. */
export type AchievementDraftInput = z.output<typeof AchievementDraftSchema>

/** "保存草稿" (then=draft) checks only what a draft needs; "保存并提交" everything. */
export function achievementSchemaFor(then: unknown) {
  return then === 'submit' ? AchievementSchema : AchievementDraftSchema
}

const isoDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
      ctx.addIssue({ code: 'custom', message: 'errors.date' })
      return z.NEVER
    }
    return v
  })

export const NeedSchema = z
  .object({
    orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
    title: text(4, 120),
    problem: text(20, 4000),
    desiredOutcome: text(10, 2000),
    industryCode: z.string({ required_error: 'errors.industry' }).min(1, 'errors.industry').refine(...validText),
    budgetKind: z.enum(['range', 'negotiable'], { errorMap: () => ({ message: 'errors.budgetKind' }) }),
    budgetMin: wanAmount,
    budgetMax: wanAmount,
    deadline: isoDate,
    preferredModes: z.array(z.enum(TRANSACTION_MODES)).default([]).transform((m) => [...new Set(m)]),
    divisionCode: z.string({ required_error: 'errors.division' }).min(1, 'errors.division').refine(...validText),
    keywords,
  })
  .superRefine((n, ctx) => {
    if (n.budgetKind === 'range') {
      if (n.budgetMin === null) ctx.addIssue({ code: 'custom', path: ['budgetMin'], message: 'errors.required' })
      if (n.budgetMax === null) ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'errors.required' })
      if (n.budgetMin !== null && n.budgetMax !== null && n.budgetMax < n.budgetMin) {
        ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'errors.rangeOrder' })
      }
    }
    if (n.deadline && n.deadline < new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'errors.deadlinePast' })
    }
  })
  .transform((n) => ({
    ...n,
    budgetMinFen: n.budgetKind === 'negotiable' ? null : n.budgetMin,
    budgetMaxFen: n.budgetKind === 'negotiable' ? null : n.budgetMax,
  }))

export type NeedInput = z.output<typeof NeedSchema>

/** A need's draft: only the organisation and the title are required (see AchievementDraftSchema). */
export const NeedDraftSchema = z
  .object({
    orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
    title: text(4, 120),
    problem: optionalText(4000),
    desiredOutcome: optionalText(2000),
    industryCode: optionalChoice,
    budgetKind: z.enum(['range', 'negotiable'], { errorMap: () => ({ message: 'errors.budgetKind' }) }).default('negotiable'),
    budgetMin: wanAmount,
    budgetMax: wanAmount,
    deadline: isoDate,
    preferredModes: z.array(z.enum(TRANSACTION_MODES)).default([]).transform((m) => [...new Set(m)]),
    /** Empty: the organisation's own county. */
    divisionCode: optionalChoice,
    keywords,
  })
  .transform((n) => ({
    ...n,
    budgetMinFen: n.budgetKind === 'negotiable' ? null : n.budgetMin,
    budgetMaxFen: n.budgetKind === 'negotiable' ? null : n.budgetMax,
  }))

export type NeedDraftInput = z.output<typeof NeedDraftSchema>

export const ReturnSchema = z.object({
  reason: z.string({ required_error: 'errors.returnReason' }).trim().min(5, 'errors.returnReason').max(1000, 'errors.maxLength|max=1000').refine(...validText),
})

export const DeclineSchema = z.object({
  reason: z.enum(DECLINE_REASONS, { errorMap: () => ({ message: 'errors.declineReason' }) }),
  note: z.string().trim().max(500, 'errors.maxLength|max=500').refine(...validText).optional().transform((v) => v ?? ''),
})

const optionalUuid = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null
      if (!z.string().uuid().safeParse(v).success) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return v
    })

/** An institution's response to a need: one of its published achievements and/or a written proposal. */
export const NeedResponseSchema = z
  .object({
    orgId: z.string({ required_error: 'errors.org' }).uuid('errors.org'),
    achievementId: optionalUuid('errors.achievementNotOffered'),
    proposal: optionalText(4000),
  })
  .superRefine((r, ctx) => {
    if (!r.achievementId && !r.proposal) ctx.addIssue({ code: 'custom', path: ['proposal'], message: 'errors.responseEmpty' })
    else if (r.proposal && r.proposal.length < 10) ctx.addIssue({ code: 'custom', path: ['proposal'], message: 'errors.minLength|min=10' })
  })

export type NeedResponseInput = z.output<typeof NeedResponseSchema>

/** An institution passes on a need, saying why. */
export const NeedPassSchema = DeclineSchema.extend({
  orgId: z.string({ required_error: 'errors.org' }).uuid('errors.org'),
})

export type NeedPassInput = z.output<typeof NeedPassSchema>
