import { z } from 'zod'
import { formInt, formText } from '../platform/form-fields'

// The credit record forms (browser and server). The service checks the
// dimension against the template in force and who may act.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = (message: string) =>
  z
    .string({ required_error: message })
    .trim()
    .toLowerCase()
    .refine((v) => UUID.test(v), message)
const dimension = z.string({ required_error: 'credit.errors.dimension' }).trim().min(1, 'credit.errors.dimension').max(40, 'credit.errors.dimension')

export const AdjustSchema = z.object({
  intent: z.literal('adjust'),
  dimension,
  points: formInt(-100, 100, 'credit.errors.points').refine((v) => v !== 0, 'credit.errors.points'),
  reason: formText(1000),
})

export const ComplaintSchema = z.object({ intent: z.literal('complaint'), note: formText(1000), evidence: formText(2000) })

export const ObjectSchema = z.object({ intent: z.literal('object'), eventId: uuid('credit.errors.event'), reason: formText(1000) })

export const DecideSchema = z.object({
  intent: z.literal('decide'),
  objectionId: uuid('errors.invalid'),
  decision: z.enum(['upheld', 'rejected'], { errorMap: () => ({ message: 'credit.errors.decision' }) }),
  answer: formText(1000),
})
