import { z } from 'zod'
import { formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'
import { PROJECT_STAGES, PROJECT_RULES } from './config'

// The forms of transformation projects (browser and server): an officer's
// decision (confirm, or exclude with a reason), a project added by
// registration number or wholly by hand, the enterprise's quarterly report,
// and the list's filters (a hostile query string is ignored, never a 500).

const MAX = PROJECT_RULES[PROJECT_RULES.length - 1]!
const isoDay = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
    const d = new Date(`${v}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '2000-01-01'
  }, 'project.errors.date')

/** A non-negative amount typed in 万元. */
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
      if (fen === null || fen > MAX.maxAmountFen) {
        ctx.addIssue({ code: 'custom', message: /^\s*-/.test(v) ? 'project.errors.negative' : 'project.errors.amount' })
        return z.NEVER
      }
      return fen
    })

export const DecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('confirm'), reason: formOptional(500) }),
  z.object({ intent: z.literal('exclude'), reason: formText(500) }),
])

export const AddByRegistrationSchema = z.object({
  intent: z.literal('registration'),
  number: z.string({ required_error: 'errors.required' }).trim().regex(/^\d{8,20}$/, 'project.errors.number'),
  reason: formText(500),
})

export const AddManualSchema = z.object({
  intent: z.literal('manual'),
  title: formText(200),
  enterpriseId: z.string({ required_error: 'errors.required' }).uuid('project.errors.enterprise'),
  divisionCode: z.string().trim().regex(/^(\d{6}|4502LD)$/, 'project.errors.division').optional().or(z.literal('').transform(() => undefined)),
  industryCode: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(40, 'project.errors.industry').regex(/^[a-z.]+$/, 'project.errors.industry'),
  institutionName: formOptional(200),
  technologyAmount: wan(true).pipe(z.number()),
  contractAmount: wan(false),
  projectedInvestment: wan(false),
  projectedOutput: wan(false),
  registeredOn: isoDay,
  reason: formText(500),
})

export const ProgressSchema = z.object({
  quarter: z.string({ required_error: 'errors.required' }).regex(/^\d{4}-Q[1-4]$/, 'project.errors.quarter'),
  investment: wan(true).pipe(z.number()),
  output: wan(true).pipe(z.number()),
  tax: wan(true).pipe(z.number()),
  jobs: z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      if (/^-\d+$/.test(v)) ctx.addIssue({ code: 'custom', message: 'project.errors.negative' })
      else if (!/^\d{1,7}$/.test(v) || Number(v) > MAX.maxJobs) ctx.addIssue({ code: 'custom', message: 'project.errors.jobs' })
      else return Number(v)
      return z.NEVER
    }),
  stage: z.enum(PROJECT_STAGES, { errorMap: () => ({ message: 'project.errors.stage' }) }),
  note: formOptional(1000),
  confirmWarnings: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
})
export type ProgressInput = z.infer<typeof ProgressSchema>

export const ProjectFilterSchema = z.object({
  county: z.string().regex(/^(\d{6}|4502LD)$/).optional().catch(undefined),
  status: z.enum(['proposed', 'confirmed', 'excluded']).optional().catch(undefined),
  period: z.string().regex(/^\w{1,12}$/).optional().catch(undefined),
  industry: z.string().regex(/^[a-z]{1,20}$/).optional().catch(undefined),
  late: z.preprocess((v) => v === '1' || v === 'on', z.boolean()).catch(false),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
})
export type ProjectFilterInput = z.infer<typeof ProjectFilterSchema>
