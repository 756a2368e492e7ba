import { z } from 'zod'
import { DEAL_CLOSED_REASONS, DEAL_STAGES } from './stage-rules'
import { validText } from '../platform/input'

// The deal room's forms, shared by the pages, the services' callers and the tests.

export const MAX_MESSAGE_CHARS = 4000
export const MAX_CLOSE_NOTE_CHARS = 1000

const uuid = (message: string) => z.string({ required_error: message }).trim().uuid(message)

/** A message: text, a file, or both (the file is checked by the service: sniffed type, size). */
export const SendMessageSchema = z.object({
  body: z
    .string()
    .trim()
    .max(MAX_MESSAGE_CHARS, `errors.maxLength|max=${MAX_MESSAGE_CHARS}`)
    .refine(...validText)
    .optional()
    .transform((v) => v ?? ''),
  file: z
    .custom<File>((v) => typeof v === 'object' && v !== null && 'arrayBuffer' in v && 'name' in v)
    .optional()
    .transform((f) => (f && f.size > 0 ? f : undefined)),
})

export const AddMemberSchema = z.object({ userId: uuid('deals.errors.pickMember') })
export const RemoveMemberSchema = z.object({ userId: uuid('errors.notFound') })

const stage = z.enum(DEAL_STAGES, { errorMap: () => ({ message: 'deals.errors.stageChanged' }) })

/** Advance from the stage the page showed (a room someone else moved meanwhile is not moved twice). */
export const AdvanceStageSchema = z.object({ from: stage })

export const CloseDealSchema = z.object({
  reason: z.enum(DEAL_CLOSED_REASONS, { errorMap: () => ({ message: 'deals.errors.pickReason' }) }),
  note: z
    .string()
    .trim()
    .max(MAX_CLOSE_NOTE_CHARS, `errors.maxLength|max=${MAX_CLOSE_NOTE_CHARS}`)
    .refine(...validText)
    .optional()
    .transform((v) => v ?? ''),
})
