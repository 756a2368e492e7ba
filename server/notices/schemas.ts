import { z } from 'zod'
import { formInt, formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'
import { LICENCE_KINDS } from '../deals/terms'
import { TRANSACTION_MODES } from '../listings/schemas'

// The forms of 挂牌公示 (ADR 025), used on the server and in the browser.
// The listed price is one lump sum typed in 万元; the terms it is listed with
// become DealTerms (server/deals/terms.ts) in the service.

const text = (max: number, min = 0) => formText(max, min)
const optional = formOptional
const int = formInt

export const OpenNoticeSchema = z
  .object({
    mode: z.enum(TRANSACTION_MODES, { errorMap: () => ({ message: 'errors.mode' }) }),
    price: z
      .string({ required_error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .transform((v, ctx) => {
        const fen = parseWanToFen(v)
        if (fen === null || fen === 0) {
          ctx.addIssue({ code: 'custom', message: 'errors.amount' })
          return z.NEVER
        }
        return fen
      }),
    workingDays: int(1, 60, 'notice.errors.workingDays'),
    licenceKind: z.enum(LICENCE_KINDS, { errorMap: () => ({ message: 'errors.required' }) }).optional(),
    licenceField: optional(200),
    licenceTerritory: optional(200),
    licenceMonths: z.preprocess((v) => (v === '' ? undefined : v), int(1, 600, 'notice.errors.months').optional()),
    deliverables: optional(2000),
    warrantyMonths: z.preprocess((v) => (v === '' || v === undefined ? 0 : v), int(0, 600, 'notice.errors.months')),
    note: optional(2000),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'licence') {
      if (!v.licenceKind) ctx.addIssue({ code: 'custom', path: ['licenceKind'], message: 'errors.required' })
      if (!v.licenceMonths) ctx.addIssue({ code: 'custom', path: ['licenceMonths'], message: 'errors.required' })
    }
  })
export type OpenNoticeInput = z.infer<typeof OpenNoticeSchema>

export const RegisterSchema = z.object({
  intent: z.literal('register'),
  orgId: z.string({ required_error: 'errors.required' }).uuid('errors.org'),
})

export const ObjectionSchema = z.object({
  intent: z.literal('object'),
  /** Anonymous objectors give a name and a way to reach them; a signed-in user's account stands for both. */
  name: optional(60),
  contact: optional(120),
  grounds: text(2000, 10),
})
export type ObjectionInput = z.infer<typeof ObjectionSchema>

export const AnswerSchema = z.object({
  intent: z.literal('answer'),
  objectionId: z.string({ required_error: 'errors.required' }).uuid('errors.notFound'),
  answer: text(2000, 2),
})

export const ProcedureSchema = z.object({
  intent: z.literal('procedure'),
  procedure: z.enum(['negotiation', 'auction'], { errorMap: () => ({ message: 'errors.required' }) }),
})
