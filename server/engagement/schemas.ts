import { z } from 'zod'
import { validText } from '../platform/input'
import { DECLINE_REASONS } from '../listings/schemas'

// Forms of the engagement feature (gated details, interest, files), used by
// the routes on the server and in the browser. Messages are catalog keys.

export const CONTACT_PREFERENCES = ['platform', 'email', 'phone'] as const

const uuid = z.string({ required_error: 'errors.required' }).uuid('errors.invalid')
const optionalOrg = z.string().uuid('errors.org').optional()

/** A short purpose statement and the accepted confidentiality terms. */
export const DetailRequestSchema = z.object({
  orgId: optionalOrg,
  purpose: z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(10, 'errors.minLength|min=10')
    .max(500, 'errors.maxLength|max=500'),
  acceptTerms: z
    .string({ required_error: 'engagement.errors.acceptTerms' })
    .refine((v) => v === 'on', 'engagement.errors.acceptTerms')
    .transform(() => true as const),
})
export type DetailRequestInput = z.output<typeof DetailRequestSchema>

const reasonNote = z.string().trim().max(500, 'errors.maxLength|max=500').refine(...validText).optional().transform((v) => v ?? '')

/** The owner's side of /achievements/:id/access: one form per decision. */
export const AccessDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('grant'), requestId: uuid }),
  z.object({
    intent: z.literal('decline'),
    requestId: uuid,
    note: z
      .string({ required_error: 'engagement.errors.declineNote' })
      .trim()
      .min(5, 'engagement.errors.declineNote')
      .max(500, 'errors.maxLength|max=500'),
  }),
  z.object({ intent: z.literal('accept-interest'), interestId: uuid }),
  z.object({
    intent: z.literal('decline-interest'),
    interestId: uuid,
    reason: z.enum(DECLINE_REASONS, { errorMap: () => ({ message: 'errors.declineReason' }) }),
    note: reasonNote,
  }),
])
export type AccessDecision = z.output<typeof AccessDecisionSchema>

/** The same "other needs a note" rule for the owner's decline of an interest, checked after the union. */
export function declineInterestProblem(d: AccessDecision): Record<string, string[]> | null {
  if (d.intent === 'decline-interest' && d.reason === 'other' && d.note.length < 2) return { note: ['engagement.errors.otherNeedsNote'] }
  return null
}

export const InterestSchema = z.object({
  intent: z.literal('interest'),
  orgId: optionalOrg,
  contactPreference: z.enum(CONTACT_PREFERENCES, { errorMap: () => ({ message: 'engagement.errors.contactPreference' }) }),
  note: z.string().trim().max(1000, 'errors.maxLength|max=1000').refine(...validText).optional().transform((v) => v ?? ''),
})
export type InterestInput = z.output<typeof InterestSchema>

/** The enterprise passes with a structured reason; "other" needs a note. */
export const PassSchema = z
  .object({
    intent: z.literal('pass'),
    orgId: optionalOrg,
    reason: z.enum(DECLINE_REASONS, { errorMap: () => ({ message: 'errors.declineReason' }) }),
    note: reasonNote,
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && v.note.length < 2) ctx.addIssue({ code: 'custom', path: ['note'], message: 'engagement.errors.otherNeedsNote' })
  })
export type PassInput = z.output<typeof PassSchema>

/** Upload: the file itself is checked by the service (sniffed type, size); this is the rest. */
export const UploadSchema = z.object({
  intent: z.literal('upload'),
  file: z.custom<File>((v) => typeof v === 'object' && v !== null && 'arrayBuffer' in v && 'name' in v && (v as File).size > 0, 'engagement.errors.fileRequired'),
  confidential: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})

export const DeleteFileSchema = z.object({ intent: z.literal('delete'), attachmentId: uuid })
