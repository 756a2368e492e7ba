import { z } from 'zod'
import { formOptional, formText } from '../platform/form-fields'

// The content section's forms, shared by the browser (Conform) and the server.

export const CHANNELS = ['notice', 'policy', 'news'] as const

export const ArticleSchema = z.object({
  channel: z.enum(CHANNELS, { errorMap: () => ({ message: 'errors.required' }) }),
  title: formText(200),
  body: formOptional(50000),
  source: formOptional(100),
})

export const WithdrawArticleSchema = z.object({ intent: z.literal('withdraw'), reason: formText(200) })

export const ArticleFileSchema = z.object({
  intent: z.literal('upload'),
  file: z.custom<File>((v) => typeof v === 'object' && v !== null && 'arrayBuffer' in v && 'name' in v && (v as File).size > 0, 'engagement.errors.fileRequired'),
})

export const RemoveArticleFileSchema = z.object({ intent: z.literal('remove-file'), fileId: z.string().uuid('errors.notFound') })
