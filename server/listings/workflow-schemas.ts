import { z } from 'zod'
import { validText } from '../platform/input'
import { ReturnSchema } from './schemas'

// The review workflow's buttons (提交审核, 通过并发布, 退回, 确认仍有效, 下架, 撤回, 恢复上架) as one
// form schema, shared by the listing pages and the review queue. A return and
// a takedown carry a reason; the others nothing.

const reason = (key: string) =>
  z.string({ required_error: key }).trim().min(5, key).max(1000, 'errors.maxLength|max=1000').refine(...validText)

export const TransitionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('submit') }),
  z.object({ intent: z.literal('approve') }),
  z.object({ intent: z.literal('reconfirm') }),
  ReturnSchema.extend({ intent: z.literal('return') }),
  z.object({ intent: z.literal('takedown'), reason: reason('errors.takedownReason') }),
  z.object({ intent: z.literal('withdraw') }),
  z.object({ intent: z.literal('restore'), reason: reason('errors.moderationReason') }),
])

export type TransitionInput = z.output<typeof TransitionSchema>

/** The review queue's forms also say which listing they act on; a return needs a reason. */
export const ReviewActionSchema = z
  .object({
    kind: z.enum(['achievement', 'need']),
    id: z.string().uuid('errors.notFound'),
    intent: z.enum(['approve', 'return']),
    reason: z.string().trim().max(1000, 'errors.maxLength|max=1000').refine(...validText).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.intent === 'return' && (v.reason ?? '').length < 5) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'errors.returnReason' })
  })
