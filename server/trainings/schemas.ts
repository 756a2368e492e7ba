import { z } from 'zod'
import { beijingDateTime } from '../auctions/lifecycle-schemas'
import { formInt, formOptional, formText } from '../platform/form-fields'
import { TRAINING_KINDS, trainingRulesOn } from './config'

// The forms of training events (ADR 037), one schema for browser and server:
// times as Beijing wall-clock (datetime-local); hours typed as hours and
// stored as minutes; an empty capacity means unlimited.

const rules = trainingRulesOn()

const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), formInt(min, max, message).optional())

const optionalDateTime = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), beijingDateTime.optional())

export const TrainingSchema = z
  .object({
    kind: z.enum(TRAINING_KINDS, { errorMap: () => ({ message: 'errors.required' }) }),
    title: formText(200),
    summary: formOptional(4000),
    venue: formText(200),
    divisionCode: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(20, 'training.errors.division').regex(/^[0-9A-Z]+$/, 'training.errors.division'),
    startsAt: beijingDateTime,
    endsAt: beijingDateTime,
    creditHours: z.preprocess(
      (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? '0' : v),
      z.coerce
        .number({ invalid_type_error: 'training.errors.hours' })
        .min(0, 'training.errors.hours')
        .max(rules.maxCreditMinutes / 60, 'training.errors.hours')
        .refine((n) => Number.isFinite(n) && Math.abs(n * 2 - Math.round(n * 2)) < 1e-9, 'training.errors.hours'),
    ),
    capacity: optionalInt(1, rules.maxCapacity, 'training.errors.capacity'),
    registrationClosesAt: optionalDateTime,
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'training.errors.endBeforeStart' })
    if (v.registrationClosesAt && v.registrationClosesAt > v.endsAt)
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'training.errors.closesAfterEnd' })
  })
export type TrainingInput = z.infer<typeof TrainingSchema>

export const CancelTrainingSchema = z.object({ intent: z.literal('cancel'), reason: formText(500) })

export const FeedbackSchema = z.object({
  intent: z.literal('feedback'),
  rating: formInt(1, 5, 'training.errors.rating'),
  text: formOptional(2000),
})

export const MaterialSchema = z.object({
  intent: z.literal('material'),
  file: z.instanceof(File, { message: 'engagement.errors.fileRequired' }).refine((f) => f.size > 0, 'engagement.errors.fileRequired'),
})

export const DeleteMaterialSchema = z.object({ intent: z.literal('deleteMaterial'), materialId: z.string().uuid('errors.notFound') })
