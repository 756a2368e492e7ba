import { z } from 'zod'

// Forms of /assessment: the manual-indicator entry (with its evidence file,
// read separately from the multipart body) and publishing a period's ranking.

export const PeriodQuerySchema = z.object({ period: z.string().regex(/^\d{4}$/).optional().catch(undefined) })

export const ManualEntrySchema = z.object({
  intent: z.literal('manual'),
  period: z.string({ required_error: 'assessment.errors.period' }).regex(/^\d{4}$/, 'assessment.errors.period'),
  division: z.string({ required_error: 'assessment.errors.division' }).min(1, 'assessment.errors.division').max(20, 'assessment.errors.division'),
  indicator: z.string({ required_error: 'assessment.errors.indicator' }).min(1, 'assessment.errors.indicator').max(60, 'assessment.errors.indicator'),
  value: z.coerce
    .number({ required_error: 'assessment.errors.value', invalid_type_error: 'assessment.errors.value' })
    .int('assessment.errors.value')
    .min(0, 'assessment.errors.value')
    .max(100, 'assessment.errors.value'),
  note: z.string({ required_error: 'assessment.errors.note' }).trim().min(1, 'assessment.errors.note').max(2000, 'assessment.errors.noteLong'),
  /** The evidence file: read from the multipart body by the route, checked by the service. */
  evidence: z.unknown().optional(),
})
export type ManualEntryInput = z.infer<typeof ManualEntrySchema>

export const PublishSchema = z.object({
  intent: z.literal('publish'),
  period: z.string().regex(/^\d{4}$/, 'assessment.errors.period'),
})

/** The form in the browser: the evidence file is required before anything is sent (the service checks it again, and its kind). */
export const ManualEntryFormSchema = ManualEntrySchema.extend({
  evidence: z.custom<File>((v) => typeof v === 'object' && v !== null && 'arrayBuffer' in v && 'name' in v && (v as File).size > 0, 'assessment.errors.evidence'),
})
