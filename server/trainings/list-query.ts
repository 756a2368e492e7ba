import { z } from 'zod'
import { hasInvalidChar } from '../platform/input'
import { TRAINING_KINDS } from './config'

// The public list's query string: anything unexpected is ignored, never a 500.

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasInvalidChar(v))
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined)

export const TrainingListQuery = z.object({
  when: z.enum(['upcoming', 'past']).catch('upcoming'),
  kind: z.enum(TRAINING_KINDS).optional().catch(undefined),
  division: text(20),
  q: text(60),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
