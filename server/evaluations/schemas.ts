import { z } from 'zod'
import { formInt, formOptional, formText } from '../platform/form-fields'
import { parseWanToFen } from '../platform/money'
import { INDICATOR_KEYS } from './config'

// The evaluation forms (browser and server): figures in 万元 and whole
// numbers, scores 0–100 per configured indicator. Rules that need the
// database (who may act, the state of the evaluation) are the service's.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const wan = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(20, 'evaluation.errors.amount')
  .refine((v) => parseWanToFen(v) !== null, 'evaluation.errors.amount')
  .transform((v) => parseWanToFen(v)!)

export const OpenSchema = z.object({
  intent: z.literal('open'),
  projectId: z
    .string({ required_error: 'errors.required' })
    .trim()
    .refine((v) => UUID.test(v), 'errors.invalid'),
})

export const SelfAssessmentSchema = z.object({
  intent: z.literal('self'),
  applied: formText(2000),
  investment: wan,
  output: wan,
  jobs: formInt(0, 1_000_000, 'evaluation.errors.jobs'),
  problems: formOptional(2000),
})

export const AssignSchema = z.object({
  intent: z.literal('assign'),
  email: z
    .string({ required_error: 'errors.required' })
    .trim()
    .toLowerCase()
    .min(1, 'errors.required')
    .max(200, 'evaluation.errors.email')
    .email('evaluation.errors.email'),
})

/** One field per indicator the code knows (`score_<key>`); the service checks the evaluation's own indicators. */
export const ScoreSchema = z.object({
  intent: z.literal('score'),
  ...Object.fromEntries(INDICATOR_KEYS.map((k) => [`score_${k}`, formInt(0, 100, 'evaluation.errors.score').optional()])),
  comment: formOptional(1000),
})

export const CloseSchema = z.object({ intent: z.literal('close') })
