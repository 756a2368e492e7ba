import { z } from 'zod'
import { validText } from '../platform/input'

// The messages of the Q&A and poll commands (server/roadshows/commands.ts),
// one schema each; the first failing field is named in the refusal so the
// panel can show the message at that field. Lengths are those of the tables.

export const QUESTION_MAX = 500
export const POLL_QUESTION_MAX = 200
export const POLL_OPTION_MAX = 80
export const POLL_OPTIONS = { min: 2, max: 6 } as const

const id = z.string().uuid()
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...validText)

export const AskSchema = z.object({
  roadshowId: id,
  itemId: id.nullable().optional(),
  body: text(QUESTION_MAX),
  key: z
    .string()
    .min(1)
    .max(80)
    .refine(...validText)
    .optional(),
})

export const QuestionRefSchema = z.object({ roadshowId: id, questionId: id })

export const PollOpenSchema = z.object({
  roadshowId: id,
  itemId: id.nullable().optional(),
  question: text(POLL_QUESTION_MAX),
  options: z
    .array(text(POLL_OPTION_MAX))
    .min(POLL_OPTIONS.min)
    .max(POLL_OPTIONS.max)
    .refine((o) => new Set(o).size === o.length, 'duplicate'),
  multiple: z.boolean().optional().default(false),
})

export const PollAnswerSchema = z.object({
  roadshowId: id,
  pollId: id,
  choices: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(POLL_OPTIONS.max - 1)
    )
    .min(1)
    .max(POLL_OPTIONS.max),
})

export const PollRefSchema = z.object({ roadshowId: id, pollId: id })

/** The message parsed, or the refusal naming its first bad field. */
export function parseMessage<S extends z.ZodTypeAny>(schema: S, msg: unknown): { ok: true; data: z.output<S> } | { ok: false; field?: string } {
  const r = schema.safeParse(msg)
  if (r.success) return { ok: true, data: r.data as z.output<S> }
  const first = r.error.issues[0]?.path[0]
  return { ok: false, field: typeof first === 'string' ? first : undefined }
}
