import { z } from 'zod'
import { CONTRACT_TYPE_CODES } from '../contracts/types'
import { formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'
import { REFUSAL_GROUNDS } from './config'

// The registration forms (browser and server): amounts typed in 万元, types
// from the recognition rules' codes, grounds from the configured list. Rules
// that need the database (the registrar serves the seller, the amount is not
// above the contract amount, 'other' needs a text) are the service's.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = (message: string) => z.string({ required_error: message }).trim().toLowerCase().refine((v) => UUID.test(v), message)

/** An amount in 万元 → fen. */
export const wanField = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(20, 'registration.errors.amount')
  .refine((v) => parseWanToFen(v) !== null, 'registration.errors.amount')
  .transform((v) => parseWanToFen(v)!)

const reason = formText(1000)
const contractType = z.enum(CONTRACT_TYPE_CODES as [string, ...string[]], { errorMap: () => ({ message: 'registration.errors.type' }) })

export const SubmitSchema = z.object({
  contractId: uuid('registration.errors.contract'),
  registrarId: uuid('registration.errors.registrar'),
})

export const CorrectionSchema = z.object({ intent: z.literal('correction'), note: reason })
export const ResubmitSchema = z.object({ intent: z.literal('resubmit'), note: formOptional(1000) })
export const ExpertSchema = z.object({ intent: z.literal('expert'), note: formOptional(1000) })
export const ReclassifySchema = z.object({ intent: z.literal('reclassify'), contractType, reason })
export const AmountSchema = z.object({ intent: z.literal('amount'), technologyAmount: wanField, reason })
export const RegisterSchema = z.object({ intent: z.literal('register') })
export const RefuseSchema = z.object({
  intent: z.literal('refuse'),
  grounds: z
    .array(z.enum(REFUSAL_GROUNDS, { errorMap: () => ({ message: 'registration.errors.grounds' }) }), { required_error: 'registration.errors.grounds' })
    .min(1, 'registration.errors.grounds')
    .max(REFUSAL_GROUNDS.length, 'registration.errors.grounds'),
  note: formOptional(1000),
})
/** An amount in 万元 that may be left empty (no change): fen, or null. */
const optionalWan = () =>
  z
    .string()
    .trim()
    .max(20, 'registration.errors.amount')
    .optional()
    .refine((v) => !v || parseWanToFen(v) !== null, 'registration.errors.amount')
    .transform((v) => (v ? parseWanToFen(v)! : null))

export const ChangeSchema = z.object({
  intent: z.literal('change'),
  contractType: z.union([z.literal(''), contractType]).optional().transform((v) => v || null),
  contractAmount: optionalWan(),
  technologyAmount: optionalWan(),
  termEnd: z
    .string()
    .trim()
    .max(10, 'registration.errors.date')
    .optional()
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), 'registration.errors.date')
    .transform((v) => v || null),
  reason,
})
export const TerminateSchema = z.object({ intent: z.literal('terminate'), reason })

export const ActionSchema = z.discriminatedUnion('intent', [
  CorrectionSchema,
  ResubmitSchema,
  ExpertSchema,
  ReclassifySchema,
  AmountSchema,
  RegisterSchema,
  RefuseSchema,
  ChangeSchema,
  TerminateSchema,
])
export type RegistrationAction = z.infer<typeof ActionSchema>
